"""Verifying a tranche request by sampling its beneficiaries: the officer draws a reproducible
sample from the frozen snapshot (``grants.verifier.draw``), then records each contact with a
sampled person. Both are append-only; the confirmation rate feeds the review's checklist
(``grants.sampling.sample_outcome``)."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import permissions

from .. import sampling
from ..audit import audit_record
from ..models import BeneficiarySample, SampleContact, TrancheRequest
from ..verifier import draw
from .tranches import conflict_of_interest_check

NOTE_MAX = 1000


def _check_officer(by, agreement) -> None:
    conflict_of_interest_check(by, agreement)
    if not permissions.can_review_tranche_request(by, agreement):
        raise PermissionDenied(
            _("Only a programme officer of the funder verifies a request's beneficiaries.")
        )


@transaction.atomic
def sample_draw(*, request: TrancheRequest, by) -> tuple[BeneficiarySample, bool]:
    """Draw the sample of ``request``'s beneficiaries: ``(sample, True)``. A request has one
    sample only: when it is already drawn (a second click, a second tab, another officer),
    ``(the existing sample, False)`` and nothing is drawn again."""
    agreement = request.tranche.agreement
    _check_officer(by, agreement)
    # One draw at a time per request: the second waits here, then finds the first's sample.
    current = (
        TrancheRequest.objects.select_for_update()
        .select_related("tranche__agreement__programme")
        .get(pk=request.pk)
    )
    existing = BeneficiarySample.objects.filter(request=current).first()
    if existing is not None:
        return existing, False
    if current.status not in TrancheRequest.AWAITING_REVIEW:
        raise ValidationError(
            _("A sample is drawn only while the request awaits review."), code="not_in_review"
        )
    reason = sampling.unavailable_reason(current)
    if reason:
        raise ValidationError(reason, code="cannot_sample")
    beneficiaries = sampling.snapshot_beneficiaries(current)
    programme = agreement.programme
    seed = secrets.token_hex(16)
    members = draw(
        seed=seed,
        beneficiaries=beneficiaries,
        share=programme.sample_share,
        minimum=programme.sample_minimum,
    )
    try:
        with transaction.atomic():
            sample = BeneficiarySample.objects.create(
                request=current,
                seed=seed,
                share=programme.sample_share,
                minimum=programme.sample_minimum,
                population=sampling.population(beneficiaries),
                members=members,
                snapshot_sha256=current.evidence_sha256,
                drawn_by=by,
            )
    except IntegrityError:
        # Drawn meanwhile outside this lock (the OneToOne holds): the first draw stands.
        return BeneficiarySample.objects.get(request=current), False
    audit_record(
        actor=by,
        action="sample.drawn",
        obj=current,
        after={
            "sample": sample.pk,
            "seed": seed,
            "share": sample.share,
            "minimum": sample.minimum,
            "population": sample.population,
            "size": len(members),
            "snapshot_sha256": sample.snapshot_sha256,
        },
    )
    return sample, True


def _clean_date(value, request) -> datetime.date:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise ValidationError(_("Enter the date of the contact."), code="date_invalid")
    if value > timezone.localdate():
        raise ValidationError(_("A contact cannot be dated in the future."), code="date_future")
    submitted = timezone.localdate(request.submitted_at) if request.submitted_at else None
    if submitted and value < submitted:
        raise ValidationError(
            _("A contact cannot be dated before the request was submitted (%(date)s).")
            % {"date": submitted.isoformat()},
            code="date_before_submission",
        )
    return value


@transaction.atomic
def sample_contact_record(
    *,
    sample: BeneficiarySample,
    person: str,
    channel: str,
    contacted_on,
    outcome: str,
    note: str = "",
    by,
) -> SampleContact:
    """Record one contact with a sampled person (append-only: a later contact with the same
    person becomes their outcome). Only the officer who drew the sample records, while the
    request awaits review."""
    sample = BeneficiarySample.objects.select_related("request__tranche__agreement__programme").get(
        pk=sample.pk
    )
    request = sample.request
    agreement = request.tranche.agreement
    _check_officer(by, agreement)
    if sample.drawn_by_id != by.pk:
        raise PermissionDenied(_("Only the officer who drew the sample records its contacts."))
    if request.status not in TrancheRequest.AWAITING_REVIEW:
        raise ValidationError(
            _("This request has been decided: its sample is closed."), code="sample_closed"
        )
    person = str(person or "").strip()
    if person not in {m["person"] for m in sample.members}:
        raise ValidationError(
            _("This person is not in the sample: only sampled people are contacted."),
            code="not_in_sample",
        )
    if channel not in SampleContact.Channel.values:
        raise ValidationError(_("Choose how the person was contacted."), code="channel_invalid")
    if outcome not in SampleContact.Outcome.values:
        raise ValidationError(_("Choose the outcome of the contact."), code="outcome_invalid")
    contacted_on = _clean_date(contacted_on, request)
    note = str(note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("The note is too long (%(max)s characters at most).") % {"max": NOTE_MAX},
            code="note_too_long",
        )
    found = sampling.resolve(agreement, [person]).get(person) or {}
    contact = SampleContact.objects.create(
        sample=sample,
        person=person,
        learner=found.get("learner"),
        participant=found.get("participant"),
        channel=channel,
        contacted_on=contacted_on,
        outcome=outcome,
        note=note,
        recorded_by=by,
    )
    audit_record(
        actor=by,
        action="sample.contact_recorded",
        obj=request,
        after={
            "sample": sample.pk,
            "contact": contact.pk,
            "person": person,
            "channel": channel,
            "contacted_on": contacted_on,
            "outcome": outcome,
        },
    )
    return contact
