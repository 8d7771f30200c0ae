"""The `roundtable` command: run the demo, the web server or the worker.

roundtable demo [--port N]   set up and run the demo in the foreground
roundtable serve [--port N]  the web server (gunicorn), for production
roundtable worker            the background worker, for production
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
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    return [
        sys.executable, "-m", "gunicorn", "roundtable.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", workers, "--access-logfile", "-",
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


def cmd_worker(args: argparse.Namespace) -> int:
    """Run queued tasks, and every 30 seconds requeue messages whose next try is due.

    The sweep also picks up messages left half-sent by a worker that was killed,
    so delivery is at least once; each message's idempotency key stops doubles.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    _check_settings()
    tasks = subprocess.Popen([sys.executable, "-m", "roundtable.cli", "manage", "db_worker", "--interval", "1"])  # noqa: S603
    sweeper = subprocess.Popen(_sweeper_args())  # noqa: S603
    return _wait([tasks, sweeper])


def _sweeper_args() -> list[str]:
    code = (
        "import time, django; django.setup();"
        "from django.core.management import call_command;"
        "[(call_command('worker_tick'), time.sleep(30)) for _ in iter(int, 1)]"
    )
    return [sys.executable, "-c", code]


def cmd_check_ledger(args: argparse.Namespace) -> int:
    """Check every balance in the payments ledger against claims and payments; non-zero on any mismatch."""
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("check_ledger", *args.rest)
    except CommandError as error:
        print(error, file=sys.stderr)
        return getattr(error, "returncode", 1) or 1
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
    worker.set_defaults(func=cmd_worker)
    ledger = sub.add_parser("check-ledger", help="check the payments ledger (non-zero exit on a mismatch)")
    ledger.add_argument("rest", nargs=argparse.REMAINDER)
    ledger.set_defaults(func=cmd_check_ledger)
    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
