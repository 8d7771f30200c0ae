"""Dependencies point one way: no app imports an app above it (docs/architecture.md).

"Above" is the order of our apps in ``settings.INSTALLED_APPS`` (lowest first). Every ``.py``
file under each app is read with ``ast``, including its tests, demo chapter, migrations,
management commands and template tags: nothing is excluded. An import inside a function
counts as much as one at the top of the file, and relative imports are resolved first.

* ``roundtable.lib`` sits below every app: any app may import it, and it imports no app.
* ``roundtable.core`` is the top app, so it may import every app.
* Templates follow the same order (the second half of this file): includes, extends and loads.
* Modules that are not apps (``settings``, ``urls``, ``cli``, ``wsgi``) are not checked.

When a lower app needs something from a higher one, invert the dependency: a small hook in
``lib`` that the higher app fills in from its ``AppConfig.ready()`` (``lib/writing.py`` is
the example). A test for a lower app that needs a higher one belongs to the higher app's tests.
"""

from __future__ import annotations

import ast
import re
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
    assert order[0] == "lib" and order[1] == "ui" and order[-1] == "core"
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


# --- Templates follow the same layers --------------------------------------------------------------
#
# A template may include or extend only templates of its own app or a lower one, and load only tag
# libraries of its own app or a lower one. The owner of a template is the app whose templates/ folder
# holds it; the project's own templates/ folder (base.html, error pages) sits at the bottom with
# ``ui``, so every app may use it. A higher app's part of a lower app's page comes in as a panel
# (``projects/panels.py``, ``meetings/panels.py``), never as an include.

PROJECT_TEMPLATES = ROOT.parent / "templates"
BOTTOM = "templates"  # the project's own templates/ folder, ranked with ui below every app

TEMPLATE_REFERENCE = re.compile(r"""{%\s*(include|extends)\s+(["'])([^"']+)\2""")
TEMPLATE_LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")


def template_owners(order: list[str]) -> dict[str, tuple[str, Path]]:
    """Every template's name (as ``{% include %}`` spells it), its owning app and its file."""
    owners: dict[str, tuple[str, Path]] = {}
    folders = [(app, ROOT / app / "templates") for app in order] + [(BOTTOM, PROJECT_TEMPLATES)]
    for app, folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                owners.setdefault(path.relative_to(folder).as_posix(), (app, path))
    return owners


def tag_libraries(order: list[str]) -> dict[str, str]:
    """Every tag library of our apps (``{% load name %}``) and the app it belongs to."""
    return {
        path.stem: app
        for app in order
        for path in sorted((ROOT / app / "templatetags").glob("*.py"))
        if path.stem != "__init__"
    }


def template_violations(
    app: str, name: str, source: str, owners: dict[str, str], libraries: dict[str, str], order: list[str]
) -> list[str]:
    """The includes, extends and loads in one template of ``app`` that reach an app above it.

    ``owners`` maps template names to their app, ``libraries`` tag library names to theirs; ``app`` may be
    ``"templates"`` (the project's folder), which ranks with ``ui`` at the bottom. Only string literals
    are checked: ``{% include panel.template %}`` is how a panel comes in, by design.
    """
    if app == "core":
        return []
    rank = {each: index for index, each in enumerate(order)}
    rank[BOTTOM] = rank.get("ui", 0)
    problems = []
    for kind, _quote, target in TEMPLATE_REFERENCE.findall(source):
        other = owners.get(target)
        if other is not None and rank[other] > rank[app]:
            problems.append(f"{name} {kind}s {target} ({app} sits below {other})")
    for loaded in TEMPLATE_LOAD.findall(source):
        words = loaded.split()
        if "from" in words:  # {% load tag other from library %}
            words = words[words.index("from") + 1 :]
        for library in words:
            other = libraries.get(library)
            if other is not None and rank[other] > rank[app]:
                problems.append(f"{name} loads {library} ({app} sits below {other})")
    return problems


