"""The grants pages: scoping, roles, the request form, review, payment and file downloads."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.storage import get_private_storage
from grants import services
from grants.checklist import checklist_items, judgement_codes
from grants.models import ReportSection, Tranche, TrancheRequest

from .helpers import PDF, fill_request, passing_checklist, pdf_file

pytestmark = pytest.mark.django_db
R = TrancheRequest.Status


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(f"grants:{name}", args=args))


def test_anonymous_visitors_are_sent_to_log_in(client, agreement):
    response = client.get(reverse("grants:agreement_detail", args=[agreement.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_list_is_scoped_by_role(
    client, agreement, other_agreement, association_admin, officer, auditor, finance
):
    response = _get(client, association_admin, "agreement_list")
    assert list(response.context["page_obj"]) == [agreement]
    for user in (officer, auditor, finance):
        response = _get(client, user, "agreement_list")
        assert set(response.context["page_obj"]) == {agreement, other_agreement}


def test_staff_of_another_funder_see_nothing(client, agreement):
    from tests.factories.organisations import OrganisationFactory, member_of

    stranger = member_of(OrganisationFactory(funder=True), "officer")
    assert list(_get(client, stranger, "agreement_list").context["page_obj"]) == []
    assert _get(client, stranger, "agreement_detail", agreement.pk).status_code == 404


def test_association_a_never_sees_association_bs_agreement(
    client, other_agreement, association_admin, other_association_admin
):
    tranches = services.agreement_tranches_create(agreement=other_agreement)
    response = _get(client, association_admin, "agreement_detail", other_agreement.pk)
    assert response.status_code == 404
    assert _get(client, association_admin, "tranche_payment", tranches[0].pk).status_code == 404
    client.force_login(association_admin)
    response = client.post(reverse("grants:request_open", args=[tranches[1].pk]))
    assert response.status_code == 404


def test_association_a_cannot_open_bs_request_or_files(
    client, submitted_request, other_association_admin
):
    document = submitted_request.documents.first()
    line = submitted_request.expense_lines.first()
    for name, pk in [
        ("request_detail", submitted_request.pk),
        ("request_edit", submitted_request.pk),
        ("request_review", submitted_request.pk),
        ("document_download", document.pk),
        ("receipt_download", line.pk),
    ]:
        assert _get(client, other_association_admin, name, pk).status_code == 404, name


def test_the_rib_is_masked_except_for_finance(
    client, tranches, agreement, association_admin, officer, finance
):
    for user in (association_admin, officer):
        content = _get(client, user, "agreement_detail", agreement.pk).content.decode()
        assert agreement.rib not in content
        assert f"•••• •••• {agreement.rib[-4:]}" in content
    # Finance sees it masked too, with the button that shows it in full (one logged display:
    # tests/grants/test_bank_details.py).
    content = _get(client, finance, "agreement_detail", agreement.pk).content.decode()
    assert agreement.rib not in content
    assert reverse("grants:bank_details_reveal", args=[agreement.pk]) in content


def test_the_agreement_page_shows_the_readiness_of_tranche_2(
    client, draft_request, agreement, association_admin
):
    response = _get(client, association_admin, "agreement_detail", agreement.pk)
    assert response.status_code == 200
    codes = {c.code: c.met for c in response.context["conditions"]}
    assert codes["previous_tranche_paid"] is True
    assert codes["narrative_complete"] is False
    assert response.context["blocking_count"] == 7
    assert response.context["ready_count"] == 2


def test_the_association_fills_and_submits_its_request_through_the_form(
    client, paid_tranches, association_admin
):
    client.force_login(association_admin)
    response = client.post(reverse("grants:request_open", args=[paid_tranches[1].pk]))
    request = TrancheRequest.objects.get()
    assert response["Location"] == reverse("grants:request_edit", args=[request.pk])
    assert client.get(response["Location"]).status_code == 200
    data = {
        "sections-TOTAL_FORMS": 4,
        "sections-INITIAL_FORMS": 4,
        "lines-TOTAL_FORMS": 1,
        "lines-INITIAL_FORMS": 0,
        "lines-0-category": "venue",
        "lines-0-label": "Salle",
        "lines-0-amount": "1500.50",
        "lines-0-receipt": pdf_file("receipt.pdf"),
        "documents-TOTAL_FORMS": 2,
        "documents-INITIAL_FORMS": 0,
        "documents-0-document_type": "attendance_sheets",
        "documents-0-file": pdf_file("sheets.pdf"),
        "documents-1-document_type": "invoices",
        "documents-1-file": pdf_file("invoices.pdf"),
        "action": "submit",
    }
    for index, kind in enumerate(ReportSection.Kind.values):
        data[f"sections-{index}-kind"] = kind
        data[f"sections-{index}-text"] = f"About {kind}"
    response = client.post(reverse("grants:request_edit", args=[request.pk]), data)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == R.SUBMITTED
    assert request.expense_lines.get().amount == pytest.approx(1500.50)
    assert request.documents.count() == 2
    # The submitted version is read-only: the form sends the association to the detail page.
    response = client.get(reverse("grants:request_edit", args=[request.pk]))
    assert response["Location"] == reverse("grants:request_detail", args=[request.pk])


def test_a_disguised_file_is_refused_by_the_form(client, draft_request, association_admin):
    client.force_login(association_admin)
    data = {
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        "lines-TOTAL_FORMS": 0,
        "lines-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 1,
        "documents-INITIAL_FORMS": 0,
        "documents-0-document_type": "invoices",
        "documents-0-file": pdf_file("invoice.pdf", b"MZ\x90 an executable"),
        "action": "save",
    }
    response = client.post(reverse("grants:request_edit", args=[draft_request.pk]), data)
    assert response.status_code == 200
    assert response.context["document_formset"].forms[0].errors["file"]
    assert not draft_request.documents.exists()


def test_only_the_association_admin_edits(client, draft_request, trainer, officer, auditor):
    for user in (trainer, officer, auditor):
        assert _get(client, user, "request_edit", draft_request.pk).status_code == 403


def test_the_officer_approves_on_the_review_page(client, submitted_request, officer):
    client.force_login(officer)
    url = reverse("grants:request_review", args=[submitted_request.pk])
    assert client.get(url).status_code == 200
    data = {f"item_{code}": "yes" for code in judgement_codes()}
    # The figures do not meet every item: each unmet one is overridden, with its reason.
    for item in checklist_items(submitted_request):
        if item.is_figure and not item.met:
            data[f"override_{item.code}"] = "on"
            data[f"justification_{item.code}"] = "Checked on site."
    data["decision"] = "approve"
    response = client.post(url, data)
    assert response.status_code == 302
    tranche = Tranche.objects.get(pk=submitted_request.tranche_id)
    assert (tranche.status, tranche.approved_by) == (Tranche.Status.APPROVED, officer)


def test_an_unanswered_checklist_is_shown_again(client, submitted_request, officer):
    client.force_login(officer)
    url = reverse("grants:request_review", args=[submitted_request.pk])
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert TrancheRequest.objects.get(pk=submitted_request.pk).status == R.SUBMITTED


@pytest.mark.parametrize("role", ["association_admin", "finance", "auditor"])
def test_only_officers_review(client, submitted_request, role, request):
    user = request.getfixturevalue(role)
    assert _get(client, user, "request_review", submitted_request.pk).status_code == 403


def test_finance_records_the_payment_and_others_may_not(
    client, tranches, finance, officer, association_admin
):
    url = reverse("grants:tranche_payment", args=[tranches[0].pk])
    for user in (officer, association_admin):
        client.force_login(user)
        assert client.post(url, {"paid_on": "2024-01-10", "reference": "V"}).status_code == 403
    client.force_login(finance)
    assert client.get(url).status_code == 200
    response = client.post(url, {"paid_on": "2024-01-10", "reference": "VIR-1"})
    assert response.status_code == 302
    tranche = Tranche.objects.get(pk=tranches[0].pk)
    assert (tranche.status, tranche.paid_on) == (Tranche.Status.PAID, datetime.date(2024, 1, 10))


def test_the_approver_is_refused_on_the_payment_page(
    client, submitted_request, officer_and_finance, finance
):
    from grants.services.finance import tranche_request_finance_clear

    services.tranche_request_review(
        request=submitted_request,
        by=officer_and_finance,
        checklist=passing_checklist(submitted_request.tranche.agreement.programme),
        decision="approve",
    )
    tranche_request_finance_clear(request=submitted_request, by=finance)
    client.force_login(officer_and_finance)
    url = reverse("grants:tranche_payment", args=[submitted_request.tranche_id])
    response = client.post(url, {"paid_on": str(timezone.localdate()), "reference": "VIR-2"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Tranche.objects.get(pk=submitted_request.tranche_id).status == Tranche.Status.CLEARED


def test_files_are_downloaded_through_the_permission_check(
    client, submitted_request, auditor, association_admin, trainer
):
    document = submitted_request.documents.first()
    for user in (auditor, association_admin):
        response = _get(client, user, "document_download", document.pk)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    line = submitted_request.expense_lines.first()
    assert _get(client, trainer, "receipt_download", line.pk).status_code == 200
    assert str(document.file.path).startswith(str(get_private_storage().location))
    assert not str(document.file.path).startswith(str(settings.MEDIA_ROOT) + "/")


def test_a_document_is_removed_from_a_draft(client, draft_request, association_admin):
    fill_request(draft_request, association_admin)
    document = draft_request.documents.first()
    client.force_login(association_admin)
    response = client.post(reverse("grants:document_remove", args=[document.pk]))
    assert response.status_code == 302
    assert not draft_request.documents.filter(pk=document.pk).exists()


# --- Query counts ----------------------------------------------------------------------------


def test_list_queries_are_bounded(client, finance, programme, django_assert_max_num_queries):
    from tests.factories.grants import AgreementFactory

    for _ in range(5):
        services.agreement_tranches_create(agreement=AgreementFactory(programme=programme))
    client.force_login(finance)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("grants:agreement_list")).status_code == 200


def test_detail_queries_are_bounded(
    client, submitted_request, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    url = reverse("grants:agreement_detail", args=[submitted_request.tranche.agreement_id])
    # The live evidence costs a fixed number of queries on top (see grants/evidence.py).
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_request_pages_queries_are_bounded(
    client, submitted_request, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    # The detail page checks the snapshot's signature (the published keys) and the chains; the
    # review page adds the live evidence, the anomaly flags, the checklist's sample and the
    # sampling section.
    for name, queries in (("request_detail", 18), ("request_review", 40)):
        with django_assert_max_num_queries(queries):
            url = reverse(f"grants:{name}", args=[submitted_request.pk])
            assert client.get(url).status_code == 200


def test_edit_page_queries_are_bounded(
    client, draft_request, association_admin, django_assert_max_num_queries
):
    fill_request(draft_request, association_admin)
    client.force_login(association_admin)
    with django_assert_max_num_queries(30):
        assert (
            client.get(reverse("grants:request_edit", args=[draft_request.pk])).status_code == 200
        )


def test_payment_and_download_queries_are_bounded(
    client, submitted_request, finance, django_assert_max_num_queries
):
    client.force_login(finance)
    tranche = submitted_request.tranche.agreement.tranches.first()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("grants:tranche_payment", args=[tranche.pk])).status_code == 200
    document = submitted_request.documents.first()
    with django_assert_max_num_queries(10):
        url = reverse("grants:document_download", args=[document.pk])
        assert client.get(url).status_code == 200


def test_post_views_queries_are_bounded(
    client, paid_tranches, association_admin, django_assert_max_num_queries
):
    client.force_login(association_admin)
    with django_assert_max_num_queries(25):
        response = client.post(reverse("grants:request_open", args=[paid_tranches[1].pk]))
        assert response.status_code == 302
    request = TrancheRequest.objects.get()
    fill_request(request, association_admin)
    document = request.documents.first()
    with django_assert_max_num_queries(15):
        response = client.post(reverse("grants:document_remove", args=[document.pk]))
        assert response.status_code == 302
