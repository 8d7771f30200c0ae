"""Every write about organisations, projects, invitations and memberships.

Functions are keyword-only, named <thing>_<verb>, run in one transaction, take
the acting person, and queue anything sent to a person through notifications.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import User
from roundtable.accounts.services import user_get_or_create_by_email
from roundtable.audit.services import audit_record
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import (
    latest_message_id,
    message_queue,
    messages_withdraw,
    project_scope,
    tasks_hand_on,
)
from roundtable.projects.models import (
    Announcement,
    Interest,
    Invitation,
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
from roundtable.projects.offer import offer_missing
from roundtable.projects.permissions import TASK_ROLES, forget_roles, may_act_for, project_access, task_handler_for

ALREADY_INVITED = _("You have already invited this person. They have not answered yet.")
ALREADY_MEMBER = _("This person is already taking part in this project.")
ALREADY_STAFF = _("This person already has this role.")
LAST_ADMIN = _("An organisation must keep at least one admin.")


class OfferIncomplete(Exception):
    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


class InvitationUnusable(Exception):
    """An invitation that cannot be accepted, with the reason in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _unique_slug(model, base: str, **scope) -> str:
    base = slugify(base)[:60] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Organisations and staff ---------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, kind: str = Organisation.Kind.OTHER, phone: str = "", postal_address: str = ""
) -> Organisation:
    """A new organisation with ``actor`` as its admin. ``phone`` and ``postal_address`` are for partners."""
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        slug=_unique_slug(Organisation, name),
        phone=phone.strip(),
        postal_address=postal_address.strip(),
    )
    organisation.full_clean()
    organisation.save()
    StaffMembership.objects.create(organisation=organisation, user=actor, role=StaffRole.ADMIN)
    audit_record(actor=actor, subject=actor, obj=organisation, action="organisation.created", summary=name)
    return organisation


@transaction.atomic
def organisation_contact_update(*, actor: User, organisation: Organisation, phone: str, postal_address: str) -> bool:
    """Set the phone number and postal address partners use (printed on every letter). Audited.

    Returns False (and writes nothing) when nothing changed. Only admins reach it (see views_org).
    """
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    phone, postal_address = phone.strip(), postal_address.strip()
    if (locked.phone, locked.postal_address) == (phone, postal_address):
        return False
    locked.phone, locked.postal_address = phone, postal_address
    locked.save(update_fields=["phone", "postal_address"])
    organisation.phone, organisation.postal_address = phone, postal_address
    audit_record(actor=actor, obj=locked, action="organisation.contact_changed", summary=locked.name)
    return True


def _send_invitation(invitation: Invitation, recipient: User | None) -> None:
    """Queue the invitation email, in the invited person's language (the site's for someone with no account)."""
    with in_language_of(recipient):
        _queue_invitation(invitation, recipient)


def _queue_invitation(invitation: Invitation, recipient: User | None) -> None:
    where = invitation.project.title if invitation.project else invitation.organisation.name
    inviter = invitation.invited_by.full_name if invitation.invited_by else invitation.organisation.name
    names = {"where": where, "inviter": inviter, "organisation": invitation.organisation.name}
    if invitation.project:
        subject = _g("You are invited to take part in %(where)s") % names
        body = (
            _g("%(inviter)s from %(organisation)s would like you to take part in %(where)s.") % names
            + "\n\n"
            + _g(
                "Press the link to read what it involves, how much time it takes and what you will be paid. "
                "You do not have to sign up to read it. Then you can say yes or no."
            )
        )
    else:
        role = str(StaffRole(invitation.staff_role).label)
        subject = _g("Join %(where)s on Roundtable") % names
        body = _g("%(inviter)s has asked you to join %(where)s on Roundtable as %(role)s.") % {**names, "role": role}
    if invitation.personal_note:
        body += "\n\n" + _g("A note from %(inviter)s:") % names + "\n" + invitation.personal_note
    message_queue(
        recipient=recipient,
        to_email=invitation.email,
        sender=invitation.invited_by,
        organiser=invitation.invited_by,
        organisation_id=invitation.organisation_id,
        kind="invitation",
        subject=subject,
        body=body,
        link_url=absolute_url(reverse("projects:invitation", args=[invitation.token])),
        link_text=_g("Read the invitation"),
        group_label=where,
        channels=["email"],
        idempotency_key=f"invitation:{invitation.pk}",
    )


def _invitation_expiry():
    return add_calendar_days(timezone.now(), settings.INVITATION_DAYS)  # same time on the clock, N days on


