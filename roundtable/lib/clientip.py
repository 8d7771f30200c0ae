"""The address a request came from, trusting a reverse proxy's header only when told to.

Behind a reverse proxy every request arrives from the proxy's address, so sign-in lockouts and rate limits
keyed on ``REMOTE_ADDR`` would treat everyone as one person. Set ``TRUSTED_PROXY_COUNT`` to the number of
proxies in front of Roundtable that each append the address they saw to ``TRUSTED_PROXY_HEADER`` (default
``X-Forwarded-For``): the client's address is then the one that many places from the right, the last
one a proxy we trust wrote. Anything further left was written by the client and may be made up, so it
is never used. With ``TRUSTED_PROXY_COUNT`` 0 (the default) the header is ignored. See docs/deploy.md.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address (a string), or None when there is none we can trust.

    Used by django-axes (``AXES_CLIENT_IP_CALLABLE``) and by the sign-in link and feedback rate limits.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "X-Forwarded-For")
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    hops = [hop.strip() for hop in raw.split(",") if hop.strip()]
    if len(hops) < count:
        return remote  # the request did not come through all our proxies
    return _valid(hops[-count]) or remote


def sign_in_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The account a sign-in attempt is for, for django-axes (``AXES_USERNAME_CALLABLE``): the email given
    to ``authenticate`` or typed in the form's ``email`` box, lower-cased; None for a sign-in link."""
    raw = (credentials or {}).get("username") or getattr(request, "POST", {}).get("email") or ""
    return raw.strip().lower() or None
