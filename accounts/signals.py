"""Signals other apps listen to without importing accounts' internals."""

from django.dispatch import Signal

#: Sent when someone downloads personal data (their own, from "My data", or other people's, from
#: an evidence export). Arguments: ``request``, ``subject`` (the user whose data it is, or None
#: for an export about many people), ``scope`` (a short machine name such as "my-data.json").
personal_data_exported = Signal()


def data_exported(request, scope: str, *, subject=None, **about) -> None:
    """Say that personal data was downloaded or shown for evidence: ``scope`` names what (e.g.
    "grants.evidence_pack"), ``about`` the objects (ids), ``subject`` the one person it is about,
    if any. The security log records it (security/receivers.py)."""
    personal_data_exported.send(
        sender=scope.partition(".")[0], request=request, subject=subject, scope=scope, **about
    )
