"""Browser journeys: a live Django server, Debian's Chromium driven by Playwright, axe on every page.

* ``ui`` is the fixture a journey uses. It wraps one Playwright page at one
  viewport (every journey runs at phone and desktop width) and offers
  ``ui.goto(path)``, ``ui.seen(name)`` (axe + a screenshot of a key page) and
  ``ui.sign_in(user)``.
* ``check_a11y(page)`` runs axe-core and fails with a readable list of the
  violations. Beside axe it narrows the window to 320 px (WCAG 1.4.10, reflow)
  and fails if the page then scrolls sideways, naming the elements that stick
  out (``check_reflow``), and keeps the HTML the server sent for the Nu HTML
  Checker: after the whole session, one run of ``vnu.jar`` (npm ``vnu-jar``,
  Java 17) checks every page the journeys visited and fails on any error
  (``html_validity``). ROUNDTABLE_SKIP_VNU=1 skips it on purpose. The page
  fixture counts main-frame navigations and fails a test that visited a page
  without checking it, so "axe on every page visited" is
  enforced, not hoped for.
* Screenshots go to ``e2e/artifacts/`` (git-ignored): ``pages/<width>/`` for the
  key pages of each journey, ``failures/`` (with the HTML) when a test fails.

Chromium must be at /usr/bin/chromium (``apt-get install -y chromium``); without
it the tests fail with that message, unless ROUNDTABLE_SKIP_E2E=1 says to skip.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop in this thread; Django would then refuse
# ORM calls from the test ("you cannot call this from an async context"). The calls are
# in fact synchronous, so this is the documented way to allow them in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("ROUNDTABLE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
SKIP_E2E = os.environ.get("ROUNDTABLE_SKIP_E2E") == "1"
SKIP_VNU = os.environ.get("ROUNDTABLE_SKIP_VNU") == "1"
VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The HTML of every page checked with axe in this session, for one Nu HTML Checker run at the end.
VISITED_HTML: dict[str, str] = {}
# Every axe run of the session: (page path with numbers as <n>, window width, violations). Written to
# artifacts/axe-results.json at the end; with ROUNDTABLE_RECORD_ACCESSIBILITY=1 and every test passed, the
# accessibility statement's record (roundtable/promises/accessibility_record.json) too.
AXE_RUNS: list[tuple[str, int, int]] = []
RECORD_ACCESSIBILITY = os.environ.get("ROUNDTABLE_RECORD_ACCESSIBILITY") == "1"
# WCAG 2.2 success criterion 1.4.10 (Reflow): content fits 320 CSS pixels without scrolling sideways.
REFLOW_WIDTH = 320


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="ROUNDTABLE_SKIP_E2E=1: browser journeys skipped on purpose")
    # The live server serves static files from the source folders; WhiteNoise's warning that
    # there is no collected STATIC_ROOT (`collectstatic` is for production) is expected here.
    no_static_root = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(no_static_root)
            if SKIP_E2E:
                item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- The browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}. Install it with `apt-get install -y chromium` "
            "(playwright install cannot download here), or set ROUNDTABLE_SKIP_E2E=1 to skip the browser tests.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


# --- Accessibility ------------------------------------------------------------------------------


_AXE = None


def _axe():
    global _AXE
    if _AXE is None:
        from axe_playwright_python.sync_playwright import Axe

        _AXE = Axe()
    return _AXE


def format_violations(violations: list[dict], url: str) -> str:
    """axe's violations in words a person can act on: rule, impact, help link, and each element."""
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n* {violation['id']} ({violation.get('impact') or 'unknown impact'}): {violation['help']}\n"
            f"  {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"  - at {target}")
            lines.append(textwrap.indent(textwrap.shorten(node.get("html", ""), 300), "      "))
            summary = (node.get("failureSummary") or "").strip()
            if summary:
                lines.append(textwrap.indent(summary, "      "))
        if len(violation["nodes"]) > 10:
            lines.append(f"  ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def check_a11y(page) -> None:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA, and best practice) on the page; fail on any violation."""
    from roundtable.promises.accessibility import AXE_RULES_OFF

    page.wait_for_load_state("load")
    # Rules switched off are the accessibility statement's known problems, and nowhere else.
    if AXE_RULES_OFF:
        rules = {rule: {"enabled": False} for rule in AXE_RULES_OFF}
        results = _axe().run(page, options={"resultTypes": ["violations"], "rules": rules})
    else:
        results = _axe().run(page)
    tracker: NavigationTracker | None = getattr(page, "_rt_tracker", None)
    if tracker is not None:
        tracker.mark_checked()
    violations = results.response["violations"]
    size = page.viewport_size or {"width": 0}
    path = re.sub(r"/\d+(?=/|$)", "/<n>", re.sub(r"^https?://[^/]+", "", page.url.split("?")[0].split("#")[0]))
    AXE_RUNS.append((path, int(size["width"]), len(violations)))
    check_reflow(page)
    if tracker is not None:
        tracker.keep_html()
    title = page.title()
    assert re.fullmatch(r".*\S.* – Roundtable", title), f"{page.url} has no page title of its own: {title!r}"
    if violations:
        message = format_violations(violations, page.url)
        print(message)
        pytest.fail(message, pytrace=False)


# Elements wider than the window, deepest first: what a person would have to scroll sideways to read.
_OVERFLOW_JS = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const out = [];
  if (root.scrollWidth <= width) return {overflow: false, scrollWidth: root.scrollWidth, culprits: out};
  // How far right an element reaches: its box, or its text if that spills out of a visible overflow.
  const reach = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return 0;
    const spills = getComputedStyle(el).overflowX === 'visible';
    return spills ? Math.max(box.right, box.left + el.scrollWidth) : box.right;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (reach(el) <= width + 1) continue;
    // Only the deepest element that sticks out: skip one whose child sticks out too.
    if (Array.from(el.children).some(c => reach(c) > width + 1)) continue;
    const path = [];
    for (let n = el; n && n !== document.body && path.length < 4; n = n.parentElement) {
      path.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') +
        (typeof n.className === 'string' && n.className ? '.' + n.className.trim().split(/\\s+/).join('.') : ''));
    }
    out.push(path.join(' > ') + ' (reaches ' + Math.round(reach(el)) + ' px): ' +
      (el.textContent || '').trim().slice(0, 60));
    if (out.length >= 8) break;
  }
  return {overflow: true, scrollWidth: root.scrollWidth, culprits: out};
}"""


def check_reflow(page) -> None:
    """Fail if the page scrolls sideways at 320 px wide (WCAG 1.4.10), naming what sticks out.

    The window is narrowed for the measurement and put back afterwards, so the
    journey carries on at its own width.
    """
    size = page.viewport_size
    if size is None:
        return
    if size["width"] != REFLOW_WIDTH:
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
    try:
        result = page.evaluate(_OVERFLOW_JS)
    finally:
        if size["width"] != REFLOW_WIDTH:
            page.set_viewport_size(size)
    if result["overflow"]:
        message = (
            f"{page.url} scrolls sideways at {REFLOW_WIDTH} px wide (the page is {result['scrollWidth']} px wide). "
            "What sticks out:\n" + "\n".join(f"  - {c}" for c in result["culprits"])
        )
        print(message)
        pytest.fail(message, pytrace=False)


@dataclass
class NavigationTracker:
    """Counts the documents the page has loaded and which of them axe has checked."""

    urls: list[str] = field(default_factory=list)
    checked: set[int] = field(default_factory=set)
    last_document: object | None = None  # the server's response for the page now shown

    def on_new_document(self, page) -> None:
        # "domcontentloaded" fires once per new document: not for a jump to #an-anchor on the same page.
        self.urls.append(page.url)

    def on_response(self, response) -> None:
        if response.request.resource_type == "document" and response.request.frame.parent_frame is None:
            self.last_document = response

    def keep_html(self) -> None:
        """Keep the HTML the server sent (not the DOM after scripts ran) for the Nu HTML Checker."""
        response = self.last_document
        if response is None or not (200 <= response.status < 300 or 400 <= response.status < 500):
            return
        if "text/html" not in (response.headers.get("content-type") or ""):
            return
        path = re.sub(r"^https?://[^/]+", "", response.url)
        VISITED_HTML.setdefault(path, response.text())

    def mark_checked(self) -> None:
        if self.urls:
            self.checked.add(len(self.urls) - 1)

    def unchecked(self) -> list[str]:
        return [url for i, url in enumerate(self.urls) if i not in self.checked and url != "about:blank"]


# --- One journey's browser page -----------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


class UI:
    """One Playwright page at one viewport, pointed at the live server."""

    def __init__(self, page, base_url: str, viewport: str, test_name: str, context) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.viewport = viewport
        self.test_name = test_name
        self.context = context
        self._shots = 0

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def goto(self, path: str, *, status: int | None = 200, check: bool = True):
        """Open a page, check its status and run axe on it. Returns the response."""
        response = self.page.goto(self.url(path))
        assert response is not None, f"no response for {path}"
        if status is not None:
            assert response.status == status, f"GET {path}: expected {status}, got {response.status}\n{self.text()}"
        if check:
            check_a11y(self.page)
        return response

    def seen(self, name: str, *, key: bool = True) -> None:
        """The page the journey has just arrived at: run axe, and keep a screenshot if it is a key page."""
        check_a11y(self.page)
        if key:
            self.screenshot(name)

    def screenshot(self, name: str) -> Path:
        self._shots += 1
        folder = ARTIFACTS / "pages" / self.viewport
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{_slug(self.test_name)}__{self._shots:02d}-{_slug(name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def text(self) -> str:
        try:
            return self.page.inner_text("main")
        except Exception:  # noqa: BLE001 - only for messages
            return self.page.content()[:3000]

    def sign_in(self, user) -> None:
        """Sign a person in by giving the browser a session made with force_login (django-axes is on)."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": self.base_url, "httpOnly": True}]
        )

    def sign_out(self) -> None:
        self.context.clear_cookies()


