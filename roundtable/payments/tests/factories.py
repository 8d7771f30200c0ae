"""Factories for claims, made through ``claim_create`` as the person who claims.

``ClaimFactory()`` is a partner of a new paid project (£25 an hour) claiming two hours of other work
a week ago; pass ``project``, ``claimant``, ``hours``, ``work_date`` or ``activity`` to change it,
``kind="expense"`` with ``expense_kind`` and ``amount`` (and a ``receipt``) for costs.
``long_activity=True`` fills the activity to its 200-character limit around a 150-letter word.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from roundtable.lib.sample_text import stretch
from roundtable.payments import services
from roundtable.payments.models import Claim
from roundtable.projects.tests.factories import MembershipFactory, PayRateFactory, ProjectFactory


def _paid_project():
    rate = PayRateFactory()
    return ProjectFactory(organisation=rate.organisation, pay_rate=rate)


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = Claim

    project = factory.LazyFunction(_paid_project)
    claimant = factory.LazyAttribute(lambda o: MembershipFactory(project=o.project).user)
    kind = "time"
    submission_key = factory.Sequence(lambda n: f"claim-{n}")
    work_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    activity = factory.Iterator(["Read the draft leaflet", "Darllen y daflen", "Phoned three parents"])
    hours = Decimal("2")
    receipt = None  # an uploaded file, for costs

    class Params:
        long_activity = factory.Trait(activity=factory.LazyFunction(lambda: stretch("Read the draft leaflet", 200)))

    @classmethod
    def _create(cls, model_class, *args, project, claimant, kind, submission_key, receipt, **data):
        return services.claim_create(
            actor=claimant, project=project, claimant=claimant, kind=kind, data=data,
            submission_key=submission_key, receipt=receipt,
        )  # fmt: skip
