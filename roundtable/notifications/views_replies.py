"""The page where an organiser copies a returned reply slip into Roundtable, by the letter's reference."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.notifications import replies
from roundtable.notifications.forms import LetterReferenceForm, ReplySlipForm


@login_required
@require_http_methods(["GET", "POST"])
def reply_slip(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find a letter by reference (GET ?reference=), then record its reply slip's answers (POST)."""
    data = request.POST if request.method == "POST" else request.GET
    lookup = LetterReferenceForm(data if "reference" in data else None)
    context: dict = {"lookup": lookup}
    status = 200
    if lookup.is_bound and lookup.is_valid():
        message = replies.letter_for_reference(user=request.user, reference=lookup.cleaned_data["reference"])
        slip = replies.reply_slip_for(message) if message is not None else None
        if message is None:
            lookup.add_error(
                "reference", _("We cannot find a letter you sent with that reference. Check it and try again.")
            )
            status = 400
        elif slip is None:
            lookup.add_error("reference", _("That letter has no reply slip. It did not ask a question."))
            status = 400
        elif slip.enter_url:
            # A slip of several questions (a check-in) is typed in on its own page, by proxy.
            return redirect(slip.enter_url)
        else:
            person = message.recipient.short_name if message.recipient else message.recipient_name
            form = ReplySlipForm(request.POST if request.method == "POST" else None, slip=slip, person_name=person)
            context.update({"message": message, "slip": slip, "form": form, "person": person})
            if request.method == "POST" and form.is_valid():
                try:
                    replies.reply_slip_record(
                        actor=request.user,
                        message=message,
                        chosen=form.cleaned_data["chosen"],
                        comments=form.cleaned_data["comments"],
                    )
                except (PermissionDenied, Http404):
                    form.add_error(None, _("You cannot record answers for this project. Ask its organiser."))
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    flash.success(request, _("%(name)s's answers are saved.") % {"name": person})
                    return redirect("notifications:letters")
            if request.method == "POST":
                status = 400
    elif lookup.is_bound:
        status = 400
    return render(request, "notifications/reply_slip.html", context, status=status)
