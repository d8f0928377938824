"""Encrypting a field at rest: one mechanism for every secret column (the national ID number,
bank details).

A ``FieldCipher`` reads its keys from a setting when it is used (so a test or a deployment that
changes the setting is obeyed): comma-separated Fernet keys, the first one encrypts and every
one decrypts, so a key is rotated by putting the new one first, re-encrypting
(``FieldCipher.rotate``), then dropping the old one. Without a key, a cipher built with
``fallback_salt`` uses a key derived from SECRET_KEY (development and tests; production
settings require the real one)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["DecryptionError", "FieldCipher", "derived_key"]


class DecryptionError(ValueError):
    """The token was not written with any of the configured keys (or is not a token)."""


def derived_key(salt: str, secret: str) -> str:
    """A Fernet key derived from ``secret`` (SECRET_KEY), distinct for each ``salt``."""
    digest = hashlib.sha256(f"{salt}\x00{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


class FieldCipher:
    def __init__(self, setting_name: str, *, fallback_salt: str = ""):
        self.setting_name = setting_name
        # The salt of the derived key; empty: no key without the setting.
        self.fallback_salt = fallback_salt

    def keys(self) -> list[str]:
        raw = str(getattr(settings, self.setting_name, "") or "")
        keys = [k.strip() for k in raw.split(",") if k.strip()]
        if not keys and self.fallback_salt and settings.SECRET_KEY:
            keys = [derived_key(self.fallback_salt, settings.SECRET_KEY)]
        return keys

    def configured(self) -> bool:
        try:
            self._fernet()
        except ImproperlyConfigured:
            return False
        return True

    def _fernet(self) -> MultiFernet:
        keys = self.keys()
        if not keys:
            raise ImproperlyConfigured(f"{self.setting_name} is not set.")
        try:
            return MultiFernet([Fernet(key.encode()) for key in keys])
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{self.setting_name} holds a key that is not a Fernet key "
                "(32 url-safe base64-encoded bytes)."
            ) from error

    def encrypt(self, value: str) -> str:
        """The token of ``value`` ("" stays "": nothing to hide)."""
        if not value:
            return ""
        return self._fernet().encrypt(value.encode()).decode()

    def decrypt(self, token: str) -> str:
        """The clear value of ``token`` ("" stays ""); DecryptionError when no key reads it."""
        if not token:
            return ""
        try:
            return self._fernet().decrypt(token.encode()).decode()
        except (InvalidToken, ValueError) as error:
            raise DecryptionError(f"{self.setting_name} cannot read this value.") from error

    def rotate(self, token: str) -> str:
        """``token`` re-encrypted with the first key (after a new key was put first)."""
        if not token:
            return ""
        try:
            return self._fernet().rotate(token.encode()).decode()
        except (InvalidToken, ValueError) as error:
            raise DecryptionError(f"{self.setting_name} cannot read this value.") from error
