"""The sampling pages through the real views: the draw button, the sampling page (names and
contact data for the officer who drew the sample only, in the security log), recording
outcomes, the JSON download, and who is refused."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from grants import sampling
from grants.models import BeneficiarySample, SampleContact
from security.models import SecurityEvent

from . import test_sampling as base

# The sampling tests' fixtures, shared.
data = base.data
sampled_request = base.sampled_request
other_officer = base.other_officer
foreign_officer = base.foreign_officer
person_of = base.person_of

pytestmark = pytest.mark.django_db


def _url(name, tranche_request):
    return reverse(f"grants:{name}", args=[tranche_request.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _contact_events():
    return SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.DATA_EXPORTED, details__scope="grants.sample_contacts"
    )


@pytest.fixture
def drawn(client, sampled_request, officer):
    client.force_login(officer)
    response = client.post(_url("sample_draw", sampled_request))
    assert response.status_code == 302
    assert response["Location"] == _url("sample_detail", sampled_request)
    return BeneficiarySample.objects.get(request=sampled_request)


def _post_contact(client, tranche_request, person, **fields):
    values = {
        "channel": "phone",
        "contacted_on": timezone.localdate().isoformat(),
        "outcome": "confirmed",
        "note": "",
        **fields,
    }
    payload = {"person": person, **{f"{person}-{k}": v for k, v in values.items()}}
    return client.post(_url("sample_contact", tranche_request), payload)


def test_the_review_section_offers_the_draw_button_to_the_officer(sampled_request, officer):
    request = RequestFactory().get("/")
    request.user = officer
    context = sampling.review_context(tranche_request=sampled_request, user=officer)
    with translation.override("en"):
        html = render_to_string(
            "grants/sampling/review_section.html", {"sampling": context}, request=request
        )
        assert gettext("Draw the sample") in html
    assert 'id="sampling-draw"' in html and "csrfmiddlewaretoken" in html
    assert context["size"] == 4 and context["population"] == 4
    assert context["draw_url"] == _url("sample_draw", sampled_request)


def test_the_drawer_sees_names_and_contacts_and_each_view_is_logged(
    client, drawn, sampled_request, officer, data
):
    l1 = data["learners"][0]
    walk_in = data["walk_in"]
    walk_in.phone = "0612345678"
    walk_in.save(update_fields=["phone"])
    with translation.override("en"):
        response = client.get(_url("sample_detail", sampled_request))
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    html = response.content.decode()
    assert l1.email in html
    assert "0612345678" in html and walk_in.name_ar in html
    for member in drawn.members:
        assert f'id="contact-form-{member["person"]}"' in html
    assert drawn.seed in html
    assert _contact_events().count() == 1
    event = _contact_events().get()
    assert event.actor == officer and event.details["sample"] == drawn.pk
    client.get(_url("sample_detail", sampled_request))
    assert _contact_events().count() == 2


@pytest.mark.parametrize("role", ["other_officer", "finance", "auditor"])
def test_other_funder_staff_see_pseudonyms_and_outcomes_only(
    role, request, client, drawn, sampled_request, data
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(_url("sample_detail", sampled_request))
    assert response.status_code == 200
    html = response.content.decode()
    for learner in data["learners"]:
        assert learner.email not in html
    assert data["walk_in"].name_ar not in html
    for member in drawn.members:
        assert member["person"] in html
        assert f'id="contact-form-{member["person"]}"' not in html
    assert not _contact_events().exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("trainer", 403), ("association_admin", 403), ("foreign_officer", 404), ("learner", 404)],
)
def test_the_association_and_outsiders_do_not_see_the_sample(
    role, status, request, client, drawn, sampled_request
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url("sample_detail", sampled_request)).status_code == status
    assert client.get(_url("sample_download", sampled_request)).status_code == status


@pytest.mark.parametrize(
    "role", ["trainer", "association_admin", "finance", "auditor", "foreign_officer"]
)
def test_no_one_but_an_officer_draws_through_the_view(role, request, client, sampled_request):
    client.force_login(request.getfixturevalue(role))
    response = client.post(_url("sample_draw", sampled_request))
    assert response.status_code in (403, 404)
    assert not BeneficiarySample.objects.exists()


def test_drawing_twice_shows_the_first_sample_with_a_message(
    client, drawn, sampled_request, other_officer
):
    client.force_login(other_officer)
    with translation.override("en"):
        response = client.post(_url("sample_draw", sampled_request), follow=True)
        assert response.status_code == 200
        expected = gettext(
            "A sample was already drawn for this request (by %(name)s on %(date)s): here it "
            "is. A request is sampled once, so that nobody can draw until the sample suits."
        ).split("(")[0]
    assert any(message.startswith(expected) for message in _messages(response))
    assert BeneficiarySample.objects.get().seed == drawn.seed
    assert drawn.seed in response.content.decode()


def test_recording_two_outcomes_through_the_page(client, drawn, sampled_request, data):
    l1, l2 = data["learners"][:2]
    response = _post_contact(client, sampled_request, person_of(l1), note="Yes, twice")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#person-{person_of(l1)}")
    response = _post_contact(
        client, sampled_request, person_of(l2), outcome="denied", channel="visit"
    )
    assert response.status_code == 302
    result = sampling.sample_outcome(sampled_request)
    assert (result["confirmed"], result["denied"], str(result["rate"])) == (1, 1, "0.50")
    contact = SampleContact.objects.get(person=person_of(l1))
    assert contact.learner == l1 and contact.note == "Yes, twice"
    with translation.override("en"):
        html = client.get(_url("sample_detail", sampled_request)).content.decode()
    assert "50%" in html


def test_an_outcome_for_someone_outside_the_sample_is_refused_on_the_page(
    client, drawn, sampled_request, data
):
    outsider = person_of(data["learners"][2])
    with translation.override("en"):
        response = _post_contact(client, sampled_request, outsider)
        expected = gettext("This person is not in the sample: only sampled people are contacted.")
    assert response.status_code == 302
    assert expected in _messages(response)
    assert not SampleContact.objects.exists()


def test_a_future_date_is_refused_beside_the_form(client, drawn, sampled_request, data):
    person = person_of(data["learners"][0])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("en"):
        response = _post_contact(client, sampled_request, person, contacted_on=tomorrow)
        expected = gettext("A contact cannot be dated in the future.")
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not SampleContact.objects.exists()


def test_an_unknown_outcome_is_refused_by_the_form(client, drawn, sampled_request, data):
    response = _post_contact(client, sampled_request, person_of(data["learners"][0]), outcome="x")
    assert response.status_code == 400
    assert response.context["rows"][0]["form"].errors or any(
        row.get("form") is not None and row["form"].errors for row in response.context["rows"]
    )
    assert not SampleContact.objects.exists()


def test_another_officer_cannot_record_through_the_page(
    client, drawn, sampled_request, other_officer, data
):
    client.force_login(other_officer)
    response = _post_contact(client, sampled_request, person_of(data["learners"][0]))
    assert response.status_code == 403
    assert not SampleContact.objects.exists()


def test_the_download_holds_the_draw_without_names(client, drawn, sampled_request, finance, data):
    client.force_login(finance)
    response = client.get(_url("sample_download", sampled_request))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["seed"] == drawn.seed and document["members"] == drawn.members
    text = response.content.decode()
    for learner in data["learners"]:
        assert learner.email not in text


def test_the_download_is_not_found_before_a_sample(client, sampled_request, officer):
    client.force_login(officer)
    assert client.get(_url("sample_download", sampled_request)).status_code == 404
    page = client.get(_url("sample_detail", sampled_request))
    assert page.status_code == 200 and page.context["sample"] is None
