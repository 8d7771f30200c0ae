"""Writes of the API app: tokens (made, revoked, used) and webhook endpoints (added, removed, retried).

Every act is audited in the organisation's log (``audit.services.audit_record``), every use of a token
too. Tokens are shown once, when made, and kept only as a SHA-256 digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.api.addresses import host_refusal
from roundtable.api.models import ApiToken, Event, Scope, WebhookDelivery, WebhookEndpoint
from roundtable.audit.services import audit_record
from roundtable.projects.models import Organisation, StaffMembership, StaffRole

TOKEN_PREFIX = "rt_"
MAX_DAYS = 366  # a token lasts at most a year: an expiry makes forgotten tokens stop by themselves


def token_digest(raw: str) -> str:
    """The SHA-256 hex digest a token is stored as. The token has 256 random bits, so no slow hash is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class NewToken:
    token: ApiToken
    raw: str  # shown once, on the page after making it; never stored


@transaction.atomic
def token_create(
    *, actor: User, organisation: Organisation, name: str, role: str, scopes: list[str], days: int
) -> NewToken:
    """Make a token for ``organisation`` that lasts ``days`` days (1 to 366). Raises ValidationError by field.

    The caller checks ``actor`` is an admin of the organisation (``projects.permissions.require_organisation``).
    """
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Give the token a name, like the system that will use it."
    if role not in StaffRole.values:
        errors["role"] = "Choose the role the token acts with."
    if not scopes or any(s not in Scope.values for s in scopes):
        errors["scopes"] = "Choose at least one thing the token may do."
    if not 1 <= (days or 0) <= MAX_DAYS:
        errors["days"] = f"Enter a number of days from 1 to {MAX_DAYS}."
    if errors:
        raise ValidationError(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name[:100],
        prefix=raw[:10],
        digest=token_digest(raw),
        role=role,
        scopes=sorted(set(scopes)),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="api.token_created",
        obj=token,
        organisation_id=organisation.pk,
        summary=f"API token “{token.name}” ({token.role}: {', '.join(token.scopes)})",
        details={"token": token.pk, "role": role, "scopes": token.scopes, "expires_at": token.expires_at.isoformat()},
    )
    return NewToken(token=token, raw=raw)


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Stop a token working at once. Idempotent: revoking it again changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action="api.token_revoked",
        obj=token,
        organisation_id=token.organisation_id,
        summary=f"API token “{token.name}” revoked",
        details={"token": token.pk},
    )
    return token


class TokenRefused(Exception):
    """A token that cannot be used, with words that say what to fix (the API answers 401)."""


def token_check(raw: str) -> ApiToken:
    """The live token for ``raw`` (its organisation and maker loaded), or TokenRefused saying why not.

    Refused when unknown, revoked, expired, or when the admin who made it no longer holds the admin role
    in its organisation (the token acts for them when it writes). Two queries.
    """
    token = ApiToken.objects.select_related("organisation", "created_by").filter(digest=token_digest(raw or "")).first()
    if token is None:
        raise TokenRefused("This token is not known. Check you copied all of it, or ask an admin for a new one.")
    if token.revoked_at is not None:
        raise TokenRefused("This token was revoked. Ask an admin of your organisation for a new one.")
    if token.expires_at <= timezone.now():
        raise TokenRefused("This token has expired. Ask an admin of your organisation for a new one.")
    if (
        token.created_by_id is None
        or not StaffMembership.objects.filter(
            organisation_id=token.organisation_id, user_id=token.created_by_id, role=StaffRole.ADMIN
        ).exists()
    ):
        raise TokenRefused("The admin who made this token is no longer an admin here. Ask an admin for a new one.")
    return token


def token_use_record(*, token: ApiToken, method: str, path: str) -> None:
    """Audit one use of a token (who: the token; what: the method and path), and when it was last used."""
    now = timezone.now()
    audit_record(
        actor=None,
        action="api.token_used",
        obj=token,
        organisation_id=token.organisation_id,
        summary=f"API token “{token.name}”: {method} {path}"[:300],
        details={"token": token.pk, "method": method, "path": path[:200]},
    )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


# --- Webhook endpoints ---------------------------------------------------------------------------


def check_webhook_url(url: str) -> str | None:
    """Why ``url`` cannot take webhooks, or None. HTTPS only, to a public address (``addresses.host_refusal``);
    plain http://127.0.0.1 only when the setting ``API_WEBHOOKS_ALLOW_LOOPBACK_HTTP`` is on (the tests'
    receiver)."""
    parts = urlsplit((url or "").strip())
    try:
        parts.port  # noqa: B018 - reading it checks it
    except ValueError:
        return "The port after the colon is not a number we can use. Check the address."
    loopback_http = (
        getattr(settings, "API_WEBHOOKS_ALLOW_LOOPBACK_HTTP", False)
        and parts.scheme == "http"
        and parts.hostname == "127.0.0.1"
    )
    if not (parts.scheme == "https" and parts.hostname) and not loopback_http:
        return "Enter an address that starts with https://, like https://finance.example.org/roundtable."
    return host_refusal(parts.hostname or "")


@dataclass
class NewEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once, on the page after adding it


@transaction.atomic
def endpoint_create(*, actor: User, organisation: Organisation, url: str, events: list[str]) -> NewEndpoint:
    """Add an endpoint for ``events`` (values of ``Event``). Raises ValidationError by field (url, events)."""
    errors: dict[str, str] = {}
    url = (url or "").strip()
    problem = check_webhook_url(url)
    if problem:
        errors["url"] = problem
    elif len(url) > 500:
        errors["url"] = "Enter an address of 500 characters or fewer."
    if not events or any(e not in Event.values for e in events):
        errors["events"] = "Choose at least one event to send."
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_hex(32)
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation, url=url, events=sorted(set(events)), secret=secret, created_by=actor
    )
    audit_record(
        actor=actor,
        action="api.webhook_added",
        obj=endpoint,
        organisation_id=organisation.pk,
        summary=f"Webhook to {url}"[:300],
        details={"endpoint": endpoint.pk, "events": endpoint.events},
    )
    return NewEndpoint(endpoint=endpoint, secret=secret)


@transaction.atomic
def endpoint_remove(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop sending to an endpoint (its deliveries stay listed). Idempotent."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not endpoint.active:
        return endpoint
    endpoint.active = False
    endpoint.save(update_fields=["active"])
    audit_record(
        actor=actor,
        action="api.webhook_removed",
        obj=endpoint,
        organisation_id=endpoint.organisation_id,
        summary=f"Webhook to {endpoint.url} stopped"[:300],
        details={"endpoint": endpoint.pk},
    )
    return endpoint


@transaction.atomic
def delivery_retry(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Try a delivery that stopped (``failed``) again from now. Idempotent: others are left as they are."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status != WebhookDelivery.Status.FAILED:
        return delivery
    delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.PENDING, timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="api.webhook_retried",
        obj=delivery.endpoint,
        organisation_id=delivery.endpoint.organisation_id,
        details={"delivery": delivery.pk},
    )
    return delivery
