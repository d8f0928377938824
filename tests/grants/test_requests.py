"""Tranche requests: drafting, validation, submission, frozen evidence, versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.storage import get_private_storage
from grants import selectors, services
from grants.models import (
    AuditLog,
    SupportingDocument,
    Tranche,
    TrancheRequest,
    snapshot_sha256,
)

from .helpers import JPEG, PDF, PNG, fill_request, passing_checklist, pdf_file

pytestmark = pytest.mark.django_db
R = TrancheRequest.Status


def _codes(error):
    return {e.code for e in error.value.error_list}


def test_only_an_admin_of_the_association_opens_a_request(
    paid_tranches, trainer, officer, other_association_admin
):
    for user in (trainer, officer, other_association_admin):
        with pytest.raises(PermissionDenied):
            services.tranche_request_create(tranche=paid_tranches[1], by=user)


def test_a_tranche_paid_on_signature_needs_no_request(paid_tranches, association_admin):
    with pytest.raises(ValidationError) as error:
        services.tranche_request_create(tranche=paid_tranches[0], by=association_admin)
    assert error.value.code == "no_request"


def test_a_complete_request_is_submitted_with_its_evidence_frozen(draft_request, association_admin):
    fill_request(draft_request, association_admin)
    request = services.tranche_request_submit(request=draft_request, by=association_admin)
    request = TrancheRequest.objects.get(pk=request.pk)
    assert request.status == R.SUBMITTED
    assert request.submitted_by == association_admin
    assert request.evidence_snapshot["agreement"] == request.tranche.agreement.reference
    assert request.evidence_snapshot["progress"]["sessions"]["target"] == 10
    assert request.evidence_sha256 == snapshot_sha256(request.evidence_snapshot)
    assert request.snapshot_is_intact()
    assert request.tranche.status == Tranche.Status.REQUESTED
    assert AuditLog.objects.filter(action="tranche_request.submitted").count() == 1


def test_submission_is_refused_while_tranche_1_is_unpaid(tranches, association_admin):
    request = services.tranche_request_create(tranche=tranches[1], by=association_admin)
    fill_request(request, association_admin)
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=request, by=association_admin)
    assert _codes(error) == {"previous_tranche_paid"}
    assert TrancheRequest.objects.get(pk=request.pk).status == R.DRAFT


def test_submission_is_refused_when_required_documents_are_missing(
    draft_request, association_admin
):
    fill_request(draft_request, association_admin, documents=["attendance_sheets"])
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=draft_request, by=association_admin)
    assert _codes(error) == {"document_invoices"}


def test_an_empty_draft_lists_every_missing_piece(draft_request, association_admin):
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=draft_request, by=association_admin)
    assert _codes(error) == {
        "narrative_complete",
        "expenses_present",
        "expenses_valid",
        "document_attendance_sheets",
        "document_invoices",
    }


def test_expenses_over_the_first_tranche_are_refused(draft_request, association_admin):
    fill_request(draft_request, association_admin, amount="100000.01")
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=draft_request, by=association_admin)
    assert _codes(error) == {"expenses_within_tranche"}


def test_the_report_says_what_share_of_tranche_1_was_spent(draft_request, association_admin):
    fill_request(draft_request, association_admin, amount="25000")
    summary = selectors.expense_summary(
        lines=draft_request.expense_lines.all(),
        available=draft_request.tranche.agreement.tranches.first().amount,
    )
    assert summary["share_spent"] == 25


def test_an_expense_line_without_receipt_blocks_submission(draft_request, association_admin):
    fill_request(draft_request, association_admin)
    services.tranche_request_update(
        request=draft_request,
        by=association_admin,
        expense_lines=[{"category": "catering", "label": "Pause café", "amount": "50"}],
    )
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=draft_request, by=association_admin)
    assert _codes(error) == {"expenses_valid"}


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-10", "amount_not_positive"),
        ("0", "amount_not_positive"),
        ("abc", "amount_invalid"),
        ("", "amount_invalid"),
        (None, "amount_invalid"),
        ("1.234", "amount_invalid"),
        ("NaN", "amount_not_positive"),
    ],
)
def test_negative_zero_or_non_numeric_amounts_are_refused(
    draft_request, association_admin, amount, code
):
    with pytest.raises(ValidationError) as error:
        services.tranche_request_update(
            request=draft_request,
            by=association_admin,
            expense_lines=[{"category": "venue", "label": "Salle", "amount": amount}],
        )
    assert error.value.code == code
    assert not draft_request.expense_lines.exists()


def test_an_unknown_budget_category_is_refused(draft_request, association_admin):
    with pytest.raises(ValidationError):
        services.tranche_request_update(
            request=draft_request,
            by=association_admin,
            expense_lines=[{"category": "yacht", "label": "X", "amount": "10"}],
        )


def test_double_submission_does_nothing_and_says_so(submitted_request, association_admin):
    entries = AuditLog.objects.count()
    sha = submitted_request.evidence_sha256
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=submitted_request, by=association_admin)
    assert error.value.code == "already_submitted"
    assert AuditLog.objects.count() == entries
    fresh = TrancheRequest.objects.get(pk=submitted_request.pk)
    assert (fresh.status, fresh.evidence_sha256) == (R.SUBMITTED, sha)


def test_a_submitted_request_cannot_be_edited(submitted_request, association_admin):
    with pytest.raises(ValidationError) as error:
        services.tranche_request_update(
            request=submitted_request, by=association_admin, sections={"results": "changed"}
        )
    assert error.value.code == "not_editable"
    with pytest.raises(ValidationError):
        services.tranche_request_document_add(
            request=submitted_request,
            by=association_admin,
            document_type="other",
            upload=pdf_file(),
        )
    with pytest.raises(ValidationError):
        services.tranche_request_document_remove(
            document=submitted_request.documents.first(), by=association_admin
        )


def test_a_document_row_is_never_updated(submitted_request):
    document = submitted_request.documents.first()
    document.original_name = "forged.pdf"
    with pytest.raises(ValidationError):
        document.save()


def test_the_frozen_snapshot_cannot_change(submitted_request):
    request = TrancheRequest.objects.get(pk=submitted_request.pk)
    request.evidence_snapshot["figures"]["sessions"] = 99
    with pytest.raises(ValidationError) as error:
        request.save()
    assert error.value.code == "snapshot_frozen"
    assert TrancheRequest.objects.get(pk=request.pk).snapshot_is_intact()


def test_bulk_updates_cannot_reach_the_snapshot_or_the_documents(submitted_request):
    requests = TrancheRequest.objects.filter(pk=submitted_request.pk)
    with pytest.raises(ValidationError):
        requests.update(evidence_snapshot={})
    with pytest.raises(ValidationError):
        requests.update(evidence_sha256="0" * 64)
    with pytest.raises(ValidationError):
        submitted_request.documents.update(original_name="forged.pdf")
    assert TrancheRequest.objects.get(pk=submitted_request.pk).snapshot_is_intact()


def test_the_snapshot_does_not_follow_later_changes(submitted_request):
    agreement = submitted_request.tranche.agreement
    agreement.target_sessions = 50
    agreement.save()
    request = TrancheRequest.objects.get(pk=submitted_request.pk)
    assert request.evidence_snapshot["progress"]["sessions"]["target"] == 10
    assert selectors.agreement_evidence(agreement=agreement)["progress"]["sessions"]["target"] == 50


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"MZ\x90\x00 not a pdf", "file_type"),
        (b"<html>%PDF-", "file_type"),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "file_too_large"),
    ],
)
def test_uploads_are_checked_by_their_first_bytes_and_size(
    draft_request, association_admin, content, code
):
    with pytest.raises(ValidationError) as error:
        services.tranche_request_document_add(
            request=draft_request,
            by=association_admin,
            document_type="other",
            upload=pdf_file("looks-fine.pdf", content),
        )
    assert error.value.code == code


def test_png_and_jpeg_are_accepted_and_stored_privately(draft_request, association_admin):
    png = services.tranche_request_document_add(
        request=draft_request,
        by=association_admin,
        document_type="activity_photos",
        upload=pdf_file("photo.bin", PNG),
    )
    jpeg = services.tranche_request_document_add(
        request=draft_request,
        by=association_admin,
        document_type="activity_photos",
        upload=pdf_file("photo.jpg", JPEG),
    )
    assert (png.content_type, jpeg.content_type) == ("image/png", "image/jpeg")
    assert png.file.path.startswith(str(get_private_storage().location))
    assert len(png.sha256) == 64


def test_after_changes_are_requested_a_new_version_keeps_the_old_one(
    submitted_request, association_admin, officer
):
    services.tranche_request_review(
        request=submitted_request,
        by=officer,
        checklist=passing_checklist(submitted_request.tranche.agreement.programme),
        decision="request_changes",
        comment="Add the signed sheets of March.",
    )
    second = services.tranche_request_create(
        tranche=submitted_request.tranche, by=association_admin
    )
    assert (second.version, second.previous_id, second.status) == (2, submitted_request.pk, R.DRAFT)
    assert second.documents.count() == submitted_request.documents.count()
    assert (
        second.expense_lines.get().receipt.name
        == submitted_request.expense_lines.get().receipt.name
    )
    services.tranche_request_document_remove(
        document=second.documents.first(), by=association_admin
    )
    services.tranche_request_document_add(
        request=second,
        by=association_admin,
        document_type="attendance_sheets",
        upload=pdf_file(content=PDF + b"v2"),
    )
    second = services.tranche_request_submit(request=second, by=association_admin)
    assert second.status == R.RESUBMITTED
    old = TrancheRequest.objects.get(pk=submitted_request.pk)
    assert old.status == R.CHANGES_REQUESTED
    assert old.documents.count() == 2
    assert SupportingDocument.objects.filter(request__tranche=old.tranche).count() == 4
    assert old.tranche.requests.count() == 2
    assert Tranche.objects.get(pk=old.tranche_id).status == Tranche.Status.REQUESTED


def test_a_second_request_while_one_is_in_review_is_refused(submitted_request, association_admin):
    with pytest.raises(ValidationError) as error:
        services.tranche_request_create(tranche=submitted_request.tranche, by=association_admin)
    assert error.value.code == "request_exists"


def test_opening_the_draft_twice_returns_the_same_draft(draft_request, association_admin):
    again = services.tranche_request_create(tranche=draft_request.tranche, by=association_admin)
    assert again.pk == draft_request.pk
