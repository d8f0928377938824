"""The pages: each refusal of "bad input" through a real POST, the public list in both
languages, the anonymised reviewer page, and the officer's pages."""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from calls.models import Application, Call, Question, Score
from organisations.models import Membership
from tests.factories.calls import application_for, open_call, pdf_upload
from tests.factories.organisations import OrganisationFactory, member_of

from .helpers import close_call, committee_of, eligible_application, score_all

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _said(response, msgid: str) -> bool:
    """One of the page's messages is ``msgid`` in French (the pages here are /fr/), whatever
    its placeholders were filled with."""
    with translation.override("fr"):
        parts = [p for p in re.split(r"%\(\w+\)[sd]", translation.gettext(msgid)) if p.strip()]
    return any(all(part in m for part in parts) for m in _messages(response))


def _form_data(application, **extra):
    data = {
        "project_title_ar": "مشروع",
        "project_title_fr": "Projet",
        "registered_on": "2015-03-01",
        "members_count": "40",
        "requested_amount": "200000",
    }
    for question in Question.objects.filter(section__call=application.call):
        key = question.key
        if question.kind in ("text", "long_text"):
            data[key] = "Réponse"
        elif question.kind == "activities":
            data[f"{key}_0_title"] = "Formation"
            data[f"{key}_0_period"] = "Mois 1"
        elif question.kind == "targets":
            data[f"{key}_sessions"] = "10"
            data[f"{key}_beneficiaries"] = "200"
        elif question.kind == "budget":
            data[f"{key}_0_category"] = "trainers"
            data[f"{key}_0_label"] = "Formateurs"
            data[f"{key}_0_amount"] = "200000"
    data.update(extra)
    return data


def test_open_calls_are_listed_in_both_languages(client, call, programme, officer):
    draft = open_call(programme=programme, officer=officer, publish=False)
    Call.objects.filter(pk=draft.pk).update(title_fr="Brouillon caché", title_ar="مسودة")
    fr = client.get("/fr/calls/").content.decode()
    ar = client.get("/ar/calls/").content.decode()
    assert "Appel à projets" in fr and "طلب مشاريع" in ar
    assert "Brouillon caché" not in fr and "مسودة" not in ar
    assert client.get(f"/fr/calls/{draft.pk}/").status_code == 404
    assert client.get(f"/ar/calls/{call.pk}/").status_code == 200


def test_an_association_applies_through_the_pages(client, call):
    association = OrganisationFactory()
    admin = member_of(association, Membership.Role.ADMIN)
    client.force_login(admin)
    response = client.post(f"/fr/calls/{call.pk}/apply/", {"association": association.pk})
    application = Application.objects.get(call=call, association=association)
    assert response["Location"].endswith(f"/calls/applications/{application.pk}/")
    edit = f"/fr/calls/applications/{application.pk}/"
    response = client.post(edit, _form_data(application, action="save"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers and application.status == "draft"
    # Submitting without the documents: refused, the draft kept, what is missing listed.
    response = client.post(edit, _form_data(application, action="submit"), follow=True)
    assert any("Statuts" in m for m in _messages(response))
    application.refresh_from_db()
    assert application.status == "draft" and application.answers
    # A file of the wrong type: refused with a message.
    document = call.documents.first()
    fake = SimpleUploadedFile("statuts.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client.post(
        f"{edit}documents/", {"document": document.pk, "file": fake}, follow=True
    )
    assert _messages(response) and not application.uploads.exists()
    for document in call.documents.all():
        client.post(f"{edit}documents/", {"document": document.pk, "file": pdf_upload()})
    assert application.uploads.count() == 4
    response = client.post(edit, _form_data(application, action="submit"), follow=True)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.submission_sha256 in response.content.decode()
    # Editing after submission: refused, nothing changed.
    response = client.post(edit, _form_data(application, action="save", project_title_fr="X"))
    application.refresh_from_db()
    assert application.project_title_fr == "Projet"
    assert _said(
        response, "This application has been submitted or withdrawn: it can no longer be changed."
    )
    # A second application: refused.
    response = client.post(
        f"/fr/calls/{call.pk}/apply/", {"association": association.pk}, follow=True
    )
    assert _said(
        response, "Your association already has an application to this call (%(reference)s)."
    )
    assert Application.objects.filter(call=call, association=association).count() == 1


def test_a_late_submission_is_refused_through_the_page(client, call):
    application = application_for(call)
    client.force_login(application.admin)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=5))
    response = client.post(
        f"/fr/calls/applications/{application.pk}/", _form_data(application, action="submit")
    )
    assert _said(
        response, "The deadline of this call has passed (%(deadline)s): nothing can be submitted."
    )
    application.refresh_from_db()
    assert application.status == "draft"