@transaction.atomic
def staff_invite(*, actor: User, organisation: Organisation, email: str, role: str, name: str = "") -> Invitation:
    email = email.strip().lower()
    if StaffMembership.objects.filter(organisation=organisation, user__email__iexact=email, role=role).exists():
        raise ValidationError({"email": ALREADY_STAFF})
    if Invitation.objects.filter(
        organisation=organisation, project=None, email__iexact=email, staff_role=role, status=Invitation.Status.PENDING
    ).exists():
        raise ValidationError({"email": ALREADY_INVITED})
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        name=name.strip(),
        staff_role=role,
        invited_by=actor,
        expires_at=_invitation_expiry(),
    )
    audit_record(actor=actor, obj=invitation, action="staff.invited", summary=f"{email} as {role}")
    _send_invitation(invitation, User.objects.filter(email__iexact=email).first())
    return invitation


@transaction.atomic
def staff_roles_set(*, actor: User, organisation: Organisation, user: User, roles: set[str]) -> None:
    """Give a person exactly these roles in the organisation. Audited.

    Taking away someone's last admin or organiser role hands their open tasks of this organisation to
    another admin or organiser; they stop seeing them at once either way (`notifications.access`).
    """
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    current = set(StaffMembership.objects.filter(organisation=organisation, user=user).values_list("role", flat=True))
    if StaffRole.ADMIN in current and StaffRole.ADMIN not in roles:
        admins = StaffMembership.objects.filter(organisation=organisation, role=StaffRole.ADMIN).count()
        if admins <= 1:
            raise ValidationError({"roles": LAST_ADMIN})
    for role in roles - current:
        StaffMembership.objects.create(organisation=organisation, user=user, role=role)
    StaffMembership.objects.filter(organisation=organisation, user=user, role__in=current - roles).delete()
    forget_roles(user)
    if current & TASK_ROLES and not roles & TASK_ROLES:
        # Their letters and calls show people's phone numbers and access needs: hand them on now.
        tasks_hand_on(
            actor=actor, organisation_id=organisation.pk, from_user=user, to_user_id=task_handler_for(organisation.pk)
        )
    if roles != current:
        audit_record(
            actor=actor,
            subject=user,
            obj=organisation,
            action="staff.roles_changed",
            summary=f"{user}: {', '.join(sorted(roles)) or 'no roles'}",
            details={"before": sorted(current), "after": sorted(roles)},
        )


@transaction.atomic
def pay_rate_add(
    *,
    actor: User,
    organisation: Organisation,
    activity: str,
    unit: str,
    amount: Decimal,
    effective_from: datetime.date,
    source_note: str = "",
) -> PayRate:
    rate = PayRate(
        organisation=organisation,
        activity=activity.strip(),
        unit=unit,
        amount=amount,
        currency=organisation.currency,
        effective_from=effective_from,
        source_note=source_note.strip(),
    )
    rate.full_clean()
    rate.save()
    audit_record(actor=actor, obj=rate, action="pay_rate.added", summary=str(rate))
    return rate


# --- Projects and role offers --------------------------------------------------------------


@transaction.atomic
def project_create(*, actor: User, organisation: Organisation, title: str, visibility: str) -> Project:
    project = Project(
        organisation=organisation,
        title=title.strip(),
        visibility=visibility,
        created_by=actor,
        contact=actor,
        slug=_unique_slug(Project, title, organisation=organisation),
    )
    project.full_clean()
    project.save()
    audit_record(actor=actor, obj=project, action="project.created", summary=project.title)
    return project


@transaction.atomic
def project_offer_update(*, actor: User, project: Project, data: Mapping[str, Any]) -> Project:
    """Change what the project offers people (``data``: model field name -> new value). Audited with the fields."""
    for name, value in data.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    audit_record(
        actor=actor,
        obj=project,
        action="project.offer_changed",
        summary=project.title,
        details={"fields": sorted(data)},
    )
    return project


@transaction.atomic
def project_publish(*, actor: User, project: Project) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_published:
        return project
    missing = offer_missing(project)
    if missing:
        raise OfferIncomplete(missing)
    project.status = Project.Status.PUBLISHED
    project.published_at = timezone.now()
    project.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, obj=project, action="project.published", summary=project.title)
    return project


