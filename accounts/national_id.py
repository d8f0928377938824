"""The national ID number (CIN): not collected unless the deployment holds a CNDP authorization
for it, and then only encrypted (core.crypto, keys from NATIONAL_ID_ENCRYPTION_KEY)."""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from core.crypto import DecryptionError, FieldCipher

from .conf import setting

# Comma-separated keys: the first encrypts, every one decrypts (rotation).
_cipher = FieldCipher("NATIONAL_ID_ENCRYPTION_KEY")


def national_id_enabled() -> bool:
    """On only when switched on *and* both the authorization number and the key are set."""
    return bool(
        setting("NATIONAL_ID_ENABLED")
        and setting("CNDP_AUTHORIZATION_NUMBER").strip()
        and setting("NATIONAL_ID_ENCRYPTION_KEY").strip()
    )


def national_id_encrypt(value: str) -> str:
    if not national_id_enabled():
        raise PermissionError("The national ID number is not collected on this platform.")
    value = value.strip().upper()
    return _cipher.encrypt(value)


def national_id_decrypt(token: str) -> str:
    """The clear number, or "" when there is none or the key cannot read it."""
    if not token or not setting("NATIONAL_ID_ENCRYPTION_KEY").strip():
        return ""
    try:
        return _cipher.decrypt(token)
    except (DecryptionError, ImproperlyConfigured):
        return ""


@checks.register(checks.Tags.security)
def check_national_id(app_configs=None, **kwargs):
    if not setting("NATIONAL_ID_ENABLED"):
        return []
    errors = []
    if not setting("CNDP_AUTHORIZATION_NUMBER").strip():
        errors.append(
            checks.Error(
                "NATIONAL_ID_ENABLED is on without CNDP_AUTHORIZATION_NUMBER.",
                hint="Collecting national ID numbers needs the CNDP's authorization: set its "
                "number, or switch NATIONAL_ID_ENABLED off.",
                id="accounts.E001",
            )
        )
    if not _cipher.configured():
        errors.append(
            checks.Error(
                "NATIONAL_ID_ENABLED is on without a valid NATIONAL_ID_ENCRYPTION_KEY.",
                hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'",
                id="accounts.E002",
            )
        )
    return errors
