"""Logging filters that keep secrets and anonymous notes out of logs, and a 403 to one line.

Access logs name the address that asked for a page next to the page's path. A path with a note id
(``/boards/7/notes/123/dot/``) next to a person's address would tie that person to an anonymous note,
and a path with a secret link (the anonymous feedback form ``/say/<token>/``, an invitation, a private
calendar feed, a sign-in link's ``?token=``) would let anyone who reads the log use it. ``redact`` takes
them out; ``RedactSecrets`` applies it to every log record (Django's loggers through ``LOGGING``, gunicorn's
access and error logs through ``GunicornLogger``). Source: issue 11, "Anonymous boards".

``OneLineForbidden`` drops the traceback Django attaches to "Forbidden (Permission denied)": a refused
request is expected, not an error, and its traceback only fills the log.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

from gunicorn import glogging

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(/say/)[^/\s?#\"']+"), r"\1[secret]"),
    (re.compile(r"(/invitations/)[^/\s?#\"']+"), r"\1[secret]"),
    (re.compile(r"(/calendar/)[^/\s?#\"']+?(\.ics)"), r"\1[secret]\2"),
    (re.compile(r"(/notes/)\d+"), r"\1[note]"),
    (re.compile(r"([?&;](?:token|sesame|added)=)[^&\s#\"']*"), r"\1[hidden]"),
]


def redact(text: str) -> str:
    """The text with note ids, secret links and sign-in tokens replaced by [note], [secret] or [hidden]."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrite a record's message through ``redact``. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a malformed record: leave it to the handler
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class OneLineForbidden(logging.Filter):
    """A 403 from ``django.request`` is logged as its one line, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


class GunicornLogger(glogging.Logger):
    """gunicorn's logger (``--logger-class``) with ``RedactSecrets`` on its access and error logs."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, RedactSecrets) for f in log.filters):
                log.addFilter(RedactSecrets())


class CurrentStderr(logging.StreamHandler):
    """The console handler: writes each record to ``sys.stderr`` as it is at that moment.

    ``logging.StreamHandler`` keeps the stream it was given at start-up. When something swaps
    ``sys.stderr`` for a while and closes its stand-in (a test runner capturing output does), that
    handler goes on writing to a closed file ("I/O operation on closed file"). This one looks
    ``sys.stderr`` up on every write, unless a stream was set on purpose with ``setStream``.
    """

    def __init__(self) -> None:
        super().__init__()
        self._chosen: Any = None

    @property
    def stream(self) -> Any:
        return self._chosen if self._chosen is not None else sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        # The stream StreamHandler.__init__ passes is the start-up sys.stderr: keep following sys.stderr.
        self._chosen = None if value is sys.__stderr__ or value is sys.stderr else value
