import pytest
from django.apps import apps
from django.conf import settings

from accounts import personal_data
from tests.factories.calls import open_call

from .helpers import committee_of, eligible_application

pytestmark = pytest.mark.django_db


def test_every_link_of_calls_to_a_person_has_a_personal_data_handler():
    covered = personal_data.covered_fields()
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_app_config("calls").get_models()
        for field in model._meta.get_fields()
        if getattr(field, "related_model", None) is not None
        and field.concrete
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
        and (model._meta.label, field.name) not in covered
    ]
    assert not missing


def test_documents_stay_hidden_from_reviewers_in_the_anonymised_stage(client, programme, officer):
    call = open_call(programme=programme, officer=officer, anonymised_review=True)
    (reviewer,) = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    upload = application.uploads.first()
    client.force_login(reviewer)
    client.post(f"/fr/calls/review/{application.pk}/", {"action": "declare", "has_conflict": "no"})
    assert client.get(f"/fr/calls/documents/{upload.pk}/").status_code == 404
    client.force_login(officer)
    client.post(f"/fr/calls/manage/{call.pk}/committee/", {"action": "lift"})
    client.force_login(reviewer)
    response = client.get(f"/fr/calls/documents/{upload.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_reviewer_with_a_conflict_never_gets_the_documents(client, call, officer):
    (reviewer,) = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    client.force_login(reviewer)
    client.post(f"/fr/calls/review/{application.pk}/", {"action": "declare", "has_conflict": "yes"})
    upload = application.uploads.first()
    assert client.get(f"/fr/calls/documents/{upload.pk}/").status_code == 404


def test_the_receipt_email_carries_the_sha256_in_the_associations_language(
    call, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories.calls import application_for

    application = application_for(call)
    application.admin.preferred_language = "fr"
    application.admin.save(update_fields=["preferred_language"])
    from calls import services

    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=application.admin)
    application.refresh_from_db()
    receipt = next(m for m in mail.outbox if m.to == [application.admin.email])
    assert application.submission_sha256 in receipt.body
    assert "Appel à projets" in receipt.subject  # the call's French title
    assert f"/fr/calls/applications/{application.pk}/" in receipt.body
