from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from roundtable.lib.demo import DEMO_EMAIL_DOMAIN  # noqa: F401 - re-exported for the demo views


def task_queue_ok() -> bool:
    """True when the configured task backend is usable (the database queue table answers)."""
    backend = str(settings.TASKS["default"]["BACKEND"])
    if not backend.startswith("django_tasks_db"):
        return True
    try:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    except Exception:  # noqa: BLE001
        return False
    return True


def demo_personas():
    User = get_user_model()
    return User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN, is_active=True).order_by("id")


def demo_persona(*, user_id: int):
    return demo_personas().filter(pk=user_id, uses_web=True).first()
