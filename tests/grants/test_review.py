"""The officer's review: checklist from the evidence rules, three decisions, audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grants import services
from grants.checklist import checklist_items, figure_codes, judgement_codes
from grants.models import AuditLog, Tranche, TrancheRequest, TrancheReview

from .helpers import passing_checklist

pytestmark = pytest.mark.django_db
R = TrancheRequest.Status
T = Tranche.Status


def _review(request, by, decision="approve", comment="", checklist=None):
    programme = request.tranche.agreement.programme
    return services.tranche_request_review(
        request=request,
        by=by,
        checklist=passing_checklist(programme) if checklist is None else checklist,
        decision=decision,
        comment=comment,
    )


def test_the_checklist_follows_the_evidence_rules(programme, submitted_request):
    codes = [item.code for item in checklist_items(submitted_request)]
    assert codes[:4] == [
        "target_sessions",
        "target_beneficiaries",
        "target_member_associations",
        "target_certificates",
    ]
    assert codes == [*figure_codes(programme), *judgement_codes()]
    assert "document_attendance_sheets" in codes
    assert "document_bank_statement" not in codes
    programme.required_documents = ["bank_statement"]
    assert "document_bank_statement" in figure_codes(programme)


def test_approval_moves_the_tranche_to_approved_with_the_approver(submitted_request, officer):
    review = _review(submitted_request, officer)
    request = TrancheRequest.objects.get(pk=submitted_request.pk)
    tranche = request.tranche
    assert review.decision == TrancheReview.Decision.APPROVE
    assert request.status == R.APPROVED
    assert (tranche.status, tranche.approved_by) == (T.APPROVED, officer)
    actions = list(
        AuditLog.objects.filter(object_type="grants.trancherequest").values_list(
            "action", flat=True
        )
    )
    assert actions[-2:] == ["tranche_request.review_started", "tranche_request.approve"]


def test_approved_tranche_is_paid_by_someone_else(submitted_request, officer_and_finance, finance):
    from grants.services.finance import tranche_request_finance_clear

    _review(submitted_request, officer_and_finance)
    tranche_request_finance_clear(request=submitted_request, by=finance)
    tranche = Tranche.objects.get(pk=submitted_request.tranche_id)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.tranche_payment_record(
            tranche=tranche, by=officer_and_finance, paid_on=today, reference="V"
        )
    assert error.value.code == "approver_cannot_pay"
    services.tranche_payment_record(tranche=tranche, by=finance, paid_on=today, reference="VIR-T2")
    assert Tranche.objects.get(pk=tranche.pk).status == T.PAID


def test_request_changes_sends_it_back_with_the_comment(submitted_request, officer):
    review = _review(submitted_request, officer, "request_changes", "Missing March receipts.")
    assert review.comment == "Missing March receipts."
    assert TrancheRequest.objects.get(pk=submitted_request.pk).status == R.CHANGES_REQUESTED
    assert Tranche.objects.get(pk=submitted_request.tranche_id).status == T.CHANGES_REQUESTED


def test_reject_ends_the_tranche(submitted_request, officer, association_admin):
    _review(submitted_request, officer, "reject", "Activities not carried out.")
    assert TrancheRequest.objects.get(pk=submitted_request.pk).status == R.REJECTED
    assert Tranche.objects.get(pk=submitted_request.tranche_id).status == T.REJECTED
    with pytest.raises(ValidationError):
        services.tranche_request_create(tranche=submitted_request.tranche, by=association_admin)


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_sending_back_or_rejecting_needs_a_comment(submitted_request, officer, decision):
    with pytest.raises(ValidationError) as error:
        _review(submitted_request, officer, decision, "  ")
    assert error.value.code == "comment_required"


def test_every_checklist_item_must_be_answered(submitted_request, officer):
    checklist = passing_checklist(submitted_request.tranche.agreement.programme)
    checklist.pop("financial_report")
    with pytest.raises(ValidationError) as error:
        _review(submitted_request, officer, checklist=checklist)
    assert error.value.code == "checklist_incomplete"
    assert TrancheRequest.objects.get(pk=submitted_request.pk).status == R.SUBMITTED


def test_unknown_or_malformed_checklist_answers_are_refused(submitted_request, officer):
    checklist = passing_checklist(submitted_request.tranche.agreement.programme)
    with pytest.raises(ValidationError) as error:
        _review(submitted_request, officer, checklist={**checklist, "made_up": (True, "")})
    assert error.value.code == "checklist_unknown_item"
    with pytest.raises(ValidationError) as error:
        _review(submitted_request, officer, checklist={**checklist, "financial_report": "yes"})
    assert error.value.code == "checklist_invalid"


def test_approval_needs_every_item_passed(submitted_request, officer):
    checklist = passing_checklist(submitted_request.tranche.agreement.programme)
    checklist["target_sessions"] = (False, "2 of 10 sessions")
    with pytest.raises(ValidationError) as error:
        _review(submitted_request, officer, checklist=checklist)
    assert error.value.code == "checklist_failed"
    _review(submitted_request, officer, "request_changes", "Hold the missing sessions.", checklist)


def test_only_the_funders_officer_reviews(
    submitted_request, finance, auditor, association_admin, trainer
):
    for user in (finance, auditor, association_admin, trainer):
        with pytest.raises(PermissionDenied):
            _review(submitted_request, user)
    assert TrancheRequest.objects.get(pk=submitted_request.pk).status == R.SUBMITTED


def test_a_draft_cannot_be_reviewed(draft_request, officer):
    with pytest.raises(ValidationError) as error:
        _review(draft_request, officer)
    assert error.value.code == "not_submitted"


def test_a_decided_request_cannot_be_decided_again(submitted_request, officer):
    _review(submitted_request, officer)
    with pytest.raises(ValidationError):
        _review(submitted_request, officer, "reject", "changed my mind")
    assert TrancheReview.objects.count() == 1
