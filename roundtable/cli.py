"""The `roundtable` command: run the demo, the web server or the worker.

roundtable demo [--port N]   set up and run the demo in the foreground
roundtable serve [--port N]  the web server (gunicorn), for production
roundtable worker            the background worker, for production
roundtable worker --until-empty   deliver the outbox's due messages in this process, then exit
roundtable inbound-email     file one raw email from standard input (a mail server's pipe)
roundtable manage ...        any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _gunicorn_args(port: int, host: str) -> list[str]:
    """gunicorn's command line: WEB_CONCURRENCY processes (default 2), each with WEB_THREADS threads (default 1).

    More than one thread switches gunicorn to its threaded worker, which also keeps connections alive
    between requests. The figures behind the defaults, and the settings measured under load, are in
    docs/deploy.md ("Under load").
    """
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    threads = os.environ.get("WEB_THREADS", "1")
    return [
        sys.executable, "-m", "gunicorn", "roundtable.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", workers, "--threads", threads, "--access-logfile", "-",
        # Note ids and secret links never reach the access log (lib/logfilters.py).
        "--logger-class", "roundtable.lib.logfilters.GunicornLogger",
    ]  # fmt: skip


def _worker_args() -> list[str]:
    return [sys.executable, "-m", "roundtable.cli", "worker"]


def demo_environment(port: int, environ: dict | os._Environ = os.environ) -> None:
    """Set up the environment the demo's web server, worker and story share.

    The site address is the loopback address on the demo's own port, so every link in emails, texts,
    letters, call scripts and calendar feeds works (``make demo PORT=8080`` gives 8080 links);
    a SITE_URL given in the environment wins.
    """
    environ["ROUNDTABLE_DEMO"] = "true"
    environ.setdefault("EMAIL_MODE", "file")
    environ.setdefault("SITE_URL", f"http://127.0.0.1:{port}")


def _check_settings() -> None:
    """Run Django's system checks (site address, outbox settings); stop with plain errors if any fail."""
    _setup_django()
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")


def cmd_demo(args: argparse.Namespace) -> int:
    demo_environment(args.port)
    _setup_django()
    from django.conf import settings

    _manage("migrate", "--noinput", "--verbosity", "0")
    _manage("collectstatic", "--noinput", "--verbosity", "0")
    _manage("load_demo")
    env = dict(os.environ)
    procs = [
        subprocess.Popen(_gunicorn_args(args.port, "127.0.0.1"), env=env),  # noqa: S603
        subprocess.Popen(_worker_args(), env=env),  # noqa: S603
    ]
    address = settings.SITE_URL
    print(f"\nRoundtable demo is running at {address}/", flush=True)
    print(f"Sign in as one of the people in the story at {address}/demo/", flush=True)
    print(f"Email the demo sends is written to {settings.EMAIL_FILE_PATH}", flush=True)
    print("Press Ctrl+C to stop.\n", flush=True)
    return _wait(procs)


def _wait(procs: list[subprocess.Popen]) -> int:
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    while not stopping:
        for proc in procs:
            if proc.poll() is not None:
                code = proc.returncode or 1
                stopping = True
        time.sleep(0.5)
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    _check_settings()
    os.execv(sys.executable, _gunicorn_args(args.port, args.host))  # noqa: S606
    return 0


RESTART_LIMIT = 5  # child deaths within RESTART_WINDOW_SECONDS before `roundtable worker` gives up
RESTART_WINDOW_SECONDS = 60.0


def _say(text: str) -> None:
    print(f"roundtable worker: {text}", file=sys.stderr, flush=True)


def _supervise(starters: dict, *, limit: int = RESTART_LIMIT, window: float = RESTART_WINDOW_SECONDS) -> int:
    """Run one child process per starter (name -> a function returning a started Popen) and keep them running.

    A child that dies is started again at once. If children die more than `limit` times within `window`
    seconds (a database that is down, a broken release), stop them all and return 1, so the process
    supervisor (systemd, docs/deploy.md) restarts the whole worker later and someone sees it in the logs.
    SIGTERM or SIGINT stops the children and returns 0.
    """
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    procs = {}
    for name, start in starters.items():
        procs[name] = start()
        _say(f"started {name} (pid {procs[name].pid})")
    deaths: list[float] = []
    code = 0
    while not stopping:
        for name, proc in list(procs.items()):
            if stopping or proc.poll() is None:
                continue
            now = time.monotonic()
            deaths = [t for t in deaths if now - t < window] + [now]
            _say(f"{name} (pid {proc.pid}) stopped with exit code {proc.returncode}")
            if len(deaths) > limit:
                _say(f"children stopped {len(deaths)} times in {int(window)} seconds; giving up (exit code 1)")
                code, stopping = 1, True
                break
            procs[name] = starters[name]()
            _say(f"restarted {name} (pid {procs[name].pid})")
        time.sleep(0.5)
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return code


