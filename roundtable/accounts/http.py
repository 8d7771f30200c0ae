"""The request a signed-in page receives, for type checking.

``HttpRequest.user`` is a ``User`` or an ``AnonymousUser``. Behind ``login_required`` (and in the helpers
such a view calls) it is always a signed-in ``User``: annotate ``request: AuthenticatedHttpRequest`` there,
as django-stubs recommends, so ``request.user`` can be passed where a ``User`` is expected. At run time the
request is Django's own ``HttpRequest``; nothing is checked or converted.
"""

from __future__ import annotations

from django.http import HttpRequest

from roundtable.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """An ``HttpRequest`` whose ``user`` is a signed-in ``User`` (only views behind ``login_required``)."""

    user: User
