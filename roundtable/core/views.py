"""Pages that belong to no single domain: home, health, errors and the demo's persona switcher."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from roundtable.core import selectors


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("projects:my_projects")
    return render(request, "core/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    """Whether the database answers and the task queue can be read."""
    checks: dict[str, bool] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            checks["database"] = cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not working"
        checks["database"] = False
    checks["task_queue"] = selectors.task_queue_ok()
    ok = all(checks.values())
    return JsonResponse({"ok": ok, **checks}, status=200 if ok else 503)


def _demo_only() -> None:
    if not settings.DEMO_MODE:
        raise Http404


def demo_personas(request: HttpRequest) -> HttpResponse:
    _demo_only()
    return render(request, "core/demo.html", {"personas": selectors.demo_personas()})


@require_POST
def demo_sign_in(request: HttpRequest, user_id: int) -> HttpResponse:
    _demo_only()
    person = selectors.demo_persona(user_id=user_id)
    if person is None:
        raise Http404
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("projects:my_projects")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)
