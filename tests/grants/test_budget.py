"""An agreement's budget: lines by category adding up to the amount, set by the programme
officer until expenses are reported against it; what is spent, what remains, what is overspent."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import AuditLog, BudgetLine, TrancheRequest
from grants.selectors_budgets import agreement_budget, budget_categories_for
from grants.services.budgets import budget_lines_set
from organisations import permissions
from tests.factories.grants import AgreementFactory, ProgrammeFactory

from .helpers import pdf_file

pytestmark = pytest.mark.django_db

LINES = [
    {"category": "trainers", "label": "", "amount": "120000.00"},
    {"category": "venue", "label": "Salles", "amount": "50000.00"},
    {"category": "materials", "label": "", "amount": "30000.00"},
]


def _set(agreement, by, lines=LINES):
    return budget_lines_set(agreement=agreement, lines=lines, by=by)


def _post(client, agreement, rows):
    data = {
        "budget-TOTAL_FORMS": str(len(rows)),
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"budget-{i}-{key}"] = value
    return client.post(reverse("grants:budget_edit", args=[agreement.pk]), data)


def test_the_officer_sets_a_budget_that_adds_up_to_the_amount(agreement, officer):
    lines = _set(agreement, officer)
    assert [(li.category, li.amount, li.position) for li in agreement.budget_lines.all()] == [
        ("trainers", Decimal("120000.00"), 1),
        ("venue", Decimal("50000.00"), 2),
        ("materials", Decimal("30000.00"), 3),
    ]
    assert len(lines) == 3
    entry = AuditLog.objects.get(action="budget.set")
    assert entry.actor == officer
    assert entry.after["total"] == "200000.00"


def test_setting_it_again_replaces_the_lines(agreement, officer):
    _set(agreement, officer)
    _set(agreement, officer, [{"category": "venue", "label": "", "amount": "200000"}])
    assert list(agreement.budget_lines.values_list("category", flat=True)) == ["venue"]
    latest = AuditLog.objects.filter(action="budget.set").last()
    assert len(latest.before["lines"]) == 3
    assert latest.after["lines"] == [{"category": "venue", "label": "", "amount": "200000.00"}]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([{"category": "venue", "amount": "150000"}], "must add up to the agreement's amount"),
        ([{"category": "venue", "amount": "250000"}], "must add up to the agreement's amount"),
        ([{"category": "unknown", "amount": "200000"}], "budget categories"),
        ([{"category": "venue", "amount": "-200000"}], "positive"),
        ([{"category": "venue", "amount": "0"}], "positive"),
        ([{"category": "venue", "amount": "deux cents"}], "Enter an amount in dirhams"),
        ([{"category": "venue", "amount": "199999.999"}], "two decimals"),
        ([{"category": "venue", "amount": "NaN"}], "positive"),
        (
            [
                {"category": "venue", "label": "Salle", "amount": "100000"},
                {"category": "venue", "label": "Salle", "amount": "100000"},
            ],
            "same category and label",
        ),
        ([], "at least one line"),
    ],
)
def test_a_bad_budget_is_refused_and_nothing_is_written(agreement, officer, lines, message):
    _set(agreement, officer)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _set(agreement, officer, lines)
    assert message in " ".join(error.value.messages)
    assert agreement.budget_lines.count() == 3
    assert AuditLog.objects.filter(action="budget.set").count() == 1


def test_only_the_programme_officer_may_set_the_budget(
    agreement, association_admin, finance, auditor, officer
):
    for user in (association_admin, finance, auditor):
        assert not permissions.can_edit_budget(user, agreement)
        with pytest.raises(PermissionDenied):
            _set(agreement, user)
    assert permissions.can_edit_budget(officer, agreement)
    other_funder_officer = ProgrammeFactory().funder
    from organisations.models import Membership
    from tests.factories.organisations import member_of

    stranger = member_of(other_funder_officer, Membership.Role.OFFICER)
    assert not permissions.can_edit_budget(stranger, agreement)
    assert not BudgetLine.objects.exists()


def test_once_expenses_are_reported_the_budget_changes_only_by_amendment(
    agreement, officer, draft_request, association_admin
):
    (line, *_rest) = _set(agreement, officer)
    services.tranche_request_update(
        request=draft_request,
        by=association_admin,
        expense_lines=[
            {"budget_line": line.pk, "label": "Formateur", "amount": "1000", "receipt": pdf_file()}
        ],
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _set(agreement, officer, [{"category": "venue", "amount": "200000"}])
    assert "amendment" in error.value.messages[0]
    assert agreement.budget_lines.count() == 3


def test_the_categories_are_the_programmes_own_when_it_has_them(funder, officer):
    programme = ProgrammeFactory(
        funder=funder,
        budget_categories=[
            {"code": "staff", "label_ar": "الموارد البشرية", "label_fr": "Ressources humaines"},
            {"code": "events", "label_ar": "الأنشطة", "label_fr": "Activités"},
        ],
    )
    agreement = AgreementFactory(programme=programme, amount=Decimal("1000"))
    with translation.override("fr"):
        assert budget_categories_for(programme) == [
            ("staff", "Ressources humaines"),
            ("events", "Activités"),
        ]
    with translation.override("ar"):
        assert budget_categories_for(programme)[0] == ("staff", "الموارد البشرية")
    with pytest.raises(ValidationError):
        _set(agreement, officer, [{"category": "venue", "amount": "1000"}])
    _set(
        agreement,
        officer,
        [{"category": "staff", "amount": "600"}, {"category": "events", "amount": "400"}],
    )
    assert agreement.budget_lines.count() == 2


def test_without_its_own_the_programme_offers_the_eight_expense_categories(programme):
    with translation.override("fr"):
        categories = budget_categories_for(programme)
    assert len(categories) == 8
    assert categories[0][0] == "trainers"


def _expense(request, by, line, amount):
    services.tranche_request_update(
        request=request,
        by=by,
        expense_lines=[
            {"budget_line": line.pk, "label": "Dépense", "amount": amount, "receipt": pdf_file()}
        ],
    )


def test_spent_to_date_counts_submitted_and_approved_requests_not_drafts(
    agreement, officer, draft_request, association_admin
):
    trainers, venue, materials = _set(agreement, officer)
    _expense(draft_request, association_admin, venue, "20000")
    budget = agreement_budget(agreement=agreement)
    assert [row.spent for row in budget["rows"]] == [0, 0, 0]
    # The draft's own page shows what it would make of the budget.
    own = agreement_budget(agreement=agreement, request=draft_request)
    assert own["rows"][1].this_request == Decimal("20000")
    assert own["rows"][1].remaining == Decimal("30000")
    TrancheRequest.objects.filter(pk=draft_request.pk).update(
        status=TrancheRequest.Status.SUBMITTED
    )
    budget = agreement_budget(agreement=agreement)
    assert budget["rows"][1].spent == Decimal("20000")
    assert budget["rows"][1].remaining == Decimal("30000")
    assert budget["total_spent"] == Decimal("20000")
    assert budget["total_remaining"] == Decimal("180000")
    TrancheRequest.objects.filter(pk=draft_request.pk).update(status=TrancheRequest.Status.REJECTED)
    assert agreement_budget(agreement=agreement)["total_spent"] == 0


def test_a_line_spent_beyond_the_tolerance_is_flagged_within_it_is_not(
    agreement, officer, draft_request, association_admin
):
    assert agreement.programme.overspend_tolerance == Decimal("0.10")
    trainers, venue, materials = _set(agreement, officer)
    services.tranche_request_update(
        request=draft_request,
        by=association_admin,
        expense_lines=[
            # 55 000 of 50 000: 10% over, within the tolerance.
            {"budget_line": venue.pk, "label": "Salle", "amount": "55000", "receipt": pdf_file()},
            # 33 001 of 30 000: beyond it.
            {
                "budget_line": materials.pk,
                "label": "Kits",
                "amount": "33001",
                "receipt": pdf_file(),
            },
        ],
    )
    budget = agreement_budget(agreement=agreement, request=draft_request)
    rows = {row.line.category: row for row in budget["rows"]}
    assert rows["venue"].over and not rows["venue"].overspent
    assert rows["materials"].overspent
    assert rows["materials"].remaining == Decimal("-3001")
    assert [row.line.category for row in budget["overspent"]] == ["materials"]


def test_the_officer_sets_the_budget_through_the_page(client, agreement, officer):
    client.force_login(officer)
    response = client.get(reverse("grants:budget_edit", args=[agreement.pk]))
    assert response.status_code == 200
    response = _post(
        client,
        agreement,
        [
            {"category": "trainers", "label": "", "amount": "150000"},
            {"category": "venue", "label": "", "amount": "50000"},
            {"category": "", "label": "", "amount": ""},
        ],
    )
    assert response.status_code == 302
    assert agreement.budget_lines.count() == 2


def test_the_page_refuses_a_budget_that_does_not_add_up_and_writes_nothing(
    client, agreement, officer
):
    client.force_login(officer)
    with translation.override("fr"):
        response = _post(client, agreement, [{"category": "venue", "label": "", "amount": "1000"}])
    assert response.status_code == 400
    assert "montant" in response.content.decode() or "amount" in response.content.decode()
    assert not agreement.budget_lines.exists()
    response = _post(client, agreement, [{"category": "venue", "label": "", "amount": "-5"}])
    assert response.status_code == 200
    assert response.context["formset"].errors[0]["amount"]
    assert not agreement.budget_lines.exists()


def test_the_budget_page_is_refused_to_other_roles(
    client, agreement, association_admin, finance, other_association_admin
):
    url = reverse("grants:budget_edit", args=[agreement.pk])
    for user in (association_admin, finance):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert (
            _post(client, agreement, [{"category": "venue", "amount": "200000"}]).status_code == 403
        )
    client.force_login(other_association_admin)
    assert client.get(url).status_code == 404
    assert not agreement.budget_lines.exists()


def test_the_agreement_page_shows_the_budget_and_only_the_officer_may_edit_it(
    client, agreement, officer, association_admin, tranches
):
    _set(agreement, officer)
    edit = reverse("grants:budget_edit", args=[agreement.pk])
    client.force_login(officer)
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert 'id="budget-title"' in content and edit in content
    client.force_login(association_admin)
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert 'id="budget-title"' in content and edit not in content


def test_the_demo_gives_every_agreement_a_budget_once_and_puts_expenses_on_it(
    agreement, other_agreement, draft_request, association_admin
):
    from demo.grants.budgets import seed_budgets

    other_agreement.amount = Decimal("333333.33")
    other_agreement.save()
    fill_request_line = {
        "category": "venue",
        "label": "Salle",
        "amount": "10",
        "receipt": pdf_file(),
    }
    services.tranche_request_update(
        request=draft_request, by=association_admin, expense_lines=[fill_request_line]
    )
    assert seed_budgets() == 2
    for each in (agreement, other_agreement):
        total = sum(line.amount for line in each.budget_lines.all())
        assert total == each.amount
    assert draft_request.expense_lines.get().budget_line.category == "venue"
    assert seed_budgets() == 0
    assert BudgetLine.objects.filter(agreement=agreement).count() == 8


def test_a_budget_in_use_is_shown_without_its_form(
    client, agreement, officer, draft_request, association_admin
):
    (line, *_rest) = _set(agreement, officer)
    _expense(draft_request, association_admin, line, "100")
    client.force_login(officer)
    response = client.get(reverse("grants:budget_edit", args=[agreement.pk]))
    assert response.status_code == 200
    assert 'name="budget-TOTAL_FORMS"' not in response.content.decode()
    response = _post(client, agreement, [{"category": "venue", "label": "", "amount": "200000"}])
    assert response.status_code == 400
    assert agreement.budget_lines.count() == 3