@pytest.fixture
def ui(request: pytest.FixtureRequest, browser, viewport: str, live_server, settings) -> Iterator[UI]:
    # Links we give out (calendar feeds, emails) start with the site address: the live server's, as the
    # demo's follows its port.
    settings.SITE_URL = live_server.url
    size = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport=size,
        base_url=live_server.url,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    tracker = NavigationTracker()
    page._rt_tracker = tracker
    page.on("domcontentloaded", tracker.on_new_document)
    page.on("response", tracker.on_response)
    js_errors: list[str] = []
    page.on("pageerror", lambda error: js_errors.append(f"{page.url}: {error}"))
    page.on("console", lambda msg: _note_console(msg, page.url, request.node.nodeid))
    helper = UI(page, live_server.url, viewport, request.node.name, context)
    yield helper

    failed = any(
        getattr(request.node, f"rep_{when}", None) is not None and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        folder = ARTIFACTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / _slug(request.node.nodeid.split("::")[-1])
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            print(f"\nScreenshot of the failure: {stem}.png (page was {page.url})")
        except Exception as error:  # noqa: BLE001 - never hide the real failure
            print(f"\nCould not save a screenshot: {error}")
    context.close()
    if not failed:
        unchecked = tracker.unchecked()
        assert not unchecked, f"These pages were visited but not checked with axe: {unchecked}"
        assert not js_errors, "JavaScript failed on the page:\n" + "\n".join(js_errors)


# --- Valid HTML: one Nu HTML Checker run over every page the session visited ----------------------


def run_vnu(pages: dict[str, str], folder: Path) -> list[str]:
    """Check pages (path -> HTML) with one run of vnu.jar; return its errors as readable lines."""
    import json
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for i, (path, html) in enumerate(sorted(pages.items())):
        name = folder / f"page-{i:04d}.html"
        name.write_text(html, encoding="utf-8")
        names[name.name] = path
    command = ["java", "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    report = json.loads(done.stderr or '{"messages": []}')
    lines = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        where = names.get(url.rsplit("/", 1)[-1], url)
        extract = " ".join((message.get("extract") or "").split())[:160]
        lines.append(f"{where} line {message.get('lastLine', '?')}: {message.get('message')}\n      {extract}")
    return lines


@pytest.fixture(scope="session", autouse=True)
def html_validity(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the session: every page the journeys visited is valid HTML (Nu HTML Checker, zero errors)."""
    yield
    if SKIP_VNU or SKIP_E2E or not VISITED_HTML:
        return
    if not VNU_JAR.exists():
        pytest.fail(f"The Nu HTML Checker is not at {VNU_JAR}: run `npm ci` (ROUNDTABLE_SKIP_VNU=1 skips it).")
    errors = run_vnu(VISITED_HTML, ARTIFACTS / "vnu")
    if errors:
        pytest.fail(
            f"The Nu HTML Checker found {len(errors)} error(s) on the {len(VISITED_HTML)} pages visited:\n"
            + "\n".join(errors),
            pytrace=False,
        )


# --- Console messages: collected for the whole run and reported once at the end -----------------

CONSOLE_ERRORS: dict[str, set[str]] = {}


def _note_console(msg, url: str, test: str) -> None:
    # A 4xx page is often the point of the test (a refused publish, a used link); 5xx never is.
    if msg.type == "error" and "responded with a status of 4" not in msg.text:
        # One line per distinct message; the URL path tells which page said it.
        text = re.sub(r"nonce-[A-Za-z0-9+/=_-]+", "nonce-…", msg.text)
        CONSOLE_ERRORS.setdefault(text, set()).add(re.sub(r"^https?://[^/]+", "", url))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write what axe checked this session; record it for the accessibility statement when asked and all passed."""
    if not AXE_RUNS:
        return
    import datetime as dt
    import json

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = sorted({path for path, _width, _found in AXE_RUNS})
    widths = sorted({width for _path, width, _found in AXE_RUNS})
    violations = sum(found for _path, _width, found in AXE_RUNS)
    summary = {
        "ran_on": dt.date.today().isoformat(),
        "pages": pages,
        "checks": len(AXE_RUNS),
        "widths": widths,
        "reflow_width": REFLOW_WIDTH,
        "violations": violations,
        "passed": exitstatus == 0,
    }
    (ARTIFACTS / "axe-results.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    if RECORD_ACCESSIBILITY and exitstatus == 0 and violations == 0:
        from roundtable.promises.accessibility import write_record

        write_record(
            tested_on=dt.date.today(),
            pages=len(pages),
            checks=len(AXE_RUNS),
            widths=widths,
            reflow_width=REFLOW_WIDTH,
            violations=violations,
        )


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not CONSOLE_ERRORS:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lines = []
    for text, urls in sorted(CONSOLE_ERRORS.items()):
        lines.append(f"{text}\n    on {len(urls)} page(s), e.g. {', '.join(sorted(urls)[:3])}")
    report = "\n".join(lines)
    (ARTIFACTS / "console-errors.txt").write_text(report + "\n", encoding="utf-8")
    terminalreporter.section("errors in the browser console (also in e2e/artifacts/console-errors.txt)")
    terminalreporter.write_line(report)
