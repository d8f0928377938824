"""Sessions typed in Arabic, in French or both (#21): each page shows its own language, and a
text shown in the other one carries its lang and dir (screen readers read it right)."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from core.bilingual import LocalizedText, localized
from courses.models import TrainingSession
from courses.services import session_update
from organisations.models import Membership, Province

from ..factories.api import api_client
from ..factories.certificates import CertificateFactory
from ..factories.grants import AgreementFactory, ProgrammeFactory
from ..factories.learning import SessionRegistrationFactory, TrainingSessionFactory
from ..factories.organisations import member_of

pytestmark = pytest.mark.django_db

TITLE_AR = "ورشة: تأمين حسابات الجمعية"
TITLE_FR = "Atelier : sécuriser les comptes de l'association"
VENUE_AR = "دار الجمعيات، فاس"
VENUE_FR = "Maison des associations, Fès"
MARKED_AR = '<span lang="ar" dir="rtl">{}</span>'
MARKED_FR = '<span lang="fr" dir="ltr">{}</span>'


def _page(client, name, *args, language):
    with translation.override(language):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_an_arabic_only_session_is_marked_as_arabic_on_the_french_page(client):
    session = TrainingSessionFactory(title_ar=TITLE_AR, venue_ar=VENUE_AR)
    french = _page(client, "courses:session_detail", session.pk, language="fr")
    assert f"<h1>{MARKED_AR.format(TITLE_AR)}</h1>" in french
    assert MARKED_AR.format(VENUE_AR) in french
    arabic = _page(client, "courses:session_detail", session.pk, language="ar")
    assert f"<h1>{TITLE_AR}</h1>" in arabic
    assert 'lang="ar" dir="rtl">' + TITLE_AR not in arabic


def test_a_session_in_both_languages_shows_each_page_its_own_unmarked(client):
    session = TrainingSessionFactory(
        title_ar=TITLE_AR,
        title_fr=TITLE_FR,
        venue_ar=VENUE_AR,
        venue_fr=VENUE_FR,
        description_ar="أحضروا حواسيبكم.",
        description_fr="Apportez vos ordinateurs.",
    )
    french = _page(client, "courses:session_detail", session.pk, language="fr")
    assert "<h1>Atelier : sécuriser les comptes de l&#x27;association</h1>" in french
    assert VENUE_FR in french
    assert TITLE_AR not in french and VENUE_AR not in french
    assert '<div class="prose"><p>Apportez vos ordinateurs.</p></div>' in french
    arabic = _page(client, "courses:session_detail", session.pk, language="ar")
    assert f"<h1>{TITLE_AR}</h1>" in arabic
    assert "Atelier" not in arabic
    assert '<div class="prose"><p>أحضروا حواسيبكم.</p></div>' in arabic


def test_a_french_only_session_is_marked_as_french_on_the_arabic_list(client):
    TrainingSessionFactory(title_ar="", title_fr=TITLE_FR, venue_ar="", venue_fr=VENUE_FR)
    arabic = _page(client, "courses:session_list", language="ar")
    assert MARKED_FR.format("Atelier : sécuriser les comptes de l&#x27;association") in arabic
    assert MARKED_FR.format(VENUE_FR) in arabic
    # English reads the French text: marked as French, not as English.
    english = _page(client, "courses:session_list", language="en")
    assert MARKED_FR.format(VENUE_FR) in english


def test_my_learning_marks_a_session_in_the_other_language(client, citizen):
    session = TrainingSessionFactory(title_ar=TITLE_AR)
    SessionRegistrationFactory(session=session, learner=citizen)
    client.force_login(citizen)
    french = _page(client, "courses:my_learning", language="fr")
    assert MARKED_AR.format(TITLE_AR) in french


def test_a_text_typed_with_markup_stays_escaped_inside_its_marker():
    text = LocalizedText('<script>alert("x")</script>', "ar")
    with translation.override("fr"):
        html = Template("{% load bilingual %}{{ text|inlang }}").render(Context({"text": text}))
    assert (
        html == '<span lang="ar" dir="rtl">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</span>'
    )


def _form_data(trainer, **texts):
    province = Province.objects.order_by("code").first()
    return {
        "kind": "training",
        "starts_at": "2031-03-02T09:00",
        "ends_at": "2031-03-02T12:00",
        "mode": "in_person",
        "province": province.pk,
        "capacity": "30",
        "trainers": [trainer.pk],
        **texts,
    }


def test_the_form_asks_for_each_text_in_each_language(client, trainer, trainer_association):
    client.force_login(trainer)
    html = _page(client, "courses:session_new", trainer_association.pk, language="fr")
    with translation.override("fr"):
        labels = [gettext("Title (Arabic)"), gettext("Title (French)")]
    assert all(label in html for label in labels)
    for name, lang, direction in [
        ("title_ar", "ar", "rtl"),
        ("title_fr", "fr", "ltr"),
        ("venue_ar", "ar", "rtl"),
        ("venue_fr", "fr", "ltr"),
        ("description_ar", "ar", "rtl"),
        ("description_fr", "fr", "ltr"),
    ]:
        tag = html[html.index(f'name="{name}"') - 200 : html.index(f'name="{name}"') + 200]
        assert f'lang="{lang}"' in tag and f'dir="{direction}"' in tag, name


def test_the_form_refuses_a_session_without_any_title(client, trainer, trainer_association):
    client.force_login(trainer)
    with translation.override("fr"):
        url = reverse("courses:session_new", args=[trainer_association.pk])
        response = client.post(
            url, _form_data(trainer, title_ar=" ", title_fr="", venue_fr=VENUE_FR)
        )
        message = gettext("Enter the title in Arabic, in French or in both.")
        assert response.context["form"].errors["title_ar"] == [message]
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_the_form_refuses_an_in_person_session_without_a_venue(
    client, trainer, trainer_association
):
    client.force_login(trainer)
    with translation.override("fr"):
        url = reverse("courses:session_new", args=[trainer_association.pk])
        response = client.post(url, _form_data(trainer, title_fr=TITLE_FR))
        message = gettext("An in-person session needs a venue.")
        assert response.context["form"].errors["venue_ar"] == [message]
    assert message in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_session_typed_in_french_only_is_scheduled(client, trainer, trainer_association):
    client.force_login(trainer)
    with translation.override("fr"):
        url = reverse("courses:session_new", args=[trainer_association.pk])
        response = client.post(url, _form_data(trainer, title_fr=TITLE_FR, venue_fr=VENUE_FR))
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert (session.title_ar, session.title_fr, session.venue_fr) == ("", TITLE_FR, VENUE_FR)
    with translation.override("ar"):
        assert session.title == TITLE_FR and session.title.lang == "fr"


def _events(response):
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_calendar_file_is_in_the_feed_language_with_its_language(client):
    both = TrainingSessionFactory(
        title_ar=TITLE_AR, title_fr=TITLE_FR, venue_ar=VENUE_AR, venue_fr=VENUE_FR
    )
    with translation.override("fr"):
        [event] = _events(client.get(reverse("courses:session_calendar", args=[both.pk])))
    assert str(event["summary"]) == TITLE_FR
    assert event["summary"].params["LANGUAGE"] == "fr"
    assert str(event["location"]).startswith(VENUE_FR)
    with translation.override("ar"):
        [event] = _events(client.get(reverse("courses:session_calendar", args=[both.pk])))
    assert str(event["summary"]) == TITLE_AR
    arabic_only = TrainingSessionFactory(title_ar=TITLE_AR)
    with translation.override("fr"):
        [event] = _events(client.get(reverse("courses:session_calendar", args=[arabic_only.pk])))
    assert str(event["summary"]) == TITLE_AR
    assert event["summary"].params["LANGUAGE"] == "ar"


def test_a_title_change_is_told_in_each_readers_language(
    trainer, trainer_association, django_capture_on_commit_callbacks, mailoutbox
):
    session = TrainingSessionFactory(association=trainer_association)
    french_reader = SessionRegistrationFactory(session=session).learner
    french_reader.preferred_language = "fr"
    french_reader.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, by=trainer, title_fr=TITLE_FR)
    [mail] = mailoutbox
    with translation.override("fr"):
        assert mail.subject == gettext("Changed: %(title)s") % {"title": TITLE_FR}
    assert TITLE_FR in mail.body


def test_a_message_stored_before_both_languages_still_reads():
    old = {"title": TITLE_AR, "association": "جمعية"}
    with translation.override("fr"):
        assert localized(old, "title") == TITLE_AR
        assert localized(old, "title").lang == "ar"
        assert localized({"title_ar": TITLE_AR, "title_fr": TITLE_FR}, "title") == TITLE_FR


def test_the_api_gives_both_titles_and_the_requested_one(client, funder, trainer_association):
    programme = ProgrammeFactory(funder=funder)
    agreement = AgreementFactory(programme=programme, association=trainer_association)
    day = max(agreement.starts_on, datetime.date(2024, 1, 1)) + datetime.timedelta(days=3)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    TrainingSessionFactory(
        association=trainer_association,
        title_ar=TITLE_AR,
        title_fr=TITLE_FR,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        status=TrainingSession.Status.HELD,
    )
    _, token = api_client(funder, member_of(funder, Membership.Role.FINANCE))
    url = f"/api/v1/agreements/{agreement.reference}/sessions"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr", **auth)
    assert french.status_code == 200, french.content
    [item] = french.json()["items"]
    assert (item["title"], item["title_ar"], item["title_fr"]) == (TITLE_FR, TITLE_AR, TITLE_FR)
    [item] = client.get(url, HTTP_ACCEPT_LANGUAGE="ar", **auth).json()["items"]
    assert item["title"] == TITLE_AR


def test_a_certificate_issued_in_arabic_only_is_marked_on_the_french_page():
    certificate = CertificateFactory(course_title="التواصل الرقمي", course_titles={})
    title = certificate.course_title_in("fr")
    assert (title, title.lang) == ("التواصل الرقمي", "ar")
    both = CertificateFactory(
        course_title="التواصل الرقمي",
        course_titles={"ar": "التواصل الرقمي", "fr": "Communication numérique"},
    )
    assert both.course_title_in("fr").lang == "fr"
    with translation.override("fr"):
        html = Template("{% load bilingual %}{{ c.course_title_shown|inlang }}").render(
            Context({"c": certificate})
        )
    assert html == MARKED_AR.format("التواصل الرقمي")