def test_refusals_are_translated(client, call):
    application = application_for(call)
    client.force_login(application.admin)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=5))
    response = client.post(
        f"/ar/calls/applications/{application.pk}/", _form_data(application, action="submit")
    )
    messages = _messages(response)
    with translation.override("ar"):
        expected = translation.gettext(
            "The deadline of this call has passed (%(deadline)s): nothing can be submitted."
        )
    assert messages and messages[0].startswith(expected.split("(")[0])


def test_another_association_cannot_see_an_application(client, call):
    application = application_for(call, complete=False)
    stranger = member_of(OrganisationFactory(), Membership.Role.ADMIN)
    client.force_login(stranger)
    assert client.get(f"/fr/calls/applications/{application.pk}/").status_code == 404


def _identifying(application) -> list[str]:
    association = application.association
    association.contact_email = association.contact_email or "contact@assoc.test"
    return [
        association.name_ar,
        association.name_fr,
        association.registration_number,
        association.region.name_ar,
        association.region.name_fr,
        association.province.name_ar,
        association.province.name_fr,
        association.contact_email,
    ]


def test_the_anonymised_reviewer_page_has_no_identifying_field(client, programme, officer):
    call = open_call(programme=programme, officer=officer, anonymised_review=True)
    (reviewer,) = committee_of(call, officer, n=1)
    association = OrganisationFactory(contact_email="contact@assoc.test")
    application = eligible_application(call, officer, association=association)
    client.force_login(reviewer)
    url = f"/fr/calls/review/{application.pk}/"
    before = client.get(url)
    assert "Réponse" not in before.content.decode()  # nothing shown before declaring
    client.post(url, {"action": "declare", "has_conflict": "no"})
    for lang in ("fr", "ar"):
        response = client.get(f"/{lang}/calls/review/{application.pk}/")
        body = html.unescape(response.content.decode())
        assert "Réponse à" in body  # the answers are shown...
        for value in _identifying(application):
            assert value not in body, value  # ...but nothing that identifies the association
        listing = html.unescape(client.get(f"/{lang}/calls/{call.pk}/review/").content.decode())
        for value in _identifying(application):
            assert value not in listing, value


def test_after_the_anonymised_stage_the_reviewer_sees_the_association(client, programme, officer):
    call = open_call(programme=programme, officer=officer, anonymised_review=True)
    (reviewer,) = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    client.force_login(officer)
    client.post(f"/fr/calls/manage/{call.pk}/committee/", {"action": "lift"})
    client.force_login(reviewer)
    url = f"/fr/calls/review/{application.pk}/"
    client.post(url, {"action": "declare", "has_conflict": "no"})
    assert application.association.name_fr in html.unescape(client.get(url).content.decode())


def test_a_reviewer_scores_through_the_page_and_bad_marks_are_refused(client, call, officer):
    (reviewer,) = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    client.force_login(reviewer)
    url = f"/fr/calls/review/{application.pk}/"
    client.post(url, {"action": "declare", "has_conflict": "no"})
    criteria = list(call.criteria.all())
    data = {"action": "score", **{f"mark_{c.pk}": "4" for c in criteria}}
    data[f"comment_{criteria[0].pk}"] = "Solide"
    assert client.post(url, data).status_code == 302
    assert Score.objects.filter(member__user=reviewer).count() == len(criteria)
    data[f"mark_{criteria[0].pk}"] = "9"
    response = client.post(url, data)
    assert _said(response, "%(criterion)s: the mark is a whole number from %(min)s to %(max)s.")
    assert Score.objects.get(member__user=reviewer, criterion=criteria[0]).value == 4


