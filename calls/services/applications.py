"""An association's application: started, saved over several sittings, its documents uploaded
through the upload gate, submitted before the deadline (the server's clock), withdrawn."""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.uploads import check_upload
from grants.audit import audit_record

from .. import notifications, permissions
from ..answers import budget_total, clean_answer
from ..models import Application, ApplicationDocument, Call, Question

BASE_FIELDS = (
    "project_title_ar",
    "project_title_fr",
    "registered_on",
    "members_count",
    "requested_amount",
)
BASE_REQUIRED = {
    "registered_on": gettext_lazy("Date of the association's legal registration"),
    "members_count": gettext_lazy("Number of members"),
    "requested_amount": gettext_lazy("Amount requested"),
}


def _check_editor(by, application) -> None:
    if not permissions.can_edit_application(by, application):
        raise PermissionDenied(_("Only the association's administrators edit its application."))


def _check_open(call, now=None) -> None:
    now = now or timezone.now()
    if not call.is_published or now < call.opens_at:
        raise ValidationError(_("This call is not open yet."), code="call_not_open")
    if now >= call.closes_at:
        raise ValidationError(
            _("The deadline of this call has passed (%(deadline)s): nothing can be submitted.")
            % {"deadline": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")},
            code="deadline_passed",
        )


def _check_draft(application) -> None:
    if application.status != Application.Status.DRAFT:
        raise ValidationError(
            _("This application has been submitted or withdrawn: it can no longer be changed."),
            code="not_draft",
        )


def _questions(call):
    return list(Question.objects.filter(section__call=call).select_related("section"))


@transaction.atomic
def application_start(*, call, association, by) -> Application:
    """A new draft. One per association and call (withdrawn ones do not count) unless the
    call allows more."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not permissions.can_apply_for(by, association):
        raise PermissionDenied(_("Only an administrator of the association applies for it."))
    _check_open(call)
    if not call.allow_several_applications:
        existing = (
            Application.objects.filter(call=call, association=association)
            .exclude(status=Application.Status.WITHDRAWN)
            .first()
        )
        if existing is not None:
            raise ValidationError(
                _("Your association already has an application to this call (%(reference)s).")
                % {"reference": existing.reference},
                code="already_applied",
            )
    number = (Application.objects.filter(call=call).aggregate(n=Max("number"))["n"] or 0) + 1
    application = Application.objects.create(
        call=call, association=association, number=number, created_by=by
    )
    audit_record(actor=by, action="application.started", obj=application, after={"call": call.pk})
    return application


@transaction.atomic
def application_save(*, application, by, answers=None, **fields) -> Application:
    """Save a draft as it is (incomplete is fine): each answer is checked for its type and
    limits; a refused answer refuses the save and leaves what was saved before as it was."""
    application = (
        Application.objects.select_for_update()
        .select_related("call__programme")
        .get(pk=application.pk)
    )
    _check_editor(by, application)
    _check_draft(application)
    _check_open(application.call)
    unknown = set(fields) - set(BASE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set here."), code="field_unknown")
    for name, value in fields.items():
        setattr(application, name, value)
    if answers is not None:
        stored = dict(application.answers)
        errors = []
        for question in _questions(application.call):
            if question.key not in answers:
                continue
            try:
                value = clean_answer(
                    question, answers[question.key], programme=application.call.programme
                )
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            if value is None:
                stored.pop(question.key, None)
            else:
                stored[question.key] = value
        if errors:
            raise ValidationError(errors, code="answers_invalid")
        application.answers = stored
    application.full_clean(exclude=["call", "association", "created_by"])
    application.updated_at = timezone.now()
    application.save()
    audit_record(
        actor=by,
        action="application.saved",
        obj=application,
        after={"answers": len(application.answers)},
    )
    return application


@transaction.atomic
def application_document_upload(*, application, document, upload, by) -> ApplicationDocument:
    """Check ``upload`` at the gate (a PDF, JPEG or PNG whose content says so) and store it as
    ``document``, replacing an earlier upload of the same document."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    _check_editor(by, application)
    _check_draft(application)
    _check_open(application.call)
    if document.call_id != application.call_id:
        raise ValidationError(_("This document is not asked by the call."), code="document_unknown")
    checked = check_upload(upload, kind="document")
    previous = ApplicationDocument.objects.filter(
        application=application, document=document
    ).first()
    if previous is not None:
        old_file = previous.file
        previous.delete()
        transaction.on_commit(lambda: old_file.storage.delete(old_file.name))
    stored = ApplicationDocument(
        application=application,
        document=document,
        original_name=checked.original_name[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    stored.file.save(checked.file.name, checked.file, save=False)
    stored.save()
    audit_record(
        actor=by,
        action="application.document_uploaded",
        obj=application,
        after={"document": document.code, "sha256": checked.sha256},
    )
    return stored


def missing_items(application) -> list[str]:
    """What the association must still give before it can submit, in the form's order."""
    missing = []
    for name, label in BASE_REQUIRED.items():
        if getattr(application, name) in (None, ""):
            missing.append(str(label))
    if not (application.project_title_ar or application.project_title_fr):
        missing.append(_("Project title (in Arabic or in French)"))
    for question in _questions(application.call):
        if question.required and not application.answers.get(question.key):
            missing.append(question.label)
    uploaded = set(application.uploads.values_list("document_id", flat=True))
    for document in application.call.documents.filter(required=True):
        if document.pk not in uploaded:
            missing.append(_("Document: %(document)s") % {"document": document.label})
    return missing


def submission_digest(application) -> tuple[str, dict]:
    """The canonical content of the submission and its SHA-256 (given on the receipt)."""
    content = {
        "call": application.call_id,
        "reference": application.reference,
        "association": application.association.registration_number,
        "project_title_ar": application.project_title_ar,
        "project_title_fr": application.project_title_fr,
        "registered_on": application.registered_on,
        "members_count": application.members_count,
        "requested_amount": application.requested_amount,
        "answers": application.answers,
        "documents": [
            {"document": up.document.code, "sha256": up.sha256, "name": up.original_name}
            for up in application.uploads.select_related("document").order_by("document__code")
        ],
        "submitted_at": application.submitted_at,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest(), content


@transaction.atomic
def application_submit(*, application, by) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("call", "association")
        .get(pk=application.pk)
    )
    _check_editor(by, application)
    _check_draft(application)
    _check_open(application.call)
    missing = missing_items(application)
    if missing:
        raise ValidationError(
            _("Before submitting, complete: %(items)s.") % {"items": "; ".join(missing)},
            code="incomplete",
        )
    call = application.call
    if call.max_amount is not None and application.requested_amount > call.max_amount:
        raise ValidationError(
            _("The amount requested exceeds the call's maximum."), code="amount_above_max"
        )
    total = budget_total(application.answers, _questions(call))
    if total and total != application.requested_amount:
        raise ValidationError(
            _("The budget lines add up to %(total)s MAD, not the amount requested.")
            % {"total": total},
            code="budget_total",
        )
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.submitted_by = by
    application.submission_sha256, _content = submission_digest(application)
    application.save(update_fields=["status", "submitted_at", "submitted_by", "submission_sha256"])
    audit_record(
        actor=by,
        action="application.submitted",
        obj=application,
        after={"sha256": application.submission_sha256},
    )
    notifications.tell_submitted(application, by=by)
    return application


@transaction.atomic
def application_withdraw(*, application, by) -> Application:
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    _check_editor(by, application)
    if application.status == Application.Status.WITHDRAWN:
        return application
    if timezone.now() >= application.call.closes_at:
        raise ValidationError(
            _("The deadline has passed: the application can no longer be withdrawn."),
            code="deadline_passed",
        )
    before = application.status
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    audit_record(
        actor=by,
        action="application.withdrawn",
        obj=application,
        before={"status": before},
        after={"status": application.status},
    )
    return application
