"""Private files: reports, receipts, supporting documents, signed attendance sheets,
certificates and evidence packs.

They name people and bank movements, so they never sit under MEDIA_ROOT where a web server
could serve them: they live in the ``private`` storage (``STORAGES["private"]``, a folder
beside the media by default, or an S3-compatible bucket in production) and leave only
through permission-checked views.
"""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages


def get_private_storage():
    """Callable for ``FileField(storage=...)``, so migrations do not freeze a location."""
    return storages["private"]


def save_replacing(storage, name: str, content) -> str:
    """Store ``content`` (bytes or a Django ``File``) under exactly ``name``, replacing what is
    there, so a task redone after a crash rewrites its one file rather than adding
    ``name_x7Yz.pdf`` beside it. On disk the bytes go to a hidden ``.part`` file in the same
    folder, synced, then renamed over ``name``: a reader, or a worker killed mid-write, never
    leaves a half-written file under the real name; two writers of one name each replace it
    whole."""
    if isinstance(content, bytes):
        content = ContentFile(content)
    try:
        final = Path(storage.path(name))
    except NotImplementedError:  # a remote bucket: one upload is atomic already
        if storage.exists(name):
            storage.delete(name)
        return storage.save(name, content)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    try:
        with os.fdopen(handle, "wb") as sink:
            if hasattr(content, "seek"):
                content.seek(0)
            for chunk in content.chunks():
                sink.write(chunk)
            sink.flush()
            os.fsync(sink.fileno())
        os.chmod(temporary, getattr(storage, "file_permissions_mode", None) or 0o644)
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name
