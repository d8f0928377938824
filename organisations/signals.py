"""What organisations tells the apps above it; they connect their receivers in their
``AppConfig.ready()`` (courses sets up its authoring groups and sections from these).

Both are sent by the services inside their transaction, synchronously: a receiver that fails
undoes the change, as when the service called it directly.
"""

from django.dispatch import Signal

#: ``organisation_create`` saved a new organisation. Arguments: ``organisation``.
organisation_created = Signal()

#: ``membership_grant`` ran, whether the role is new or was held already. Arguments:
#: ``membership``, ``user``, ``created``.
membership_granted = Signal()
