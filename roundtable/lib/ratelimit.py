"""Counting requests in the cache, so a page can say "too many, wait a while".

Keys are salted hashes of what is counted (an address, an email address), so the cache never holds
them in the clear. Counts live in the configured cache (``CACHES``): shared by the processes of one
machine by default; with several machines, set a shared cache (docs/deploy.md).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, who: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{who}".encode()).hexdigest()[:32]
    return f"rate:{scope}:{digest}"


def hit(scope: str, who: str, *, limit: int, window_seconds: int) -> bool:
    """Count one more request by ``who`` in ``scope``; True while at most ``limit`` in the window (seconds).

    The window starts at the first request and is not moved by later ones.
    """
    key = _key(scope, who)
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count <= limit
