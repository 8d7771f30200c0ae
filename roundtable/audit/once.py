"""One click, one effect: a form that creates something does it once, however often it is sent.

The form carries a one-time key (``{% once_key %}`` in its template). ``once_per_key`` on the view:

1. claims the key (a unique row, ``OnceKey``) and runs the view in the same transaction;
2. if the view redirects (the usual "done, now look at it"), stores where to, and commits;
3. if the view shows the page again (an error to fix, "Check my writing"), forgets the key, so the
   person can fix what they typed and send it;
4. if the key was already used, runs nothing and redirects to where the first send led, saying so.

Two sends at the same moment are safe: on PostgreSQL the second insert of the same key waits for the
first transaction and then fails on the unique index; on SQLite transactions are taken one at a time
(``transaction_mode = IMMEDIATE``). A send with no key (an old page, a script) works as before.

A view that shows its result on the page itself instead of redirecting marks the response with
``once_result(response, url)``; a repeat then leads to ``url``, or to the form's own address (a GET
of the same page) when no url is given.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.models import OnceKey
from roundtable.lib.forms import once_digest, once_key_from

ONCE_VIEW = "once_per_key"  # the attribute a wrapped view carries, so tests can find every such view


def once_result(response: HttpResponse, url: str = "") -> HttpResponse:
    """Mark a response that shows what was just created, so a repeat send is treated as done.

    A repeat leads to ``url`` (a page to GET), or to the form's own address when it is empty.
    """
    response.once_result = url or True  # type: ignore[attr-defined]
    return response


def _repeat(request: HttpRequest, row: OnceKey) -> HttpResponse:
    messages.info(request, _("You sent this already, so we did it only once."))
    return HttpResponseRedirect(row.result_url or request.get_full_path())


def once_per_key(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a view so a POST carrying the same one-time key has one effect (see the module's text).

    Put it directly above the ``def``, under ``login_required`` and the method check, so a request
    that is refused never claims a key. The wrapped view carries ``ONCE_VIEW`` for tests to find.
    Errors from the view (404, 403, a server error) pass through and forget the key.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = once_key_from(request.POST) if request.method == "POST" else ""
        if not key:
            return view(request, *args, **kwargs)
        digest = once_digest(request.path, key)
        for _attempt in range(2):
            seen = OnceKey.objects.filter(digest=digest).first()
            if seen is not None:
                return _repeat(request, seen)
            try:
                with transaction.atomic():
                    row = OnceKey.objects.create(digest=digest, made_on=timezone.localdate())
                    response = view(request, *args, **kwargs)
                    if isinstance(response, HttpResponseRedirect) or response.status_code in (301, 302, 303):
                        row.result_url = response["Location"][:500]
                        row.save(update_fields=["result_url"])
                    elif getattr(response, "once_result", False) and response.status_code < 400:
                        if isinstance(response.once_result, str):  # type: ignore[attr-defined]
                            row.result_url = response.once_result[:500]  # type: ignore[attr-defined]
                            row.save(update_fields=["result_url"])
                    else:
                        row.delete()
                    return response
            except IntegrityError:
                # Someone sent the same key at the same moment; theirs won. Look again (once).
                if OnceKey.objects.filter(digest=digest).exists():
                    continue
                raise
        return view(request, *args, **kwargs)  # pragma: no cover - the other send failed twice in a row

    setattr(wrapped, ONCE_VIEW, True)
    return wrapped


def once_keys_clear(*, before) -> int:
    """Forget one-time keys made before ``before`` (a date, London time). Returns how many went."""
    deleted, _rows = OnceKey.objects.filter(made_on__lt=before).delete()
    return deleted


def once_keys_clear_old() -> int:
    """For the worker: forget one-time keys more than a week old. Returns how many went."""
    return once_keys_clear(before=timezone.localdate() - dt.timedelta(days=7))
