import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from calls import selectors, services
from calls.models import Application
from notifications.models import Notification
from organisations.models import Membership, Region
from tests.factories.calls import application_for, open_call
from tests.factories.organisations import member_of

from .helpers import close_call, codes, committee_of, eligible_application, score_all

pytestmark = pytest.mark.django_db


def test_registration_years_are_checked_automatically(programme, officer):
    call = open_call(programme=programme, officer=officer, min_years_registered=3)
    application = application_for(call, submit=False)
    services.application_save(
        application=application,
        by=application.admin,
        registered_on=datetime.date.today() - datetime.timedelta(days=365),
    )
    application = services.application_submit(application=application, by=application.admin)
    checks = services.automatic_checks(application)
    assert [c["code"] for c in checks] == ["years_registered"]
    assert checks[0]["met"] is False


def test_an_ineligible_application_is_told_why(call, officer):
    application = application_for(call, submit=True)
    rule = call.manual_rules.get()
    services.application_screen(
        application=application, by=officer, manual={rule.pk: (False, "Statuts hors domaine")}
    )
    application.refresh_from_db()
    assert application.eligibility == Application.Eligibility.INELIGIBLE
    assert "Statuts hors domaine" in application.eligibility_reason
    notice = Notification.objects.get(
        recipient=application.admin, kind="calls.application_ineligible"
    )
    assert "Statuts hors domaine" in notice.params["reason"]


def test_a_rule_not_met_needs_a_reason(call, officer):
    application = application_for(call, submit=True)
    rule = call.manual_rules.get()
    with pytest.raises(ValidationError) as error:
        services.application_screen(
            application=application, by=officer, manual={rule.pk: (False, "")}
        )
    assert codes(error.value) == {"reason_required"}


def test_the_region_rule_is_data(programme, officer):
    region = Region.objects.exclude(
        pk__in=[
            application_for(
                open_call(programme=programme, officer=officer), complete=False
            ).association.region_id
        ]
    ).first()
    call = open_call(programme=programme, officer=officer, regions=[region])
    application = application_for(call, submit=True)
    check = services.automatic_checks(application)[0]
    assert check["code"] == "region" and check["met"] is False


def test_only_officers_screen(call, association_admin):
    application = application_for(call, submit=True)
    with pytest.raises(PermissionDenied):
        services.application_screen(application=application, by=association_admin, manual={})


def test_a_declared_conflict_removes_the_member_from_the_application(call, officer):
    reviewers = committee_of(call, officer)
    application = eligible_application(call, officer)
    services.conflict_declare(application=application, by=reviewers[0], has_conflict=True)
    with pytest.raises(ValidationError) as error:
        services.scores_save(
            application=application,
            by=reviewers[0],
            scores={call.criteria.first().pk: ("4", "")},
        )
    assert codes(error.value) == {"conflict_declared"}
    assert not application.scores.exists()


def test_scoring_before_declaring_is_refused(call, officer):
    reviewers = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    with pytest.raises(ValidationError) as error:
        services.scores_save(
            application=application, by=reviewers[0], scores={call.criteria.first().pk: ("4", "")}
        )
    assert codes(error.value) == {"not_declared"}


def test_a_member_of_the_applying_association_cannot_declare_no_conflict(call, officer):
    application = eligible_application(call, officer)
    insider = member_of(application.association, Membership.Role.TRAINER)
    services.committee_member_add(
        call=call, by=officer, email=insider.email, kind="funder", institution=""
    )
    with pytest.raises(ValidationError) as error:
        services.conflict_declare(application=application, by=insider, has_conflict=False)
    assert codes(error.value) == {"member_of_association"}


@pytest.mark.parametrize("mark", ["6", "-1", "2.5", "abc"])
def test_a_mark_outside_the_scale_is_refused_and_earlier_marks_kept(call, officer, mark):
    reviewers = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    score_all(application, reviewers[0], [3, 3, 3, 3, 3])
    criterion = call.criteria.first()
    with pytest.raises(ValidationError) as error:
        services.scores_save(
            application=application, by=reviewers[0], scores={criterion.pk: (mark, "")}
        )
    assert codes(error.value) == {"score_out_of_scale"}
    assert application.scores.get(criterion=criterion).value == 3


def test_the_weighted_score_ignores_conflicted_members_and_flags_disagreement(call, officer):
    a, b, c = committee_of(call, officer)
    application = eligible_application(call, officer)
    score_all(application, a, [5, 5, 5, 5, 5])
    score_all(application, b, [1, 1, 1, 1, 1])
    services.conflict_declare(application=application, by=c, has_conflict=True)
    assert selectors.weighted_score(application) == 3
    spread = selectors.score_spread(application)
    assert all(row["disagreement"] for row in spread)
    assert spread[0]["values"] == [1, 5]


def test_weights_count(call, officer):
    (a,) = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    # weights 3, 2, 2, 2, 1
    score_all(application, a, [5, 0, 0, 0, 0])
    assert str(selectors.weighted_score(application)) == "1.50"


def test_scores_are_locked_when_the_committee_closes(call, officer):
    (a,) = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    score_all(application, a, [4, 4, 4, 4, 4])
    close_call(call)
    services.committee_close(call=call, by=officer)
    application.refresh_from_db()
    assert str(application.score) == "4.00"
    with pytest.raises(ValidationError) as error:
        services.scores_save(
            application=application, by=a, scores={call.criteria.first().pk: ("1", "")}
        )
    assert codes(error.value) == {"committee_closed"}


def test_the_committee_cannot_close_before_the_deadline(call, officer):
    with pytest.raises(ValidationError) as error:
        services.committee_close(call=call, by=officer)
    assert codes(error.value) == {"call_still_open"}


def test_a_new_member_gets_an_account_and_a_notification(call, officer):
    member = services.committee_member_add(
        call=call, by=officer, email="Rep@Ministry.test", kind="ministry", institution="MEN"
    )
    assert member.user.email == "rep@ministry.test"
    assert Notification.objects.filter(
        recipient=member.user, kind="calls.committee_member_added"
    ).exists()
