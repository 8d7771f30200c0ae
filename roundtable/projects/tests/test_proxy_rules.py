"""Acting for someone: only for a person added by proxy who does not use the web, only while they are an
active member, only by the organisers of that project. Everyone else gets 404 (issue 11, "Proxy pages")."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from roundtable.accounts.models import CommunicationProfile
from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.projects import services
from roundtable.projects.models import Membership
from roundtable.projects.tests.conftest import make_person

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "other_org_organiser"]
PROXY_URL_NAMES = ["projects:proxy_answers", "projects:proxy_question", "projects:proxy_sharing"]


@pytest.fixture
def grace(people):
    person = user_create_by_proxy(
        actor=people.organiser, full_name="Grace Williams", postal_address="4 Mill Lane", phone="01632 960555"
    )
    profile_update(user=person, actor=people.organiser, data={"access_needs": "Step-free access"})
    services.member_add_by_proxy(actor=people.organiser, project=people.project, user=person)
    return person


@pytest.fixture
def other_org_organiser(people):
    person = make_person("kim@example.com", "Kim Other")
    services.organisation_create(actor=person, name="Another council", kind="council")  # Kim is its admin
    return person


def _urls(project_id: int, person_id: int) -> list[str]:
    return [
        reverse("projects:proxy_answers", args=[project_id, person_id]),
        reverse("projects:proxy_question", args=[project_id, person_id, "access_needs"]),
        reverse("projects:proxy_sharing", args=[project_id, person_id]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_projects_organisers_act_for_grace(client, people, grace, other_org_organiser, role):
    viewer = other_org_organiser if role == "other_org_organiser" else getattr(people, role)
    client.force_login(viewer)
    expected = 200 if role in {"admin", "organiser"} else 404
    for url in _urls(people.project.pk, grace.pk):
        assert client.get(url).status_code == expected, (url, role)


def test_an_organiser_cannot_open_a_web_users_answers(client, people):
    """The example: GET .../people/<amira>/answers/ showed a web user's phone and access needs."""
    CommunicationProfile.objects.filter(user=people.partner).update(phone="07700 900123", access_needs="Quiet room")
    client.force_login(people.organiser)
    for url in _urls(people.project.pk, people.partner.pk):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "07700 900123" not in response.content.decode()


def test_an_organiser_cannot_rewrite_a_web_users_access_needs(client, people):
    """The example: POST .../answers/access_needs/ rewrote that person's profile for every project."""
    CommunicationProfile.objects.filter(user=people.partner).update(access_needs="Quiet room")
    client.force_login(people.organiser)
    url = reverse("projects:proxy_question", args=[people.project.pk, people.partner.pk, "access_needs"])
    assert client.post(url, {"access_needs": "None"}).status_code == 404
    assert CommunicationProfile.objects.get(user=people.partner).access_needs == "Quiet room"


def test_an_organiser_cannot_overwrite_what_a_partner_shares(client, people):
    """The example: POST .../answers/sharing/ overwrote what a partner chose to share."""
    membership = Membership.objects.get(project=people.project, user=people.partner)
    services.membership_share_set(actor=people.partner, membership=membership, sections=["contact"])
    client.force_login(people.organiser)
    url = reverse("projects:proxy_sharing", args=[people.project.pk, people.partner.pk])
    assert client.post(url, {"sections": ["contact", "access", "caring"]}).status_code == 404
    membership.refresh_from_db()
    assert membership.shared_sections == ["contact"]


def test_the_sharing_service_refuses_an_organiser_over_a_web_user(people):
    membership = Membership.objects.get(project=people.project, user=people.partner)
    with pytest.raises(PermissionDenied):
        services.membership_share_set(actor=people.organiser, membership=membership, sections=["access"])
    membership.refresh_from_db()
    assert membership.shared_sections == []


def test_the_profile_service_refuses_anyone_but_the_person_for_a_web_user(people):
    with pytest.raises(PermissionDenied):
        profile_update(user=people.partner, actor=people.organiser, data={"access_needs": "Changed"})
    assert CommunicationProfile.objects.get(user=people.partner).access_needs == ""


@pytest.mark.parametrize("how", ["left", "removed"])
def test_nobody_acts_for_someone_who_has_left(client, people, grace, how):
    membership = Membership.objects.get(project=people.project, user=grace)
    if how == "left":
        services.membership_leave(actor=grace, membership=membership)
    else:
        services.membership_remove(actor=people.organiser, membership=membership)
    client.force_login(people.organiser)
    for url in _urls(people.project.pk, grace.pk):
        assert client.get(url).status_code == 404, url
    response = client.post(_urls(people.project.pk, grace.pk)[1], {"access_needs": "Changed"})
    assert response.status_code == 404
    assert CommunicationProfile.objects.get(user=grace).access_needs == "Step-free access"


def test_a_person_added_by_proxy_who_now_uses_the_web_answers_for_themselves(client, people, grace):
    grace.email = "grace@example.com"
    grace.uses_web = True
    grace.save()
    client.force_login(people.organiser)
    for url in _urls(people.project.pk, grace.pk):
        assert client.get(url).status_code == 404, url


def test_an_organiser_of_another_project_cannot_act_for_grace(client, people, grace):
    other = services.project_create(
        actor=people.organiser, organisation=people.organisation, title="Another", visibility="invite_only"
    )
    client.force_login(people.organiser)
    for url in _urls(other.pk, grace.pk):
        assert client.get(url).status_code == 404, url


def test_the_organiser_still_records_graces_answers_and_sharing(client, people, grace):
    client.force_login(people.organiser)
    question = reverse("projects:proxy_question", args=[people.project.pk, grace.pk, "access_needs"])
    assert client.post(question, {"access_needs": "A chair with arms"}).status_code == 302
    assert CommunicationProfile.objects.get(user=grace).access_needs == "A chair with arms"
    sharing = reverse("projects:proxy_sharing", args=[people.project.pk, grace.pk])
    assert client.post(sharing, {"sections": ["contact"]}).status_code == 302
    assert Membership.objects.get(project=people.project, user=grace).shared_sections == ["contact"]


def test_the_members_page_links_to_answers_only_for_people_the_organiser_may_act_for(client, people, grace):
    client.force_login(people.organiser)
    page = client.get(reverse("projects:members", args=[people.project.pk])).content.decode()
    assert reverse("projects:proxy_answers", args=[people.project.pk, grace.pk]) in page
    assert reverse("projects:proxy_answers", args=[people.project.pk, people.partner.pk]) not in page
    client.force_login(people.partner)
    page = client.get(reverse("projects:members", args=[people.project.pk])).content.decode()
    assert reverse("projects:proxy_answers", args=[people.project.pk, grace.pk]) not in page
