"""A realistic data set for the benchmarks, made with bulk_create.

Scale 1 is about 200 people, 20 projects, 10 organisations, 1,000 memberships,
3 announcements per project (a Message to each member for each) and their
steps, milestones and invitations. Scale N is N times that.

Background data alone would not show a page whose queries grow with its own
rows (an N+1), because each project would still have about 50 members. So the
people and things the pages are measured for grow with the scale too:

* the focus organisation runs 5×N projects (its dashboard and its organiser's
  "my projects" list them all);
* the focus project has 50×N members and 10×N invitations (project page,
  members list, the delivery page of an announcement);
* the focus partner, Amira, takes part in 5×N projects and has a message from each.

Comparing scale 1 with scale 10 then shows whether any page's query count
grows with the data (it must not).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from roundtable.accounts.models import Channel, CommunicationProfile, Format, Naming, User
from roundtable.notifications.models import Message, MessageStatus
from roundtable.projects.models import (
    Announcement,
    Invitation,
    LadderStep,
    MemberRole,
    Membership,
    Milestone,
    Organisation,
    PayRate,
    Project,
    ProjectStep,
    StaffMembership,
    StaffRole,
)

FIRST = [
    "Amira",
    "Joe",
    "Grace",
    "Priya",
    "Sam",
    "Łucja",
    "Aisha",
    "Tom",
    "Niamh",
    "Kwame",
    "Mei",
    "Owen",
    "Fatima",
    "Rhys",
    "Zara",
    "Dafydd",
    "Chloe",
    "Imran",
    "Bethan",
    "Yusuf",
]
LAST = [
    "Hassan",
    "Brown",
    "Okafor",
    "Shah",
    "Jones",
    "Nowak",
    "Khan",
    "Reid",
    "Murphy",
    "Mensah",
    "Chen",
    "Evans",
    "Ali",
    "Price",
    "Ahmed",
    "Williams",
    "Taylor",
    "Hughes",
    "Davies",
    "Patel",
]
TOPICS = [
    "Support at school",
    "Short breaks",
    "Autism assessment",
    "Transition to adult care",
    "Respite care",
    "Mental health support",
    "Speech therapy",
    "Wheelchair services",
    "Home adaptations",
    "Carers' health",
]


@dataclass
class Focus:
    """The people and things the benchmark pages are measured for."""

    organisation: Organisation
    organiser: User
    project: Project
    partner: User
    announcement: Announcement
    counts: dict[str, int]


def _person(rng: random.Random, n: int, password: str, **extra) -> User:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return User(
        email=f"person{n}@bench.example",
        full_name=f"{first} {last}",
        known_as=first,
        password=password,
        **extra,
    )


@transaction.atomic
def build(scale: int, seed: int = 20250101) -> Focus:
    rng = random.Random(seed)
    now = timezone.now()
    password = make_password(None)  # unusable: nobody signs in with a password here

    n_orgs = 10 * scale
    n_projects = 20 * scale
    n_people = 200 * scale
    n_memberships = 1000 * scale
    focus_projects = 5 * scale
    focus_members = 50 * scale
    focus_partner_projects = 5 * scale

    # People: two staff (admin, organiser) per organisation, the rest partners.
    n_staff = 2 * n_orgs
    people = [_person(rng, i, password) for i in range(n_people)]
    people[0].full_name, people[0].known_as, people[0].email = "Dr Tom Reid", "Tom", "tom@bench.example"
    people[n_staff].full_name, people[n_staff].known_as = "Amira Hassan", "Amira"
    people[n_staff].email = "amira@bench.example"
    User.objects.bulk_create(people, batch_size=500)
    staff_people, partners = people[:n_staff], people[n_staff:]
    amira = partners[0]

    profiles = []
    for person in people:
        channels = rng.choice([[Channel.EMAIL], [Channel.TEXT, Channel.EMAIL], [Channel.APP], [Channel.LETTER]])
        profiles.append(
            CommunicationProfile(
                user=person,
                channels=channels,
                phone="07700 900123" if Channel.TEXT in channels else "",
                postal_address="1 High Street\nNorthgate" if Channel.LETTER in channels else "",
                formats=[Format.LARGE_PRINT] if rng.random() < 0.1 else [],
                naming=rng.choice([Naming.FULL_NAME, Naming.FIRST_NAME, Naming.FIRST_NAME, Naming.NOT_NAMED]),
                language="English",
                answered=["name", "channels"],
            )
        )
    CommunicationProfile.objects.bulk_create(profiles, batch_size=500)

    organisations = [
        Organisation(name=f"Organisation {i:04d}", slug=f"organisation-{i:04d}", kind=Organisation.Kind.RESEARCH)
        for i in range(n_orgs)
    ]
    organisations[0].name, organisations[0].slug = "Northgate University", "northgate-university"
    Organisation.objects.bulk_create(organisations)

    staff = []
    for i, organisation in enumerate(organisations):
        staff.append(StaffMembership(organisation=organisation, user=staff_people[2 * i], role=StaffRole.ADMIN))
        staff.append(StaffMembership(organisation=organisation, user=staff_people[2 * i + 1], role=StaffRole.ORGANISER))
    StaffMembership.objects.bulk_create(staff)

    rates = [
        PayRate(
            organisation=organisation,
            activity="Meetings and workshops",
            unit=PayRate.Unit.HOUR,
            amount=Decimal("25.00"),
            effective_from=dt.date(2024, 4, 1),
            source_note="NIHR payment guidance",
        )
        for organisation in organisations
    ]
    PayRate.objects.bulk_create(rates)

    # Projects: the focus organisation runs focus_projects of them; the rest are spread over the others.
    owners = [0] * focus_projects + [1 + i % (n_orgs - 1) for i in range(n_projects - focus_projects)]
    projects = []
    for i, org_index in enumerate(owners):
        organisation = organisations[org_index]
        projects.append(
            Project(
                organisation=organisation,
                title=f"{TOPICS[i % len(TOPICS)]} {i}",
                slug=f"project-{i}",
                visibility=Project.Visibility.INVITE_ONLY if i % 3 else Project.Visibility.OPEN,
                status=Project.Status.PUBLISHED,
                published_at=now,
                created_by=staff_people[2 * org_index],
                contact=staff_people[2 * org_index],
                purpose="Find out what helps parent carers get support.",
                partner_activities="Come to online meetings and read short papers.",
                ladder_step=LadderStep.CO_PRODUCTION,
                hours_per_month=Decimal("4"),
                duration_months=12,
                where_and_when="Online, Tuesday evenings 8pm to 9:30pm.",
                pay_rate=rates[org_index],
                preparation_paid=True,
                expenses_covered=["childcare", "travel"],
                input_use="Your ideas shape the questions we ask.",
                outcome_promise="We will send every partner a plain summary of what we found.",
                outcome_due=dt.date(2027, 7, 31),
                contact_how="Text or call 07700 900123, weekdays 9am to 5pm.",
            )
        )
    Project.objects.bulk_create(projects, batch_size=500)
    focus_project = projects[0]

    steps = [
        ProjectStep(project=project, order=k + 1, title=title)
        for project in projects
        for k, title in enumerate(["Getting to know each other", "Planning", "Doing", "Telling people"])
    ]
    ProjectStep.objects.bulk_create(steps, batch_size=500)
    for index, project in enumerate(projects):
        project.current_step = steps[4 * index + 1]
    Project.objects.bulk_update(projects, ["current_step"], batch_size=500)
    Milestone.objects.bulk_create(
        [
            Milestone(project=project, title=title, due=dt.date(2026, month, 1))
            for project in projects
            for month, title in ((3, "First meeting"), (6, "Survey goes out"), (11, "Findings shared"))
        ],
        batch_size=500,
    )

    # Memberships: the focus project gets focus_members (Amira among them), Amira joins
    # focus_partner_projects projects, and the rest are spread at random.
    pairs: set[tuple[int, int]] = set()
    for person in [amira, *rng.sample(partners[1:], focus_members - 1)]:
        pairs.add((0, person.pk))
    for index in range(1, focus_partner_projects):
        pairs.add((index * (n_projects // focus_partner_projects), amira.pk))
    while len(pairs) < n_memberships:
        pairs.add((rng.randrange(1, n_projects), rng.choice(partners[1:]).pk))
    memberships = []
    for index, user_id in sorted(pairs):
        roll = rng.random()
        memberships.append(
            Membership(
                project=projects[index],
                user_id=user_id,
                role=MemberRole.PROFESSIONAL if roll < 0.05 else MemberRole.PARTNER,
                status=Membership.Status.LEFT if roll > 0.95 and user_id != amira.pk else Membership.Status.ACTIVE,
                shared_sections=["contact", "caring"] if roll < 0.5 else [],
                joined_at=now - dt.timedelta(days=rng.randrange(1, 400)),
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=500)

    invitations = []
    for index, project in enumerate(projects):
        count = 10 * scale if index == 0 else 2
        for k in range(count):
            invitations.append(
                Invitation(
                    organisation_id=project.organisation_id,
                    project=project,
                    email=f"invitee{index}-{k}@bench.example",
                    member_role=MemberRole.PARTNER,
                    status=[Invitation.Status.PENDING, Invitation.Status.DECLINED, Invitation.Status.ACCEPTED][k % 3],
                    decline_reason="The times do not work for me." if k % 3 == 1 else "",
                    invited_by_id=project.contact_id,
                    expires_at=now + dt.timedelta(days=30),
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=500)

    # Announcements and the messages they made, one per active member each.
    announcements = [
        Announcement(project=project, author_id=project.contact_id, subject=f"Update {k + 1}", body="News " * 40)
        for project in projects
        for k in range(3)
    ]
    Announcement.objects.bulk_create(announcements, batch_size=500)
    active = {}
    for membership in memberships:
        if membership.status == Membership.Status.ACTIVE:
            active.setdefault(membership.project_id, []).append(membership.user_id)
    messages = []
    statuses = [MessageStatus.SENT, MessageStatus.SENT, MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.TASK]
    for announcement in announcements:
        project = announcement.project
        for user_id in active.get(project.pk, []):
            status = rng.choice(statuses)
            messages.append(
                Message(
                    recipient_id=user_id,
                    sender_id=project.contact_id,
                    organiser_id=project.contact_id,
                    kind="announcement",
                    subject=announcement.subject,
                    body=announcement.body,
                    link_url=f"http://127.0.0.1:8000/projects/{project.pk}/",
                    link_text=f"Open {project.title}",
                    group_label=project.title,
                    idempotency_key=f"announcement:{announcement.pk}:{user_id}",
                    status=status,
                    attempts=1,
                    channel_used="" if status == MessageStatus.TASK else "email",
                    sent_at=None if status == MessageStatus.TASK else now,
                    read_at=now if rng.random() < 0.5 else None,
                )
            )
    Message.objects.bulk_create(messages, batch_size=1000)

    counts = {
        "people": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "projects": Project.objects.count(),
        "memberships": Membership.objects.count(),
        "invitations": Invitation.objects.count(),
        "announcements": Announcement.objects.count(),
        "messages": Message.objects.count(),
        "focus_project_members": Membership.objects.filter(
            project=focus_project, status=Membership.Status.ACTIVE
        ).count(),
        "focus_org_projects": Project.objects.filter(organisation=organisations[0]).count(),
        "focus_partner_projects": Membership.objects.filter(user=amira, status=Membership.Status.ACTIVE).count(),
    }
    return Focus(
        organisation=organisations[0],
        organiser=people[0],
        project=focus_project,
        partner=amira,
        announcement=announcements[0],
        counts=counts,
    )
