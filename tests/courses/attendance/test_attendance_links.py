"""A session's own people reach every attendance tool from the session and roster pages;
learners do not see them."""

import pytest
from django.urls import reverse

from tests.factories.attendance import session_now, staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["courses:session_detail", "courses:session_roster"])
def test_trainer_reaches_roll_call_qr_sheet_and_evidence(client, trainer_association, page):
    session = session_now(association=trainer_association)
    client.force_login(staff(trainer_association))
    html = client.get(reverse(page, args=[session.pk])).content.decode()
    for name in ("roll_call", "qr", "sheet_pdf", "scans", "evidence", "close"):
        assert reverse(f"attendance:{name}", args=[session.pk]) in html


def test_a_learner_sees_no_attendance_tools(client, trainer_association, learner):
    session = session_now(association=trainer_association)
    client.force_login(learner)
    html = client.get(reverse("courses:session_detail", args=[session.pk])).content.decode()
    assert reverse("attendance:roll_call", args=[session.pk]) not in html
