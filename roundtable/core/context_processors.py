from django.conf import settings

from roundtable.notifications.selectors import unread_count
from roundtable.projects.permissions import is_any_staff


def site(request):
    """Site-wide template values. The two queries run only if a template asks for them."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SITE_NAME": "Roundtable",
        "nav_is_staff": lambda: signed_in and is_any_staff(user),
        "nav_unread": lambda: unread_count(user=user) if signed_in else 0,
    }
