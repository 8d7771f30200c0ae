"""Headers and answers every page gets, whatever app it belongs to.

* ``HealthCheckMiddleware`` (first in ``MIDDLEWARE``): ``/healthz`` answers load balancers over plain
  HTTP, before the HTTPS redirect and the allowed-hosts check (a load balancer asks by the machine's
  address, not the site's name). It says only whether the database and the task queue answer.
* ``PrivacyHeadersMiddleware`` (after authentication): every response gets a ``Permissions-Policy``
  that turns off the browser features we never use (camera, microphone, location, payment...), and
  every page shown to a signed-in person (a profile, benefits, statements, letters, receipts, anything
  else with their data) gets ``Cache-Control: private, no-store`` so no shared or browser cache keeps a
  copy. Source: issue 11, "Private pages".
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method in {"GET", "HEAD"}:
            from roundtable.core.views import healthz

            response = healthz(request)
            response["Cache-Control"] = "no-store"
            response["Permissions-Policy"] = PERMISSIONS_POLICY
            return response
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
