"""The retention registry: each app registers the rules for its own rows beside its
personal-data handlers, and the daily purge applies them all, in order."""

import pytest

from accounts import retention
from accounts.tasks import retention_purge

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_rules():
    saved = list(retention._rules)
    yield
    retention._rules[:] = saved


def test_every_app_registers_its_rules_in_the_order_they_ran_before():
    assert [(rule.key, rule.purge.__module__) for rule in retention.rules()] == [
        ("unverified_signups_deleted", "accounts.retention"),
        ("inactive_accounts_erased", "accounts.retention"),
        ("walk_ins_pseudonymised", "courses.personal_data"),
        ("invitations_deleted", "organisations.personal_data"),
        ("pending_enrollments_deleted", "courses.personal_data"),
        ("notifications_read_deleted", "notifications.personal_data"),
        ("grants_import_files", "grants.retention"),
    ]


def test_a_registered_rule_runs_with_the_purge(restore_rules):
    ran = []
    retention.register_rule("test_rows_deleted", lambda: ran.append(1) or 7, order=35)
    result = retention_purge.delay().get()
    assert ran == [1]
    assert list(result) == [
        "unverified_signups_deleted",
        "inactive_accounts_erased",
        "walk_ins_pseudonymised",
        "test_rows_deleted",
        "invitations_deleted",
        "pending_enrollments_deleted",
        "notifications_read_deleted",
        "grants_import_files",
    ]
    assert result["test_rows_deleted"] == 7


def test_registering_a_key_again_replaces_its_rule(restore_rules):
    retention.register_rule("invitations_deleted", lambda: 3, order=40)
    assert retention.retention_purge_run()["invitations_deleted"] == 3
    assert [rule.key for rule in retention.rules()].count("invitations_deleted") == 1