@transaction.atomic
def project_end(*, actor: User, project: Project) -> Project:
    """Mark a project as ended. Its members keep their record; the outcome is sent through updates."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status == Project.Status.ENDED:
        return project
    project.status = Project.Status.ENDED
    project.save(update_fields=["status"])
    audit_record(actor=actor, obj=project, action="project.ended", summary=project.title)
    return project


@transaction.atomic
def step_add(*, actor: User, project: Project, title: str, description: str = "") -> ProjectStep:
    last = project.steps.order_by("-order").values_list("order", flat=True).first() or 0
    step = ProjectStep.objects.create(project=project, order=last + 1, title=title.strip(), description=description)
    # The first step becomes the current one; asked of the database, not of a possibly stale object.
    Project.objects.filter(pk=project.pk, current_step__isnull=True).update(current_step=step)
    audit_record(actor=actor, obj=step, action="project.step_added", summary=step.title)
    return step


@transaction.atomic
def step_set_current(*, actor: User, project: Project, step: ProjectStep) -> None:
    if step.project_id != project.pk:
        raise ValidationError("That step belongs to another project.")
    Project.objects.filter(pk=project.pk).update(current_step=step)
    audit_record(actor=actor, obj=step, action="project.step_made_current", summary=step.title)


@transaction.atomic
def step_remove(*, actor: User, project: Project, step: ProjectStep) -> None:
    if step.project_id == project.pk:
        audit_record(actor=actor, obj=project, action="project.step_removed", summary=step.title)
        step.delete()


@transaction.atomic
def milestone_add(*, actor: User, project: Project, title: str, due: datetime.date, description: str = "") -> Milestone:
    milestone = Milestone(project=project, title=title.strip(), due=due, description=description)
    milestone.full_clean()
    milestone.save()
    audit_record(actor=actor, obj=milestone, action="project.milestone_added", summary=milestone.title)
    return milestone


@transaction.atomic
def milestone_remove(*, actor: User, project: Project, milestone: Milestone) -> None:
    if milestone.project_id == project.pk:
        audit_record(actor=actor, obj=project, action="project.milestone_removed", summary=milestone.title)
        milestone.delete()


# --- Invitations, interest and joining -----------------------------------------------------


@transaction.atomic
def invitation_create(
    *, actor: User, project: Project, email: str, name: str = "", role: str = MemberRole.PARTNER, note: str = ""
) -> Invitation:
    email = email.strip().lower()
    member = Membership.objects.filter(project=project, user__email__iexact=email).first()
    if member is not None and member.is_active:
        raise ValidationError({"email": ALREADY_MEMBER})
    if Invitation.objects.filter(project=project, email__iexact=email, status=Invitation.Status.PENDING).exists():
        raise ValidationError({"email": ALREADY_INVITED})
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation_id=project.organisation_id,
                project=project,
                email=email,
                name=name.strip(),
                member_role=role,
                personal_note=note.strip(),
                invited_by=actor,
                expires_at=_invitation_expiry(),
            )
    except IntegrityError as exc:  # two organisers inviting the same person at the same moment
        raise ValidationError({"email": ALREADY_INVITED}) from exc
    invitee = User.objects.filter(email__iexact=email).first()
    audit_record(
        actor=actor,
        subject=invitee,
        obj=invitation,
        action="invitation.sent",
        summary=project.title,
        details={"role": role},
    )
    _send_invitation(invitation, invitee)
    return invitation


def invitation_problem(invitation: Invitation, user: User | None = None) -> str:
    """Why this invitation cannot be accepted now, in plain words, or '' if it can."""
    contact = invitation.invited_by.full_name if invitation.invited_by else invitation.organisation.name
    if invitation.status == Invitation.Status.WITHDRAWN:
        return _g("This invitation was withdrawn. If you think this is a mistake, contact %(contact)s.") % {
            "contact": contact
        }
    if invitation.status == Invitation.Status.DECLINED:
        return _g("You said no to this invitation. If you have changed your mind, contact %(contact)s.") % {
            "contact": contact
        }
    if invitation.status == Invitation.Status.PENDING and invitation.is_expired:
        return _g("This invitation is too old. Ask %(contact)s to send a new one.") % {"contact": contact}
    if invitation.project_id:
        removed = Membership.objects.filter(
            project_id=invitation.project_id, user__email__iexact=invitation.email, status=Membership.Status.REMOVED
        ).exists()
        if removed:
            return _no_longer_member(contact)
    if user is not None and user.email and user.email.lower() != invitation.email.lower():
        return _g(
            "This invitation was sent to %(invited)s, but you are signed in as %(current)s. "
            "Sign out, then open the link again."
        ) % {"invited": invitation.email, "current": user.email}
    return ""


def _no_longer_member(contact: str) -> str:
    return _g("You are no longer a member of this project. To talk about it, contact %(contact)s.") % {
        "contact": contact
    }


def invitation_accepted_problem(invitation: Invitation) -> str:
    """For an invitation already used: a plain reason if its member has since been removed, else ''."""
    # Django reads ``field=None`` as IS NULL (no member then); django-stubs refuses None in these lookups.
    removed = Membership.objects.filter(
        project_id=invitation.project_id,  # type: ignore[misc]  # both lookups are reported here
        user_id=invitation.accepted_by_id,
        status=Membership.Status.REMOVED,
    ).exists()
    if not removed:
        return ""
    contact = invitation.invited_by.full_name if invitation.invited_by else invitation.organisation.name
    return _no_longer_member(contact)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User | None = None) -> tuple[User, Membership | None]:
    """Accept an invitation. Idempotent: accepting twice returns the same membership.

    The person proved they own the email by opening the link we sent to it; if
    they have no account yet, one is made for that email.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("project", "organisation")
        .get(pk=invitation.pk)
    )
    if invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by_id:
        user = invitation.accepted_by
        assert user is not None  # accepted_by_id checked above
        membership = Membership.objects.filter(project=invitation.project, user=user).first()
        return user, membership
    problem = invitation_problem(invitation, user)
    if problem:
        raise InvitationUnusable(problem)
    if user is None:
        user, _ = user_get_or_create_by_email(email=invitation.email, full_name=invitation.name)
    membership = None
    if invitation.project_id:
        membership, created = Membership.objects.get_or_create(
            project=invitation.project,
            user=user,
            defaults={"role": invitation.member_role or MemberRole.PARTNER, "added_by": invitation.invited_by},
        )
        if not created and membership.status == Membership.Status.LEFT:
            membership.status = Membership.Status.ACTIVE
            membership.left_at = None
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "left_at", "joined_at"])
    else:
        StaffMembership.objects.get_or_create(
            organisation=invitation.organisation, user=user, role=invitation.staff_role
        )
        audit_record(
            actor=user,
            subject=user,
            obj=invitation.organisation,
            action="staff.roles_changed",
            summary=f"{user} joined as {invitation.staff_role}",
            details={"added": [invitation.staff_role], "invited_by": invitation.invited_by_id},
        )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "responded_at", "accepted_by"])
    return user, membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, reason: str = "") -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        return invitation
    invitation.status = Invitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.decline_reason = reason.strip()[:2000]
    invitation.save(update_fields=["status", "responded_at", "decline_reason"])
    invitee = User.objects.filter(email__iexact=invitation.email).first()
    audit_record(actor=invitee, subject=invitee, obj=invitation, action="invitation.declined")
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> None:
    withdrawn = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.WITHDRAWN, responded_at=timezone.now()
    )
    if withdrawn:
        audit_record(actor=actor, obj=invitation, action="invitation.withdrawn")


