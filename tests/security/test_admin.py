"""The security log in the Wagtail admin: the platform admin and funder admins read it; nobody
adds, edits or deletes an entry, there or through the ORM."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.append_only import AppendOnlyError
from organisations import permissions
from organisations.models import Membership, Organisation
from security.events import record
from security.models import SecurityEvent
from security.readers import READERS_GROUP

from ..factories.accounts import UserFactory
from ..factories.organisations import MembershipFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


@pytest.fixture
def event():
    return record(
        Kind.LOGIN_FAILED, request=None, actor=None, details={"identifier": "who@example.org"}
    )


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def _with_admin_access(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def test_who_may_read_the_log(superuser, funder, officer):
    funder_admin = member_of(funder, Membership.Role.ADMIN)
    trainer_admin = member_of(OrganisationFactory(kind=Organisation.Kind.TRAINER), "admin")
    assert permissions.can_view_security_log(superuser)
    assert permissions.can_view_security_log(funder_admin)
    assert not permissions.can_view_security_log(officer)
    assert not permissions.can_view_security_log(trainer_admin)
    assert not permissions.can_view_security_log(member_of(funder, Membership.Role.AUDITOR))


def test_the_platform_admin_lists_and_filters_the_log(client, superuser, event):
    record(Kind.LOGIN, request=None, actor=superuser, subject=superuser)
    client.force_login(superuser)
    response = client.get(reverse("security_log:index"))
    assert response.status_code == 200
    assert b"who@example.org" not in response.content  # the identifier is in the details only
    response = client.get(reverse("security_log:index"), {"kind": Kind.LOGIN_FAILED})
    assert list(response.context["object_list"]) == [event]
    response = client.get(reverse("security_log:index"), {"user": "who@example"})
    assert list(response.context["object_list"]) == [event]
    assert client.get(reverse("security_log:inspect", args=[event.pk])).status_code == 200


def test_a_funder_admin_reaches_it_through_the_readers_group(client, funder, event):
    """Granting the role (any way: here the factory) opens the admin for the log; taking it
    away closes it again. Funder admins need a second factor like other funder staff."""
    membership = MembershipFactory(organisation=funder, role=Membership.Role.ADMIN)
    funder_admin = membership.user
    assert permissions.requires_mfa(funder_admin)
    client.force_login(funder_admin)
    assert client.get(reverse("security_log:index")).status_code == 200
    membership.delete()
    assert not funder_admin.groups.filter(name=READERS_GROUP).exists()
    response = client.get(reverse("security_log:index"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_officer_in_the_admin_is_turned_away(client, officer, event):
    _with_admin_access(officer)
    client.force_login(officer)
    response = client.get(reverse("security_log:index"))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    response = client.get(reverse("security_log:inspect", args=[event.pk]))
    assert response.url == reverse("wagtailadmin_home")
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("security_log:index") not in home.content.decode()


@pytest.mark.parametrize("name", ["add", "edit", "delete"])
def test_nobody_changes_an_entry_in_the_admin(client, superuser, event, name):
    client.force_login(superuser)
    args = [] if name == "add" else [event.pk]
    url = reverse(f"security_log:{name}", args=args)
    assert client.get(url).url == reverse("wagtailadmin_home")
    assert client.post(url, {"kind": "login"}).url == reverse("wagtailadmin_home")
    event.refresh_from_db()
    assert event.kind == Kind.LOGIN_FAILED
    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED).count() == 1


def test_entries_cannot_be_changed_or_deleted(event):
    event.kind = Kind.LOGIN
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(kind=Kind.LOGIN)
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.kind == Kind.LOGIN_FAILED


def test_the_retention_purge_removes_only_old_entries(settings, event):
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    old = SecurityEvent.objects.create(
        kind=Kind.LOGIN, created_at=timezone.now() - timedelta(days=31)
    )
    call_command("purge_security_events", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(SecurityEvent.objects.all()) == [event]
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()


def test_the_purge_runs_daily_from_beat(settings, event):
    from security.tasks import purge_old_events

    schedule = settings.CELERY_BEAT_SCHEDULE["security-log-purge"]
    assert schedule["task"] == purge_old_events.name
    assert schedule["schedule"] <= 24 * 60 * 60
    assert purge_old_events.delay().get() == 0  # nothing is old yet
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
