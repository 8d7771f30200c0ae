"""Standing people for project tests: an admin, an organiser, finance, a partner, a professional, an outsider."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.projects import services
from roundtable.projects.models import LadderStep, MemberRole, Project, StaffRole


def make_person(email: str, name: str, **profile) -> User:
    user = User.objects.create_user(email, full_name=name)
    CommunicationProfile.objects.create(user=user, **profile)
    return user


def complete_offer(project: Project, actor: User, rate=None) -> Project:
    """Every essential of a role offer, so it can be published: the text, a step and a date."""
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


@pytest.fixture
def people(db):
    class People:
        admin = make_person("priya@example.com", "Priya Shah", channels=["email"])
        organiser = make_person("tom@example.com", "Tom Reid", channels=["email"])
        finance = make_person("sam@example.com", "Sam Okafor")
        partner = make_person("amira@example.com", "Amira Hassan", channels=["text", "email"], naming="first_name")
        professional = make_person("dr.lee@example.com", "Dr Ann Lee", naming="full_name")
        outsider = make_person("nosy@example.com", "Nosy Parker")

    p = People()
    p.organisation = services.organisation_create(actor=p.admin, name="University of Northfield", kind="research")
    services.staff_roles_set(actor=p.admin, organisation=p.organisation, user=p.organiser, roles={StaffRole.ORGANISER})
    services.staff_roles_set(actor=p.admin, organisation=p.organisation, user=p.finance, roles={StaffRole.FINANCE})
    p.rate = services.pay_rate_add(
        actor=p.admin,
        organisation=p.organisation,
        activity="Meetings",
        unit="hour",
        amount=Decimal("25.00"),
        effective_from=dt.date(2024, 4, 1),
        source_note="NIHR before uplift",
    )
    p.project = services.project_create(
        actor=p.organiser, organisation=p.organisation, title="Better sleep", visibility="invite_only"
    )
    complete_offer(p.project, p.organiser, p.rate)
    p.project = services.project_publish(actor=p.organiser, project=p.project)
    for person, role in ((p.partner, MemberRole.PARTNER), (p.professional, MemberRole.PROFESSIONAL)):
        invitation = services.invitation_create(actor=p.organiser, project=p.project, email=person.email, role=role)
        services.invitation_accept(invitation=invitation, user=person)
    return p
