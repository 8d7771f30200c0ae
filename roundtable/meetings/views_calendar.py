"""Calendars: a person's private feed, their calendar settings page, and one meeting's .ics file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.lib.urls import absolute_url
from roundtable.meetings import selectors, services
from roundtable.meetings.calendar import meeting_ics as build_meeting_ics
from roundtable.meetings.calendar import person_feed
from roundtable.meetings.forms import RemindersForm
from roundtable.meetings.permissions import require_meeting

ICS_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE_SECONDS = 6 * 3600


def _ics_response(body: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed. The secret token in the address is the only key: no session needed."""
    user = selectors.feed_owner(token=token)
    if user is None:
        raise Http404
    # Calendar apps ask again every few hours and mostly nothing has changed: the feed is kept under a
    # hash of the rows it is made from, so a kept copy is never stale (meetings/calendar.py).
    sources = selectors.feed_sources(user=user)
    body = person_feed(sources, name=_("Roundtable meetings"), seconds=FEED_CACHE_SECONDS)
    return _ics_response(body, "roundtable.ics", attachment=False)


@login_required
def meeting_ics(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    _access, meeting = require_meeting(request.user, project_id, meeting_id)
    alarms = selectors.calendar_alarms(user=request.user)
    return _ics_response(build_meeting_ics(meeting, alarms=alarms), f"meeting-{meeting.pk}.ics", attachment=True)


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    row = services.calendar_settings_for(user=request.user)
    form = RemindersForm(initial={"minutes": row.leads()})
    if request.method == "POST":
        if request.POST.get("action") == "reset":
            services.calendar_token_reset(user=request.user)
            messages.success(request, _("Your calendar has a new address. The old address no longer works."))
            return redirect("meetings:my_calendar")
        form = RemindersForm(request.POST)
        if form.is_valid():
            services.calendar_reminders_set(user=request.user, minutes=form.cleaned_data["minutes"])
            messages.success(request, _("Your reminder times are saved."))
            return redirect("meetings:my_calendar")
    feed_path = reverse("meetings:feed", args=[row.feed_token])
    feed_url = absolute_url(feed_path)
    return render(
        request,
        "meetings/my_calendar.html",
        {
            "form": form,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
            "upcoming": selectors.my_upcoming(user=request.user),
        },
    )
