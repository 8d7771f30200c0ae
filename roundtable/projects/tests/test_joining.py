from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.audit.models import AuditEvent
from roundtable.notifications.models import Message
from roundtable.projects import services
from roundtable.projects.models import Invitation, Membership


def test_invitation_is_queued_in_the_outbox_once(people):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="New@Example.com")
    messages = Message.objects.filter(idempotency_key=f"invitation:{invitation.pk}")
    assert messages.count() == 1
    assert messages.get().to_email == "new@example.com"
    assert f"/invitations/{invitation.token}/" in messages.get().link_url


def test_duplicate_invitation_is_refused_plainly(people):
    services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    with pytest.raises(ValidationError) as error:
        services.invitation_create(actor=people.organiser, project=people.project, email="JOE@example.com")
    assert services.ALREADY_INVITED in error.value.message_dict["email"]
    with pytest.raises(ValidationError) as member:
        services.invitation_create(actor=people.organiser, project=people.project, email=people.partner.email)
    assert services.ALREADY_MEMBER in member.value.message_dict["email"]


def test_duplicate_invitation_message_is_at_the_field(client, people):
    client.force_login(people.organiser)
    url = reverse("projects:invite", args=[people.project.pk])
    client.post(url, {"email": "joe@example.com", "role": "partner"})
    response = client.post(url, {"email": "joe@example.com", "role": "partner", "note": "Hello Joe"})
    assert response.status_code == 200
    page = response.content.decode()
    assert str(services.ALREADY_INVITED) in page
    assert "Hello Joe" in page


def test_offer_can_be_read_before_signing_up_then_joined(client, people):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    page = client.get(reverse("projects:invitation", args=[invitation.token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "£25.00" in text and "Tom Reid" in text and "We will write to you." in text
    assert not User.objects.filter(email="joe@example.com").exists()

    joined = client.post(reverse("projects:invitation_accept", args=[invitation.token]))
    assert joined.status_code == 302
    assert joined["Location"].startswith(reverse("accounts:setup"))
    joe = User.objects.get(email="joe@example.com")
    assert Membership.objects.get(project=people.project, user=joe).is_active
    # Pressing join again (a double tap) changes nothing and takes her to the project.
    again = client.post(reverse("projects:invitation_accept", args=[invitation.token]))
    assert again.status_code == 302
    assert Membership.objects.filter(project=people.project, user=joe).count() == 1


def test_declining_records_the_barrier_for_the_organiser(client, people):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    url = reverse("projects:invitation_decline", args=[invitation.token])
    response = client.post(url, {"reason": "The meetings are at school pick-up time."})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    client.force_login(people.organiser)
    members_page = client.get(reverse("projects:members", args=[people.project.pk])).content.decode()
    assert "The meetings are at school pick-up time." in members_page
    # Opening the link again explains, and joining is refused.
    client.logout()
    again = client.post(reverse("projects:invitation_accept", args=[invitation.token]))
    assert again.status_code == 410
    assert "You said no to this invitation" in again.content.decode()


def test_expired_invitation_is_explained(client, people, time_machine):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    time_machine.move_to(invitation.expires_at + dt.timedelta(minutes=1))
    response = client.get(reverse("projects:invitation", args=[invitation.token]))
    assert response.status_code == 410
    assert "too old" in response.content.decode()


def test_removed_member_cannot_come_back_through_an_old_link(client, people):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    _, membership = services.invitation_accept(invitation=invitation)
    services.membership_remove(actor=people.organiser, membership=membership, reason="Asked to leave")
    second = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    response = client.post(reverse("projects:invitation_accept", args=[second.token]))
    assert response.status_code == 410
    assert "no longer a member" in response.content.decode()
    client.force_login(membership.user)
    page = client.get(reverse("projects:project", args=[people.project.pk]))
    assert page.status_code == 200
    assert "You are no longer a member of this project" in page.content.decode()


def test_signed_in_as_someone_else_is_told_plainly(client, people):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    client.force_login(people.outsider)
    response = client.post(reverse("projects:invitation_accept", args=[invitation.token]))
    assert response.status_code == 410
    assert "you are signed in as nosy@example.com" in response.content.decode()
    assert not Membership.objects.filter(project=people.project, user=people.outsider).exists()


def test_leaving_keeps_the_person_on_record(client, people):
    client.force_login(people.partner)
    response = client.post(reverse("projects:leave", args=[people.project.pk]), {"reason": "Too busy"})
    assert response.status_code == 302
    membership = Membership.objects.get(project=people.project, user=people.partner)
    assert membership.status == Membership.Status.LEFT
    mine = client.get(reverse("projects:my_projects")).content.decode()
    assert "Past projects" in mine


def test_staff_invitation_gives_the_role_and_is_audited(client, people):
    invitation = services.staff_invite(
        actor=people.admin, organisation=people.organisation, email="jo@example.com", role="finance"
    )
    response = client.post(reverse("projects:invitation_accept", args=[invitation.token]))
    assert response.status_code == 302
    jo = User.objects.get(email="jo@example.com")
    assert jo.staff_roles.filter(role="finance").exists()
    assert AuditEvent.objects.filter(action="staff.roles_changed", subject=jo).exists()


def test_last_admin_cannot_be_removed(people):
    with pytest.raises(ValidationError):
        services.staff_roles_set(actor=people.admin, organisation=people.organisation, user=people.admin, roles=set())


def test_members_see_each_other_only_as_agreed(client, people):
    people.professional.profile.naming = "not_named"
    people.professional.profile.save()
    client.force_login(people.partner)
    page = client.get(reverse("projects:project", args=[people.project.pk])).content.decode()
    assert "Amira" in page and "Amira Hassan" not in page
    assert "Ann Lee" not in page
    assert "1 person who asked not to be named" in page


def test_removed_member_signed_out_opening_the_old_link_is_told(client, people):
    invitation = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    _, membership = services.invitation_accept(invitation=invitation)
    services.membership_remove(actor=people.organiser, membership=membership)
    response = client.get(reverse("projects:invitation", args=[invitation.token]))
    assert response.status_code == 410
    assert "no longer a member" in response.content.decode()