@transaction.atomic
def interest_express(*, project: Project, name: str, email: str, message: str = "") -> Interest:
    interest, created = Interest.objects.get_or_create(
        project=project, email=email.strip().lower(), defaults={"name": name.strip(), "message": message.strip()}
    )
    if created and project.contact_id:
        with in_language_of(project.contact):
            names = {"name": interest.name, "title": project.title}
            subject = _g("Someone would like to join %(title)s") % names
            body = (_g("%(name)s would like to take part in %(title)s.") % names + "\n\n" + interest.message).strip()
            link_text = _g("See who is interested")
        message_queue(
            recipient=project.contact,
            kind="interest",
            subject=subject,
            body=body,
            link_url=absolute_url(reverse("projects:interests", args=[project.pk])),
            link_text=link_text,
            group_label=project.title,
            idempotency_key=f"interest:{interest.pk}",
        )
    return interest


@transaction.atomic
def interest_invite(*, actor: User, interest: Interest) -> Invitation:
    invitation = invitation_create(actor=actor, project=interest.project, email=interest.email, name=interest.name)
    Interest.objects.filter(pk=interest.pk).update(status=Interest.Status.INVITED)
    return invitation


@transaction.atomic
def member_add_by_proxy(*, actor: User, project: Project, user: User, role: str = MemberRole.PARTNER) -> Membership:
    membership, created = Membership.objects.get_or_create(
        project=project, user=user, defaults={"role": role, "added_by": actor, "added_by_proxy": True}
    )
    if not created:
        if membership.is_active:
            raise ValidationError(ALREADY_MEMBER)
        membership.status = Membership.Status.ACTIVE
        membership.left_at = None
        membership.added_by_proxy = True
        membership.save(update_fields=["status", "left_at", "added_by_proxy"])
    audit_record(
        actor=actor,
        subject=user,
        obj=membership,
        action="membership.added_by_proxy",
        by_proxy=True,
        summary=f"{actor} added {user} to {project} on their behalf",
    )
    return membership