def test_no_template_uses_a_template_or_tag_library_of_an_app_above_it():
    order = app_order()
    owners = template_owners(order)
    owner_names = {name: app for name, (app, _path) in owners.items()}
    libraries = tag_libraries(order)
    problems = []
    checked = 0
    for app, path in owners.values():
        if path.suffix not in (".html", ".txt", ".xml", ".ics"):
            continue
        checked += 1
        problems += template_violations(
            app, f"{path.relative_to(ROOT.parent)}", path.read_text(encoding="utf-8"), owner_names, libraries, order
        )
    assert checked > 100, "the scan found too few templates: are the folders right?"
    assert {"rt_forms", "rt_money"} <= set(libraries), "the scan found no tag libraries: is ROOT right?"
    assert not problems, "Templates against the one-way rule (see docs/architecture.md):\n" + "\n".join(problems)


def test_no_template_tag_reads_the_database():
    """Tags draw what the view read (selectors, panels): a tag library reaches no model, selector or manager."""
    problems = []
    libraries = sorted(ROOT.glob("*/templatetags/*.py"))
    for path in libraries:
        module = module_name(path)
        source = path.read_text(encoding="utf-8")
        names = [(line, name) for line, name in imported_modules(source, module)]
        # "from roundtable.feedback import selectors" names the module in the alias.
        names += [
            (node.lineno, f"{node.module}.{alias.name}")
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        ]
        for line, name in names:
            if name.split(".")[-1] in ("models", "selectors", "needs"):
                problems.append(f"{module}:{line} imports {name}")
        if ".objects." in source:
            problems.append(f"{module} uses a model manager (.objects.)")
    assert len(libraries) >= 6, "the scan found too few tag libraries"
    assert not problems, "Template tags that read the database (move the read to a selector):\n" + "\n".join(problems)


# --- The template scanner itself ---------------------------------------------------------------------

TEMPLATE_ORDER = ["lib", "ui", "audit", "projects", "glossary", "meetings", "feedback", "core"]
OWNERS = {
    "base.html": "templates",
    "includes/error_summary.html": "ui",
    "projects/includes/offer_body.html": "projects",
    "meetings/panels/project.html": "meetings",
    "feedback/includes/meeting_check_in.html": "feedback",
}
LIBRARIES = {"rt_forms": "ui", "rt_meetings": "meetings", "feedback_tags": "feedback", "rt_needs": "core"}


def scan(app: str, source: str) -> list[str]:
    return template_violations(app, "t.html", source, OWNERS, LIBRARIES, TEMPLATE_ORDER)


def test_the_template_scan_finds_includes_extends_and_loads_of_higher_apps():
    assert scan("projects", '{% include "meetings/panels/project.html" %}') == [
        "t.html includes meetings/panels/project.html (projects sits below meetings)"
    ]
    assert scan("meetings", "{% include 'feedback/includes/meeting_check_in.html' with m=m %}")
    assert scan("projects", '{% extends "meetings/panels/project.html" %}')
    assert scan("projects", "{% load i18n rt_meetings %}") == [
        "t.html loads rt_meetings (projects sits below meetings)"
    ]
    assert scan("meetings", "{% load  feedback_tags  %}")
    assert scan("meetings", "{% load hidden_inputs from feedback_tags %}")
    # The project's own templates/ folder is at the bottom: it may not load core's tags either.
    assert scan("templates", "{% load rt_needs %}")
    assert scan("ui", '{% include "projects/includes/offer_body.html" %}')


def test_the_template_scan_allows_own_and_lower_templates_and_panels():
    fine = (
        '{% extends "base.html" %}{% load i18n rt_forms %}{% include "includes/error_summary.html" %}'
        '{% include "projects/includes/offer_body.html" %}{% for panel, data in panels %}'
        "{% include panel.template with data=data %}{% endfor %}"
    )
    assert scan("projects", fine) == []
    assert scan("meetings", '{% include "meetings/panels/project.html" %}{% load rt_meetings %}') == []
    assert scan("core", '{% include "feedback/includes/meeting_check_in.html" %}{% load rt_needs %}') == []
