"""Factories for story parts, shares and requests, made through the stories services (docs/testing.md).

``StoryPartFactory()`` is a partner of a new published project writing a part; its title, words and content
note carry HTML and a script, so every page that shows them proves it escapes them.
``StoryShareFactory(part=...)`` shares it with the owner's project for a purpose.
``StoryRequestFactory(project=..., person=...)`` is the project's creator asking for a story.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory
from roundtable.stories import services
from roundtable.stories.models import StoryPart, StoryRequest, StoryShare

EVIL = '<script>alert("story")</script><b>bold</b>'


class StoryPartFactory(DjangoModelFactory):
    class Meta:
        model = StoryPart

    owner = factory.LazyFunction(lambda: MembershipFactory().user)
    title = factory.Iterator([f"Getting a diagnosis {EVIL}", "Nosweithiau hir", "Школа"])
    text = f"The nights were long. {EVIL} We waited two years."
    content_note = f"talks about a hospital stay {EVIL}"

    @classmethod
    def _create(cls, model_class, *args, owner, **data):
        return services.part_save(actor=owner, owner=owner, **data)


class StoryShareFactory(DjangoModelFactory):
    """``part``'s owner shares it with ``project`` (the first project they belong to, unless given)."""

    class Meta:
        model = StoryShare

    part = factory.SubFactory(StoryPartFactory)
    project = factory.LazyAttribute(lambda o: o.part.owner.memberships.first().project)
    purpose = f"To help design the study questions {EVIL}"
    until = None

    @classmethod
    def _create(cls, model_class, *args, part, **data):
        return services.share_create(actor=part.owner, part=part, **data)


class StoryRequestFactory(DjangoModelFactory):
    class Meta:
        model = StoryRequest

    project = factory.SubFactory(ProjectFactory)
    person = factory.LazyAttribute(lambda o: MembershipFactory(project=o.project).user)
    actor = factory.LazyAttribute(lambda o: o.project.created_by)
    purpose = f"To help design the study questions {EVIL}"
    content_note = ""

    @classmethod
    def _create(cls, model_class, *args, actor, **data):
        return services.request_create(actor=actor, **data)
