"""Settings for the outbox, read from the environment (with django.conf.settings as a fallback).

Each is read when it is used, so tests can change the environment or settings.

=============================  ==========================================================  ==================
Variable                       What it is                                                  Default
=============================  ==========================================================  ==================
TEXT_BACKEND                   notify, file, memory or off                                 memory in tests, file in
                                                                                           the demo, notify when
                                                                                           NOTIFY_API_KEY is set,
                                                                                           otherwise off
NOTIFY_API_KEY                 GOV.UK Notify API key (``_FILE`` works too)                 (none)
NOTIFY_BASE_URL                Notify's API address                                        https://api.notifications.service.gov.uk
NOTIFY_SMS_TEMPLATE_ID         A Notify text template whose whole content is ``((body))``  (none)
NOTIFY_SMS_SENDER_ID           Optional Notify text sender id                              (none)
NOTIFY_TIMEOUT                 Seconds to wait for Notify                                  10
TEXT_FILE_PATH                 Folder for the file text backend                            DATA_DIR/texts
MESSAGE_STUCK_AFTER_SECONDS    When a message "sending" this long is taken back            600
MESSAGE_REDISPATCH_SECONDS     When a queued task that never ran is queued again           300
DIGEST_HOUR                    Local hour at which daily and weekly digests are put together 7
=============================  ==========================================================  ==================
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings

from roundtable.lib.env import env_choice, env_int, env_str

TEXT_BACKENDS = ("notify", "file", "memory", "off")
NOTIFY_DEFAULT_URL = "https://api.notifications.service.gov.uk"


def _setting(name: str, default):
    return getattr(settings, name, default)


def notify_api_key() -> str:
    return env_str("NOTIFY_API_KEY") or _setting("NOTIFY_API_KEY", "")


def text_backend() -> str:
    configured = _setting("TEXT_BACKEND", "")
    if configured:
        return configured
    if getattr(settings, "TESTING", False):
        default = "memory"
    elif getattr(settings, "DEBUG", False) or getattr(settings, "DEMO_MODE", False):
        default = "file"
    else:
        default = "notify" if notify_api_key() else "off"
    return env_choice("TEXT_BACKEND", TEXT_BACKENDS, default)


def notify_base_url() -> str:
    return (env_str("NOTIFY_BASE_URL") or _setting("NOTIFY_BASE_URL", NOTIFY_DEFAULT_URL)).rstrip("/")


def notify_sms_template_id() -> str:
    return env_str("NOTIFY_SMS_TEMPLATE_ID") or _setting("NOTIFY_SMS_TEMPLATE_ID", "")


def notify_sms_sender_id() -> str:
    return env_str("NOTIFY_SMS_SENDER_ID") or _setting("NOTIFY_SMS_SENDER_ID", "")


def notify_timeout() -> int:
    return env_int("NOTIFY_TIMEOUT", _setting("NOTIFY_TIMEOUT", 10), minimum=1)


def text_file_path() -> Path:
    raw = env_str("TEXT_FILE_PATH") or str(_setting("TEXT_FILE_PATH", "") or "")
    return Path(raw) if raw else Path(settings.DATA_DIR) / "texts"


def stuck_after() -> timedelta:
    return timedelta(
        seconds=env_int("MESSAGE_STUCK_AFTER_SECONDS", _setting("MESSAGE_STUCK_AFTER_SECONDS", 600), minimum=1)
    )


def redispatch_after() -> timedelta:
    return timedelta(
        seconds=env_int("MESSAGE_REDISPATCH_SECONDS", _setting("MESSAGE_REDISPATCH_SECONDS", 300), minimum=1)
    )


def digest_hour() -> int:
    return env_int("DIGEST_HOUR", _setting("DIGEST_HOUR", 7), minimum=0)
