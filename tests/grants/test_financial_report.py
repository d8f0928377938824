"""The financial report against the budget: each expense on a budget line, with its receipt's
date and number; the request pages show budget, spent to date and remaining per line."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from grants import services
from grants.models import DocumentType, ExpenseLine, ReportSection, TrancheRequest
from grants.services.budgets import budget_lines_set
from tests.factories.grants import AgreementFactory

from .helpers import fill_request, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(agreement, officer):
    return budget_lines_set(
        agreement=agreement,
        lines=[
            {"category": "trainers", "label": "", "amount": "150000"},
            {"category": "venue", "label": "", "amount": "50000"},
        ],
        by=officer,
    )


def _line(target, **extra):
    return {
        "budget_line": target.pk if target else None,
        "label": "Formateurs",
        "amount": "1000",
        "receipt": pdf_file(),
        "receipt_date": datetime.date(2024, 3, 1),
        "receipt_number": "FA-2024-12",
        **extra,
    }


def _update(request, by, *lines):
    return services.tranche_request_update(request=request, by=by, expense_lines=list(lines))


def _complete(request, by, line):
    """A draft ready to submit: every section, ``line`` as its one expense, the documents."""
    services.tranche_request_update(
        request=request,
        by=by,
        sections={kind: f"Text for {kind}" for kind in ReportSection.Kind.values},
        expense_lines=[line],
        documents=[
            (DocumentType.ATTENDANCE_SHEETS, pdf_file()),
            (DocumentType.INVOICES, pdf_file()),
        ],
    )


def test_an_expense_is_recorded_against_its_budget_line_with_its_receipt(
    budget, draft_request, association_admin
):
    _update(draft_request, association_admin, _line(budget[0]))
    line = draft_request.expense_lines.get()
    assert line.budget_line == budget[0]
    assert line.category == "trainers"  # follows from the budget line
    assert (line.receipt_date, line.receipt_number) == (datetime.date(2024, 3, 1), "FA-2024-12")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"budget_line": None}, "Choose the budget line"),
        ({"receipt_date": datetime.date(2023, 1, 1)}, "before the agreement starts"),
        ({"receipt_date": timezone.localdate() + datetime.timedelta(days=1)}, "future"),
        ({"amount": "-10"}, "positive"),
        ({"amount": "0"}, "positive"),
        ({"amount": "dix"}, "amount in dirhams"),
    ],
)
def test_a_bad_expense_is_refused_and_nothing_is_written(
    budget, draft_request, association_admin, change, message
):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _update(draft_request, association_admin, _line(budget[1]), _line(budget[0], **change))
    assert message in " ".join(error.value.messages)
    assert not draft_request.expense_lines.exists()


def test_a_budget_line_of_another_agreement_is_refused(
    budget, draft_request, association_admin, programme, officer
):
    other = AgreementFactory(programme=programme, amount=Decimal("100"))
    (foreign,) = budget_lines_set(
        agreement=other, lines=[{"category": "venue", "amount": "100"}], by=officer
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _update(draft_request, association_admin, _line(foreign))
    assert "not one of the agreement's" in error.value.messages[0]
    assert not ExpenseLine.objects.exists()


def test_without_a_budget_the_report_stays_as_it_was(draft_request, association_admin):
    fill_request(draft_request, association_admin)
    line = draft_request.expense_lines.get()
    assert line.budget_line is None and line.category == "venue"


def test_a_new_version_keeps_each_expenses_budget_line_and_receipt(
    budget, draft_request, association_admin, officer
):
    _complete(draft_request, association_admin, _line(budget[1]))
    services.tranche_request_submit(request=draft_request, by=association_admin)
    TrancheRequest.objects.filter(pk=draft_request.pk).update(
        status=TrancheRequest.Status.CHANGES_REQUESTED
    )
    new = services.tranche_request_create(tranche=draft_request.tranche, by=association_admin)
    copied = new.expense_lines.get()
    assert (copied.budget_line, copied.receipt_number) == (budget[1], "FA-2024-12")
    assert copied.receipt_date == datetime.date(2024, 3, 1)


def test_the_total_within_the_previous_tranche_still_blocks_the_submission(
    budget, draft_request, association_admin
):
    # The first tranche is 100 000: 120 000 spent is refused, whatever the budget says.
    _complete(draft_request, association_admin, _line(budget[0], amount="120000"))
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=draft_request, by=association_admin)
    assert "expenses_within_tranche" in [e.code for e in error.value.error_list]


def _form_data(request, **line):
    data = {
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "action": "save",
    }
    data.update({f"lines-0-{k}": v for k, v in line.items()})
    return data


def test_the_association_reports_against_the_budget_through_the_form(
    client, budget, draft_request, association_admin
):
    client.force_login(association_admin)
    url = reverse("grants:request_edit", args=[draft_request.pk])
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="lines-0-budget_line"' in content and 'name="lines-0-receipt_number"' in content
    response = client.post(
        url,
        _form_data(
            draft_request,
            budget_line=str(budget[1].pk),
            label="Salle",
            amount="2500",
            receipt=pdf_file(),
            receipt_date="2024-02-10",
            receipt_number="R-77",
        ),
    )
    assert response.status_code == 302
    line = draft_request.expense_lines.get()
    assert (line.budget_line, line.category, line.receipt_number) == (budget[1], "venue", "R-77")


def test_the_form_refuses_an_expense_without_budget_line_or_with_a_future_receipt(
    client, budget, draft_request, association_admin
):
    client.force_login(association_admin)
    url = reverse("grants:request_edit", args=[draft_request.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("fr"):
        response = client.post(
            url,
            _form_data(
                draft_request,
                budget_line="",
                label="Salle",
                amount="2500",
                receipt_date=tomorrow.isoformat(),
            ),
        )
    assert response.status_code == 200
    errors = response.context["line_formset"].errors[0]
    assert "budget_line" in errors and "receipt_date" in errors
    assert not draft_request.expense_lines.exists()


def test_the_request_pages_show_budget_against_actuals_with_overspent_lines_flagged(
    client, budget, draft_request, association_admin, officer
):
    # 60 000 of the venue's 50 000: beyond the 10% tolerated (and within the first tranche).
    _complete(draft_request, association_admin, _line(budget[1], amount="60000"))
    services.tranche_request_submit(request=draft_request, by=association_admin)
    client.force_login(officer)
    with translation.override("en"):
        for name in ("request_detail", "request_review"):
            response = client.get(reverse(f"grants:{name}", args=[draft_request.pk]))
            content = response.content.decode()
            assert response.status_code == 200, name
            assert "Budget against actuals" in content
            assert "grants-budget--overspent" in content
            assert "Overspent" in content
            assert "FA-2024-12" in content  # the receipt's number beside the expense
