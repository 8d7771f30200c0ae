"""Factories for contributions, outputs and how people are named in them, made through the credits services.

``ContributionFactory()`` is a partner of a new published project whose "lived experience" a week ago
was added and confirmed by the project's creator (``contribution_add``); ``confirmed=False`` has the
partner add it themselves, so it waits for an organiser. ``OutputFactory()`` records a report drawing on
one confirmed contribution (``output_create``); ``told=True`` also tells each person how they will be
named (``output_tell``) and ``published=True`` tells them and publishes it (``output_publish``).
``OutputCreditFactory(output=..., person=..., naming=...)`` is that person choosing how they are named
(``output_naming_set``); the credit row itself is made by ``output_create``.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from roundtable.accounts.models import Naming
from roundtable.credits import services
from roundtable.credits.models import Contribution, ContributionType, Degree, Output, OutputCredit, OutputKind
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory


def contribution_type(slug: str = "lived_experience") -> ContributionType:
    """The contribution type with ``slug`` (credits.types), the table filled in first if it is empty."""
    if not ContributionType.objects.filter(slug=slug).exists():
        services.contribution_types_sync()
    return ContributionType.objects.get(slug=slug)


class ContributionFactory(DjangoModelFactory):
    """A contribution by ``person`` (a new partner of ``project`` unless given) recorded by ``contribution_add``.

    ``confirmed=True`` (the default): added by ``added_by`` (the project's creator unless given), so it is
    confirmed at once; ``confirmed=False``: added by the person, waiting for an organiser to check it.
    """

    class Meta:
        model = Contribution

    project = factory.SubFactory(ProjectFactory)
    person = factory.LazyAttribute(lambda o: MembershipFactory(project=o.project).user)
    type = factory.LazyFunction(contribution_type)
    degree = Degree.SUPPORTING
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    description = factory.Iterator(["Told us what bedtime is really like", "Rhannu profiad", "Read the leaflet"])
    hours = None
    # Not fields: how ``contribution_add`` is called.
    confirmed = True
    added_by = factory.LazyAttribute(lambda o: o.project.created_by)

    @classmethod
    def _create(cls, model_class, *args, project, person, confirmed, added_by, **data):
        actor = added_by if confirmed else person
        return services.contribution_add(actor=actor, project=project, person=person, **data)


class OutputFactory(DjangoModelFactory):
    """An output recorded by ``output_create`` as ``created_by`` (the project's creator unless given).

    ``contributions`` are the confirmed contributions it drew on (one new one unless given); each of
    their people gets a credit row with their usual naming. ``told=True`` tells them how they will be
    named; ``published=True`` tells them and publishes it with ``link``.
    """

    class Meta:
        model = Output

    project = factory.SubFactory(ProjectFactory)
    created_by = factory.LazyAttribute(lambda o: o.project.created_by)
    kind = OutputKind.REPORT
    title = factory.Iterator(["What helps children sleep", "Adroddiad cwsg", "Bedtime: a short guide"])
    contributions = factory.LazyAttribute(lambda o: [ContributionFactory(project=o.project)])
    # Not fields: what happens after ``output_create``.
    told = False
    published = False
    link = "https://example.org/sleep-report"

    @classmethod
    def _create(cls, model_class, *args, project, created_by, kind, title, contributions, told, published, link):
        output = services.output_create(
            actor=created_by, project=project, kind=kind, title=title, contributions=contributions
        )
        if told or published:
            services.output_tell(actor=created_by, output=output)
        if published:
            output = services.output_publish(actor=created_by, output=output, link=link)
        return output


class OutputCreditFactory(DjangoModelFactory):
    """``person`` (the output's first credited person unless given) choosing how they are named in ``output``."""

    class Meta:
        model = OutputCredit

    output = factory.SubFactory(OutputFactory)
    person = factory.LazyAttribute(lambda o: o.output.credits.order_by("pk").first().person)
    naming = Naming.FIRST_NAME
    pseudonym = ""

    @classmethod
    def _create(cls, model_class, *args, output, person, naming, pseudonym):
        return services.output_naming_set(actor=person, output=output, naming=naming, pseudonym=pseudonym)
