"""Writes about people: creating accounts and changing a person's profile.

A change made by anyone other than the person is recorded as done by proxy,
written to the audit log, and shown on the person's profile.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.audit.services import audit_record

EMAIL_TAKEN = "Someone already uses this email address on Roundtable."


def _normalise_email(email: str | None) -> str | None:
    if not email:
        return None
    return User.objects.normalize_email(email.strip()).lower()


def user_get_or_create_by_email(*, email: str, full_name: str = "") -> tuple[User, bool]:
    """The person who owns this email, made if new. Proving the email (a link we sent) is the caller's job."""
    email_norm = _normalise_email(email)
    if not email_norm:
        raise ValidationError({"email": "Enter an email address."})
    existing = User.objects.filter(email__iexact=email_norm).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            user = User.objects.create_user(email_norm, full_name=full_name.strip() or email_norm.split("@")[0])
    except IntegrityError:
        return User.objects.get(email__iexact=email_norm), False
    CommunicationProfile.objects.get_or_create(user=user)
    return user, True


@transaction.atomic
def user_create_by_proxy(
    *, actor: User, full_name: str, email: str = "", phone: str = "", postal_address: str = ""
) -> User:
    """Add a person who does not use the web, on their behalf (for example after a phone call)."""
    email_norm = _normalise_email(email)
    if email_norm and User.objects.filter(email__iexact=email_norm).exists():
        raise ValidationError({"email": EMAIL_TAKEN})
    user = User.objects.create_user(email_norm, full_name=full_name.strip(), uses_web=False, added_by=actor)
    CommunicationProfile.objects.create(
        user=user, phone=phone.strip(), postal_address=postal_address.strip(), updated_by_proxy=True
    )
    audit_record(
        actor=actor,
        subject=user,
        obj=user,
        action="person.added_by_proxy",
        by_proxy=True,
        summary=f"{actor} added {user} on their behalf",
    )
    return user


def profile_for(user: User) -> CommunicationProfile:
    profile, _ = CommunicationProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(
    *, user: User, actor: User, data: dict[str, Any], answered: str | None = None, skipped: str | None = None
) -> CommunicationProfile:
    """Change fields of a person's profile.

    `answered`/`skipped` name the onboarding question this change came from, so
    the task list knows what is done. Someone else changing the profile is a
    proxy act and is audited with the fields that changed (not their values). Only a person who does
    not use the web (`uses_web=False`) can be changed by someone else: for anyone else that raises
    PermissionDenied, since people who use the web answer for themselves (issue 11).
    """
    if actor.pk != user.pk and user.uses_web:
        raise PermissionDenied("People who use the web change their own profile.")
    profile = CommunicationProfile.objects.select_for_update().get(pk=profile_for(user).pk)
    user_fields = {"full_name", "known_as"}
    changed: list[str] = []
    for field, value in data.items():
        target = user if field in user_fields else profile
        if getattr(target, field) != value:
            setattr(target, field, value)
            changed.append(field)
    if answered:
        if answered not in profile.answered:
            profile.answered = [*profile.answered, answered]
        profile.skipped = [s for s in profile.skipped if s != answered]
    if skipped and skipped not in profile.answered and skipped not in profile.skipped:
        profile.skipped = [*profile.skipped, skipped]
    by_proxy = actor.pk != user.pk
    profile.updated_by_proxy = by_proxy
    if any(f in user_fields for f in changed):
        user.full_clean(exclude=["password"])
        user.save(update_fields=[f for f in changed if f in user_fields])
    profile.full_clean()
    profile.save()
    if by_proxy and changed:
        audit_record(
            actor=actor,
            subject=user,
            obj=profile,
            action="profile.changed_by_proxy",
            by_proxy=True,
            summary=f"{actor} changed {user}'s profile: {', '.join(sorted(changed))}",
            details={"fields": sorted(changed)},
        )
    return profile
