"""Signals other apps listen to without importing accounts' internals."""

from django.dispatch import Signal

#: Sent when someone downloads personal data (their own, from "My data", or other people's, from
#: an evidence export). Arguments: ``request``, ``subject`` (the user whose data it is, or None
#: for an export about many people), ``scope`` (a short machine name such as "my-data.json").
personal_data_exported = Signal()
