"""The factories every test builds on (docs/testing.md) make rows the product could have made.

Here in core, the top app, because it may import every app's factories.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roundtable.accounts.models import User
from roundtable.accounts.tests.factories import NAMES, CommunicationProfileFactory, UserFactory, person
from roundtable.audit.models import AuditEvent
from roundtable.lib.sample_text import LONG_WORD
from roundtable.meetings.models import Meeting
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from roundtable.notifications.models import Message
from roundtable.payments.models import ClaimStatus
from roundtable.payments.tests.factories import ClaimFactory
from roundtable.projects.models import Membership, Project, StaffRole
from roundtable.projects.permissions import project_access
from roundtable.projects.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PayRateFactory,
    ProjectFactory,
    StaffMembershipFactory,
    build_people,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_default_names_are_written_in_several_scripts():
    scripts = {unicodedata.name(ch).split()[0] for name in NAMES for ch in name if ch.isalpha()}
    assert {"LATIN", "CYRILLIC", "ARABIC", "DEVANAGARI", "CJK", "GREEK", "GURMUKHI"} <= scripts
    people = [UserFactory() for _ in NAMES]
    assert {p.full_name for p in people} == set(NAMES)
    assert len({p.email for p in people}) == len(NAMES)


def test_a_person_has_an_empty_profile_unless_asked_and_none_when_told():
    amira = UserFactory()
    assert amira.profile.channels == [] and amira.has_usable_password() is False
    assert not hasattr(UserFactory(profile=None), "profile")
    grace = UserFactory(offline=True, profile__grace=True)
    assert grace.email is None and not grace.uses_web
    assert grace.profile.channels == ["letter"] and grace.profile.formats == ["large_print"]
    joe = person("joe@example.com", "Joe Bennett", known_as="Joe", channels=["phone"], notice_days=10)
    assert (joe.known_as, joe.profile.channels, joe.profile.notice_days) == ("Joe", ["phone"], 10)
    assert CommunicationProfileFactory(joe=True).user.full_name


def test_long_traits_fill_each_field_to_its_limit_around_a_150_letter_word():
    user = UserFactory(long_name=True)
    organisation = OrganisationFactory(long_name=True)
    project = ProjectFactory(long_title=True, organisation=organisation)
    meeting = MeetingFactory(long_title=True, project=project)
    claim = ClaimFactory(long_activity=True)
    for obj, field in ((user, "full_name"), (organisation, "name"), (project, "title"), (meeting, "title"),
                       (claim, "activity")):  # fmt: skip
        limit = obj._meta.get_field(field).max_length
        value = getattr(obj, field)
        assert len(value) == limit and LONG_WORD in value, (obj, field)
        obj.full_clean()


def test_a_membership_is_a_whole_world_made_through_the_services():
    membership = MembershipFactory()
    project = membership.project
    assert project.status == Project.Status.PUBLISHED and project.pay_rate is None and project.unpaid_reason
    admin = project.created_by
    assert project_access(admin, project).roles == {StaffRole.ADMIN}
    assert project_access(membership.user, project).is_member
    assert Message.objects.filter(kind="invitation", to_email=membership.user.email).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"organisation.created", "project.created", "project.published"} <= actions
    grace = MembershipFactory(project=project, user=UserFactory(offline=True), joined="proxy")
    assert grace.added_by_proxy and grace.added_by == admin
    assert Membership.objects.filter(project=project).count() == 2


def test_staff_roles_add_to_what_a_person_holds():
    organisation = OrganisationFactory()
    sam = UserFactory()
    StaffMembershipFactory(organisation=organisation, user=sam, role=StaffRole.FINANCE)
    StaffMembershipFactory(organisation=organisation, user=sam, role=StaffRole.ORGANISER)
    assert set(sam.staff_roles.values_list("role", flat=True)) == {StaffRole.FINANCE, StaffRole.ORGANISER}


def test_a_meeting_its_agenda_and_a_paper():
    meeting = MeetingFactory()
    MembershipFactory(project=meeting.project)  # joined after the booking: told nothing about it
    AgendaItemFactory(meeting=meeting, minutes=20)
    item = AgendaItemFactory(meeting=meeting)
    paper = PaperFactory(meeting=meeting)
    assert meeting.starts_at > NOW and meeting.status == Meeting.Status.SCHEDULED
    assert item.order == 2 and paper.released_at is None and paper.file.size > 0
    held = MeetingFactory(project=meeting.project, starts_at=NOW - dt.timedelta(days=2), already_held=True)
    assert held.starts_at < NOW


def test_a_claim_is_sent_for_two_hours_at_the_projects_rate():
    claim = ClaimFactory()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.amount == 2 * claim.project.pay_rate.amount
    rate = PayRateFactory(organisation=claim.organisation, effective_from=dt.date(2025, 12, 16))
    assert rate.currency == claim.organisation.currency


def test_the_standing_cast_is_the_same_whatever_the_app():
    people = build_people()
    assert [p.full_name for p in (people.admin, people.organiser, people.finance, people.partner)] == [
        "Priya Shah", "Tom Reid", "Sam Okafor", "Amira Hassan",
    ]  # fmt: skip
    assert people.project.title == "Better sleep" and people.project.pay_rate == people.rate
    members = set(Membership.objects.filter(project=people.project).values_list("user__email", flat=True))
    assert members == {"amira@example.com", "dr.lee@example.com"}
    assert not User.objects.filter(email="nosy@example.com", memberships__isnull=False).exists()


def test_a_story_part_is_shared_and_asked_for_through_the_services():
    from roundtable.stories.tests.factories import EVIL, StoryRequestFactory, StoryShareFactory

    share = StoryShareFactory()
    part = share.part
    for row in (part, share, StoryRequestFactory()):
        row.full_clean()
    assert EVIL in part.text and EVIL in part.content_note and share.is_live()
    assert share.owner == part.owner and share.project.memberships.filter(user=part.owner).exists()
    assert AuditEvent.objects.filter(action="story.shared", subject=part.owner).exists()
