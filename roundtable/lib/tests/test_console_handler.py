"""The console handler follows sys.stderr, so a record never goes to a stream someone has closed."""

from __future__ import annotations

import io
import logging
import sys
from typing import cast

from roundtable.lib.logfilters import CurrentStderr


def _record(text: str) -> logging.LogRecord:
    return logging.LogRecord("roundtable", logging.WARNING, __file__, 1, text, None, None)


def test_a_record_goes_to_sys_stderr_as_it_is_now_even_after_the_old_one_was_closed(monkeypatch):
    handler = CurrentStderr()
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler.emit(_record("one"))
    first.close()  # what a test runner does to its stand-in when it is done with it
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    handler.emit(_record("two"))
    assert second.getvalue() == "two\n"


def test_a_stream_set_on_purpose_is_kept_until_it_is_given_back():
    handler = CurrentStderr()
    chosen = io.StringIO()
    old = handler.setStream(chosen)
    handler.emit(_record("kept"))
    assert chosen.getvalue() == "kept\n" and old is sys.stderr
    handler.setStream(old)
    assert handler.stream is sys.stderr


def test_settings_use_it_for_the_console():
    from django.conf import settings

    handlers = cast(dict, settings.LOGGING["handlers"])
    assert handlers["console"]["class"] == "roundtable.lib.logfilters.CurrentStderr"
