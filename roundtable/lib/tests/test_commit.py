"""Work after a commit: a failure is logged by name and never raised into the page (lib/commit.py)."""

from __future__ import annotations

import logging
from functools import partial

import pytest
from django.db import transaction

from roundtable.lib.commit import after_commit


def queue_delivery(message_id: int, *, run_after=None) -> None:
    raise RuntimeError(f"the task queue is down ({message_id})")


@pytest.mark.django_db(transaction=True)
def test_a_failing_action_after_commit_is_logged_by_name_and_not_raised(caplog):
    caplog.set_level(logging.ERROR, logger="django.db.backends.base")
    with transaction.atomic():
        after_commit(queue_delivery, 7, run_after=None)
    assert "Error calling queue_delivery in on_commit()" in caplog.text
    assert "the task queue is down (7)" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_partial_would_break_the_robust_log_line_which_is_why_the_helper_exists():
    # Django builds its log line from __qualname__, which functools.partial lacks: the failure escapes.
    with pytest.raises(AttributeError), transaction.atomic():
        transaction.on_commit(partial(queue_delivery, 7), robust=True)


@pytest.mark.django_db(transaction=True)
def test_the_action_runs_once_the_transaction_commits_and_not_before():
    done: list[int] = []
    with transaction.atomic():
        after_commit(done.append, 1)
        assert done == []
    assert done == [1]
