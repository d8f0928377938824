"""Creating, configuring and publishing a call."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.audit import audit_record
from organisations import permissions

from ..models import (
    DEFAULT_CRITERIA,
    DEFAULT_DOCUMENTS,
    DEFAULT_SECTIONS,
    Call,
    Committee,
    Criterion,
    FormSection,
    ManualRule,
    Question,
    RequiredDocument,
)

CALL_FIELDS = (
    "title_ar",
    "title_fr",
    "text_ar",
    "text_fr",
    "opens_at",
    "closes_at",
    "min_years_registered",
    "expected_agreements",
    "allow_several_applications",
    "max_amount",
    "max_per_region",
    "min_score",
    "reserve_size",
    "anonymised_review",
)
# Once published, the rules and the form are fixed; only these may still change (a typo in the
# text, a deadline extended for everyone).
PUBLISHED_EDITABLE = {"title_ar", "title_fr", "text_ar", "text_fr", "closes_at"}


def check_manager(by, call_or_programme) -> None:
    programme = getattr(call_or_programme, "programme", call_or_programme)
    if by is not None and not permissions.can_manage_programmes(by, programme.funder):
        raise PermissionDenied(_("Only the funder's programme officers manage its calls."))


def call_state(call) -> dict:
    state = {name: getattr(call, name) for name in CALL_FIELDS}
    state["status"] = call.status
    if call.pk:
        state["eligible_regions"] = sorted(call.eligible_regions.values_list("code", flat=True))
    return state


@transaction.atomic
def call_create(
    *, programme, by, title_ar, title_fr, opens_at, closes_at, regions=(), defaults=True, **fields
) -> Call:
    """A draft call of ``programme`` with, unless ``defaults=False``, the usual form (summary,
    objectives, activities, targets, budget, team, experience), the four documents (statutes,
    last general assembly minutes, financial statements, bank certificate) and a scoring grid,
    all of which the officer then adapts."""
    check_manager(by, programme)
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise ValidationError(_("These settings cannot be set here."), code="field_unknown")
    call = Call(
        programme=programme,
        title_ar=title_ar,
        title_fr=title_fr,
        opens_at=opens_at,
        closes_at=closes_at,
        **fields,
    )
    call.full_clean()
    call.save()
    if regions:
        call.eligible_regions.set(regions)
    Committee.objects.create(call=call, anonymised=call.anonymised_review)
    if defaults:
        for s_position, ((title_ar_, title_fr_), questions) in enumerate(DEFAULT_SECTIONS):
            section = FormSection.objects.create(
                call=call, position=s_position, title_ar=title_ar_, title_fr=title_fr_
            )
            for q_position, (kind, label_ar, label_fr) in enumerate(questions):
                Question.objects.create(
                    section=section,
                    position=q_position,
                    kind=kind,
                    label_ar=label_ar,
                    label_fr=label_fr,
                )
        for position, (code, label_ar, label_fr) in enumerate(DEFAULT_DOCUMENTS):
            RequiredDocument.objects.create(
                call=call, position=position, code=code, label_ar=label_ar, label_fr=label_fr
            )
        for position, (label_ar, label_fr, weight) in enumerate(DEFAULT_CRITERIA):
            Criterion.objects.create(
                call=call, position=position, label_ar=label_ar, label_fr=label_fr, weight=weight
            )
        ManualRule.objects.create(
            call=call,
            label_ar="تعمل الجمعية في مجال البرنامج حسب قانونها الأساسي",
            label_fr="L'association travaille dans le domaine du programme selon ses statuts",
        )
    audit_record(actor=by, action="call.created", obj=call, after=call_state(call))
    return call


@transaction.atomic
def call_update(*, call, by, regions=None, **changes) -> Call:
    check_manager(by, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    before = call_state(call)
    unknown = set(changes) - set(CALL_FIELDS)
    if unknown:
        raise ValidationError(_("These settings cannot be set here."), code="field_unknown")
    if call.is_published:
        fixed = {
            name
            for name, value in changes.items()
            if name not in PUBLISHED_EDITABLE and value != before[name]
        }
        if fixed or (
            regions is not None
            and sorted(r.code for r in regions) != before.get("eligible_regions")
        ):
            raise ValidationError(
                _("The call is published: its rules and form can no longer change."),
                code="call_published",
            )
        if "closes_at" in changes and changes["closes_at"] < before["closes_at"]:
            raise ValidationError(
                _("A published call's deadline can be extended, never brought forward."),
                code="deadline_earlier",
            )
    for name, value in changes.items():
        setattr(call, name, value)
    call.full_clean()
    call.save()
    if regions is not None and not call.is_published:
        call.eligible_regions.set(regions)
    if not call.is_published:
        Committee.objects.filter(call=call).update(anonymised=call.anonymised_review)
    after = call_state(call)
    if after != before:
        audit_record(actor=by, action="call.updated", obj=call, before=before, after=after)
    return call


def _rows_sync(model, parent_field, parent, rows, fields) -> list:
    """Make ``parent``'s rows of ``model`` what ``rows`` says: each row a dict with the
    ``fields``, ``id`` (an existing row or None) and ``DELETE``. Positions follow the order."""
    kept = []
    existing = {obj.pk: obj for obj in model.objects.filter(**{parent_field: parent})}
    position = 0
    for row in rows:
        obj = existing.get(row.get("id") or None) if row.get("id") else None
        if row.get("DELETE"):
            if obj is not None:
                obj.delete()
            continue
        if obj is None:
            obj = model(**{parent_field: parent})
        for name in fields:
            setattr(obj, name, row[name])
        obj.position = position
        position += 1
        obj.full_clean()
        obj.save()
        kept.append(obj)
    return kept


@transaction.atomic
def call_configure(
    *, call, by, sections=None, questions=None, documents=None, criteria=None, manual_rules=None
) -> Call:
    """Replace parts of a draft call's structure. Each argument is a list of row dicts (see
    ``_rows_sync``); ``questions`` rows carry their ``section`` (a FormSection of this call)."""
    check_manager(by, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.is_published:
        raise ValidationError(
            _("The call is published: its rules and form can no longer change."),
            code="call_published",
        )
    changed = {}
    if sections is not None:
        _rows_sync(FormSection, "call", call, sections, ("title_ar", "title_fr"))
        changed["sections"] = len(sections)
    if questions is not None:
        own = set(call.sections.values_list("pk", flat=True))
        for row in questions:
            if not row.get("DELETE") and row["section"].pk not in own:
                raise ValidationError(_("Unknown section."), code="section_unknown")
        existing = Question.objects.filter(section__call=call)
        ids = {row.get("id") for row in questions if row.get("id")}
        if not ids <= set(existing.values_list("pk", flat=True)):
            raise ValidationError(_("Unknown question."), code="question_unknown")
        position = 0
        for row in questions:
            obj = existing.filter(pk=row.get("id")).first() if row.get("id") else None
            if row.get("DELETE"):
                if obj is not None:
                    obj.delete()
                continue
            obj = obj or Question()
            for name in ("section", "kind", "label_ar", "label_fr", "help_ar", "help_fr"):
                setattr(obj, name, row.get(name, ""))
            obj.required = bool(row.get("required"))
            obj.position = position
            position += 1
            obj.full_clean()
            obj.save()
        changed["questions"] = len(questions)
    if documents is not None:
        _rows_sync(
            RequiredDocument, "call", call, documents, ("code", "label_ar", "label_fr", "required")
        )
        changed["documents"] = len(documents)
    if criteria is not None:
        kept = _rows_sync(
            Criterion,
            "call",
            call,
            criteria,
            ("label_ar", "label_fr", "weight", "descriptors_ar", "descriptors_fr"),
        )
        if not kept:
            raise ValidationError(
                _("The scoring grid has at least one criterion."), code="grid_empty"
            )
        changed["criteria"] = [[c.label_fr, c.weight] for c in kept]
    if manual_rules is not None:
        _rows_sync(ManualRule, "call", call, manual_rules, ("label_ar", "label_fr"))
        changed["manual_rules"] = len(manual_rules)
    audit_record(actor=by, action="call.configured", obj=call, after=changed)
    return call


@transaction.atomic
def call_publish(*, call, by) -> Call:
    """Publish: the call appears on the public site and its form and grid are fixed."""
    check_manager(by, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.is_published:
        return call
    problems = []
    if not Question.objects.filter(section__call=call).exists():
        problems.append(_("The form has no question."))
    if not call.criteria.exists():
        problems.append(_("The scoring grid has no criterion."))
    if call.closes_at <= timezone.now():
        problems.append(_("The deadline has already passed."))
    if problems:
        raise ValidationError(problems, code="call_incomplete")
    call.status = Call.Status.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="call.published", obj=call, after=call_state(call))
    return call
