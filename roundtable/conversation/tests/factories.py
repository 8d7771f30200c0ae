"""Factories for the conversation, made through its services (docs/testing.md).

``TopicFactory(project=..., started_by=...)`` starts a topic with ``topic_start`` (the project's creator
unless given); ``ReplyFactory(topic=..., author=...)`` posts with ``reply_post``. Titles and bodies carry
HTML and a script, and a long word and address (``lib.sample_text.stretch``), to prove escaping and
wrapping everywhere they are shown.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from roundtable.conversation import services
from roundtable.conversation.models import BODY_LIMIT, TITLE_LIMIT, Reply, Topic
from roundtable.lib.sample_text import stretch
from roundtable.projects.tests.factories import ProjectFactory

SCRIPT = '<script>alert("x")</script><b>bold?</b>'


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    project = factory.SubFactory(ProjectFactory)
    started_by = factory.LazyAttribute(lambda o: o.project.created_by)
    title = factory.Sequence(lambda n: stretch(f"Topic {n} {SCRIPT}", 100))
    body = factory.LazyFunction(lambda: stretch(f"Can we meet after 8pm? {SCRIPT}", BODY_LIMIT))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.topic_start(
            project=kwargs["project"], author=kwargs["started_by"], title=kwargs["title"][:TITLE_LIMIT],
            body=kwargs["body"],
        )  # fmt: skip


class ReplyFactory(DjangoModelFactory):
    class Meta:
        model = Reply

    topic = factory.SubFactory(TopicFactory)
    author = factory.LazyAttribute(lambda o: o.topic.started_by)
    body = factory.Sequence(lambda n: stretch(f"Reply {n}: yes please {SCRIPT}", 600))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.reply_post(topic=kwargs["topic"], author=kwargs["author"], body=kwargs["body"])
