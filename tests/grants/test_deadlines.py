"""Report deadlines: each agreement's due dates, the flags (due soon, late, very late), the
panel on the agreement page, the lists, and the daily reminders sent once each."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from grants import services
from grants.dashboard import programme_dashboard
from grants.services import deadlines
from grants.services.deadlines import (
    deadline_state,
    report_deadlines,
    report_reminders_send,
)
from grants.tasks import send_report_reminders
from notifications.models import Notification

from .helpers import fill_request

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("days_left", "received", "state"),
    [
        (30, False, "due"),
        (7, False, "due_soon"),
        (1, False, "due_soon"),
        (0, False, "due_today"),
        (-1, False, "late"),
        (-14, False, "late"),
        (-15, False, "very_late"),
        (-30, True, "received"),
    ],
)
def test_the_state_of_a_deadline(days_left, received, state):
    today = datetime.date(2026, 12, 6)
    due = today + datetime.timedelta(days=days_left)
    assert deadline_state(due_on=due, received=received, today=today, reminder_days=7)[0] == state


def test_each_agreement_has_its_due_dates(tranches):
    agreement = tranches[0].agreement
    due = agreement.ends_on + datetime.timedelta(days=30)
    (deadline,) = report_deadlines(agreement=agreement, today=due - 3 * DAY)
    assert (deadline.tranche, deadline.due_on) == (tranches[1], due)
    assert (deadline.state, deadline.days) == ("due_soon", 3)


def test_a_submitted_request_means_the_reports_are_received(submitted_request):
    agreement = submitted_request.tranche.agreement
    (deadline,) = report_deadlines(agreement=agreement, today=datetime.date(2030, 1, 1))
    assert deadline.state == "received"


def _due(tranches):
    return tranches[1].report_due_on


def _reminders(user):
    notifications = Notification.objects.filter(recipient=user, kind__startswith="grants.report")
    return sorted(notifications.values_list("kind", flat=True))


def test_reminders_go_before_on_and_after_the_due_date_once_each(
    paid_tranches, association_admin, trainer, officer
):
    due = _due(paid_tranches)
    before = Notification.objects.count()
    assert report_reminders_send(today=due - 8 * DAY) == 0  # not yet
    assert report_reminders_send(today=due - 7 * DAY) == 1
    assert report_reminders_send(today=due - 7 * DAY) == 0  # the same day again
    assert report_reminders_send(today=due - 3 * DAY) == 0  # already reminded
    assert report_reminders_send(today=due) == 1
    assert report_reminders_send(today=due + DAY) == 1
    assert report_reminders_send(today=due + 5 * DAY) == 0
    assert report_reminders_send(today=due + 15 * DAY) == 1  # very late, once
    assert report_reminders_send(today=due + 16 * DAY) == 0
    assert _reminders(association_admin) == sorted(
        [
            "grants.report_due_soon",
            "grants.report_due_today",
            "grants.report_late",
            "grants.report_late",
        ]
    )
    assert _reminders(trainer) == [] and _reminders(officer) == []
    assert Notification.objects.count() == before + 4


def test_no_reminder_once_the_request_is_submitted(draft_request, association_admin, paid_tranches):
    fill_request(draft_request, association_admin)
    services.tranche_request_submit(request=draft_request, by=association_admin)
    assert report_reminders_send(today=_due(paid_tranches) + 20 * DAY) == 0


def test_the_daily_task_is_scheduled_and_calls_the_service(monkeypatch):
    entry = settings.CELERY_BEAT_SCHEDULE["grants-report-reminders"]
    assert entry["task"] == "grants.tasks.send_report_reminders"
    called = []
    monkeypatch.setattr(deadlines, "report_reminders_send", lambda **kw: called.append(kw) or 3)
    assert send_report_reminders() == 3 and called == [{}]


def test_the_agreement_page_shows_the_reports_due(client, paid_tranches, association_admin):
    client.force_login(association_admin)
    agreement = paid_tranches[0].agreement
    response = client.get(reverse("grants:agreement_detail", args=[agreement.pk]))
    (panel,) = [p for p in response.context["panels"] if p["key"] == "reports_due"]
    (deadline,) = panel["data"]["deadlines"]
    assert deadline.due_on == _due(paid_tranches)
    # The factory's agreement ended in 2025: its reports are very late today.
    assert deadline.state == "very_late"
    assert 'id="reports-due-title"' in response.content.decode()


def test_late_reports_are_flagged_in_the_list_and_on_the_dashboard(client, paid_tranches, officer):
    client.force_login(officer)
    response = client.get(reverse("grants:agreement_list"))
    (agreement,) = response.context["page_obj"].object_list
    assert agreement.deadline.state == "very_late"
    assert "grants-deadline--very_late" in response.content.decode()
    (row,) = programme_dashboard(programme=agreement.programme)["rows"]
    assert row.deadline.state == "very_late"
