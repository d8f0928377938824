"""Notifications: who receives what, once, in their own language, and who may read them."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import personal_data_erase
from notifications.models import Notification
from notifications.personal_data import purge_read_notifications
from notifications.registry import register_kind
from notifications.services import notify
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

KIND = "tests.something_happened"
register_kind(
    KIND, subject=lambda p: _("Cancelled: %(title)s") % {"title": p["reference"]}, email=True
)
register_kind("tests.site_only", subject=lambda p: _("My account"), email=False)


def _notify(recipients, **kwargs):
    kwargs.setdefault("params", {"reference": "2023-PD-001"})
    return notify(recipients=recipients, kind=KIND, **kwargs)


def test_each_recipient_gets_one_notification_and_one_email_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    arabic = UserFactory(preferred_language="ar")
    french = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([arabic, french, french], link=("notifications:list", []))
    assert len(created) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {arabic.email, french.email}
    french_mail, arabic_mail = by_address[french.email], by_address[arabic.email]
    with translation.override("fr"):
        assert french_mail.subject == str(_("Cancelled: %(title)s") % {"title": "2023-PD-001"})
    assert "/fr/notifications/" in french_mail.body
    assert "/ar/notifications/" in arabic_mail.body
    assert arabic_mail.subject != french_mail.subject
    assert "2023-PD-001" in arabic_mail.subject


def test_a_key_makes_a_repeated_reminder_one_notification(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([person], key="report-due:7:2026-12-01")
        again = _notify([person], key="report-due:7:2026-12-01")
    assert again == []
    assert Notification.objects.filter(recipient=person).count() == 1
    assert len(mail.outbox) == 1


def test_inactive_and_erased_people_are_not_notified(django_capture_on_commit_callbacks):
    inactive = UserFactory(is_active=False)
    erased = UserFactory()
    erased.erased_at = timezone.now()
    erased.save(update_fields=["erased_at"])
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify([inactive, erased, None]) == []
    assert mail.outbox == []


def test_a_site_only_kind_sends_no_email(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(recipients=[person], kind="tests.site_only")
    assert not notification.emailed
    assert mail.outbox == []


def test_an_unknown_kind_is_refused():
    with pytest.raises(LookupError):
        notify(recipients=[UserFactory()], kind="nobody.registered_this")


def test_nothing_is_sent_when_the_change_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    person = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify([person])
        raise RuntimeError
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_list_shows_only_my_notifications_in_the_language_i_read(client):
    me, other = UserFactory(), UserFactory()
    _notify([me], params={"reference": "MINE-001"})
    _notify([other], params={"reference": "THEIRS-002"})
    client.force_login(me)
    page = client.get("/fr/notifications/").content.decode()
    assert "MINE-001" in page
    assert "THEIRS-002" not in page


def test_opening_a_notification_marks_it_read_and_follows_its_link_in_my_language(client):
    me = UserFactory()
    (notification,) = _notify([me], link=("accounts:profile", []))
    client.force_login(me)
    response = client.get(f"/fr/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/me/" or response["Location"].startswith("/fr/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(client):
    (notification,) = _notify([UserFactory()])
    client.force_login(UserFactory())
    assert client.get(f"/fr/notifications/{notification.pk}/").status_code == 404


def test_a_link_to_another_site_is_never_followed(client):
    me = UserFactory()
    (notification,) = _notify([me], url="https://evil.example/phish")
    client.force_login(me)
    response = client.get(f"/fr/notifications/{notification.pk}/")
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_needs_a_post_and_marks_only_mine(client):
    me, other = UserFactory(), UserFactory()
    _notify([me, other])
    client.force_login(me)
    assert client.get("/fr/notifications/read/").status_code == 405
    client.post("/fr/notifications/read/")
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()


def test_the_list_needs_a_signed_in_person(client):
    response = client.get("/fr/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_erasure_deletes_my_notifications_and_the_purge_deletes_old_read_ones(settings):
    from datetime import timedelta

    me, other = UserFactory(), UserFactory()
    _notify([me, other])
    personal_data_erase(user=me)
    assert not Notification.objects.filter(recipient=me).exists()
    Notification.objects.filter(recipient=other).update(
        read_at=timezone.now() - timedelta(days=400)
    )
    settings.NOTIFICATIONS_RETENTION_DAYS = 365
    assert purge_read_notifications() == 1
