"""Private files: reports, receipts, supporting documents, signed attendance sheets,
certificates and evidence packs.

They name people and bank movements, so they never sit under MEDIA_ROOT where a web server
could serve them: they live in the ``private`` storage (``STORAGES["private"]``, a folder
beside the media by default, or an S3-compatible bucket in production) and leave only
through permission-checked views.
"""

from django.core.files.storage import storages


def get_private_storage():
    """Callable for ``FileField(storage=...)``, so migrations do not freeze a location."""
    return storages["private"]
