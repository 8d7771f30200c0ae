from io import StringIO

from django.core.management import call_command


def test_worker_tick_runs_every_regular_job(db):
    out = StringIO()
    call_command("worker_tick", stdout=out)
    text = out.getvalue()
    assert "Queued 0 message(s) for delivery." in text
    assert "reminders queued: 0" in text and "claims drafted: 0" in text and "check-ins opened: 0" in text
