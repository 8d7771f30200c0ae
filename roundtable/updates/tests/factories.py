"""Factories for progress updates and outcomes, made through the updates services.

``ProgressUpdateFactory()`` publishes an update to every current member of a new published project
(``update_publish``); ``OutcomeFactory()`` sends the project's promised (final) outcome to every past and
present member, each their way (``outcome_publish``); ``final=False`` sends a step on the way. Both act
as ``author``, the project's creator unless given, and are dated now (freeze the clock in tests).
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from roundtable.projects.tests.factories import ProjectFactory
from roundtable.updates import services
from roundtable.updates.models import Outcome, ProgressUpdate


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    project = factory.SubFactory(ProjectFactory)
    author = factory.LazyAttribute(lambda o: o.project.created_by)
    title = factory.Iterator(["What we did in March", "Beth wnaethon ni", "The survey is closed"])
    body = "We met twice and read your ideas about bedtime."
    easy_read_url = ""

    @classmethod
    def _create(cls, model_class, *args, project, author, **data):
        return services.update_publish(actor=author, project=project, **data)


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    project = factory.SubFactory(ProjectFactory)
    author = factory.LazyAttribute(lambda o: o.project.created_by)
    title = factory.Iterator(["What we found", "Beth ddigwyddodd", "The new bedtime leaflet"])
    found = "Children sleep better with a calm hour before bed."
    input_effect = "Your stories changed the advice in the leaflet."
    easy_read_url = ""
    final = True

    @classmethod
    def _create(cls, model_class, *args, project, author, **data):
        return services.outcome_publish(actor=author, project=project, **data)