def cmd_worker(args: argparse.Namespace) -> int:
    """Run queued tasks, and the periodic jobs (``manage.py worker_tick --every 30``).

    Every 30 seconds the outbox's job requeues messages whose next try is due. It also picks up
    messages left half-sent by a worker that was killed, so delivery is at least once; each
    message's idempotency key stops doubles.
    Either child process is restarted if it dies; see ``_supervise``.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    _check_settings()
    if args.until_empty:
        return _drain_outbox(batch=args.batch)
    tasks = [sys.executable, "-m", "roundtable.cli", "manage", "db_worker", "--interval", "1"]
    return _supervise(
        {
            "task worker": lambda: subprocess.Popen(tasks),  # noqa: S603
            "periodic jobs": lambda: subprocess.Popen(_periodic_args()),  # noqa: S603
        }
    )


def _drain_outbox(*, batch: int) -> int:
    """``roundtable worker --until-empty``: deliver due messages from the outbox in this process, in batches,
    until none is due and no other worker is sending any; print how many and how fast. SIGTERM or SIGINT
    stops it after the current batch. Run it from cron, a one-off job, or several at once (one PostgreSQL)."""
    from roundtable.notifications.services import outbox_drain

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    done = outbox_drain(batch=batch, stop=lambda: stopping)
    rate = done.messages / done.seconds if done.seconds else 0.0
    _say(
        f"delivered {done.messages} message(s) in {done.batches} batch(es), {done.seconds:.1f} s ({rate:.0f} a second)"
    )
    return 0


def _periodic_args() -> list[str]:
    """The periodic jobs' loop: ``manage.py worker_tick --every 30`` (each job isolated and logged)."""
    return [sys.executable, "-m", "roundtable.cli", "manage", "worker_tick", "--every", "30"]


def _how_to_run(command: str, error: Exception) -> int:
    """Explain, in plain words, why a command cannot start and how to run it; returns exit code 2."""
    data_dir = os.environ.get("ROUNDTABLE_DATA_DIR", "var")
    print(f"roundtable {command}: {error}.", file=sys.stderr)
    if "SECRET_KEY" in str(error):
        print(
            f"\nTo run it against the demo's data folder ({data_dir}), say it is the demo:\n"
            f"    ROUNDTABLE_DEMO=true roundtable {command}\n"
            f"(or `make {command}` in a checkout). In production, set SECRET_KEY or SECRET_KEY_FILE and\n"
            "DATABASE_URL exactly as for `roundtable serve`, then run the same command.",
            file=sys.stderr,
        )
    return 2


def cmd_check_ledger(args: argparse.Namespace) -> int:
    """Check every balance in the payments ledger against claims and payments; non-zero on any mismatch.

    Without the settings it needs (no SECRET_KEY outside the demo) it says how to run it, exit code 2.
    """
    from django.core.exceptions import ImproperlyConfigured

    try:
        _setup_django()
    except ImproperlyConfigured as error:
        return _how_to_run("check-ledger", error)
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("check_ledger", *args.rest)
    except CommandError as error:
        print(error, file=sys.stderr)
        return getattr(error, "returncode", 1) or 1
    return 0


def cmd_inbound_email(args: argparse.Namespace) -> int:
    """File one raw email read from standard input (a mail server's pipe; docs/replies.md).

    Exit 0 when filed (landed, for an organiser to read, or kept aside in the quarantine); 65 (EX_DATAERR)
    with the reason on standard error when refused (too big, too many attachments: the mail server bounces
    it, and we keep its headers); 75 (EX_TEMPFAIL, the mail server tries again later) when the database
    cannot be reached, so the message is never lost.
    """
    from django.core.exceptions import ImproperlyConfigured

    try:
        _setup_django()
    except ImproperlyConfigured as error:
        return _how_to_run("inbound-email", error)
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import DatabaseError

    try:
        call_command("inbound_email", *args.rest)
    except CommandError as error:
        print(error, file=sys.stderr)
        return getattr(error, "returncode", 1) or 1
    except DatabaseError as error:
        print(f"Could not file the message now, try again later: {error}", file=sys.stderr)
        return 75
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["roundtable manage", *args.rest])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="roundtable", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="set up and run the demo")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(func=cmd_demo)
    serve = sub.add_parser("serve", help="run the web server")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))  # noqa: S104
    serve.set_defaults(func=cmd_serve)
    worker = sub.add_parser("worker", help="run the background worker")
    worker.add_argument(
        "--until-empty",
        action="store_true",
        help="deliver due messages from the outbox in this process until none is left, then exit",
    )
    worker.add_argument("--batch", type=int, default=100, help="messages claimed at a time (--until-empty)")
    worker.set_defaults(func=cmd_worker)
    ledger = sub.add_parser("check-ledger", help="check the payments ledger (non-zero exit on a mismatch)")
    ledger.add_argument("rest", nargs=argparse.REMAINDER)
    ledger.set_defaults(func=cmd_check_ledger)
    inbound_email = sub.add_parser(
        "inbound-email", help="file one raw email from standard input (for a mail server's pipe)"
    )
    inbound_email.add_argument("rest", nargs=argparse.REMAINDER)
    inbound_email.set_defaults(func=cmd_inbound_email)
    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
