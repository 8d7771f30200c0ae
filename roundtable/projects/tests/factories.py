"""Factories for organisations, their staff and rates, projects with their role offer, and members.

Each factory makes its row through the app's own service (``organisation_create``, ``staff_roles_set``,
``pay_rate_add``, ``project_create`` and ``project_publish``, ``invitation_create`` and
``invitation_accept``), so a test world has the same staff roles, audit rows, invitations and
messages a real one has. ``OrganisationFactory()`` alone makes an admin, an organisation and nothing
else; ``MembershipFactory()`` makes a person who joined a published project of a new organisation.

``build_people(...)`` makes the standing cast the ``people`` fixtures of projects, glossary,
payments, feedback, credits and meetings share (see docs/testing.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import factory
from factory.django import DjangoModelFactory

from roundtable.accounts.models import User
from roundtable.accounts.tests.factories import UserFactory, person
from roundtable.lib.sample_text import stretch
from roundtable.projects import services
from roundtable.projects.models import (
    LadderStep,
    MemberRole,
    Membership,
    Organisation,
    PayRate,
    Project,
    StaffMembership,
    StaffRole,
)

ORGANISATIONS = [
    ("University of Northfield", Organisation.Kind.RESEARCH),
    ("Leeds Teaching Hospitals NHS Trust", Organisation.Kind.NHS),
    ("Kirklees Council", Organisation.Kind.COUNCIL),
    ("Parent Carers' Forum of Calderdale", Organisation.Kind.CHARITY),
    ("Ysgol Gymraeg Bro Morgannwg", Organisation.Kind.OTHER),
]
TOPICS = [
    "Better sleep",
    "Support at school",
    "Short breaks",
    "Autism assessment",
    "Moving to adult services",
    "Gwasanaethau i ofalwyr",
]


def _admin_of(organisation: Organisation) -> User:
    """The organisation's first admin: the person a factory acts as when nobody else is named."""
    return StaffMembership.objects.filter(organisation=organisation, role=StaffRole.ADMIN).earliest("id").user


class OrganisationFactory(DjangoModelFactory):
    """An organisation made by ``organisation_create``: ``admin`` (a new person unless given) is its admin.

    ``long_name=True`` fills the name to its 200-character limit around a 150-letter word.
    """

    class Meta:
        model = Organisation

    admin = factory.SubFactory(UserFactory, profile__channels=["email"])
    name = factory.LazyAttribute(lambda o: o.example[0])
    kind = factory.LazyAttribute(lambda o: o.example[1])
    phone = ""
    postal_address = ""

    class Params:
        example = factory.Iterator(ORGANISATIONS)
        long_name = factory.Trait(name=factory.LazyFunction(lambda: stretch("Northgate University", 200)))

    @classmethod
    def _create(cls, model_class, *args, admin: User, **kwargs):
        return services.organisation_create(actor=admin, **kwargs)


class StaffMembershipFactory(DjangoModelFactory):
    """A staff role given by ``staff_roles_set``, acting as the organisation's admin. Other roles the
    person already holds there are kept."""

    class Meta:
        model = StaffMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory, profile__channels=["email"])
    role = StaffRole.ORGANISER

    @classmethod
    def _create(cls, model_class, *args, organisation, user, role, **kwargs):
        held = set(StaffMembership.objects.filter(organisation=organisation, user=user).values_list("role", flat=True))
        services.staff_roles_set(
            actor=_admin_of(organisation), organisation=organisation, user=user, roles=held | {role}
        )
        return StaffMembership.objects.get(organisation=organisation, user=user, role=role)


class PayRateFactory(DjangoModelFactory):
    """A dated row of the rate table, added by ``pay_rate_add``: £25 an hour for meetings from April 2024."""

    class Meta:
        model = PayRate

    organisation = factory.SubFactory(OrganisationFactory)
    activity = "Meetings"
    unit = PayRate.Unit.HOUR
    amount = Decimal("25.00")
    effective_from = dt.date(2024, 4, 1)
    source_note = "NIHR before uplift"

    @classmethod
    def _create(cls, model_class, *args, organisation, **kwargs):
        kwargs.pop("currency", None)  # always the organisation's
        return services.pay_rate_add(actor=_admin_of(organisation), organisation=organisation, **kwargs)


def complete_offer(project: Project, actor: User, rate: PayRate | None = None) -> Project:
    """Every essential of a role offer, so it can be published: the text, a step and a date.

    With no ``rate`` the role is unpaid, with its reason. Returns the project as saved.
    """
    if not project.steps.exists():
        services.step_add(actor=actor, project=project, title="Get to know each other")
    if not project.milestones.exists():
        # In the past, so it is in no calendar feed a test reads (feeds list what is still to come).
        services.milestone_add(actor=actor, project=project, title="Project started", due=dt.date(2024, 1, 15))
    return services.project_offer_update(
        actor=actor,
        project=project,
        data={
            "purpose": "Find out what helps children sleep.",
            "partner_activities": "Meet once a month.",
            "ladder_step": LadderStep.CO_PRODUCTION,
            "hours_per_month": Decimal("3"),
            "duration_months": 12,
            "where_and_when": "Online, Tuesdays at 8pm.",
            "pay_rate": rate,
            "unpaid_reason": "" if rate else "A one-off short survey.",
            "input_use": "It shapes the study.",
            "outcome_promise": "We will write to you.",
            "outcome_due": dt.date(2027, 7, 31),
            "contact": actor,
        },
    )


