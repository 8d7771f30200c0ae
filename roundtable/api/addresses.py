"""Where webhooks may go: public addresses only, never into a private network.

A webhook is a request our server makes to an address an admin typed. Without a guard, that address could
point at our own machine or network (``https://169.254.169.254/`` for cloud metadata, ``https://10.0.0.5/``
for an internal service), and the delivery list would echo back what answered (the OWASP "server-side
request forgery" risk). So:

* when an endpoint is added, ``host_refusal`` refuses a host that is a private, loopback, link-local or
  otherwise non-public IP address (in any of its written forms, ``2130706433`` and ``0x7f.1`` included),
  or a name that only exists inside a network (``localhost``, ``*.local``, ``*.internal`` ...);
* at every send, ``post`` looks the name up, refuses it if **any** address it gives is not public, and
  connects to the address it checked (not a second lookup, which a hostile name server could answer
  differently), with TLS checked against the name. Redirects are never followed: a 3xx is an answer
  that failed, so a receiver cannot bounce a delivery inwards.

``API_WEBHOOKS_ALLOW_LOOPBACK_HTTP`` (tests only) lets loopback addresses through, for the real receiver
the webhook tests run on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings

PRIVATE_NAME_ENDINGS = (".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".localdomain")
REFUSED = (
    "This address points inside a private network, so we cannot send to it. Use your system's public https:// address."
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The address is not a public one (the message says so in plain words)."""


def _loopback_allowed() -> bool:
    return bool(getattr(settings, "API_WEBHOOKS_ALLOW_LOOPBACK_HTTP", False))


def _literal_ip(host: str) -> IPAddress | None:
    """The IP address ``host`` is written as, in any form a resolver accepts, or None for a name."""
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if all(part and (part.isdigit() or part.lower().startswith("0x")) for part in bare.split(".")):
        try:  # the old forms: 2130706433, 0x7f.1, 017700000001 (inet_aton reads them as resolvers do)
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def is_public(ip: IPAddress) -> bool:
    """True for an address on the public internet (``ipaddress``'s IANA special-purpose registries); an
    IPv4 address written inside IPv6 (``::ffff:10.0.0.1``) is judged as itself. Loopback passes only
    with ``API_WEBHOOKS_ALLOW_LOOPBACK_HTTP``."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback and _loopback_allowed():
        return True
    return ip.is_global and not ip.is_multicast


def host_refusal(host: str) -> str | None:
    """Why webhooks may not go to ``host`` (a URL's host name), or None. Does not look the name up (the
    send does, every time)."""
    host = (host or "").strip().rstrip(".").lower()
    ip = _literal_ip(host)
    if ip is not None:
        return None if is_public(ip) else REFUSED
    if host == "localhost" and _loopback_allowed():
        return None
    if host == "localhost" or host.endswith(PRIVATE_NAME_ENDINGS) or "." not in host:
        return REFUSED
    return None


def public_address(host: str, port: int) -> str:
    """The address to connect to for ``host``: the first it resolves to, when every address it resolves to
    is public. Raises AddressRefused otherwise, and OSError when the name does not resolve."""
    refused = host_refusal(host)
    if refused:
        raise AddressRefused(refused)
    found = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    addresses = [str(info[4][0]) for info in found]
    if not addresses or not all(is_public(ipaddress.ip_address(a.split("%")[0])) for a in addresses):
        raise AddressRefused(REFUSED)
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to an address already checked (tests' loopback receiver only)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address already checked, the certificate checked against the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST ``body`` to ``url`` on a checked public address; returns the HTTP status (redirects not followed).

    Raises AddressRefused for a private address, ValueError for an address that is not http(s), and
    OSError or ``http.client.HTTPException`` when the receiver cannot be reached or answers nonsense.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("The address must start with https://.")
    if parts.scheme == "http" and not _loopback_allowed():
        raise ValueError("The address must start with https://.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = public_address(parts.hostname, port)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname, port, address=address, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # what it says is not kept; read a little so the connection closes cleanly
        return response.status
    finally:
        connection.close()
