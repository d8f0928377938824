"""How long agreement-import files are kept (the daily ``retention_purge``).

An uploaded import file can hold bank details and contacts. A file previewed but never
confirmed is deleted GRANTS_IMPORT_PREVIEW_DAYS after it was uploaded; a confirmed import's file
GRANTS_IMPORT_FILE_DAYS after the import (its record — file name, SHA-256, counts, who and
when — stays: that is the audit trail, the agreements it created carry the data)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.retention import register_rule
from core.storage import get_private_storage

from .models import AgreementImport
from .services.imports import FOLDER


def purge_import_files(*, now=None) -> int:
    """Delete the import files past their period; the number deleted."""
    now = now or timezone.now()
    storage = get_private_storage()
    try:
        _dirs, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    preview_cutoff = now - timedelta(days=settings.GRANTS_IMPORT_PREVIEW_DAYS)
    kept_cutoff = now - timedelta(days=settings.GRANTS_IMPORT_FILE_DAYS)
    shas = {name.split(".", 1)[0] for name in names}
    imported = dict(
        AgreementImport.objects.filter(file_sha256__in=shas)
        .order_by("imported_at")
        .values_list("file_sha256", "imported_at")
    )
    deleted = 0
    for name in names:
        if name.startswith("."):
            continue
        path = f"{FOLDER}/{name}"
        imported_at = imported.get(name.split(".", 1)[0])
        if imported_at is not None:
            expired = imported_at < kept_cutoff
        else:
            expired = storage.get_modified_time(path) < preview_cutoff
        if expired:
            storage.delete(path)
            deleted += 1
    return deleted


register_rule("grants_import_files", purge_import_files, order=70)
