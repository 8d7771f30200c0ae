"""Production settings: the deploy check is clean, and bad values stop the start-up plainly."""

from __future__ import annotations

import json
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


def _database_setting(tmp_path, expression: str, **extra):
    """``expression`` (Python, over ``d``, the default database's settings) as the production settings give
    it with ``extra`` in the environment, worked out in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"d = settings.DATABASES['default']; print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_env(tmp_path, **extra), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _database_settings(tmp_path, **extra) -> list:
    return _database_setting(tmp_path, "[d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]", **extra)


def test_database_connections_are_kept_and_checked_by_default(tmp_path):
    """Issue 11: persistent connections with health checks by default; DATABASE_CONN_MAX_AGE changes it."""
    assert _database_settings(tmp_path) == [600, True]
    assert _database_settings(tmp_path, DATABASE_CONN_MAX_AGE="0") == [0, True]
    assert _database_settings(tmp_path, DATABASE_URL="postgres://rt@db.example:5432/rt") == [600, True]


def _database_options(tmp_path, **extra) -> dict:
    return _database_setting(tmp_path, "d.get('OPTIONS', {})", **extra)


def test_postgresql_prepares_statements_unless_told_not_to(tmp_path):
    """Issue 19: server-side binding and prepared statements on PostgreSQL by default, so a page's joins are
    planned once per connection; DATABASE_PREPARED_STATEMENTS=false turns them off (PgBouncer in transaction
    mode), and SQLite is left alone."""
    postgres = "postgres://rt@db.example:5432/rt"
    assert _database_options(tmp_path, DATABASE_URL=postgres) == {"server_side_binding": True, "prepare_threshold": 5}
    assert _database_options(tmp_path, DATABASE_URL=postgres, DATABASE_PREPARE_THRESHOLD="0") == {
        "server_side_binding": True,
        "prepare_threshold": 0,
    }
    assert _database_options(tmp_path, DATABASE_URL=postgres, DATABASE_PREPARED_STATEMENTS="false") == {}
    assert "server_side_binding" not in _database_options(tmp_path)


def test_check_ledger_on_the_demos_data_folder_says_how_to_run_it(tmp_path):
    """Issue 11: it failed with "SECRET_KEY must be set in production"; now it says what to type."""
    env = _production_env(tmp_path)
    env.pop("SECRET_KEY")
    env.pop("ALLOWED_HOSTS")
    refused = subprocess.run(
        [sys.executable, "-m", "roundtable.cli", "check-ledger"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "ROUNDTABLE_DEMO=true roundtable check-ledger" in refused.stderr
    assert "Traceback" not in refused.stderr
    # And what it says works: the demo's settings, the same data folder.
    demo = {**env, "ROUNDTABLE_DEMO": "true"}
    migrate = [sys.executable, "-m", "roundtable.cli", "manage", "migrate", "--verbosity", "0"]
    subprocess.run(migrate, cwd=ROOT, env=demo, check=True, timeout=300)  # noqa: S603
    checked = subprocess.run(
        [sys.executable, "-m", "roundtable.cli", "check-ledger"], cwd=ROOT, env=demo, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr


def test_serve_runs_the_processes_and_threads_it_is_told(monkeypatch):
    """Issue 19: `roundtable serve` takes WEB_CONCURRENCY processes of WEB_THREADS threads (docs/deploy.md)."""
    from roundtable import cli

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("WEB_THREADS", raising=False)
    default = cli._gunicorn_args(8000, "127.0.0.1")
    assert default[default.index("--workers") + 1] == "2"
    assert default[default.index("--threads") + 1] == "1"
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    monkeypatch.setenv("WEB_THREADS", "3")
    tuned = cli._gunicorn_args(8000, "127.0.0.1")
    assert tuned[tuned.index("--workers") + 1] == "4"
    assert tuned[tuned.index("--threads") + 1] == "3"
