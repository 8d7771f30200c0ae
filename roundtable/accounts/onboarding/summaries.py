"""An answer in a few plain words, for the check page and the profile page.

Each ``summary_<question>(profile, user) -> str`` is the ``summary`` of one ``Question`` in ``questions``:
lines joined by newlines, or words saying nothing was chosen.
"""

from __future__ import annotations

from django.utils.translation import gettext as _t

from roundtable.accounts.models import CommunicationProfile, Naming, User
from roundtable.accounts.onboarding.fields import (
    days_and_times,
    join_words,
)

# --- Summaries (for the check page and the profile page) ------------------------------------


def summary_name(profile: CommunicationProfile, user: User) -> str:
    lines = []
    if user.known_as:
        lines.append(_t("Call me %(name)s") % {"name": user.known_as})
    lines.append(user.full_name)
    return "\n".join(lines)


def summary_channels(profile: CommunicationProfile, user: User) -> str:
    labels = profile.channel_labels()
    return "\n".join(f"{i}. {label}" for i, label in enumerate(labels, start=1)) or _t("No way chosen")


def summary_contact_details(profile: CommunicationProfile, user: User) -> str:
    lines = []
    if profile.phone:
        lines.append(profile.phone)
    if profile.postal_address:
        lines.append(profile.postal_address)
    return "\n".join(lines) or _t("None given")


def summary_contact_times(profile: CommunicationProfile, user: User) -> str:
    return days_and_times(profile.contact_days, profile.contact_from, profile.contact_until)


def summary_language(profile: CommunicationProfile, user: User) -> str:
    return profile.language or _t("English")


def summary_formats(profile: CommunicationProfile, user: User) -> str:
    return join_words(profile.format_labels()) or _t("None needed")


def summary_access_needs(profile: CommunicationProfile, user: User) -> str:
    return profile.access_needs or _t("Nothing needed")


def summary_caring(profile: CommunicationProfile, user: User) -> str:
    lines = [days_and_times(profile.meeting_days, profile.meeting_from, profile.meeting_until)]
    if profile.avoid_school_holidays:
        lines.append(_t("Not in school holidays"))
    if profile.caring_notes:
        lines.append(profile.caring_notes)
    return "\n".join(lines)


def summary_notice(profile: CommunicationProfile, user: User) -> str:
    if profile.notice_days is None:
        return _t("Not given")
    if profile.notice_days == 1:
        return _t("1 day")
    return _t("%(days)s days") % {"days": profile.notice_days}


def summary_helper(profile: CommunicationProfile, user: User) -> str:
    if not profile.helper_name:
        return _t("No one")
    lines = [profile.helper_name]
    if profile.helper_contact:
        lines.append(profile.helper_contact)
    lines.append(_t("Gets copies of messages") if profile.helper_gets_copies else _t("Does not get copies"))
    return "\n".join(lines)


def summary_naming(profile: CommunicationProfile, user: User) -> str:
    label = str(dict(Naming.choices).get(profile.naming, ""))
    if profile.naming == Naming.PSEUDONYM and profile.pseudonym:
        return f"{label}: {profile.pseudonym}"
    return label
