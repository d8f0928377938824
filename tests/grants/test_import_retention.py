"""Agreement-import files are not kept for ever: a preview never confirmed goes after a few
days, a confirmed import's file after a year, and the import's record stays."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.retention import rules
from core.storage import get_private_storage
from grants.models import AgreementImport
from grants.retention import purge_import_files
from tests.grants.test_import import _row, confirm, csv_bytes, programme, receive  # noqa: F401

pytestmark = pytest.mark.django_db


def _path(received):
    return f"grants/imports/{received['sha256']}.{received['extension']}"


def test_the_rule_is_part_of_the_daily_purge():
    assert "grants_import_files" in [rule.key for rule in rules()]


def test_a_preview_never_confirmed_is_deleted_after_its_days(programme, officer, settings):  # noqa: F811
    settings.GRANTS_IMPORT_PREVIEW_DAYS = 2
    received = receive(programme, officer, csv_bytes([_row()]))
    storage = get_private_storage()
    assert storage.exists(_path(received))
    purge_import_files(now=timezone.now() + timedelta(days=1))
    assert storage.exists(_path(received))
    assert purge_import_files(now=timezone.now() + timedelta(days=3)) >= 1
    assert not storage.exists(_path(received))


def test_a_confirmed_import_keeps_its_file_for_a_year_and_its_record_for_ever(
    programme,  # noqa: F811
    officer,
    settings,
):
    settings.GRANTS_IMPORT_PREVIEW_DAYS = 2
    settings.GRANTS_IMPORT_FILE_DAYS = 365
    received = receive(programme, officer, csv_bytes([_row()]))
    record = confirm(programme, officer, received)
    storage = get_private_storage()
    purge_import_files(now=timezone.now() + timedelta(days=30))
    assert storage.exists(_path(received))
    assert purge_import_files(now=timezone.now() + timedelta(days=366)) >= 1
    assert not storage.exists(_path(received))
    assert AgreementImport.objects.filter(pk=record.pk, file_sha256=received["sha256"]).exists()