class ProjectFactory(DjangoModelFactory):
    """A project made by ``project_create`` as ``created_by`` (the organisation's admin unless given).

    By default its role offer is complete (``complete_offer``, paid at ``pay_rate`` or unpaid) and it
    is published; ``ProjectFactory(draft=True)`` leaves a bare draft. ``long_title=True`` fills the
    title to its 200-character limit around a 150-letter word.
    """

    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.LazyAttribute(lambda o: _admin_of(o.organisation))
    title = factory.Iterator(TOPICS)
    visibility = Project.Visibility.INVITE_ONLY
    pay_rate = None
    # Not fields: what ``_create`` does after ``project_create``.
    offer = True
    published = True

    class Params:
        draft = factory.Trait(offer=False, published=False)
        long_title = factory.Trait(title=factory.LazyFunction(lambda: stretch("Support at school", 200)))

    @classmethod
    def _create(cls, model_class, *args, organisation, created_by, title, visibility, pay_rate, offer, published):
        project = services.project_create(
            actor=created_by, organisation=organisation, title=title, visibility=visibility
        )
        if offer:
            project = complete_offer(project, created_by, pay_rate)
        if published:
            project = services.project_publish(actor=created_by, project=project)
        return project


class MembershipFactory(DjangoModelFactory):
    """A member of a project. ``joined="invitation"`` (the default): invited by ``invited_by`` (the
    project's creator unless given) and accepted, as on the web; ``joined="proxy"``: added by an
    organiser for someone who does not use the web (``member_add_by_proxy``)."""

    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.PARTNER
    invited_by = factory.LazyAttribute(lambda o: o.project.created_by)
    joined = "invitation"  # or "proxy"; not a field

    @classmethod
    def _create(cls, model_class, *args, project, user, role, invited_by, joined):
        if joined == "proxy":
            return services.member_add_by_proxy(actor=invited_by, project=project, user=user, role=role)
        invitation = services.invitation_create(actor=invited_by, project=project, email=user.email, role=role)
        _user, membership = services.invitation_accept(invitation=invitation, user=user)
        return membership


# --- The standing cast ----------------------------------------------------------------------------

# The people of the standing fixtures (docs/testing.md): who they are, by the shorthand of ``person``.
ADMIN = {"email": "priya@example.com", "full_name": "Priya Shah", "channels": ["email"]}
ORGANISER = {"email": "tom@example.com", "full_name": "Tom Reid", "channels": ["email"]}
FINANCE = {"email": "sam@example.com", "full_name": "Sam Okafor"}
PARTNER = {
    "email": "amira@example.com",
    "full_name": "Amira Hassan",
    "channels": ["text", "email"],
    "naming": "first_name",
}
JOE = {"email": "joe@example.com", "full_name": "Joe Bennett", "channels": ["phone", "email"]}
PROFESSIONAL = {"email": "dr.lee@example.com", "full_name": "Dr Ann Lee", "naming": "full_name"}
OUTSIDER = {"email": "nosy@example.com", "full_name": "Nosy Parker"}
CAST = {
    "admin": ADMIN,
    "organiser": ORGANISER,
    "finance": FINANCE,
    "partner": PARTNER,
    "professional": PROFESSIONAL,
    "outsider": OUTSIDER,
}
ROLES = {"partner": MemberRole.PARTNER, "joe": MemberRole.PARTNER, "professional": MemberRole.PROFESSIONAL}


def build_people(
    cast: dict[str, dict] | None = None,
    *,
    organisation_name: str = "University of Northfield",
    kind: str = Organisation.Kind.RESEARCH,
    rate: bool = True,
) -> SimpleNamespace:
    """The standing cast in one published, invite-only project, "Better sleep".

    ``cast`` maps a name (``admin``, ``organiser``, ``finance``, ``partner``, ``joe``,
    ``professional``, ``outsider``) to the ``person`` fields of that person, in the order they are
    made (default ``CAST``). The admin set up the organisation; the organiser and finance hold those
    roles; the partners and the professional were invited and joined. With ``rate`` the offer pays
    £25 an hour from 1 April 2024 (``people.rate``); without, the role is unpaid.
    Returns a namespace with each person, ``organisation`` and ``project`` (and ``rate`` or None).
    """
    p = SimpleNamespace(**{name: person(**fields) for name, fields in (cast or CAST).items()})
    p.organisation = OrganisationFactory(admin=p.admin, name=organisation_name, kind=kind)
    for role in ("organiser", "finance"):
        if hasattr(p, role):
            StaffMembershipFactory(organisation=p.organisation, user=getattr(p, role), role=role)
    p.rate = PayRateFactory(organisation=p.organisation) if rate else None
    p.project = ProjectFactory(
        organisation=p.organisation, created_by=p.organiser, title="Better sleep", pay_rate=p.rate
    )
    for name, role in ROLES.items():
        if hasattr(p, name):
            MembershipFactory(project=p.project, user=getattr(p, name), role=role)
    return p
