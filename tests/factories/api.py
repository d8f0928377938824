"""API clients for tests: a token for an organisation, acting as one of its people."""

import datetime

from django.utils import timezone

from api.scopes import SCOPES
from api.services import api_client_create

from .accounts import UserFactory


def api_client(organisation, acting_user, *scopes, expires_in_days=None, name="Système"):
    """(client, token): created by a platform admin, with ``scopes`` (all by default)."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    expires_at = (
        timezone.now() + datetime.timedelta(days=expires_in_days)
        if expires_in_days is not None
        else None
    )
    return api_client_create(
        organisation=organisation,
        name=name,
        scopes=list(scopes or SCOPES),
        by=admin,
        acting_user=acting_user,
        expires_at=expires_at,
    )
