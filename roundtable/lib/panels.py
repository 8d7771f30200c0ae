"""Panels: how a higher app puts its part on a lower app's page without the lower app knowing it.

A page of a low app (the project page, the meeting page) cannot import or include the apps above it.
It keeps a ``PanelRegistry``; each higher app registers a ``Panel`` from its ``AppConfig.ready()``:
a template of its own and a selector that returns that template's data. The page's view asks
``registry.shown(...)``, so every read happens in the view (no template tag reads the database), and
the template draws each panel with ``{% include panel.template with data=data %}``.
``projects/panels.py`` (the project page) and ``meetings/panels.py`` (the meeting page) are the two
registries; docs/architecture.md has an example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """One panel of a page.

    ``key`` names it ("meetings", "payments"; registering the same key again replaces it). ``order``:
    lower first. ``template``: the registering app's own template; it gets the page's context and
    ``data``. ``data(**page)`` returns the template's data as a dict (or an object the template reads,
    such as a dataclass), or ``None`` to hide the panel from this viewer. The keyword arguments are the
    page's own (the registry's docstring says which).
    """

    key: str
    order: int
    template: str
    data: Callable[..., Any]


class PanelRegistry:
    """The panels of one page, in the order they are drawn."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._panels: dict[str, Panel] = {}

    def register(self, panel: Panel) -> None:
        """Add ``panel`` (from an ``AppConfig.ready()``); a second panel with the same key replaces the first."""
        self._panels[panel.key] = panel

    def panels(self) -> list[Panel]:
        """Every registered panel, lowest ``order`` first (then by key)."""
        return sorted(self._panels.values(), key=lambda panel: (panel.order, panel.key))

    def shown(self, **page: Any) -> list[tuple[Panel, dict]]:
        """The panels this viewer sees, each with its data; each selector runs once, with ``page``.

        A panel whose selector returns ``None`` is left out. Queries: the sum of the selectors' own.
        """
        shown = []
        for panel in self.panels():
            data = panel.data(**page)
            if data is not None:
                shown.append((panel, data))
        return shown
