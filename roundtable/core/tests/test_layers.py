"""Dependencies point one way: no app imports an app above it (docs/architecture.md).

"Above" is the order of our apps in ``settings.INSTALLED_APPS`` (lowest first). Every ``.py``
file under each app is read with ``ast``, including its tests, demo chapter, migrations,
management commands and template tags: nothing is excluded. An import inside a function
counts as much as one at the top of the file, and relative imports are resolved first.

* ``roundtable.lib`` sits below every app: any app may import it, and it imports no app.
* ``roundtable.core`` is the top app, so it may import every app.
* Modules that are not apps (``settings``, ``urls``, ``cli``, ``wsgi``) are not checked.

When a lower app needs something from a higher one, invert the dependency: a small hook in
``lib`` that the higher app fills in from its ``AppConfig.ready()`` (``lib/writing.py`` is
the example). A test for a lower app that needs a higher one belongs to the higher app's tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

PACKAGE = "roundtable"
ROOT = Path(__file__).resolve().parents[2]  # the roundtable/ package


def app_order() -> list[str]:
    """Our apps, lowest first, with lib below them all."""
    apps = [name.split(".", 1)[1] for name in settings.INSTALLED_APPS if name.startswith(PACKAGE + ".")]
    return ["lib", *apps]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module named by an import statement in ``source``, as absolute names, with line numbers."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                # "from . import x" in a module means its package; in a package's __init__, the package itself.
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop] if drop else base
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # "from roundtable import meetings" names the app in the alias.
            if name == PACKAGE:
                found += [(node.lineno, f"{PACKAGE}.{alias.name}") for alias in node.names]
    return found


def layer_violations(app: str, module: str, source: str, order: list[str], is_package: bool = False) -> list[str]:
    """The imports in one module of ``app`` that reach an app above it."""
    if app == "core":
        return []
    rank = {name: index for index, name in enumerate(order)}
    problems = []
    for line, name in imported_modules(source, module, is_package):
        parts = name.split(".")
        if parts[0] != PACKAGE or len(parts) < 2 or parts[1] not in rank:
            continue
        other = parts[1]
        if other != app and rank[other] > rank[app]:
            problems.append(f"{module}:{line} imports {name} ({app} sits below {other})")
    return problems


def test_no_app_imports_an_app_above_it():
    order = app_order()
    problems = []
    checked = 0
    for app in order:
        for path in sorted((ROOT / app).rglob("*.py")):
            checked += 1
            problems += layer_violations(
                app,
                module_name(path),
                path.read_text(encoding="utf-8"),
                order,
                is_package=path.name == "__init__.py",
            )
    assert checked > 100, "the scan found too few modules: is ROOT right?"
    assert not problems, "Imports against the one-way rule (see docs/architecture.md):\n" + "\n".join(problems)


def test_the_order_comes_from_installed_apps():
    order = app_order()
    assert order[0] == "lib" and order[-1] == "core"
    assert order.index("projects") < order.index("glossary") < order.index("meetings") < order.index("updates")


# --- The scanner itself: each of these must be caught, or the test above could never fail ---------

ORDER = ["lib", "audit", "projects", "glossary", "meetings", "core"]


def test_the_scan_finds_an_import_inside_a_function():
    source = "def view():\n    from roundtable.glossary.writing import WritingCheck\n"
    assert layer_violations("projects", "roundtable.projects.views", source, ORDER) == [
        "roundtable.projects.views:2 imports roundtable.glossary.writing (projects sits below glossary)"
    ]


def test_the_scan_finds_every_form_of_import():
    sources = [
        "import roundtable.meetings.models",
        "import roundtable.meetings as m",
        "from roundtable import meetings",
        "from roundtable.meetings.models import Meeting",
        "from ..meetings import models",  # relative, from roundtable/glossary/views.py
    ]
    for source in sources:
        assert layer_violations("glossary", "roundtable.glossary.views", source, ORDER), source
    # In a package's __init__.py, "." is the package itself.
    assert layer_violations("glossary", "roundtable.glossary", "from ..meetings import x", ORDER, is_package=True)
    assert layer_violations("glossary", "roundtable.glossary", "from .meetings import x", ORDER, is_package=True) == []
    assert layer_violations("glossary", "roundtable.glossary.tests.test_x", "from ...meetings import x", ORDER)


def test_the_scan_allows_lower_apps_lib_and_anything_in_core():
    fine = "from roundtable.lib.writing import writing_check_for\nfrom roundtable.projects.models import Project\n"
    assert layer_violations("glossary", "roundtable.glossary.views", fine, ORDER) == []
    assert layer_violations("glossary", "roundtable.glossary.views", "from . import selectors", ORDER) == []
    assert layer_violations("core", "roundtable.core.views", "from roundtable.meetings import views", ORDER) == []
    assert layer_violations("lib", "roundtable.lib.writing", "from roundtable.audit import models", ORDER)
