import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from calls import services
from calls.models import Application
from grants.models import AuditLog
from notifications.models import Notification
from organisations.models import Membership
from tests.factories.calls import application_for, open_call, pdf_upload
from tests.factories.organisations import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_a_draft_is_saved_over_several_sittings(call):
    application = application_for(call, complete=False)
    services.application_save(
        application=application, by=application.admin, project_title_fr="Premier jet"
    )
    question = call.sections.first().questions.first()
    services.application_save(
        application=application, by=application.admin, answers={question.key: "Résumé"}
    )
    application.refresh_from_db()
    assert application.project_title_fr == "Premier jet"
    assert application.answers == {question.key: "Résumé"}
    assert application.status == Application.Status.DRAFT


def test_what_is_missing_is_listed_and_blocks_submission(call):
    application = application_for(call, complete=False)
    missing = services.missing_items(application)
    assert any("Statuts" in item or "القانون" in item for item in missing)
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=application.admin)
    assert error.value.code == "incomplete"
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_submission_records_its_sha256_and_emails_a_receipt(call):
    application = application_for(call, submit=True)
    assert application.status == Application.Status.SUBMITTED
    assert len(application.submission_sha256) == 64
    receipt = Notification.objects.get(
        recipient=application.admin, kind="calls.application_submitted"
    )
    assert receipt.params["sha256"] == application.submission_sha256
    assert AuditLog.objects.filter(
        action="application.submitted", object_id=str(application.pk)
    ).exists()


def test_a_submission_after_the_deadline_is_refused_and_the_draft_kept(call, officer):
    application = application_for(call)
    services.call_update(call=call, by=officer)  # nothing changes
    type(call).objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=application.admin)
    assert error.value.code == "deadline_passed"
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.answers


def test_editing_after_submission_is_refused(call):
    application = application_for(call, submit=True)
    with pytest.raises(ValidationError) as error:
        services.application_save(
            application=application, by=application.admin, project_title_fr="Changé"
        )
    assert error.value.code == "not_draft"
    application.refresh_from_db()
    assert application.project_title_fr == "Projet"


def test_a_second_application_is_refused_unless_the_call_allows_it(programme, officer):
    call = open_call(programme=programme, officer=officer)
    first = application_for(call, complete=False)
    with pytest.raises(ValidationError) as error:
        services.application_start(call=call, association=first.association, by=first.admin)
    assert error.value.code == "already_applied"
    several = open_call(programme=programme, officer=officer, allow_several_applications=True)
    one = application_for(several, association=first.association, admin=first.admin, complete=False)
    two = services.application_start(call=several, association=first.association, by=first.admin)
    assert one.number != two.number


def test_a_withdrawn_application_can_be_replaced(call):
    first = application_for(call, complete=False)
    services.application_withdraw(application=first, by=first.admin)
    again = services.application_start(call=call, association=first.association, by=first.admin)
    assert again.status == Application.Status.DRAFT


def test_withdrawal_is_refused_after_the_deadline(call):
    application = application_for(call, submit=True)
    type(call).objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, by=application.admin)


def test_a_file_of_the_wrong_type_is_refused_and_the_earlier_one_kept(call):
    application = application_for(call)
    document = call.documents.first()
    before = application.uploads.get(document=document).sha256
    html = SimpleUploadedFile("statuts.pdf", b"<html><script>x</script></html>")
    with pytest.raises(ValidationError) as error:
        services.application_document_upload(
            application=application, document=document, upload=html, by=application.admin
        )
    assert error.value.code in {"file_type", "extension_mismatch"}
    assert application.uploads.get(document=document).sha256 == before


def test_a_new_upload_replaces_the_document(call):
    application = application_for(call)
    document = call.documents.first()
    services.application_document_upload(
        application=application,
        document=document,
        upload=pdf_upload("v2.pdf"),
        by=application.admin,
    )
    assert application.uploads.filter(document=document).count() == 1
    assert application.uploads.get(document=document).original_name == "v2.pdf"


def test_only_an_admin_of_the_association_applies(call):
    association = OrganisationFactory()
    trainer = member_of(association, Membership.Role.TRAINER)
    with pytest.raises(PermissionDenied):
        services.application_start(call=call, association=association, by=trainer)


def test_an_answer_of_the_wrong_type_refuses_the_save_and_keeps_the_rest(call):
    application = application_for(call)
    budget = next(q for q in call.sections.all()[2].questions.all())
    before = dict(application.answers)
    with pytest.raises(ValidationError):
        services.application_save(
            application=application,
            by=application.admin,
            answers={budget.key: [{"category": "trainers", "label": "x", "amount": "-5"}]},
        )
    application.refresh_from_db()
    assert application.answers == before


def test_the_budget_must_add_up_to_the_amount_requested(call):
    application = application_for(call)
    services.application_save(
        application=application, by=application.admin, requested_amount=Decimal("1000")
    )
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=application.admin)
    assert error.value.code == "budget_total"


def test_a_draft_call_cannot_be_applied_to(programme, officer):
    call = open_call(programme=programme, officer=officer, publish=False)
    association = OrganisationFactory()
    admin = member_of(association, Membership.Role.ADMIN)
    with pytest.raises(ValidationError) as error:
        services.application_start(call=call, association=association, by=admin)
    assert error.value.code == "call_not_open"
