"""Report deadlines: when each verified tranche's narrative and financial reports are due, and
the daily reminders before, on and after the due date.

A tranche's reports are *received* once a request for it has been submitted (any version);
otherwise they are *due* (more than the programme's reminder days away), *due soon*, *due
today*, *late* (past the due date) or *very late* (more than 14 days past it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import notifications
from ..models import Tranche

VERY_LATE_DAYS = 14

RECEIVED, DUE, DUE_SOON, DUE_TODAY, LATE, VERY_LATE = (
    "received",
    "due",
    "due_soon",
    "due_today",
    "late",
    "very_late",
)
LABELS = {
    RECEIVED: _("Received"),
    DUE: _("Due"),
    DUE_SOON: _("Due soon"),
    DUE_TODAY: _("Due today"),
    LATE: _("Late"),
    VERY_LATE: _("Very late"),
}
# From the least to the most pressing: an agreement's flag is its most pressing deadline.
SEVERITY = [RECEIVED, DUE, DUE_SOON, DUE_TODAY, LATE, VERY_LATE]


@dataclass
class Deadline:
    tranche: Tranche
    due_on: datetime.date
    state: str
    days: int  # days left (negative: days late)

    @property
    def label(self) -> str:
        return str(LABELS[self.state])

    @property
    def days_late(self) -> int:
        return max(0, -self.days)

    @property
    def is_late(self) -> bool:
        return self.state in (LATE, VERY_LATE)


def _received(tranche) -> bool:
    # ``requests`` prefetched by the callers' querysets: no query per tranche.
    return any(r.submitted_at is not None for r in tranche.requests.all())


def deadline_state(*, due_on, received: bool, today, reminder_days: int) -> tuple[str, int]:
    days = (due_on - today).days
    if received:
        return RECEIVED, days
    if days > reminder_days:
        return DUE, days
    if days > 0:
        return DUE_SOON, days
    if days == 0:
        return DUE_TODAY, days
    return (VERY_LATE if -days > VERY_LATE_DAYS else LATE), days


def tranche_deadlines(tranches, *, programme, today=None) -> list[Deadline]:
    """The deadlines of ``tranches`` (of one agreement, requests prefetched)."""
    today = today or timezone.localdate()
    rows = []
    for tranche in sorted(tranches, key=lambda t: t.number):
        if tranche.report_due_on is None or tranche.status == Tranche.Status.REJECTED:
            continue
        state, days = deadline_state(
            due_on=tranche.report_due_on,
            received=_received(tranche),
            today=today,
            reminder_days=programme.report_reminder_days,
        )
        rows.append(Deadline(tranche, tranche.report_due_on, state, days))
    return rows


def report_deadlines(*, agreement, today=None) -> list[Deadline]:
    """Each due date of ``agreement``'s reports, with its state (the agreement page passes
    the tranches it loaded, with their requests, as ``loaded_tranches``)."""
    tranches = getattr(agreement, "loaded_tranches", None)
    if tranches is None:
        tranches = agreement.tranches.prefetch_related("requests")
    return tranche_deadlines(tranches, programme=agreement.programme, today=today)


def deadline_flag(deadlines: list[Deadline]) -> Deadline | None:
    """The most pressing deadline still open (the next one when none is pressing), or None
    when every report is received."""
    open_ = [d for d in deadlines if d.state != RECEIVED]
    if not open_:
        return None
    return max(open_, key=lambda d: (SEVERITY.index(d.state), -d.days))


def agreement_deadline_flag(agreement, today=None) -> Deadline | None:
    """For lists: ``agreement.tranches`` and their ``requests`` prefetched."""
    return deadline_flag(
        tranche_deadlines(agreement.tranches.all(), programme=agreement.programme, today=today)
    )


# --- The daily reminders (grants.tasks.send_report_reminders) ----------------------------------

REMINDER_KIND = {DUE_SOON: "report_due_soon", DUE_TODAY: "report_due_today"}


def report_reminders_send(*, today=None) -> int:
    """Remind each association's admins of the reports due within the programme's reminder
    days, due today, late (from the day after) and once more when very late. Each reminder
    has a key (tranche, kind, due date): running it again the same day, or every day, sends
    nothing twice. Returns the number of notifications created."""
    from django.db import transaction

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=90)
    tranches = (
        Tranche.objects.filter(report_due_on__isnull=False, report_due_on__lte=horizon)
        .exclude(status__in=[Tranche.Status.REJECTED, Tranche.Status.PAID])
        .select_related("agreement__programme", "agreement__association")
        .prefetch_related("requests")
        .order_by("report_due_on", "pk")
    )
    sent = 0
    for tranche in tranches:
        agreement = tranche.agreement
        state, days = deadline_state(
            due_on=tranche.report_due_on,
            received=_received(tranche),
            today=today,
            reminder_days=agreement.programme.report_reminder_days,
        )
        if state in (RECEIVED, DUE):
            continue
        kind = REMINDER_KIND.get(state, "report_late")
        with transaction.atomic():
            sent += len(
                notifications.tell(
                    kind,
                    recipients=notifications.association_admins(agreement),
                    tranche=tranche,
                    link=("grants:agreement_detail", [agreement.pk]),
                    key=f"report:{tranche.pk}:{state}:{tranche.report_due_on.isoformat()}",
                    due_on=tranche.report_due_on.isoformat(),
                    days=abs(days),
                )
            )
    return sent
