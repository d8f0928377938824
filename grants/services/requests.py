"""Tranche requests: drafting, documents, submission with the frozen evidence, new versions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import permissions

from .. import notifications, selectors
from ..audit import audit_record
from ..claims import clean_claims
from ..files import check_document
from ..models import (
    ExpenseLine,
    ReportSection,
    SupportingDocument,
    Tranche,
    TrancheRequest,
    snapshot_sha256,
)
from ..signature import snapshot_sign
from .tranches import tranche_transition

R = TrancheRequest.Status


def _check_author(by, agreement):
    if not permissions.can_request_tranche(by, agreement):
        raise PermissionDenied(_("Only an administrator of the association may do this."))


def _check_editable(request):
    if not request.is_editable:
        raise ValidationError(
            _("This version has been submitted and can no longer change."), code="not_editable"
        )


def _request_state(request) -> dict:
    return {"status": request.status, "version": request.version}


@transaction.atomic
def tranche_request_create(*, tranche: Tranche, by) -> TrancheRequest:
    """Open the draft request for ``tranche``; after changes were requested, a new version
    that starts as a copy of the last one. An open draft is returned as it is."""
    _check_author(by, tranche.agreement)
    if tranche.is_on_signature:
        raise ValidationError(
            _("This tranche is paid on signature; it needs no request."), code="no_request"
        )
    # Locked: the button pressed twice makes one draft (the second finds it), never a clash on
    # the version number.
    Tranche.objects.select_for_update().filter(pk=tranche.pk).first()
    latest = tranche.requests.order_by("-version").first()
    if latest is not None and latest.status == R.DRAFT:
        latest.just_created = False
        return latest
    if latest is not None and latest.status != R.CHANGES_REQUESTED:
        raise ValidationError(
            _("A request for this tranche is already in progress."), code="request_exists"
        )
    request = TrancheRequest.objects.create(
        tranche=tranche,
        version=latest.version + 1 if latest else 1,
        previous=latest,
        created_by=by,
        claims=dict(latest.claims) if latest else {},
    )
    texts = {s.kind: s.text for s in latest.sections.all()} if latest else {}
    ReportSection.objects.bulk_create(
        ReportSection(request=request, kind=kind, text=texts.get(kind, ""))
        for kind in ReportSection.Kind.values
    )
    if latest is not None:
        # The submitted files are shared, never copied or deleted: the old version keeps them.
        ExpenseLine.objects.bulk_create(
            ExpenseLine(
                request=request,
                category=line.category,
                label=line.label,
                amount=line.amount,
                receipt=line.receipt.name,
                budget_line_id=line.budget_line_id,
                receipt_date=line.receipt_date,
                receipt_number=line.receipt_number,
            )
            for line in latest.expense_lines.all()
        )
        SupportingDocument.objects.bulk_create(
            SupportingDocument(
                request=request,
                document_type=d.document_type,
                file=d.file.name,
                original_name=d.original_name,
                content_type=d.content_type,
                size=d.size,
                sha256=d.sha256,
                uploaded_by=d.uploaded_by,
                uploaded_at=d.uploaded_at,
            )
            for d in latest.documents.all()
        )
    audit_record(
        actor=by, action="tranche_request.created", obj=request, after=_request_state(request)
    )
    request.just_created = True
    return request


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Enter an amount in dirhams."), code="amount_invalid") from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(_("An expense is a positive amount."), code="amount_not_positive")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Amounts have at most two decimals."), code="amount_invalid")
    return amount


def _expense_against_budget(line, data, *, agreement, budget: dict) -> None:
    """The budget line (required when the agreement has a budget; the category follows from
    it when it is one of the eight) and the receipt's date and number (a date neither in the
    future nor before the agreement starts)."""
    chosen = data.get("budget_line")
    chosen = getattr(chosen, "pk", chosen)
    if chosen in (None, ""):
        if budget:
            raise ValidationError(
                _("Choose the budget line of each expense."), code="budget_line_missing"
            )
        line.budget_line = None
    else:
        try:
            line.budget_line = budget[int(chosen)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                _("This budget line is not one of the agreement's."), code="budget_line_unknown"
            ) from None
        if not line.category and line.budget_line.category in ExpenseLine.Category.values:
            line.category = line.budget_line.category
    if not line.category:
        raise ValidationError(_("Choose the category of each expense."), code="category_missing")
    day = data.get("receipt_date") or None
    if day is not None:
        if day > timezone.localdate():
            raise ValidationError(
                _("A receipt cannot be dated in the future."), code="receipt_in_future"
            )
        if day < agreement.starts_on:
            raise ValidationError(
                _("A receipt cannot be dated before the agreement starts."),
                code="receipt_before_agreement",
            )
    line.receipt_date = day
    line.receipt_number = " ".join((data.get("receipt_number") or "").split())


@transaction.atomic
def tranche_request_update(
    *,
    request: TrancheRequest,
    by,
    sections: dict | None = None,
    expense_lines=(),
    documents=(),
    claims: dict | None = None,
) -> TrancheRequest:
    """Save the draft in one go: ``sections`` maps a section kind to its text; each expense
    line is a dict (id for an existing line, category, label, amount, receipt upload, budget
    line id, receipt date and number, delete); ``documents`` are (document type, upload)
    pairs to add; ``claims`` (None: unchanged) the narrative report's headline figures,
    ``{code: integer}`` (``grants.claims``; a blank value is no claim)."""
    _check_author(by, request.tranche.agreement)
    _check_editable(request)
    if claims is not None:
        request.claims = clean_claims(claims)
        request.save(update_fields=["claims"])
    for section in request.sections.all():
        if sections and section.kind in sections:
            section.text = (sections[section.kind] or "").strip()
            section.save(update_fields=["text"])
    existing = {line.pk: line for line in request.expense_lines.all()}
    budget = {b.pk: b for b in request.tranche.agreement.budget_lines.all()}
    for data in expense_lines:
        line = existing.get(data.get("id")) if data.get("id") else None
        if data.get("id") and line is None:
            raise ValidationError(_("Unknown expense line."), code="line_unknown")
        if data.get("delete"):
            if line is not None:
                line.delete()
            continue
        line = line or ExpenseLine(request=request)
        line.category = data.get("category", "")
        line.label = (data.get("label") or "").strip()
        line.amount = _amount(data.get("amount"))
        _expense_against_budget(line, data, agreement=request.tranche.agreement, budget=budget)
        receipt = data.get("receipt")
        if receipt:
            # Stored as checked: images re-encoded without their metadata.
            line.receipt = check_document(receipt).file
        line.full_clean(exclude=["request"])
        line.save()
    for document_type, upload in documents:
        tranche_request_document_add(
            request=request, by=by, document_type=document_type, upload=upload
        )
    audit_record(
        actor=by,
        action="tranche_request.edited",
        obj=request,
        after={**_request_state(request), "claims": request.claims},
    )
    return request


@transaction.atomic
def tranche_request_document_add(
    *, request: TrancheRequest, by, document_type: str, upload
) -> SupportingDocument:
    _check_author(by, request.tranche.agreement)
    _check_editable(request)
    checked = check_document(upload)
    document = SupportingDocument(
        request=request,
        document_type=document_type,
        file=checked.file,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    document.full_clean(exclude=["request", "uploaded_by"])
    document.save()
    audit_record(
        actor=by,
        action="supporting_document.added",
        obj=document,
        after={"type": document_type, "sha256": document.sha256, "request": request.pk},
    )
    return document


@transaction.atomic
def tranche_request_document_remove(*, document: SupportingDocument, by) -> None:
    """Remove a document from a draft. The file stays on disk: an earlier version may use it."""
    request = document.request
    _check_author(by, request.tranche.agreement)
    _check_editable(request)
    audit_record(
        actor=by,
        action="supporting_document.removed",
        obj=document,
        before={"type": document.document_type, "sha256": document.sha256},
    )
    document.delete()


@transaction.atomic
def tranche_request_submit(*, request: TrancheRequest, by) -> TrancheRequest:
    """Submit the request and freeze the evidence as it stands now."""
    agreement = request.tranche.agreement
    _check_author(by, agreement)
    current = TrancheRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != R.DRAFT:
        # A second click, or a second tab: nothing to do, and the association is told so.
        raise ValidationError(
            _("This request has already been submitted."), code="already_submitted"
        )
    # Read the content afresh: the caller's instance may carry prefetched, stale lines. The
    # evidence is that of the tranche's own period, with the chain heads of the sessions it
    # counts, the beneficiaries and the claims (grants.selectors.tranche_snapshot).
    evidence = selectors.tranche_snapshot(tranche=request.tranche, claims=current.claims)
    problems = [
        ValidationError(str(c.label), code=c.code)
        for c in selectors.tranche_request_readiness(
            tranche=request.tranche, request=current, evidence=evidence
        )
        if c.blocking and not c.met
    ]
    if problems:
        raise ValidationError(problems)
    before = _request_state(current)
    current.status = R.SUBMITTED if current.version == 1 else R.RESUBMITTED
    current.submitted_by = by
    current.submitted_at = timezone.now()
    current.evidence_snapshot = evidence
    current.evidence_sha256 = snapshot_sha256(evidence)
    # Signed over the same canonical bytes the SHA-256 covers (grants.signature).
    current.evidence_signature = snapshot_sign(evidence)
    current.save()
    for name in (
        "status",
        "submitted_by",
        "submitted_at",
        "evidence_snapshot",
        "evidence_sha256",
        "evidence_signature",
        "claims",
    ):
        setattr(request, name, getattr(current, name))
    request._frozen_sha256 = current.evidence_sha256
    tranche_transition(tranche=request.tranche, to=Tranche.Status.REQUESTED, by=by)
    audit_record(
        actor=by,
        action="tranche_request.submitted",
        obj=request,
        before=before,
        after={
            **_request_state(request),
            "evidence_sha256": request.evidence_sha256,
            "evidence_signature": request.evidence_signature,
        },
    )
    notifications.tell(
        "request_submitted",
        recipients=notifications.officers(agreement),
        tranche=request.tranche,
        link=("grants:request_detail", [request.pk]),
    )
    return request
