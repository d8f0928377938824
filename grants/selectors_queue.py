"""The funder staff's work queue: the tranche requests awaiting a programme officer's review,
the approved ones awaiting finance's check and the cleared ones awaiting payment, across the
programmes of the funders where the person is officer, finance or auditor.

Every list costs a fixed number of queries however many requests it holds: the figures come
from each request's frozen snapshot, the documents and sampling state from one query each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Func, IntegerField, Prefetch, Q, Subquery
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
    anomalies: int  # attendance anomaly flags on the agreement's held sessions (live)
    can_review: bool
    conflict: bool  # the officer holds a role in the association: another officer reviews

    @property
    def agreement(self):
        return self.request.tranche.agreement

    @property
    def tranche(self):
        return self.request.tranche


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
    """The requests awaiting review, oldest submission first (about fifteen queries)."""
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
    anomalies = agreements_flag_counts({r.tranche.agreement for r in requests})
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
                anomalies=anomalies.get(agreement.pk, 0),
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


def _counted(queryset) -> Subquery:
    # COUNT(*) of ``queryset`` as a scalar subquery (no GROUP BY: one row, 0 when empty).
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )


def work_queue_count(*, user) -> int | None:
    """How many items the person's work queue lists (the menu's badge), or None for someone
    who has no work queue (the platform admin reaches the page, but it is not their work).
    One query, on every page a funder's staff member opens: the lists' counts are subqueries
    of the row of their memberships."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:  # the page lists every funder's: so does the badge
        scope = queue_scope(user=user)
        if not (scope.review or scope.finance):
            return None
        return (
            _awaiting_review(scope).count()
            + _awaiting_check(scope).count()
            + _awaiting_payment(scope).count()
        )
    funder = Membership.objects.filter(user=user, organisation__kind=Organisation.Kind.FUNDER)
    review = funder.filter(role__in=[Role.OFFICER, Role.AUDITOR]).values("organisation_id")
    finance = funder.filter(role__in=[Role.FINANCE, Role.AUDITOR]).values("organisation_id")
    path = "tranche__agreement__programme__funder"
    row = (
        funder.filter(role__in=[Role.OFFICER, Role.FINANCE, Role.AUDITOR])
        .order_by()
        .annotate(
            review=_counted(
                TrancheRequest.objects.filter(
                    status__in=TrancheRequest.AWAITING_REVIEW, **{f"{path}__in": review}
                )
            ),
            check=_counted(
                TrancheRequest.objects.filter(
                    status=R.APPROVED,
                    tranche__status=Tranche.Status.APPROVED,
                    **{f"{path}__in": finance},
                )
            ),
            payment=_counted(
                Tranche.objects.filter(
                    status=Tranche.Status.CLEARED, agreement__programme__funder__in=finance
                )
            ),
        )
        .values_list("review", "check", "payment")
        .first()
    )
    return None if row is None else sum(row)


# --- Attendance anomaly flags, counted for many agreements at once -------------------------------
# ``grants.selectors.agreement_flags`` runs each detector of courses.attendance.flags session by
# session (a few queries a session: right for one review page, not for a list). Here the
# detectors that read only the session and its records run as they are, on records loaded in
# one query; the four that query run batched below, with the same rules. A detector added to
# ``DETECTORS`` and not known here fails tests/grants/test_queue.py.

PURE_DETECTORS = ("checkins_outside_window", "shared_device", "late_entries")
BATCHED_DETECTORS = (
    "more_present_than_registered",
    "duplicate_sheets",
    "overlapping_sessions",
    "device_clock_off",
)


def _latest_by_person(records) -> dict:
    latest = {}
    for record in records:  # in chain order
        latest[record.person_key] = record
    return latest


