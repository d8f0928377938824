import random

import pytest

from calls import selectors
from calls.models import Application, Call, CommitteeMember, ConflictDeclaration, Score
from demo import calls as demo_calls
from organisations.models import Membership
from tests.factories.organisations import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_the_demo_call_is_open_with_drafts_submissions_and_scores_in_progress(funder):
    officer = member_of(funder, Membership.Role.OFFICER)
    context = {
        "password": "Tamkeen-demo-2026",
        "funder": funder,
        "trainers": [OrganisationFactory() for _ in range(64)],
        "users": {"officer@tamkeen.test": officer},
    }
    demo_calls.seed(rng=random.Random(1), context=context, log=lambda *_: None)
    call = Call.objects.get(title_fr=demo_calls.TITLE_FR)
    assert call.is_open()
    assert call.applications.filter(status=Application.Status.DRAFT).count() == 2
    assert call.applications.filter(status=Application.Status.SUBMITTED).count() == 4
    assert call.applications.filter(eligibility=Application.Eligibility.INELIGIBLE).count() == 1
    assert CommitteeMember.objects.filter(committee__call=call).count() == 3
    assert ConflictDeclaration.objects.filter(has_conflict=True).count() == 1
    assert Score.objects.exists()
    progress = selectors.committee_progress(call)
    assert [row["disagreement"] for row in progress] == [False, True, False]
    counts = (Application.objects.count(), Score.objects.count())
    demo_calls.seed(rng=random.Random(1), context=context, log=lambda *_: None)
    assert (Application.objects.count(), Score.objects.count()) == counts
