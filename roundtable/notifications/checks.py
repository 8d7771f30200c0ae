"""Start-up checks: the site address and every outbox setting, with plain-words errors.

Django runs these with ``roundtable manage check`` and before ``migrate`` and ``runserver``;
``roundtable serve`` and ``roundtable worker`` run them before they start. A setting that would
make messages go wrong (a text backend that does not exist, a digest hour of 99, links pointing at
the wrong address) stops the site starting instead of failing quietly later.

==========  ================================================================================
Id          Problem
==========  ================================================================================
rt.E001     In production, SITE_URL is not set
rt.E002     SITE_URL is not a full web address (scheme and host, no path, query or fragment)
rt.E003     In production, SITE_URL does not start with https://
rt.E010     TEXT_BACKEND is not one of notify, file, memory or off
rt.E011     TEXT_BACKEND is notify but NOTIFY_API_KEY or NOTIFY_SMS_TEMPLATE_ID is missing
rt.E012     NOTIFY_BASE_URL is not an https:// address (http:// only on this machine's loopback)
rt.E013     DIGEST_HOUR is not a whole number from 0 to 23
rt.E014     A number setting (NOTIFY_TIMEOUT, MESSAGE_STUCK_AFTER_SECONDS, MESSAGE_REDISPATCH_SECONDS)
            is not a whole number of at least 1
==========  ================================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from roundtable.notifications import conf


def is_production() -> bool:
    """True unless the site runs as the demo, under tests, with DEBUG on, or from a developer's ``manage.py``."""
    return not any(getattr(settings, name, False) for name in ("DEBUG", "DEMO_MODE", "TESTING", "LOCAL_CHECKOUT"))


def site_url_problems(url: str, *, given: bool, production: bool) -> list[Error]:
    """What is wrong with a site address. ``given`` is False when nobody set SITE_URL (the default is in use)."""
    if production and not given:
        return [
            Error(
                "SITE_URL is not set.",
                hint="Set SITE_URL to the address people use to reach this site, for example "
                "https://roundtable.example.org. Every link in emails, texts, letters, call scripts and "
                "calendar feeds starts with it.",
                id="rt.E001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query:
        return [
            Error(
                f"SITE_URL is {url!r}, which is not a full web address.",
                hint="Give the scheme and host only, for example https://roundtable.example.org (no path at the end).",
                id="rt.E002",
            )
        ]
    if production and parts.scheme != "https":
        return [
            Error(
                f"SITE_URL is {url!r}, but links in production must use https://.",
                hint="Serve the site over HTTPS and set SITE_URL to its https:// address.",
                id="rt.E003",
            )
        ]
    return []


def _read(reader: Callable[[], object], error_id: str, hint: str) -> tuple[object | None, list[Error]]:
    try:
        return reader(), []
    except (ImproperlyConfigured, ValueError, TypeError) as exc:
        return None, [Error(str(exc), hint=hint, id=error_id)]


def notification_problems() -> list[Error]:
    """Every outbox setting (see ``notifications/conf.py``) checked for values that cannot work."""
    errors: list[Error] = []
    backend, found = _read(conf.text_backend, "rt.E010", "Choose one of: " + ", ".join(conf.TEXT_BACKENDS) + ".")
    errors += found
    if backend is not None and backend not in conf.TEXT_BACKENDS:
        errors.append(
            Error(
                f"TEXT_BACKEND is {backend!r}, which is not a way we can send texts.",
                hint="Choose one of: " + ", ".join(conf.TEXT_BACKENDS) + ".",
                id="rt.E010",
            )
        )
    if backend == "notify":
        missing = [
            name
            for name, value in (
                ("NOTIFY_API_KEY", conf.notify_api_key()),
                ("NOTIFY_SMS_TEMPLATE_ID", conf.notify_sms_template_id()),
            )
            if not value
        ]
        if missing:
            errors.append(
                Error(
                    "Texts go through GOV.UK Notify, but " + " and ".join(missing) + " is not set.",
                    hint="Set them from your GOV.UK Notify account, or set TEXT_BACKEND=off.",
                    id="rt.E011",
                )
            )
        base = urlsplit(conf.notify_base_url())
        loopback = base.hostname in ("127.0.0.1", "localhost", "::1")  # a stand-in Notify on this machine
        if not base.netloc or not (base.scheme == "https" or (base.scheme == "http" and loopback)):
            errors.append(
                Error(
                    f"NOTIFY_BASE_URL is {conf.notify_base_url()!r}, which is not an https:// address.",
                    hint=f"Leave it out to use {conf.NOTIFY_DEFAULT_URL}.",
                    id="rt.E012",
                )
            )
    hour, found = _read(conf.digest_hour, "rt.E013", "Give the hour as a whole number from 0 to 23, for example 7.")
    errors += found
    if isinstance(hour, int) and not 0 <= hour <= 23:
        errors.append(
            Error(
                f"DIGEST_HOUR is {hour}, but there is no hour {hour} in a day.",
                hint="Give the hour as a whole number from 0 to 23, for example 7 for 7am London time.",
                id="rt.E013",
            )
        )
    for reader in (conf.notify_timeout, conf.stuck_after, conf.redispatch_after):
        _value, found = _read(reader, "rt.E014", "Give a whole number of seconds, at least 1.")
        errors += found
    return errors


@register("roundtable")
def check_site_and_outbox(app_configs=None, **kwargs) -> list[Error]:
    """The Django system check: the site address and the outbox settings."""
    given = getattr(settings, "SITE_URL_GIVEN", True)  # settings.py: True when SITE_URL came from the environment
    return site_url_problems(settings.SITE_URL, given=given, production=is_production()) + notification_problems()
