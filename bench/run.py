"""`make bench`: server time and query count of the key pages, beside two floors measured in the same run.

    python -m bench.run                 # scale 1 and scale 10, compared (the default)
    python -m bench.run --scale 3       # one scale
    python -m bench.run --runs 50       # more runs per page

Each scale is built in a fresh SQLite file under var/bench/scale-N/ (migrated,
then filled with bulk_create; see bench/data.py) by its own process, because
the database is chosen before django.setup(). Pages are requested in-process
with django.test.Client after a warm-up, round-robin so that a slow moment on
the machine hits every page alike. Time is measured without query capture; the
query count comes from one more request inside CaptureQueriesContext.

The floors: /healthz (a trivial view through the same middleware) and
/bench/reference/ (50 rows from one query through a template that extends the
product's base.html; defined in bench/reference.py, not in the product).
Ratios to the reference page survive a noisy machine; the design's aim is every
key page within 3x the reference page and at most 15 queries at any data size.

Results: a table on stdout, JSON in bench/results/latest.json. In --compare mode
the exit status is 1 if any page's query count grew between the scales.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
AIM_RATIO = 3.0
AIM_QUERIES = 15


# --- Setting up one scale (in its own process) -------------------------------------------------


def _setup_django(scale: int) -> Path:
    data_dir = ROOT / "var" / "bench" / f"scale-{scale}"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    os.environ.setdefault("ROUNDTABLE_TESTING", "true")
    os.environ["ROUNDTABLE_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "roundtable.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import warnings

    import django

    # WhiteNoise warns that there is no collected STATIC_ROOT; the benchmark does not serve static files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return data_dir


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value below which `fraction` of the runs fall."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def measure_scale(scale: int, runs: int, warmup: int, *, setup=None, build=None, extras: bool = True) -> dict:
    """Build (or take) one scale's data and measure the pages. bench/large.py passes its own `setup` (a
    database already chosen and migrated; returns a folder) and `build` (returns the kept data's Focus)."""
    started = time.perf_counter()
    data_dir = (setup or _setup_django)(scale)
    migrated = time.perf_counter()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench import data

    focus = (build or data.build)(scale)
    built = time.perf_counter()

    organiser = Client()
    organiser.force_login(focus.organiser, backend="django.contrib.auth.backends.ModelBackend")
    partner = Client()
    partner.force_login(focus.partner, backend="django.contrib.auth.backends.ModelBackend")
    project = focus.project.pk

    # name -> (client, url, kind); kind is "floor" or "page"
    targets = {
        "trivial view (/healthz)": (organiser, "/healthz", "floor"),
        "reference page (50 rows)": (organiser, "/bench/reference/", "floor"),
        "project page, as a member": (partner, f"/projects/{project}/", "page"),
        "project page, as organiser": (organiser, f"/projects/{project}/", "page"),
        "my projects, partner": (partner, "/my-projects/", "page"),
        "my projects, organiser": (organiser, "/my-projects/", "page"),
        "organisation dashboard": (organiser, f"/organisations/{focus.organisation.slug}/", "page"),
        "members list, organiser": (organiser, f"/projects/{project}/members/", "page"),
        "message delivery page": (organiser, f"/projects/{project}/messages/{focus.announcement.pk}/", "page"),
        "inbox, partner": (partner, "/messages/", "page"),
    }

    times: dict[str, list[float]] = {name: [] for name in targets}
    queries: dict[str, int] = {}
    sizes: dict[str, int] = {}
    with override_settings(ROOT_URLCONF="bench.urls"):
        for name, (client, url, _kind) in targets.items():
            for _ in range(warmup):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{name}: GET {url} gave {response.status_code}, not 200")
        for _ in range(runs):
            for name, (client, url, _kind) in targets.items():
                start = time.perf_counter_ns()
                client.get(url)
                times[name].append((time.perf_counter_ns() - start) / 1e6)
        for name, (client, url, _kind) in targets.items():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries[name] = len(captured.captured_queries)
            sizes[name] = len(response.content)

    reference = statistics.median(times["reference page (50 rows)"])
    pages = {}
    for name, (_client, url, kind) in targets.items():
        median = statistics.median(times[name])
        pages[name] = {
            "url": url,
            "kind": kind,
            "median_ms": round(median, 2),
            "p95_ms": round(_percentile(times[name], 0.95), 2),
            "ratio_to_reference": round(median / reference, 2),
            "queries": queries[name],
            "html_bytes": sizes[name],
        }
    extras = measure_extras(runs, warmup, reference) if scale == 1 and extras else []
    return {
        "scale": scale,
        "extras": extras,
        "runs": runs,
        "warmup": warmup,
        "database": str(data_dir / "bench.sqlite3"),
        "data": focus.counts,
        "seconds": {
            "migrate": round(migrated - started, 1),
            "build_data": round(built - migrated, 1),
            "measure": round(time.perf_counter() - built, 1),
        },
        "pages": pages,
    }


# Each module builds its own data in the same database and returns rows {"name", "median_ms", "p95_ms"
# and, for pages, "queries"}. They are measured once, in the scale-1 run, beside its reference page.
EXTRA_MODULES = [
    "bench.meetings",
    "bench.fanout",
    "bench.plain_language",
    "bench.payments",
    "bench.feedback",
    "bench.credits",
    "bench.decisions",
    "bench.conversation",
    "bench.health",
    "bench.yourdata",
    "bench.promises",
    "bench.api",
]


def measure_extras(runs: int, warmup: int, reference_ms: float) -> list[dict]:
    import importlib
    import importlib.util
    import inspect

    rows = []
    for name in EXTRA_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        print(f"Measuring {name}...", flush=True)
        module = importlib.import_module(name)
        # Slow jobs (a fan-out to 5,000 people) choose their own number of runs; pages take ours.
        accepted = inspect.signature(module.run).parameters
        kwargs = {"runs": runs, "warmup": warmup} if "warmup" in accepted else {}
        result = module.run(**kwargs)
        for row in result:
            row = dict(row)
            row["module"] = name
            row["ratio_to_reference"] = round(row["median_ms"] / reference_ms, 2)
            rows.append(row)
    return rows


def run_alone(run) -> None:
    """Measure one extra module on its own (``python -m bench.<module>``) in a fresh scale-0 database: the
    reference page (50 people, 30 runs after 5 warm-up) before and after ``run()``, then ``run()``'s rows,
    each with its ratio to the mean of the two reference times (a busy moment moves both)."""
    _setup_django(0)
    from django.test import Client, override_settings

    from roundtable.accounts.models import User

    reference_user = User.objects.create_user(email="reference@bench.example", full_name="Reference")
    User.objects.bulk_create(
        [User(email=f"reference-{n}@bench.example", full_name=f"Reference person {n}") for n in range(49)]
    )
    client = Client()
    client.force_login(reference_user, backend="django.contrib.auth.backends.ModelBackend")

    def reference_ms() -> float:
        found = []
        with override_settings(ROOT_URLCONF="bench.urls"):
            for _ in range(5):
                client.get("/bench/reference/")
            for _ in range(30):
                start = time.perf_counter_ns()
                client.get("/bench/reference/")
                found.append((time.perf_counter_ns() - start) / 1e6)
        return statistics.median(found)

    before = reference_ms()
    rows = run()
    after = reference_ms()
    reference = (before + after) / 2
    print(f"reference page (50 rows): {before:.2f} ms before, {after:.2f} ms after")
    for row in rows:
        print(f"{row['name']}: {row['median_ms']} ms (p95 {row['p95_ms']}), {row.get('queries', '-')} queries, "
              f"{row['median_ms'] / reference:.2f}x the reference")  # fmt: skip


# --- Reporting ----------------------------------------------------------------------------------


def format_table(result: dict) -> str:
    counts = result["data"]
    lines = [
        f"Scale {result['scale']}: {counts['people']} people, {counts['organisations']} organisations, "
        f"{counts['projects']} projects, {counts['memberships']} memberships, {counts['messages']} messages "
        f"(focus project {counts['focus_project_members']} members; focus organisation "
        f"{counts['focus_org_projects']} projects; focus partner in {counts['focus_partner_projects']} projects)",
        f"{result['runs']} runs per page after {result['warmup']} warm-up; "
        f"built in {result['seconds']['build_data']}s, measured in {result['seconds']['measure']}s",
        "",
        f"{'page':<30} {'median ms':>10} {'p95 ms':>8} {'x ref':>7} {'queries':>8}  note",
        "-" * 80,
    ]
    for name, page in result["pages"].items():
        notes = []
        if page["kind"] == "floor":
            notes.append("floor")
        else:
            if page["ratio_to_reference"] > AIM_RATIO:
                notes.append(f"over {AIM_RATIO:g}x")
            if page["queries"] > AIM_QUERIES:
                notes.append(f"over {AIM_QUERIES} queries")
        lines.append(
            f"{name:<30} {page['median_ms']:>10.2f} {page['p95_ms']:>8.2f} {page['ratio_to_reference']:>7.2f} "
            f"{page['queries']:>8}  {', '.join(notes)}"
        )
    if result.get("extras"):
        lines += ["", "Measured once, each on data of its own, beside the same reference page:", "-" * 80]
        for row in result["extras"]:
            queries = row.get("queries", "")
            lines.append(
                f"{row['name'][:30]:<30} {row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} "
                f"{row['ratio_to_reference']:>7.2f} {queries!s:>8}"
            )
    return "\n".join(lines)


def compare(small: dict, large: dict) -> tuple[str, dict, bool]:
    lines = [
        f"Query counts, scale {small['scale']} -> scale {large['scale']} (they must not grow with the data):",
        f"{'page':<30} {'queries':>8} {'queries':>8}  {'x ref':>6} {'x ref':>6}",
    ]
    growth = {}
    ok = True
    for name, page in small["pages"].items():
        other = large["pages"][name]
        grew = other["queries"] > page["queries"]
        ok = ok and not grew
        growth[name] = {
            "queries": [page["queries"], other["queries"]],
            "ratio_to_reference": [page["ratio_to_reference"], other["ratio_to_reference"]],
            "median_ms": [page["median_ms"], other["median_ms"]],
            "queries_grew": grew,
        }
        verdict = "GREW" if grew else "same" if other["queries"] == page["queries"] else "fewer"
        lines.append(
            f"{name:<30} {page['queries']:>8} {other['queries']:>8}  {page['ratio_to_reference']:>6.2f} "
            f"{other['ratio_to_reference']:>6.2f}  {verdict}"
        )
    lines.append("")
    lines.append("No page's query count grew." if ok else "Some page's query count grew with the data: an N+1.")
    return "\n".join(lines), growth, ok


def write_json(payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "latest.json"
    payload = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        **payload,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_child(scale: int, runs: int, warmup: int) -> dict:
    """Measure one scale in a fresh process (the database is fixed at django.setup())."""
    out = RESULTS / f"scale-{scale}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--scale",
        str(scale),
        "--runs",
        str(runs),
        "--warmup",
        str(warmup),
        "--out",
        str(out),
    ]
    print(f"Building and measuring scale {scale}...", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, help="measure one scale (default: compare --small and --large)")
    parser.add_argument("--compare", action="store_true", help="measure two scales and compare (the default)")
    parser.add_argument("--small", type=int, default=1, help="the smaller scale for --compare (default 1)")
    parser.add_argument("--large", type=int, default=10, help="the larger scale for --compare (default 10)")
    parser.add_argument("--runs", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up requests per page (default 3)")
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)  # used by --compare for its children
    args = parser.parse_args(argv)
    if args.scale is not None and args.scale < 1:
        parser.error("--scale must be 1 or more")

    if args.scale is not None and not args.compare:
        result = measure_scale(args.scale, args.runs, args.warmup)
        if args.out:
            args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        else:
            print(format_table(result))
            print(f"\nJSON: {write_json({'mode': 'single', 'results': [result]})}")
        return 0

    started = time.perf_counter()
    small = run_child(args.small, args.runs, args.warmup)
    large = run_child(args.large, args.runs, args.warmup)
    print()
    print(format_table(small))
    print()
    print(format_table(large))
    print()
    text, growth, ok = compare(small, large)
    print(text)
    path = write_json({"mode": "compare", "results": [small, large], "query_growth": growth, "queries_stable": ok})
    print(f"\nJSON: {path}  (total {time.perf_counter() - started:.0f}s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