def _batched_flags(sessions, records_by_session) -> dict[int, int]:
    """Session id → how many flags the four querying detectors raise (six queries)."""
    from django.conf import settings
    from django.db.models import Count

    from courses.attendance.flags import ATTENDED
    from courses.attendance.selectors import session_staff_ids
    from courses.models import (
        AttendanceReceipt,
        AttendanceRecord,
        AttendanceSheetScan,
        SessionRegistration,
        TrainingSession,
    )

    ids = [s.pk for s in sessions]
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    staff = session_staff_ids(sessions=sessions)
    latest = {pk: _latest_by_person(records_by_session.get(pk, [])) for pk in ids}

    # More people present than registered (staff left out on both sides).
    registered: dict[int, int] = dict.fromkeys(ids, 0)
    for session_id, learner_id in SessionRegistration.objects.filter(
        session_id__in=ids, status=SessionRegistration.Status.CONFIRMED
    ).values_list("session_id", "learner_id"):
        if learner_id not in staff[session_id]:
            registered[session_id] += 1
    for pk in ids:
        present = [
            r
            for r in latest[pk].values()
            if r.status in ATTENDED and (r.learner_id is None or r.learner_id not in staff[pk])
        ]
        if len(present) > registered[pk]:
            counts[pk] += 1

    # The same scanned sheet uploaded twice (anywhere on the platform).
    scans = list(
        AttendanceSheetScan.objects.filter(session_id__in=ids).values_list("session_id", "sha256")
    )
    duplicated = set(
        AttendanceSheetScan.objects.filter(sha256__in={sha for _s, sha in scans})
        .values("sha256")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("sha256", flat=True)
    )
    for pk in {session_id for session_id, sha in scans if sha in duplicated}:
        counts[pk] += 1

    # Someone present at two sessions at the same time.
    present_learners = {
        pk: {r.learner_id for r in latest[pk].values() if r.learner_id and r.status in ATTENDED}
        for pk in ids
    }
    learners = set().union(*present_learners.values())
    if learners:
        starts = min(s.starts_at for s in sessions)
        ends = max(s.ends_at for s in sessions)
        elsewhere = {}
        for row in (
            AttendanceRecord.objects.filter(
                learner_id__in=learners, session__starts_at__lt=ends, session__ends_at__gt=starts
            )
            .exclude(session__status=TrainingSession.Status.CANCELLED)
            .order_by("pk")
            .values_list(
                "session_id", "learner_id", "status", "session__starts_at", "session__ends_at"
            )
        ):
            elsewhere[(row[0], row[1])] = row  # latest per person and session
        for session in sessions:
            mine = present_learners[session.pk]
            if any(
                other != session.pk
                and learner in mine
                and status in ATTENDED
                and other_start < session.ends_at
                and other_end > session.starts_at
                for (other, learner), (_s, _l, status, other_start, other_end) in elsewhere.items()
            ):
                counts[session.pk] += 1

    # Marks sent from a phone whose clock was far off.
    limit = getattr(settings, "ATTENDANCE_DEVICE_CLOCK_SKEW_MINUTES", 10) * 60
    for pk in set(
        AttendanceReceipt.objects.filter(session_id__in=ids, record__isnull=False)
        .filter(Q(clock_skew_seconds__gt=limit) | Q(clock_skew_seconds__lt=-limit))
        .values_list("session_id", flat=True)
    ):
        counts[pk] += 1
    return counts


def agreements_flag_counts(agreements) -> dict[int, int]:
    """Agreement id → the number of attendance anomaly flags on its held sessions, the same
    as ``len(grants.selectors.agreement_flags(agreement=...))``, in a fixed number of
    queries (about ten) however many agreements, sessions and records."""
    from courses.attendance import flags as detectors
    from courses.models import AttendanceRecord

    from .evidence import held_sessions_for, session_in_agreement

    agreements = list(agreements)
    if not agreements:
        return {}
    sessions = list(held_sessions_for(agreements))
    mine = {a.pk: [s for s in sessions if session_in_agreement(s, a)] for a in agreements}
    counted = {s.pk: s for ss in mine.values() for s in ss}
    records_by_session: dict[int, list] = {pk: [] for pk in counted}
    for record in AttendanceRecord.objects.filter(session_id__in=list(counted)).order_by("pk"):
        records_by_session[record.session_id].append(record)
    per_session = _batched_flags(list(counted.values()), records_by_session)
    for pk, session in counted.items():
        for name in PURE_DETECTORS:
            per_session[pk] += len(getattr(detectors, name)(session, records_by_session[pk]))
    return {a.pk: sum(per_session[s.pk] for s in mine[a.pk]) for a in agreements}
