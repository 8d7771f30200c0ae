"""Audit rows find their organisation through the object they are about, never through a person."""

from __future__ import annotations

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.audit.services import organisation_of
from roundtable.meetings.models import Paper, PollOption
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.payments.models import Claim
from roundtable.projects.audit_scope import path_to_organisation
from roundtable.projects.models import Invitation, Organisation, Project


def test_paths():
    assert path_to_organisation(Organisation) == ()
    assert path_to_organisation(Project) == ("organisation",)
    assert path_to_organisation(Invitation) == ("organisation",)
    assert path_to_organisation(Claim)[-1] == "organisation"
    assert path_to_organisation(Paper) == ("project", "organisation")  # the shortest chain
    assert path_to_organisation(PollOption)[-1] == "organisation"  # through its poll, however long
    assert path_to_organisation(User) is None
    assert path_to_organisation(CommunicationProfile) is None  # a person's profile belongs to no organisation


def test_found_from_loaded_objects_without_a_query_or_with_one(people, django_assert_num_queries):
    meeting = MeetingFactory(project=people.project)
    with django_assert_num_queries(0):
        assert organisation_of(people.project) == people.organisation.pk
    fresh = type(meeting).objects.get(pk=meeting.pk)
    with django_assert_num_queries(1):
        assert organisation_of(fresh) == people.organisation.pk
    assert organisation_of(people.partner) is None
    assert organisation_of(None) is None
