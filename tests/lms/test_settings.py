"""Production settings refuse to start without their environment, and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "SECRET_KEY": "k" * 30 + "Zx9-q_Lm2PvR8sTu4WyB6nDf1HjK3",
    "ALLOWED_HOSTS": "tamkeen.example.ma",
    "DATABASE_URL": "postgres://tamkeen@127.0.0.1:5432/tamkeen",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://tamkeen.example.ma",
    "BANK_DETAILS_ENCRYPTION_KEY": "GZrRPbIJzcnnTxmmYKSgVNQOKTip2tbSc-oUiA3EZko=",
    "API_WEBHOOK_ENCRYPTION_KEY": "qshfWjZE4VvH71TEA55ClcAbNiQo0DZfoBjjzC3NADc=",
}


def _run(args, env_overrides):
    env = {
        k: v for k, v in os.environ.items() if k not in GOOD_ENV and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.production"
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(GOOD_ENV))
def test_production_names_the_missing_variable(missing):
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}
    result = _run(["check"], env)
    assert result.returncode != 0
    assert "Missing required environment variable" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = _run(["check"], {**GOOD_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr


def test_production_refuses_sqlite():
    result = _run(["check"], {**GOOD_ENV, "DATABASE_URL": "sqlite:///tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_check_deploy_is_clean_with_a_real_configuration():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], GOOD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
