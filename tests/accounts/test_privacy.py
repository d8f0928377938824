"""Consent at sign-up, the privacy notice, the retention purge and the national ID gate."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone, translation

from accounts import national_id
from accounts.models import ConsentRecord, User
from accounts.personal_data import personal_data_export
from accounts.services import user_erase, user_set_national_id
from accounts.tasks import retention_purge
from courses.models import Participant, PendingEnrollment
from notifications.models import Notification
from organisations.models import Invitation, Membership
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.attendance import ParticipantFactory
from tests.factories.learning import course_with_lessons
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "email": "new@example.org",
        "full_name_ar": "مواطنة",
        "preferred_language": "ar",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_processing": "on",
        **overrides,
    }
    with translation.override("fr"):
        url = reverse("account_signup")
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def test_signup_records_both_consents_with_the_notice_version(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-test"
    assert _signup(client).status_code == 302
    user = User.objects.get(email="new@example.org")
    consents = {c.purpose: c for c in ConsentRecord.objects.filter(user=user)}
    assert consents["processing"].given and not consents["photos"].given
    assert {c.notice_version for c in consents.values()} == {"2026-test"}
    assert {c.source for c in consents.values()} == {"signup"}
    assert consents["processing"].recorded_at <= timezone.now()


def test_signup_with_the_photo_consent_records_it_separately(client):
    assert _signup(client, consent_photos="on").status_code == 302
    assert ConsentRecord.objects.get(purpose="photos").given


def test_signup_without_accepting_the_notice_is_refused(client):
    response = _signup(client, consent_processing=None)
    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert 'id="id_consent_processing_error"' in html
    assert 'aria-describedby="id_consent_processing_error"' in html


def test_the_signup_page_links_the_password_rules_and_the_privacy_notice(client):
    html = client.get("/fr/accounts/signup/").content.decode()
    assert 'aria-describedby="id_password1_helptext"' in html
    # The rules are inside the element the input names (a <div>, never a <span> in a <p>).
    start = html.index('<div class="helptext" id="id_password1_helptext">')
    assert "10" in html[start : html.index("</div>", start)]
    assert reverse("privacy_notice") in html
    assert 'name="consent_photos"' in html


def test_the_privacy_notice_states_the_settings(client, settings):
    settings.PRIVACY_CONTROLLER_NAME = "Ministère test"
    settings.PRIVACY_CNDP_DECLARATION = ""
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 987
    html = client.get("/fr/privacy/").content.decode()
    assert "Ministère test" in html
    assert "987" in html
    assert "Pending" in html or "En attente" in html or "attente" in html
    settings.PRIVACY_CNDP_DECLARATION = "D-GC-999/2026"
    html = client.get("/ar/privacy/").content.decode()
    assert "D-GC-999/2026" in html
    assert 'href="/fr/privacy/"' in client.get("/fr/").content.decode()


def _old(days):
    return timezone.now() - timedelta(days=days + 1)


def test_the_retention_purge_applies_every_period_once(settings):
    settings.RETENTION_UNVERIFIED_SIGNUP_DAYS = 30
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 1000
    settings.RETENTION_WALKIN_DAYS = 700
    settings.RETENTION_INVITATION_DAYS = 90
    settings.RETENTION_PENDING_ENROLLMENT_DAYS = 180
    unverified = UserFactory(verified=False, date_joined=_old(30))
    unverified_member = UserFactory(verified=False, date_joined=_old(30))
    MembershipFactory(user=unverified_member, organisation=OrganisationFactory(member=True))
    recent = UserFactory(verified=False)
    inactive = UserFactory(last_login=_old(1000))
    active = UserFactory(last_login=timezone.now())
    admin = UserFactory(last_login=_old(1000), is_superuser=True, is_staff=True)
    old_walk_in = ParticipantFactory(created_at=_old(700), phone="0600000000")
    new_walk_in = ParticipantFactory()
    organisation = OrganisationFactory(member=True)
    Invitation.objects.create(
        organisation=organisation,
        email="late@example.org",
        role=Membership.Role.MEMBER,
        token_hash="1" * 64,
        expires_at=_old(90),
    )
    course = course_with_lessons(lessons=0)[0]
    pending = PendingEnrollment.objects.create(
        email="p@example.org", course=course, member_association=organisation
    )
    PendingEnrollment.objects.filter(pk=pending.pk).update(created_at=_old(180))
    settings.NOTIFICATIONS_RETENTION_DAYS = 365
    Notification.objects.create(recipient=active, kind="any", read_at=_old(365))
    Notification.objects.create(recipient=active, kind="any", read_at=timezone.now())

    result = retention_purge.delay().get()

    assert result == {
        "unverified_signups_deleted": 1,
        "inactive_accounts_erased": 1,
        "walk_ins_pseudonymised": 1,
        "invitations_deleted": 1,
        "pending_enrollments_deleted": 1,
        "notifications_read_deleted": 1,
        "grants_import_files": 0,
    }
    assert not User.objects.filter(pk=unverified.pk).exists()
    inactive.refresh_from_db()
    assert inactive.erased_at is not None
    # An unconfirmed sign-up an association already counts on waits for the inactivity rule.
    for user in (unverified_member, recent, active, admin):
        user.refresh_from_db()
        assert user.erased_at is None
    old_walk_in.refresh_from_db()
    assert old_walk_in.phone == "" and old_walk_in.name_latin.startswith("Participant p")
    assert Participant.objects.get(pk=new_walk_in.pk).phone == new_walk_in.phone
    assert set(retention_purge.delay().get().values()) == {0}  # idempotent


def test_the_beat_schedule_runs_the_purge(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.retention_purge" in tasks


def test_no_national_id_is_stored_without_a_cndp_authorization(client, settings):
    settings.NATIONAL_ID_ENABLED = True
    settings.CNDP_AUTHORIZATION_NUMBER = ""
    settings.NATIONAL_ID_ENCRYPTION_KEY = Fernet.generate_key().decode()
    user = UserFactory()
    client.force_login(user)
    assert 'name="national_id"' not in client.get(reverse("accounts:profile")).content.decode()
    with pytest.raises(PermissionError):
        user_set_national_id(user=user, value="AB123456")
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check")
    settings.CNDP_AUTHORIZATION_NUMBER = "A-123/2026"
    settings.NATIONAL_ID_ENCRYPTION_KEY = ""
    assert not national_id.national_id_enabled()
    with pytest.raises(SystemCheckError, match="accounts.E002"):
        call_command("check")


def test_the_national_id_is_encrypted_exported_to_its_owner_and_erased(client, settings):
    settings.NATIONAL_ID_ENABLED = True
    settings.CNDP_AUTHORIZATION_NUMBER = "A-123/2026"
    settings.NATIONAL_ID_ENCRYPTION_KEY = Fernet.generate_key().decode()
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:profile")
    assert 'name="national_id"' in client.get(url).content.decode()
    response = client.post(
        url,
        {"full_name_ar": user.full_name_ar, "preferred_language": "ar", "national_id": "ab123456"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.national_id_encrypted and "AB123456" not in user.national_id_encrypted
    assert personal_data_export(user=user)["sections"]["account"][0]["national_id"] == "AB123456"
    user_erase(user=user)
    user.refresh_from_db()
    assert user.national_id_encrypted == ""


def test_erased_accounts_cannot_log_in_and_free_their_address(client):
    user = UserFactory(email="gone@example.org")
    user_erase(user=user)
    response = client.post(
        reverse("account_login"), {"login": "gone@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    assert not EmailAddress.objects.filter(email="gone@example.org").exists()
