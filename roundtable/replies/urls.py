from django.urls import include, path

from roundtable.replies import views

app_name = "replies"

urlpatterns = [
    path("organisations/<slug:slug>/replies/", views.org_replies, name="org_replies"),
    path("organisations/<slug:slug>/replies/enter/", views.reply_enter, name="reply_enter"),
    path("organisations/<slug:slug>/replies/<int:reply_id>/read/", views.reply_read, name="reply_read"),
    path("inbound/notify/received-text/", views.notify_received_text, name="notify_received_text"),
]

# django-anymail's inbound (and tracking) webhooks, at the paths it documents, under /inbound/
# (e.g. /inbound/amazon_ses/inbound/, /inbound/mailgun/inbound_mime/). Outside our app namespace.
anymail_urlpatterns = [path("inbound/", include("anymail.urls"))]
