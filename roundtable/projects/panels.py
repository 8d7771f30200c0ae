"""The project page is built from panels that higher apps register (docs/architecture.md, "Panels").

``projects`` sits below meetings, payments, feedback and the rest, so its page cannot import them or
include their templates. Instead each higher app registers a ``ProjectPanel`` from its
``AppConfig.ready()``: a template of its own and a selector that returns the template's data::

    # roundtable/meetings/apps.py, in MeetingsConfig.ready()
    from roundtable.meetings.selectors import project_panel
    from roundtable.projects.panels import ProjectPanel, register_project_panel

    register_project_panel(
        ProjectPanel(key="meetings", order=10, template="meetings/panels/project.html", data=project_panel)
    )

The project view asks ``project_panels(project=..., access=..., user=...)`` and the page draws each
one in order (``{% for panel, data in panels %}{% include panel.template with data=data %}``). The
selector runs in the view, so no template tag reads the database; a selector returns ``None`` to
hide its panel from this viewer.

"What needs you" (core, the top app) comes in the same way through ``register_needs``: the project
page and "My projects" ask ``needs_for(user=..., project=...)``, which is empty while nothing is
registered (projects' own tests without core).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from roundtable.lib.panels import Panel, PanelRegistry


@dataclass(frozen=True)
class ProjectPanel(Panel):
    """One panel of the project page's side column (``lib.panels.Panel``).

    ``key`` names it ("meetings", "payments"; a second registration with the same key replaces the
    first). ``order``: lower first. ``template``: the app's own template, which gets the page's context
    (``project``, ``access``, ``request``) and ``data``. ``data(project=, access=, user=)`` returns the
    template's data as a dict, or ``None`` to leave the panel out for this viewer.
    """

    key: str  # "meetings", "payments", ...
    order: int  # lower first
    template: str  # e.g. "meetings/panels/project.html"
    data: Callable[..., dict | None]  # (project=..., access=..., user=...) -> context for the template, None to hide


PROJECT_PAGE = PanelRegistry("project page")
_needs: list[Callable[..., list[Any]]] = []


def register_project_panel(panel: ProjectPanel) -> None:
    """Add a panel to the project page (from an ``AppConfig.ready()``). The same key again replaces it."""
    PROJECT_PAGE.register(panel)


def project_panels(*, project, access, user) -> list[tuple[ProjectPanel, dict]]:
    """The panels this viewer sees on ``project``'s page, lowest ``order`` first, each with its data.

    ``access`` is the viewer's ``ProjectAccess``, ``user`` the viewer. Each panel's selector runs once,
    here; a panel whose selector returns ``None`` is left out. Queries: the sum of the selectors' own
    (the page's count is pinned in ``projects/tests/test_panels.py``).
    """
    return PROJECT_PAGE.shown(project=project, access=access, user=user)  # type: ignore[return-value]


def register_needs(provider: Callable[..., list[Any]]) -> None:
    """Set where "What needs you" comes from: ``provider(user=, project=)`` returns a list of needs.

    Each need has ``url``, ``text`` and ``project_title`` (``core.needs.Need``). Registering again replaces it.
    """
    _needs[:] = [provider]


def needs_for(*, user, project=None) -> list[Any]:
    """What waits for ``user``, on one project or (``project`` None) on all of theirs; [] if none is registered."""
    return list(_needs[0](user=user, project=project)) if _needs else []


# --- The organisation page ------------------------------------------------------------------------
# Higher apps add their part of an organisation's page the same way (the health check adds a link for
# admins and co-production leads). ``data(organisation=, roles=, user=)``: ``roles`` are the viewer's
# staff roles there; return a dict for the template, or ``None`` to hide the panel.
ORGANISATION_PAGE = PanelRegistry("organisation page")


def register_organisation_panel(panel: Panel) -> None:
    """Add a panel to the organisation page (from an ``AppConfig.ready()``). The same key again replaces it."""
    ORGANISATION_PAGE.register(panel)


def organisation_panels(*, organisation, roles, user) -> list[tuple[Panel, dict]]:
    """The panels this viewer sees on ``organisation``'s page, lowest ``order`` first, each with its data."""
    return ORGANISATION_PAGE.shown(organisation=organisation, roles=roles, user=user)


# --- The page of someone added by proxy (projects:proxy_answers) --------------------------------------
# Higher apps add what an organiser or admin may do for that person (yourdata: "delete their account, on
# their request", for admins). ``data(project=, access=, person=, user=)``: ``access`` is the viewer's
# ``ProjectAccess``, ``person`` the person acted for; return a dict for the template, or ``None`` to hide.
PROXY_PERSON_PAGE = PanelRegistry("proxy person page")


def register_proxy_person_panel(panel: Panel) -> None:
    """Add a panel to the page of someone added by proxy (from an ``AppConfig.ready()``)."""
    PROXY_PERSON_PAGE.register(panel)


def proxy_person_panels(*, project, access, person, user) -> list[tuple[Panel, dict]]:
    """The panels this viewer sees on the page of ``person`` (added by proxy), each with its data."""
    return PROXY_PERSON_PAGE.shown(project=project, access=access, person=person, user=user)
