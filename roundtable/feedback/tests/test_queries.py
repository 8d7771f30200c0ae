"""Pinned query counts for the feedback pages whose reads moved into selectors (issue 20)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.feedback import services
from roundtable.feedback.tests.conftest import add_note

pytestmark = pytest.mark.django_db

# Page -> queries. The signed-in pages start with the session, the user, the project, staff roles and
# membership, and the header's unread count; the rest are the page's own. The check-in pages read the
# project's support contacts too for partners (one query, issue 16; organisers get a link instead).
EXPECTED = {
    "board new": 7,
    "board": 11,  # the project and the membership in one query (require_board one_read)
    "check-in (none yet)": 9,
    "check-in with answers": 12,
    "check-in for a member": 10,
    "anonymous feedback page": 8,
    "say (anonymous)": 1,
}


def test_feedback_pages_make_a_fixed_number_of_queries(client, people, board, past_meeting, django_assert_num_queries):
    p = people.project.pk
    add_note(people, board)
    link = services.feedback_link_get(actor=people.organiser, project=people.project)
    pages = {
        "board new": (people.organiser, reverse("feedback:board_new", args=[p])),
        "board": (people.partner, reverse("feedback:board", args=[p, board.pk])),
        "check-in (none yet)": (people.partner, reverse("feedback:check_in", args=[p, past_meeting.pk])),
        "anonymous feedback page": (people.organiser, reverse("feedback:feedback", args=[p])),
        "say (anonymous)": (None, reverse("feedback:say", args=[link.token])),
    }
    for name, (user, url) in pages.items():
        _pin(client, user, url, EXPECTED[name], name, django_assert_num_queries)
    services.check_in_open(actor=people.organiser, meeting=past_meeting, days=7)
    later = {
        "check-in with answers": (people.organiser, reverse("feedback:check_in", args=[p, past_meeting.pk])),
        "check-in for a member": (
            people.organiser,
            reverse("feedback:check_in_for", args=[p, past_meeting.pk, people.joe.pk]),
        ),
    }
    for name, (user, url) in later.items():
        _pin(client, user, url, EXPECTED[name], name, django_assert_num_queries)


def _pin(client, user, url, expected, name, django_assert_num_queries):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    client.get(url)  # warm caches that are per process, not per request
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200, name
