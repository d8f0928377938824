"""The demo loader: complete, idempotent, and refused in production."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from grants.models import Agreement, Programme
from organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        Programme.objects.count(),
        Agreement.objects.count(),
    )


def test_seed_demo_builds_the_2023_call_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert Organisation.objects.filter(kind="trainer").count() == 97
    assert Agreement.objects.filter(programme__field="democracy").count() == 52
    assert Agreement.objects.filter(programme__field="digital").count() == 45
    assert Organisation.objects.filter(kind="trainer").values("region").distinct().count() == 12
    roles = set(Membership.objects.values_list("role", flat=True))
    assert {"admin", "trainer", "editor", "member", "officer", "finance", "auditor"} <= roles
    assert User.objects.filter(is_superuser=True).count() == 1
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Organisation.objects.exists()
