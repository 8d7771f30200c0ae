from django.conf import settings

from roundtable.projects.permissions import is_any_staff


def site(request):
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SITE_NAME": "Roundtable",
        "nav_is_staff": lambda: bool(user is not None and is_any_staff(user)),
    }
