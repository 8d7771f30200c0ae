"""Reads about people that views need. Reads never write."""

from __future__ import annotations

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.audit.models import AuditEvent
from roundtable.audit.selectors import audit_events_about


def profile_of(user: User) -> CommunicationProfile:
    """The person's profile, or an unsaved empty one if they have none yet (one query, no write)."""
    profile = CommunicationProfile.objects.filter(user=user).first()
    if profile is None:
        profile = CommunicationProfile(user=user)
    else:
        profile.user = user  # the caller's instance: no second query for profile.user
    return profile


def proxy_acts_about(user: User, *, limit: int = 50) -> list[AuditEvent]:
    """Changes other people made on this person's behalf, newest first, with who made them (one query)."""
    return [event for event in audit_events_about(subject=user, limit=limit * 2) if event.by_proxy][:limit]
