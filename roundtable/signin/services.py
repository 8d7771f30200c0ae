"""Sending a sign-in link. The link itself is made by django-sesame and sent through the outbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from sesame.utils import get_token

from roundtable.accounts.models import User
from roundtable.lib.i18n import in_language_of
from roundtable.lib.ratelimit import hit
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue

LINK_WINDOW_SECONDS = 3600
TOO_MANY_LINKS = gettext_lazy(
    "We have sent a lot of sign-in links already. Use the last link we sent, or wait an hour and ask again."
)


def sign_in_link_allowed(*, email: str, address: str) -> bool:
    """Whether we may send another sign-in link: at most SIGN_IN_LINKS_PER_EMAIL an hour for one email
    address typed (whether or not anyone has it, so the answer never says who has an account) and
    SIGN_IN_LINKS_PER_ADDRESS an hour from one client address (`lib.clientip`). Counts this request."""
    per_email = hit("sign-in-link:email", email.strip().lower(), limit=settings.SIGN_IN_LINKS_PER_EMAIL,
                    window_seconds=LINK_WINDOW_SECONDS)  # fmt: skip
    per_address = hit("sign-in-link:address", address, limit=settings.SIGN_IN_LINKS_PER_ADDRESS,
                      window_seconds=LINK_WINDOW_SECONDS)  # fmt: skip
    return per_email and per_address


def link_hours() -> int:
    """How many hours a sign-in link works: SIGN_IN_LINK_HOURS (django-sesame's SESAME_MAX_AGE is in seconds)."""
    return max(1, int(settings.SESAME_MAX_AGE) // 3600)


def link_lifetime_words() -> str:
    """The sentence saying how long the link works, with the real SIGN_IN_LINK_HOURS, in the active language."""
    hours = link_hours()
    return ngettext(
        "It works once, and only for the next %(hours)s hour.",
        "It works once, and only for the next %(hours)s hours.",
        hours,
    ) % {"hours": hours}


def sign_in_url(user: User, next_url: str = "") -> str:
    query = {settings.SESAME_TOKEN_NAME: get_token(user)}
    if next_url:
        query["next"] = next_url
    return absolute_url(f"{reverse('signin:link')}?{urlencode(query)}")


def sign_in_link_send(*, email: str, next_url: str = "") -> None:
    """Email a one-time sign-in link, if this address belongs to someone who can sign in.

    Says nothing either way to the caller, so the page cannot be used to find out
    who has an account.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True, uses_web=True).first()
    if user is None:
        return
    link = sign_in_url(user, next_url)
    with in_language_of(user):
        subject = _("Your link to sign in to Roundtable")
        body = "\n\n".join(
            [
                _("Here is your link to sign in to Roundtable."),
                link_lifetime_words(),
                _("If you did not ask for it, you can ignore this message."),
            ]
        )
        link_text = _("Sign in to Roundtable")
    message_queue(
        recipient=user,
        subject=subject,
        body=body,
        kind="sign_in_link",
        link_url=link,
        link_text=link_text,
        channels=["email"],
        urgent=True,
        idempotency_key=f"sign_in_link:{user.pk}:{timezone.now().timestamp()}",
    )
