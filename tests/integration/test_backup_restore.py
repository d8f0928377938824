"""A backup of the demo on PostgreSQL restores into an empty database, on "another machine"
(another process with empty media folders), with identical evidence figures and intact
attendance chains; the same backup is refused by a database that already holds data."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from lms.backup import MANIFEST, evidence_figures

from .conftest import ROOT, _database_url

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _psql(sql: str) -> None:
    db = connection.settings_dict
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "psql",
            "--quiet",
            "--no-psqlrc",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            db.get("HOST") or "127.0.0.1",
            "-p",
            str(db.get("PORT") or 5432),
            "-U",
            db.get("USER") or "postgres",
            "-d",
            "postgres",
            "-c",
            sql,
        ],
        check=True,
        capture_output=True,
        env={**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})},
    )


@pytest.fixture
def empty_database():
    """A brand-new database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    _psql(f'DROP DATABASE IF EXISTS "{name}"')
    _psql(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    url = (
        f"postgres://{db.get('USER') or 'postgres'}"
        + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        + f"@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    )
    yield url
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_of_the_demo_restores_into_an_empty_database(settings, tmp_path, empty_database):
    if connection.vendor != "postgresql":
        pytest.skip("needs the integration stack")
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    before = evidence_figures()
    assert before["totals"]["agreements"] == 97 + 6  # the 2023 call, and the 2025 call
    assert before["records"]["attendance_records"] > 0

    out = io.StringIO()
    call_command("backup", "--into", str(tmp_path / "backups"), stdout=out)
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["engine"] == "postgresql" and manifest["database"] == "database.pgdump"
    assert manifest["evidence"] == before

    # Another machine: a new process on an empty database with empty media folders (the
    # test settings give each process new temporary ones).
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": empty_database,
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "0 broken" in report
    assert "evidence figures identical" in report
    assert f"beneficiaries            {before['totals']['beneficiaries']}" in report

    # The database we backed up from is not empty: the restore refuses it.
    refused = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": _database_url(),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert refused.returncode != 0
    assert "refusing to restore over existing data" in refused.stderr
