"""Production settings: the deploy check is clean, and bad values stop the start-up plainly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from roundtable.lib.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path, **extra):
    skip = ("ROUNDTABLE_", "DATABASE_URL", "EMAIL_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        DJANGO_SETTINGS_MODULE="roundtable.settings",
        ROUNDTABLE_TESTING="false",
        ROUNDTABLE_DATA_DIR=str(tmp_path),
        SECRET_KEY="x" * 30 + "production-only-secret-key-for-the-check-" + "y" * 20,
        ALLOWED_HOSTS="roundtable.example.org",
        SITE_URL="https://roundtable.example.org",
    )
    env.update(extra)
    return env


def test_deploy_check_has_no_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "roundtable.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-m", "roundtable.cli", "manage", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_readers_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("RT_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="RT_FLAG must be true or false"):
        env_bool("RT_FLAG")
    monkeypatch.setenv("RT_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="RT_NUMBER must be a whole number"):
        env_int("RT_NUMBER", 1)
    monkeypatch.setenv("RT_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("RT_NUMBER", 1, minimum=0)


def test_a_developer_checkout_runs_manage_py_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


def _check(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "roundtable.cli", "manage", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_check_refuses_bad_notification_settings_and_no_site_address(tmp_path):
    """Issue 12: TEXT_BACKEND=carrier-pigeon and DIGEST_HOUR=99 passed `check`; a missing SITE_URL did too."""
    env = _production_env(tmp_path, TEXT_BACKEND="carrier-pigeon", DIGEST_HOUR="99")
    env.pop("SITE_URL")
    result = _check(env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "(rt.E001) SITE_URL is not set." in output
    assert "(rt.E010) TEXT_BACKEND must be one of notify, file, memory, off, not 'carrier-pigeon'" in output
    assert "(rt.E013) DIGEST_HOUR is 99, but there is no hour 99 in a day." in output
    assert "Traceback" not in output


def test_production_check_refuses_a_plain_http_site_address(tmp_path):
    result = _check(_production_env(tmp_path, SITE_URL="http://roundtable.example.org"))
    assert result.returncode != 0
    assert "(rt.E003)" in result.stdout + result.stderr
