"""Kept so that existing migrations keep importing ``grants.storage.get_private_storage``;
the private storage itself is project-wide (core/storage.py)."""

from core.storage import get_private_storage

__all__ = ["get_private_storage"]
