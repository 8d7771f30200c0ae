"""One click, one effect: ``once_per_key`` on a view that creates something (an audit row, here).

Every create form of the project is sent twice in ``core/tests/test_one_click_one_effect.py``; these
tests pin the mechanism itself: what is stored, what a repeat gets, what is forgotten after an error,
and two sends at the same moment (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from roundtable.audit.models import AuditEvent, OnceKey
from roundtable.audit.once import once_keys_clear, once_per_key, once_result
from roundtable.lib.forms import ONCE_FIELD, new_once_key, once_digest

NOW = dt.datetime(2026, 3, 10, 11, 0, tzinfo=ZoneInfo("Europe/London"))


@once_per_key
def make_row(request):
    """Creates one audit row; shows the form again (200) when asked to fail."""
    if request.POST.get("fail"):
        return HttpResponse("Please fix this", status=400)
    row = AuditEvent.objects.create(action="test.made", summary=request.POST.get("text", ""))
    if request.POST.get("slow"):
        time.sleep(0.3)  # hold the transaction open so the other send arrives while it is running
    if request.POST.get("show"):
        return once_result(HttpResponse(f"made {row.pk}"), "/made/")
    return HttpResponseRedirect(f"/made/{row.pk}/")


def post(data, path="/things/new/"):
    request = RequestFactory().post(path, data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def said(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_same_key_twice_makes_one_row_and_leads_to_the_first_result(db):
    key = new_once_key()
    first = make_row(post({ONCE_FIELD: key, "text": "hello"}))
    repeat_request = post({ONCE_FIELD: key, "text": "hello"})
    second = make_row(repeat_request)
    assert AuditEvent.objects.filter(action="test.made").count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert said(repeat_request) == ["You sent this already, so we did it only once."]


def test_a_new_key_is_a_new_send(db):
    make_row(post({ONCE_FIELD: new_once_key()}))
    make_row(post({ONCE_FIELD: new_once_key()}))
    assert AuditEvent.objects.filter(action="test.made").count() == 2


def test_one_key_on_two_forms_is_two_sends(db):
    key = new_once_key()
    make_row(post({ONCE_FIELD: key}, path="/things/new/"))
    make_row(post({ONCE_FIELD: key}, path="/other-things/new/"))
    assert AuditEvent.objects.filter(action="test.made").count() == 2


def test_an_error_forgets_the_key_so_the_fixed_form_can_be_sent(db):
    key = new_once_key()
    assert make_row(post({ONCE_FIELD: key, "fail": "1"})).status_code == 400
    assert not OnceKey.objects.exists()
    assert make_row(post({ONCE_FIELD: key})).status_code == 302
    assert AuditEvent.objects.filter(action="test.made").count() == 1


def test_a_result_shown_on_the_page_leads_a_repeat_to_the_page_given(db):
    key = new_once_key()
    assert make_row(post({ONCE_FIELD: key, "show": "1"})).status_code == 200
    again = make_row(post({ONCE_FIELD: key, "show": "1"}))
    assert again.status_code == 302 and again["Location"] == "/made/"
    assert AuditEvent.objects.filter(action="test.made").count() == 1


@pytest.mark.parametrize("key", ["", "short", "has spaces in it, which we never make", "x" * 65])
def test_no_key_or_a_key_we_could_not_have_made_works_as_before(db, key):
    make_row(post({ONCE_FIELD: key}))
    make_row(post({ONCE_FIELD: key}))
    assert AuditEvent.objects.filter(action="test.made").count() == 2
    assert not OnceKey.objects.exists()


def test_what_is_kept_names_nobody_and_no_time_of_day(db):
    key = new_once_key()
    make_row(post({ONCE_FIELD: key, "text": "anonymous words"}))
    row = OnceKey.objects.get()
    assert row.digest == once_digest("/things/new/", key) and key not in row.digest
    assert row.made_on == dt.date(2026, 3, 10)
    assert {f.name for f in OnceKey._meta.get_fields()} == {"id", "digest", "result_url", "made_on"}


def test_old_keys_are_cleared_after_a_week_by_the_worker(db):
    make_row(post({ONCE_FIELD: new_once_key()}))
    assert once_keys_clear(before=dt.date(2026, 3, 10)) == 0
    assert once_keys_clear(before=dt.date(2026, 3, 11)) == 1
    assert not OnceKey.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL: two writers at once"
)
def test_two_sends_at_the_same_moment_make_one_row():
    key = new_once_key()
    responses: list = []
    errors: list = []
    barrier = threading.Barrier(2)

    def send():
        try:
            barrier.wait(timeout=10)
            responses.append(make_row(post({ONCE_FIELD: key, "slow": "1"})))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert AuditEvent.objects.filter(action="test.made").count() == 1
    assert sorted(r.status_code for r in responses) == [302, 302]
    assert len({r["Location"] for r in responses}) == 1
