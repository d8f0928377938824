"""The embedded defaults create their folders at start-up, whatever command runs first."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from lms import embedded

ROOT = Path(__file__).resolve().parents[2]
# Variables that would point the embedded defaults elsewhere, or at real servers.
_OVERRIDES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "STATIC_ROOT",
    "SITE_URL",
    "PORT",
    "CELERY_INTEGRATION",
)


def _run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in _OVERRIDES}
    environment.update({"DJANGO_SETTINGS_MODULE": "lms.settings.dev", **env})
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


OPEN_THE_DATABASE = """
import django
django.setup()
from django.db import connection
connection.ensure_connection()
print(connection.settings_dict["NAME"])
"""


def test_a_fresh_var_folder_is_created_before_the_sqlite_database_is_opened(tmp_path):
    var_dir = tmp_path / "fresh" / "var"
    result = _run(OPEN_THE_DATABASE, TAMKEEN_VAR_DIR=str(var_dir))
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == var_dir / "tamkeen.sqlite3"
    assert (var_dir / "tamkeen.sqlite3").is_file()
    for folder in ("log", "media", "private", "cache", "page-cache", "celery/queue"):
        assert (var_dir / folder).is_dir(), folder


def test_a_var_folder_that_cannot_be_created_stops_start_up_naming_it(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    var_dir = blocker / "var"
    result = _run(OPEN_THE_DATABASE, TAMKEEN_VAR_DIR=str(var_dir))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"cannot create the folder {var_dir}" in result.stderr
    assert f'TAMKEEN_VAR_DIR is "{var_dir}"' in result.stderr
    assert "unable to open database file" not in result.stderr


def _settings(var_dir: Path, **overrides) -> SimpleNamespace:
    values = {
        "VAR_DIR": var_dir,
        "DATABASES": {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(var_dir / "db" / "t.sqlite3"),
            }
        },
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(var_dir / "cache"),
            }
        },
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_BROKER_TRANSPORT_OPTIONS": {
            "data_folder_in": str(var_dir / "celery" / "queue"),
            "processed_folder": str(var_dir / "celery" / "processed"),
            "control_folder": str(var_dir / "celery" / "control"),
        },
        "CELERY_BEAT_SCHEDULE_FILENAME": str(var_dir / "celery" / "beat-schedule"),
        "MEDIA_ROOT": var_dir / "media",
        "PRIVATE_MEDIA_ROOT": var_dir / "private",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def test_every_embedded_part_gets_its_folder_and_a_second_call_makes_none(tmp_path):
    settings = _settings(tmp_path / "var")
    made = embedded.ensure_folders(settings)
    for folder in ("db", "cache", "celery/queue", "celery/processed", "celery/control", "log"):
        assert (tmp_path / "var" / folder).is_dir(), folder
    assert tmp_path / "var" / "media" in made
    assert embedded.ensure_folders(settings) == []


def test_servers_instead_of_embedded_parts_need_no_folder_for_them(tmp_path):
    settings = _settings(
        tmp_path / "var",
        DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "tamkeen"}},
        CACHES={"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": "redis://"}},
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    embedded.ensure_folders(settings)
    assert not (tmp_path / "var" / "db").exists()
    assert not (tmp_path / "var" / "cache").exists()
    assert not (tmp_path / "var" / "celery" / "queue").exists()


def test_a_media_root_that_cannot_be_created_names_its_own_variable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings = _settings(tmp_path / "var", MEDIA_ROOT=blocker / "media")
    with pytest.raises(ImproperlyConfigured, match="MEDIA_ROOT is"):
        embedded.ensure_folders(settings)


PRINT_SITE_URL = """
import django
django.setup()
from django.conf import settings
from certificates.pdf import verification_url
print(settings.SITE_URL)
print(verification_url("ABCD-EFGH"))
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT": "8811"}, "http://127.0.0.1:8811"),
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8811", "SITE_URL": "https://tamkeen.example.ma/"}, "https://tamkeen.example.ma"),
    ],
)
def test_links_follow_the_demo_port_unless_site_url_is_set(tmp_path, env, expected):
    result = _run(PRINT_SITE_URL, TAMKEEN_VAR_DIR=str(tmp_path / "var"), **env)
    assert result.returncode == 0, result.stderr
    site_url, certificate_link = result.stdout.split()
    assert site_url == expected
    assert certificate_link == expected + "/verify/ABCD-EFGH/"
