"""The funder staff's work queue: the tranche requests awaiting a programme officer's review,
the approved ones awaiting finance's check and the cleared ones awaiting payment, across the
programmes of the funders where the person is officer, finance or auditor.

Every list costs a fixed number of queries however many requests it holds: the figures come
from each request's frozen snapshot, the documents and sampling state from one query each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from organisations.models import Membership, Organisation

from .models import BeneficiarySample, SampleContact, SupportingDocument, Tranche, TrancheRequest
from .services import deadlines

Role = Membership.Role
R = TrancheRequest.Status


@dataclass
class Scope:
    """Which funders' lists a person sees, and which lists they act on."""

    review: set[int] = field(default_factory=set)  # funders whose review queue is shown
    finance: set[int] = field(default_factory=set)  # funders whose finance lists are shown
    reviews: set[int] = field(default_factory=set)  # funders where they review (officer)
    checks: set[int] = field(default_factory=set)  # funders where they check and pay (finance)
    associations: set[int] = field(default_factory=set)  # where they hold a role: no review
    everything: bool = False  # the platform admin reads every funder's lists

    @property
    def shows_review(self) -> bool:
        return self.everything or bool(self.review)

    @property
    def shows_finance(self) -> bool:
        return self.everything or bool(self.finance)

    @property
    def any(self) -> bool:
        return self.shows_review or self.shows_finance


def queue_scope(*, user) -> Scope:
    """One query: the person's memberships. Officers see the review queue, finance staff the
    finance lists, auditors both (read-only), the platform admin every funder's (read-only)."""
    scope = Scope()
    if not user.is_authenticated:
        return scope
    scope.everything = user.is_superuser
    rows = Membership.objects.filter(user=user).values_list(
        "organisation_id", "organisation__kind", "role"
    )
    for organisation, kind, role in rows:
        if kind != Organisation.Kind.FUNDER:
            scope.associations.add(organisation)
            continue
        if role == Role.OFFICER:
            scope.review.add(organisation)
            scope.reviews.add(organisation)
        elif role == Role.FINANCE:
            scope.finance.add(organisation)
            scope.checks.add(organisation)
        elif role == Role.AUDITOR:
            scope.review.add(organisation)
            scope.finance.add(organisation)
    return scope


def _funder_filter(funders: set[int], everything: bool, path: str) -> Q:
    return Q() if everything else Q(**{f"{path}__in": funders})


def _awaiting_review(scope: Scope):
    return TrancheRequest.objects.filter(
        _funder_filter(scope.review, scope.everything, "tranche__agreement__programme__funder"),
        status__in=TrancheRequest.AWAITING_REVIEW,
    )


def _awaiting_check(scope: Scope):
    return TrancheRequest.objects.filter(
        _funder_filter(scope.finance, scope.everything, "tranche__agreement__programme__funder"),
        status=R.APPROVED,
        tranche__status=Tranche.Status.APPROVED,
    )


def _awaiting_payment(scope: Scope):
    return Tranche.objects.filter(
        _funder_filter(scope.finance, scope.everything, "agreement__programme__funder"),
        status=Tranche.Status.CLEARED,
    )


def _days_since(moment, today) -> int:
    if moment is None:
        return 0
    return max(0, (today - timezone.localdate(moment)).days)


@dataclass
class ReviewRow:
    request: TrancheRequest
    days_waiting: int
    deadline: deadlines.Deadline | None  # the reports' due date, as it stood at submission
    targets_reached: int
    targets: int
    snapshot_intact: bool
    missing_documents: list[str]
    sample_size: int | None  # None: no sample drawn yet
    sample_contacted: int
    can_review: bool
    conflict: bool  # the officer holds a role in the association: another officer reviews

    @property
    def agreement(self):
        return self.request.tranche.agreement

    @property
    def tranche(self):
        return self.request.tranche

    @property
    def flag_count(self) -> int:
        return (
            (self.targets - self.targets_reached)
            + (0 if self.snapshot_intact else 1)
            + len(self.missing_documents)
        )


@dataclass
class FinanceRow:
    tranche: Tranche
    request: TrancheRequest | None
    since: datetime.datetime | None
    days_waiting: int
    can_act: bool

    @property
    def agreement(self):
        return self.tranche.agreement


@dataclass
class WorkQueue:
    scope: Scope
    review: list[ReviewRow]
    finance_check: list[FinanceRow]
    payment: list[FinanceRow]

    @property
    def total(self) -> int:
        return len(self.review) + len(self.finance_check) + len(self.payment)


def _submission_deadline(request, tranche, programme) -> deadlines.Deadline | None:
    """Were the reports late when the request came in? Counted from the first submission of
    the tranche's reports: a resubmission after requested changes is not late."""
    if tranche.report_due_on is None or request.submitted_at is None:
        return None
    first = request.first_submitted_at or request.submitted_at
    state, days = deadlines.deadline_state(
        due_on=tranche.report_due_on,
        received=False,
        today=timezone.localdate(first),
        reminder_days=programme.report_reminder_days,
    )
    if state not in (deadlines.LATE, deadlines.VERY_LATE):
        state = deadlines.RECEIVED
    return deadlines.Deadline(tranche, tranche.report_due_on, state, days)


