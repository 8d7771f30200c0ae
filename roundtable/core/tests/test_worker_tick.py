from io import StringIO

from django.core.management import call_command


def test_worker_tick_runs_every_regular_job(db):
    out = StringIO()
    call_command("worker_tick", stdout=out)
    text = out.getvalue()
    assert "Queued 0 message(s) for delivery." in text
    for job in (
        "reminders queued",
        "format warnings",
        "claims drafted",
        "barriers from departures",
        "check-ins opened",
        "contributions suggested",
    ):
        assert f"{job}: 0" in text, job
