from django.contrib import admin
from django.urls import include, path

from roundtable.api.urls import api_urlpatterns
from roundtable.replies.urls import anymail_urlpatterns

urlpatterns = [
    path("", include("roundtable.core.urls")),
    path("", include("roundtable.signin.urls")),
    path("", include("roundtable.accounts.urls")),
    path("", include("roundtable.notifications.urls")),
    path("", include("roundtable.projects.urls")),
    path("", include("roundtable.glossary.urls")),
    path("", include("roundtable.meetings.urls")),
    path("", include("roundtable.updates.urls")),
    path("", include("roundtable.payments.urls")),
    path("", include("roundtable.feedback.urls")),
    path("", include("roundtable.credits.urls")),
    path("", include("roundtable.decisions.urls")),
    path("", include("roundtable.safety.urls")),
    path("", include("roundtable.stories.urls")),
    path("", include("roundtable.conversation.urls")),
    path("", include("roundtable.replies.urls")),
    path("", include(anymail_urlpatterns)),
    path("", include("roundtable.health.urls")),
    path("", include("roundtable.health.urls_reports")),
    path("", include("roundtable.yourdata.urls")),
    path("", include("roundtable.promises.urls")),
    path("", include("roundtable.api.urls")),
    path("", include(api_urlpatterns)),
    path("site-admin/", admin.site.urls),
]

handler404 = "roundtable.core.views.not_found"
handler403 = "roundtable.core.views.forbidden"
handler500 = "roundtable.core.views.server_error"