def _sampling(requests) -> dict[int, tuple[int, int]]:
    """Request id → (people drawn, people with a recorded contact): two queries in all, the
    same counts as ``grants.sampling.sample_outcome``'s size and contacted."""
    samples = list(
        BeneficiarySample.objects.filter(request__in=[r.pk for r in requests]).only(
            "pk", "request_id", "members"
        )
    )
    contacted: dict[int, set[str]] = {s.pk: set() for s in samples}
    for sample_id, person in SampleContact.objects.filter(sample__in=samples).values_list(
        "sample_id", "person"
    ):
        contacted[sample_id].add(person)
    result = {}
    for sample in samples:
        drawn = {m["person"] for m in sample.members}
        result[sample.request_id] = (len(drawn), len(contacted[sample.pk] & drawn))
    return result


def _first_submissions(requests) -> None:
    """Each request's tranche's first submission time (a version 2 follows a version 1 whose
    reports arrived first): one query."""
    tranches = {r.tranche_id for r in requests}
    first: dict[int, datetime.datetime] = {}
    for tranche_id, submitted_at in (
        TrancheRequest.objects.filter(tranche__in=tranches, submitted_at__isnull=False)
        .order_by("submitted_at")
        .values_list("tranche_id", "submitted_at")
    ):
        first.setdefault(tranche_id, submitted_at)
    for request in requests:
        request.first_submitted_at = first.get(request.tranche_id)


def review_rows(*, scope: Scope, today=None) -> list[ReviewRow]:
    """The requests awaiting review, oldest submission first (five queries)."""
    if not scope.shows_review:
        return []
    today = today or timezone.localdate()
    requests = list(
        _awaiting_review(scope)
        .select_related("tranche__agreement__programme__funder", "tranche__agreement__association")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=SupportingDocument.objects.only("pk", "request_id", "document_type"),
            )
        )
        .order_by("submitted_at", "pk")
    )
    _first_submissions(requests)
    sampling = _sampling(requests)
    rows = []
    for request in requests:
        agreement = request.tranche.agreement
        programme = agreement.programme
        readiness = (request.evidence_snapshot or {}).get("readiness", {})
        received = {d.document_type for d in request.documents.all()}
        funder = programme.funder_id
        conflict = agreement.association_id in scope.associations
        size, contacted = sampling.get(request.pk, (None, 0))
        rows.append(
            ReviewRow(
                request=request,
                days_waiting=_days_since(request.submitted_at, today),
                deadline=_submission_deadline(request, request.tranche, programme),
                targets_reached=int(readiness.get("reached", 0)),
                targets=int(readiness.get("targets", 0)),
                snapshot_intact=request.snapshot_is_intact(),
                missing_documents=[
                    code for code in programme.required_documents if code not in received
                ],
                sample_size=size,
                sample_contacted=contacted,
                can_review=funder in scope.reviews and not conflict,
                conflict=funder in scope.reviews and conflict,
            )
        )
    return rows


def finance_rows(*, scope: Scope, today=None) -> tuple[list[FinanceRow], list[FinanceRow]]:
    """The approved requests awaiting finance's check (oldest approval first) and the cleared
    tranches awaiting payment (oldest clearance first): two queries."""
    if not scope.shows_finance:
        return [], []
    today = today or timezone.localdate()
    related = ("agreement__programme__funder", "agreement__association")
    checks = []
    for request in (
        _awaiting_check(scope)
        .select_related(*(f"tranche__{name}" for name in related))
        .order_by("tranche__approved_at", "pk")
    ):
        tranche = request.tranche
        checks.append(
            FinanceRow(
                tranche=tranche,
                request=request,
                since=tranche.approved_at,
                days_waiting=_days_since(tranche.approved_at, today),
                can_act=_can_pay(scope, tranche),
            )
        )
    payments = [
        FinanceRow(
            tranche=tranche,
            request=None,
            since=tranche.cleared_at,
            days_waiting=_days_since(tranche.cleared_at, today),
            can_act=_can_pay(scope, tranche),
        )
        for tranche in _awaiting_payment(scope)
        .select_related(*related)
        .order_by("cleared_at", "pk")
    ]
    return checks, payments


def _can_pay(scope: Scope, tranche) -> bool:
    agreement = tranche.agreement
    return (
        agreement.programme.funder_id in scope.checks
        and agreement.association_id not in scope.associations
    )


def work_queue(*, user, today=None) -> WorkQueue:
    scope = queue_scope(user=user)
    checks, payments = finance_rows(scope=scope, today=today)
    return WorkQueue(scope, review_rows(scope=scope, today=today), checks, payments)


def work_queue_count(*, user) -> int | None:
    """How many items the person's work queue lists (the menu's badge), or None for someone
    who has no work queue: at most four small queries."""
    scope = queue_scope(user=user)
    if not (scope.review or scope.finance):
        return None  # the platform admin reaches the page, but it is not their work
    count = 0
    if scope.shows_review:
        count += _awaiting_review(scope).count()
    if scope.shows_finance:
        count += _awaiting_check(scope).count() + _awaiting_payment(scope).count()
    return count
