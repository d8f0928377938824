"""Writing to the append-only audit log (the model is ``grants.models.AuditLog``)."""

import json

from .models import AuditLog


def _plain(data):
    # Decimals, dates and files become strings: the log stores what a person would read.
    return json.loads(json.dumps(data or {}, default=str))


def audit_record(*, actor, action: str, obj, before=None, after=None) -> AuditLog:
    """Append one entry; called by the services inside their transaction."""
    return AuditLog.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=_plain(before),
        after=_plain(after),
    )


def tranche_state(tranche) -> dict:
    return {
        "status": tranche.status,
        "amount": tranche.amount,
        "approved_by": tranche.approved_by_id,
        "paid_on": tranche.paid_on,
        "payment_reference": tranche.payment_reference,
        "paid_by": tranche.paid_by_id,
    }


def certificate_revoked_receiver(sender, *, certificate, by, before, after, **kwargs) -> None:
    """``certificates.signals.certificate_revoked``: connected in ``GrantsConfig.ready()``; runs
    inside the revocation's transaction."""
    audit_record(actor=by, action="certificate.revoke", obj=certificate, before=before, after=after)
