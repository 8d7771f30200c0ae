"""The worker's periodic jobs: one registry filled by every app, each run isolated and logged."""

import datetime as dt
import logging
from io import StringIO

import pytest
from django.core.management import call_command

from roundtable.cli import _periodic_args
from roundtable.lib import periodic

EVERY_APPS_JOBS = [
    "audit.once_keys_clear",
    "notifications.digests",
    "projects.joining_reminders",
    "meetings.reminders",
    "meetings.format_warnings",
    "updates.nudges",
    "payments.claims_draft",
    "feedback.barriers_from_departures",
    "feedback.check_ins_open",
    "credits.contributions_suggest",
    "decisions.reminders",
    "safety.ground_rules_settle",
    "health.snapshots",
    "health.measurements",
    "yourdata.retention",
    "yourdata.stuck_downloads",
    "promises.exports",
    "api.webhooks_gather",
    "api.webhooks_send",
    "notifications.dispatch",
]


@pytest.fixture
def broken_job():
    def explode() -> int:
        raise RuntimeError("the printer caught fire")

    periodic.register("feedback.broken", explode)
    yield "feedback.broken"
    periodic.unregister("feedback.broken")


def test_the_registry_lists_every_apps_jobs_in_the_order_they_run():
    assert [job.name for job in periodic.jobs()] == EVERY_APPS_JOBS


def test_worker_tick_runs_every_regular_job_once(db):
    out = StringIO()
    call_command("worker_tick", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [", ".join(f"{name}: 0" for name in EVERY_APPS_JOBS)]


def test_a_job_that_fails_is_logged_and_the_others_still_run(db, broken_job, caplog):
    out = StringIO()
    with caplog.at_level(logging.INFO, logger="roundtable.lib.periodic"):
        call_command("worker_tick", stdout=out)

    text = out.getvalue()
    assert f"{broken_job}: failed" in text
    assert "credits.contributions_suggest: 0" in text  # registered before the broken one
    assert "notifications.dispatch: 0" in text  # runs after it
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert failure.getMessage().startswith(f"Periodic job {broken_job} failed after")
    assert "the printer caught fire" in caplog.text  # the traceback
    done = [r.getMessage() for r in caplog.records if "done:" in r.getMessage()]
    assert len(done) == len(EVERY_APPS_JOBS)
    assert any(line.startswith("Periodic job updates.nudges done: 0 item(s) in ") for line in done)
    started = [r.getMessage() for r in caplog.records if r.getMessage().endswith(" started")]
    assert len(started) == len(EVERY_APPS_JOBS) + 1


def test_every_loops_and_runs_each_job_when_it_is_due(db, broken_job, monkeypatch):
    """Three passes 30 seconds apart: the half-hourly jobs run each time, the hourly one only once."""
    seconds = [0.0]
    slept = []

    def sleep(gap: float) -> None:
        slept.append(gap)
        seconds[0] += gap

    monkeypatch.setattr("time.monotonic", lambda: seconds[0])
    monkeypatch.setattr("time.sleep", sleep)
    out = StringIO()
    call_command("worker_tick", every=30, times=3, stdout=out)

    passes = out.getvalue().splitlines()
    assert len(passes) == 3
    assert slept == [30.0, 30.0]  # no sleep after the last pass
    assert "audit.once_keys_clear: 0" in passes[0]
    assert all("audit.once_keys_clear" not in line for line in passes[1:])
    assert all("updates.nudges: 0" in line and f"{broken_job}: failed" in line for line in passes)


def test_a_schedule_runs_a_job_again_once_its_gap_has_gone_by():
    seconds = [0.0]
    runs = []
    periodic.register("credits.hourly", lambda: runs.append(seconds[0]) or 1, every=dt.timedelta(hours=1))
    try:
        schedule = periodic.Schedule(clock=lambda: seconds[0])
        for seconds[0] in (0.0, 1800.0, 3599.5, 3630.0, 7200.0):
            schedule.run_due(apps=["credits"])
    finally:
        periodic.unregister("credits.hourly")
    assert runs == [0.0, 3599.5, 7200.0]  # half a second early still counts (the loop's sleep is not exact)


def test_a_job_name_says_its_app_and_runs_every_so_often():
    with pytest.raises(ValueError, match="starts with its app"):
        periodic.register("nudges", lambda: 0)
    with pytest.raises(ValueError, match="every so often"):
        periodic.register("updates.never", lambda: 0, every=dt.timedelta(0))


def test_the_worker_runs_the_jobs_with_the_management_command_every_30_seconds():
    assert _periodic_args()[-4:] == ["manage", "worker_tick", "--every", "30"]
