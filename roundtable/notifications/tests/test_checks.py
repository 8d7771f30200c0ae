"""The start-up checks for the site address and the outbox settings (notifications/checks.py)."""

from __future__ import annotations

import pytest

from roundtable.notifications.checks import check_site_and_outbox, site_url_problems


def ids(errors) -> list[str]:
    return [error.id for error in errors]


@pytest.mark.parametrize(
    ("url", "given", "production", "expected"),
    [
        ("https://roundtable.example.org", True, True, []),
        ("http://127.0.0.1:8000", False, True, ["rt.E001"]),
        ("http://127.0.0.1:8080", False, False, []),  # the demo and tests
        ("http://roundtable.example.org", True, True, ["rt.E003"]),
        ("roundtable.example.org", True, True, ["rt.E002"]),
        ("https://roundtable.example.org/app", True, True, ["rt.E002"]),
        ("ftp://roundtable.example.org", True, False, ["rt.E002"]),
    ],
)
def test_site_address_rules(url, given, production, expected):
    assert ids(site_url_problems(url, given=given, production=production)) == expected


def production(settings):
    settings.DEBUG = settings.DEMO_MODE = settings.TESTING = settings.LOCAL_CHECKOUT = False


def test_production_needs_the_site_address(settings):
    production(settings)
    settings.SITE_URL_GIVEN = False
    assert "rt.E001" in ids(check_site_and_outbox())
    settings.SITE_URL_GIVEN = True
    settings.SITE_URL = "https://roundtable.example.org"
    assert "rt.E001" not in ids(check_site_and_outbox())


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TEXT_BACKEND": "carrier-pigeon"}, "rt.E010"),
        ({"DIGEST_HOUR": "99"}, "rt.E013"),
        ({"DIGEST_HOUR": "seven"}, "rt.E013"),
        ({"NOTIFY_TIMEOUT": "0"}, "rt.E014"),
        ({"MESSAGE_STUCK_AFTER_SECONDS": "soon"}, "rt.E014"),
    ],
)
def test_bad_notification_settings_fail_the_check(monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    errors = check_site_and_outbox()
    assert expected in ids(errors)
    assert all(error.msg and error.hint for error in errors)


def test_a_text_backend_set_in_settings_is_checked_too(settings):
    settings.TEXT_BACKEND = "carrier-pigeon"
    assert "rt.E010" in ids(check_site_and_outbox())


def test_notify_needs_its_key_and_template(settings, monkeypatch):
    settings.TEXT_BACKEND = "notify"
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_SMS_TEMPLATE_ID = ""
    monkeypatch.delenv("NOTIFY_API_KEY", raising=False)
    errors = check_site_and_outbox()
    assert "rt.E011" in ids(errors)
    assert "NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID" in next(e.msg for e in errors if e.id == "rt.E011")


def test_good_settings_pass(settings):
    assert check_site_and_outbox() == []


@pytest.mark.parametrize(
    ("url", "bad"),
    [("https://api.example.org", False), ("http://127.0.0.1:9999", False), ("http://api.example.org", True)],
)
def test_notify_address_must_be_https_except_on_loopback(settings, url, bad):
    settings.TEXT_BACKEND = "notify"
    settings.NOTIFY_API_KEY = "key"
    settings.NOTIFY_SMS_TEMPLATE_ID = "template"
    settings.NOTIFY_BASE_URL = url
    assert ("rt.E012" in ids(check_site_and_outbox())) is bad
