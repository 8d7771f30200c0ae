"""The one page where an organiser types in a person's answer that came by post or on the phone.

Found by the reference on the letter, its reply slip or the call task ("RT00042"). A letter with a reply slip
gets its boxes to tick (a check-in's slip has its own page, and we go there); any other message the
``replies`` app can place (``replies.ProxyReplies``, registered from above) gets the person's words, marked
as by post or phone and typed in by proxy. ``/organisations/<slug>/replies/enter/`` is the same page's old
address: it sends people here (docs/replies.md, "Typing in a reply").
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.notifications import replies
from roundtable.notifications.forms import LetterReferenceForm, ProxyReplyForm, ReplySlipForm
from roundtable.notifications.letter_parts import parse_reference


def _free_words(request: AuthenticatedHttpRequest, message, context: dict) -> HttpResponse | None:
    """The person's own words, typed in (``ProxyReplies.enter``): a redirect when saved, else None (the form
    is in ``context``)."""
    handler = replies.proxy_replies()
    assert handler is not None and message.recipient is not None  # noqa: S101 - checked by the caller
    person = message.recipient.short_name
    form = ProxyReplyForm(request.POST if request.method == "POST" else None)
    context.update({"message": message, "words_form": form, "person": person})
    if request.method == "POST" and form.is_valid():
        try:
            seen_at = handler.enter(
                actor=request.user, message=message, text=form.cleaned_data["text"],
                channel=form.cleaned_data["channel"],
            )  # fmt: skip
        except (PermissionDenied, Http404):
            form.add_error(None, _("You cannot enter answers for this project. Ask its organiser."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, _("%(name)s's reply is saved.") % {"name": person})
            return redirect(seen_at or "notifications:tasks")
    return None


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def reply_slip(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find a message by reference (GET ?reference=), then record its reply slip's answers, or the person's
    own words when it has no slip (POST)."""
    data = request.POST if request.method == "POST" else request.GET
    lookup = LetterReferenceForm(data if "reference" in data else None)
    context: dict = {"lookup": lookup}
    status = 200
    if lookup.is_bound and lookup.is_valid():
        reference = lookup.cleaned_data["reference"]
        message = replies.letter_for_reference(user=request.user, reference=reference)
        slip = replies.reply_slip_for(message) if message is not None else None
        handler = replies.proxy_replies()
        message_id = parse_reference(reference)
        if slip is None and handler is not None and message_id is not None:
            message = handler.find(request.user, message_id) or message
        if message is None:
            lookup.add_error(
                "reference", _("We cannot find a letter you sent with that reference. Check it and try again.")
            )
            status = 400
        elif slip is not None and slip.enter_url:
            # A slip of several questions (a check-in) is typed in on its own page, by proxy.
            return redirect(slip.enter_url)
        elif (
            slip is None
            and handler is not None
            and message.recipient is not None
            and handler.find(request.user, message.pk)
        ):
            done = _free_words(request, message, context)
            if done is not None:
                return done
            status = 400 if request.method == "POST" else 200
        elif slip is None:
            lookup.add_error("reference", _("That letter has no reply slip. It did not ask a question."))
            status = 400
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
