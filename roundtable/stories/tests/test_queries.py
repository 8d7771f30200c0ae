"""The story pages read the same number of queries whatever the number of parts, shares, reads and quotes."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.credits.tests.factories import OutputFactory
from roundtable.stories import services
from roundtable.stories.tests.factories import StoryPartFactory, StoryRequestFactory, StoryShareFactory


def _add(people, output, n: int) -> None:
    for _ in range(n):
        share = StoryShareFactory(part=StoryPartFactory(owner=people.partner), project=people.project)
        services.share_open(reader=people.organiser, share=share)
        services.quote_create(actor=people.organiser, share=share, output=output, text="The nights were long.")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_story_and_the_project_page_do_not_grow_with_the_data(client, people):
    output = OutputFactory(project=people.project, created_by=people.organiser)
    StoryRequestFactory(project=people.project, person=people.partner, actor=people.organiser)
    _add(people, output, 1)
    mine, project = reverse("stories:mine"), reverse("stories:project", args=[people.project.pk])
    client.force_login(people.partner)
    small_mine = _count(client, mine)
    client.force_login(people.organiser)
    small_project = _count(client, project)
    _add(people, output, 6)
    client.force_login(people.partner)
    assert _count(client, mine) == small_mine
    client.force_login(people.organiser)
    assert _count(client, project) == small_project
    # Session, user, messages count and the page's own reads: pinned, so a new query is a decision.
    assert (small_mine, small_project) == (9, 11), (small_mine, small_project)
