"""`roundtable worker` keeps its child processes running: a dead one is restarted; children that keep
dying make it exit non-zero so the process supervisor (docs/deploy.md) takes over. Issue 11."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

from roundtable.core.tests.test_settings import ROOT


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="roundtable.settings",
        ROUNDTABLE_TESTING="true",
        ROUNDTABLE_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


class Worker:
    """`roundtable worker` in a process of its own, with its messages read as they come."""

    def __init__(self, env: dict):
        self.proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "roundtable.cli", "worker"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line.rstrip())

    def wait_for(self, pattern: str, timeout: float = 90) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r} in {self.seen[-20:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_task_worker_is_started_again(tmp_path):
    env = _env(tmp_path)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True, timeout=300
    )
    worker = Worker(env)
    try:
        first = int(worker.wait_for(r"started task worker \(pid (\d+)\)").group(1))
        os.kill(first, signal.SIGKILL)
        second = int(worker.wait_for(r"restarted task worker \(pid (\d+)\)").group(1))
        assert second != first and _alive(second)
        worker.stop()
        assert worker.proc.returncode == 0
        assert not _alive(second)  # stopping the worker stops its children
    finally:
        worker.stop()


def test_children_that_keep_dying_make_the_worker_exit_non_zero(tmp_path):
    """A database that is down: the children fail at once, again and again."""
    worker = Worker(_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none"))
    try:
        worker.proc.wait(timeout=240)
        assert worker.proc.returncode == 1
        worker.wait_for(r"giving up \(exit code 1\)", timeout=5)
    finally:
        worker.stop()
