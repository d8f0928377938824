"""Private storage for reports, receipts and supporting documents.

These files name people and bank movements: they live beside MEDIA_ROOT, never under it, so
the web server cannot serve them; they leave only through a permission-checked view.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


def private_root() -> Path:
    configured = getattr(settings, "GRANTS_PRIVATE_ROOT", None)
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(f"{media.name}-private")


class PrivateStorage(LazyObject):
    def _setup(self):
        # base_url is empty on purpose: there is no public URL for these files.
        self._wrapped = FileSystemStorage(location=private_root(), base_url=None)


private_storage = PrivateStorage()


def get_private_storage():
    """Callable for ``FileField(storage=...)`` so migrations do not freeze a path."""
    return private_storage
