"""The audit log is append-only through every ORM path."""

import pytest

from grants.audit import audit_record
from grants.models import AppendOnlyError, AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(agreement, officer):
    return audit_record(
        actor=officer, action="test.done", obj=agreement, before={"a": 1}, after={"a": 2}
    )


def test_an_entry_records_actor_object_and_states(entry, agreement, officer):
    entry = AuditLog.objects.get(pk=entry.pk)
    assert (entry.actor, entry.object_type, entry.object_id) == (
        officer,
        "grants.agreement",
        str(agreement.pk),
    )
    assert (entry.before, entry.after) == ({"a": 1}, {"a": 2})
    assert entry.timestamp is not None


def test_an_entry_cannot_be_saved_again(entry):
    entry.action = "test.rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditLog.objects.get(pk=entry.pk).action == "test.done"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_updated_in_bulk(entry):
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=entry.pk).update(action="test.rewritten")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.bulk_update([entry], ["action"])
    assert AuditLog.objects.get(pk=entry.pk).action == "test.done"


def test_every_step_of_the_flow_is_logged(submitted_request):
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "tranche.created",
        "tranche.payable",
        "tranche.paid",
        "tranche_request.created",
        "supporting_document.added",
        "tranche_request.submitted",
        "tranche.requested",
    } <= actions