@transaction.atomic
def membership_share_set(*, actor: User, membership: Membership, sections: list[str]) -> Membership:
    """Set which profile sections (ProfileSection keys) the member shares with the project.

    The person chooses, or an organiser acting for a person who does not use the web
    (`permissions.may_act_for`); anyone else raises PermissionDenied, so an organiser can never
    overwrite what a web user chose. A choice made by proxy is audited.
    """
    by_proxy = actor.pk != membership.user_id
    if by_proxy and not may_act_for(project_access(actor, membership.project), membership):
        raise PermissionDenied("Only the person, or an organiser acting for someone who does not use the web.")
    membership.shared_sections = sorted(set(sections))
    membership.sharing_chosen_at = membership.sharing_chosen_at or timezone.now()
    membership.save(update_fields=["shared_sections", "sharing_chosen_at"])
    if by_proxy:
        audit_record(
            actor=actor,
            subject=membership.user,
            obj=membership,
            action="membership.sharing_changed_by_proxy",
            by_proxy=True,
            summary=f"{actor} set what {membership.user} shares with {membership.project}",
            details={"sections": membership.shared_sections},
        )
    return membership


def _end_messages_for_leaver(membership: Membership, actor: User, why: str) -> int:
    """The person's messages about this project that have not gone yet are no longer needed.

    Except those meant for leavers (``for_leavers``: the outcome) and messages with no project scope
    (their pay, their statement, their certificate). Messages queued after this, if they join again,
    still go. Returns how many were withdrawn; their open letter and call tasks close with the reason.
    """
    day = date_format(timezone.localtime(membership.left_at), "j F Y")
    return messages_withdraw(
        topic=project_scope(membership.project_id),
        recipient=membership.user,
        upto_message_id=latest_message_id(),
        spare_for_leavers=True,
        reason=why % {"day": day},
        actor=actor,
    )


@transaction.atomic
def membership_leave(*, actor: User, membership: Membership, reason: str = "") -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        return membership
    membership.status = Membership.Status.LEFT
    membership.left_at = timezone.now()
    membership.leave_reason = reason.strip()[:2000]
    membership.save(update_fields=["status", "left_at", "leave_reason"])
    _end_messages_for_leaver(membership, actor, _g("They left the project on %(day)s."))
    if actor.pk != membership.user_id:
        audit_record(
            actor=actor, subject=membership.user, obj=membership, action="membership.left_by_proxy", by_proxy=True
        )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership, reason: str = "") -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status == Membership.Status.REMOVED:
        return membership
    membership.status = Membership.Status.REMOVED
    membership.left_at = timezone.now()
    membership.leave_reason = reason.strip()[:2000]
    membership.save(update_fields=["status", "left_at", "leave_reason"])
    _end_messages_for_leaver(membership, actor, _g("They were taken off the project on %(day)s."))
    audit_record(actor=actor, subject=membership.user, obj=membership, action="membership.removed", summary=reason)
    return membership


@transaction.atomic
def announcement_send(*, actor: User, project: Project, subject: str, body: str) -> Announcement:
    """Send a message to every active member, each their own way, through the outbox."""
    announcement = Announcement.objects.create(project=project, author=actor, subject=subject.strip(), body=body)
    link = absolute_url(reverse("projects:project", args=[project.pk]))
    members = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE).select_related(
        "user", "user__profile"
    )
    for membership in members:
        with in_language_of(membership.user):
            link_text = _g("Open %(title)s") % {"title": project.title}
        message_queue(
            recipient=membership.user,
            sender=actor,
            organiser=project.contact or actor,
            organisation_id=project.organisation_id,
            kind="announcement",
            subject=announcement.subject,
            body=announcement.body,
            link_url=link,
            link_text=link_text,
            group_label=project.title,
            idempotency_key=f"announcement:{announcement.pk}:{membership.user_id}",
            scope=project_scope(project.pk),
        )
    audit_record(
        actor=actor,
        obj=announcement,
        action="announcement.sent",
        summary=announcement.subject,
        details={"recipients": len(members)},
    )
    return announcement
