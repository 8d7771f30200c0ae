import warnings

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError, AnymailInsecureWebhookWarning
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.urls import URLPattern, include, path
from django.views.decorators.csrf import csrf_exempt

from roundtable.replies import views

app_name = "replies"

urlpatterns = [
    path("organisations/<slug:slug>/replies/", views.org_replies, name="org_replies"),
    path("organisations/<slug:slug>/replies/enter/", views.reply_enter, name="reply_enter"),
    path("organisations/<slug:slug>/replies/<int:reply_id>/read/", views.reply_read, name="reply_read"),
    path("organisations/<slug:slug>/replies/<int:reply_id>/files/<int:file_id>/", views.reply_file, name="reply_file"),
    path("inbound/notify/received-text/", views.notify_received_text, name="notify_received_text"),
]


def _unless_unset(view):
    """A provider whose keys are not set here answers 404 (also one that would rely on basic auth while
    ANYMAIL_WEBHOOK_SECRET is unset: we never run an inbound webhook anyone could call), and a body that
    is not the provider's 400, not a server error (anymail raises on both)."""

    def guarded(request, *args, **kwargs):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", AnymailInsecureWebhookWarning)
                return view(request, *args, **kwargs)
        except (AnymailConfigurationError, AnymailInsecureWebhookWarning):
            return HttpResponseNotFound("This provider is not set up here.")
        except (ValueError, KeyError, TypeError):  # a body that is not the provider's shape (anymail parses it)
            return HttpResponseBadRequest("This is not what the provider sends.")

    return csrf_exempt(guarded)


# django-anymail's inbound webhooks, at the paths it documents, under /inbound/ (e.g.
# /inbound/amazon_ses/inbound/, /inbound/mailgun/inbound_mime/), in the "anymail" namespace. Only the
# inbound ones: we do not read delivery tracking. Each checks its provider's signature (webhooks.py).
_inbound = [
    URLPattern(pattern.pattern, _unless_unset(pattern.callback), pattern.default_args, pattern.name)
    for pattern in anymail_urls.urlpatterns
    if isinstance(pattern, URLPattern)
    and (pattern.name or "").endswith("_inbound_webhook")
    and not (pattern.name or "").startswith("sendinblue")  # deprecated by anymail: Brevo's own path is kept
]
anymail_urlpatterns = [path("inbound/", include((_inbound, "anymail")))]
