"""The permission table for every story URL: the owner's pages, the project's pages (organisers only; everyone
else 404) and the proxy pages (only for someone an organiser may act for). Every story page is no-store and
no-index."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from roundtable.credits.tests.factories import OutputFactory
from roundtable.stories import services
from roundtable.stories.tests.conftest import MP3
from roundtable.stories.tests.factories import StoryPartFactory, StoryRequestFactory, StoryShareFactory

# Refused roles first, so a POST that has an effect runs last, for the role allowed to make it.
ROLES = ["anonymous", "outsider", "professional", "finance", "joe", "partner", "organiser", "admin"]
OWNER = dict(anonymous=302, outsider=404, professional=404, finance=404, joe=404, partner=200, organiser=404, admin=404)
PERSONAL = dict(
    anonymous=302, outsider=200, professional=200, finance=200, joe=200, partner=200, organiser=200, admin=200
)
ORGANISERS = dict(
    anonymous=302, outsider=404, professional=404, finance=404, joe=404, partner=404, organiser=200, admin=200
)


def _redirects(expected: dict) -> dict:
    return {role: 302 if code == 200 else code for role, code in expected.items()}


# (URL name, path with {p} project, {part}, {share}, {req}, {quote}, {grace}, {gpart}, {greq}; method; expected)
PAGES = [
    ("stories:mine", "/my-story/", "get", PERSONAL),
    ("stories:part_new", "/my-story/new/", "get", PERSONAL),
    ("stories:part_edit", "/my-story/{part}/edit/", "get", OWNER),
    ("stories:part_delete", "/my-story/{part}/delete/", "get", OWNER),
    ("stories:part_audio", "/my-story/{part}/recording/", "get", OWNER),
    ("stories:share_new", "/my-story/{part}/share/", "get", OWNER),
    ("stories:request", "/my-story/requests/{req}/", "get", OWNER),
    ("stories:quote_answer", "/my-story/quotes/{quote}/", "post", _redirects(OWNER)),
    ("stories:request_decline", "/my-story/requests/{req}/no/", "post", _redirects(OWNER)),
    ("stories:project", "/projects/{p}/stories/", "get", ORGANISERS),
    ("stories:request_new", "/projects/{p}/stories/ask/", "get", ORGANISERS),
    ("stories:read", "/projects/{p}/stories/{share}/", "get", ORGANISERS),
    ("stories:read_audio", "/projects/{p}/stories/{share}/recording/", "get", ORGANISERS),
    ("stories:quote_new", "/projects/{p}/stories/{share}/quote/", "get", ORGANISERS),
    ("stories:quote_removed", "/projects/{p}/stories/quotes/{quote}/taken-out/", "post", _redirects(ORGANISERS)),
    ("stories:proxy", "/projects/{p}/people/{grace}/story/", "get", ORGANISERS),
    ("stories:proxy_confirm", "/projects/{p}/people/{grace}/story/{gpart}/right/", "post", _redirects(ORGANISERS)),
    ("stories:proxy_share", "/projects/{p}/people/{grace}/story/{gpart}/share/", "post", _redirects(ORGANISERS)),
    ("stories:proxy_decline", "/projects/{p}/people/{grace}/story/requests/{greq}/no/", "post", _redirects(ORGANISERS)),
    ("stories:share_withdraw", "/my-story/shares/{share}/withdraw/", "post", _redirects(OWNER)),
]


@pytest.fixture
def world(people, grace):
    audio = SimpleUploadedFile("night.mp3", MP3, content_type="audio/mpeg")
    part = StoryPartFactory(owner=people.partner, audio=audio)
    share = StoryShareFactory(part=part, project=people.project)
    request = StoryRequestFactory(project=people.project, person=people.partner, actor=people.organiser)
    output = OutputFactory(project=people.project, created_by=people.organiser)
    quote = services.quote_create(actor=people.organiser, share=share, output=output, text="The nights were long.")
    gpart = services.part_save(
        actor=people.organiser,
        owner=grace,
        title="Raising my grandson",
        text="It was hard.",
        proxy_project=people.project,
    )
    greq = StoryRequestFactory(project=people.project, person=grace, actor=people.organiser)
    return dict(
        p=people.project.pk,
        part=part.pk,
        share=share.pk,
        req=request.pk,
        quote=quote.pk,
        grace=grace.pk,
        gpart=gpart.pk,
        greq=greq.pk,
    )


@pytest.mark.parametrize(("name", "path", "method", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_permission_table(client, people, world, name, path, method, expected):
    url = path.format(**world)
    assert resolve(url).view_name == name
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(people, role))
        data = {"answer": "yes", "purpose": "To plan the study"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == expected[role], (role, url, response.status_code)
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
            if response.get("Content-Type", "").startswith("text/html"):
                assert b'<meta name="robots" content="noindex, nofollow">' in response.content


URL_NAMES = [name for name, *_rest in PAGES]