def test_a_reviewer_with_a_conflict_cannot_score_through_the_page(client, call, officer):
    (reviewer,) = committee_of(call, officer, n=1)
    application = eligible_application(call, officer)
    client.force_login(reviewer)
    url = f"/fr/calls/review/{application.pk}/"
    client.post(url, {"action": "declare", "has_conflict": "yes"})
    body = client.get(url).content.decode()
    assert "Réponse à" not in body
    response = client.post(url, {"action": "score", f"mark_{call.criteria.first().pk}": "4"})
    assert _said(
        response, "You declared a conflict of interest with this application: you cannot score it."
    )
    assert not Score.objects.exists()


def test_a_stranger_has_no_reviewer_page(client, call, officer, citizen):
    application = eligible_application(call, officer)
    client.force_login(citizen)
    assert client.get(f"/fr/calls/review/{application.pk}/").status_code == 404


def test_the_officer_runs_a_call_from_the_pages(client, programme, officer):
    """From an empty programme: create, publish, screen, committee, determine, convert."""
    client.force_login(officer)
    now = timezone.localtime()
    response = client.post(
        "/fr/calls/manage/",
        {
            "programme": programme.pk,
            "title_ar": "طلب 2026",
            "title_fr": "Appel 2026",
            "text_ar": "نص",
            "text_fr": "Texte",
            "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "min_years_registered": "2",
            "expected_agreements": "1",
            "max_per_region": "0",
            "min_score": "0",
            "reserve_size": "1",
        },
    )
    call = Call.objects.get(title_fr="Appel 2026")
    assert response.status_code == 302
    assert client.get(f"/fr/calls/manage/{call.pk}/form/").status_code == 200
    client.post(f"/fr/calls/manage/{call.pk}/publish/")
    call.refresh_from_db()
    assert call.is_published
    application = application_for(call, submit=True)
    rule = call.manual_rules.get()
    response = client.post(
        f"/fr/calls/manage/applications/{application.pk}/screen/", {f"rule_{rule.pk}": "yes"}
    )
    application.refresh_from_db()
    assert application.eligibility == "eligible"
    client.post(
        f"/fr/calls/manage/{call.pk}/committee/",
        {"action": "add", "email": "rep@ministere.test", "kind": "ministry", "institution": "MI"},
    )
    reviewer = call.committee.members.get().user
    score_all(application, reviewer, [4, 4, 4, 4, 4])
    close_call(call)
    client.post(f"/fr/calls/manage/{call.pk}/committee/", {"action": "close"})
    assert client.get(f"/fr/calls/manage/{call.pk}/determination/").status_code == 200
    client.post(
        f"/fr/calls/manage/{call.pk}/determination/",
        {
            "action": "decide",
            f"decision_{application.pk}": "selected",
            f"reason_{application.pk}": "Premier",
        },
    )
    application.refresh_from_db()
    assert application.decision == "selected"
    client.post(f"/fr/calls/manage/{call.pk}/determination/", {"action": "publish"})
    response = client.post(
        f"/fr/calls/manage/applications/{application.pk}/agreement/",
        {
            "reference": "2026-X-001",
            "signed_on": "2027-01-10",
            "starts_on": "2027-02-01",
            "ends_on": "2027-12-31",
            "amount": "200000",
        },
    )
    application.refresh_from_db()
    assert application.agreement is not None
    assert response["Location"].endswith(f"/agreements/{application.agreement_id}/")
    page = client.get(response["Location"]).content.decode()
    assert "Appel 2026" in page  # the agreement says which call it was selected from
    for url in (
        f"/ar/calls/manage/{call.pk}/",
        f"/ar/calls/manage/{call.pk}/applications/",
        f"/ar/calls/manage/{call.pk}/committee/",
        f"/ar/calls/manage/{call.pk}/report/",
        f"/ar/calls/{call.pk}/results/",
    ):
        assert client.get(url).status_code == 200, url


def test_officer_pages_are_hidden_from_associations(client, call, association_admin):
    client.force_login(association_admin)
    for url in (
        f"/fr/calls/manage/{call.pk}/",
        f"/fr/calls/manage/{call.pk}/committee/",
        f"/fr/calls/manage/{call.pk}/report/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_auditor_reads_the_fairness_report(client, call, auditor):
    client.force_login(auditor)
    assert client.get(f"/fr/calls/manage/{call.pk}/report/").status_code == 200
