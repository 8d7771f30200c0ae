"""The meeting page's panels: parts that apps above meetings add to it (``lib.panels``).

Feedback, above meetings, adds the check-in after a meeting. Its ``FeedbackConfig.ready()`` registers a
``Panel`` whose selector takes ``meeting=``, ``project=``, ``access=`` (the viewer's ``ProjectAccess``) and
``user=``; the meeting view asks ``meeting_panels(...)`` and the page draws each with its data.
"""

from __future__ import annotations

from roundtable.lib.panels import Panel, PanelRegistry

MEETING_PAGE = PanelRegistry("meeting page")


def register_meeting_panel(panel: Panel) -> None:
    """Add a panel to the foot of the meeting page (from an ``AppConfig.ready()``). The same key replaces it."""
    MEETING_PAGE.register(panel)


def meeting_panels(*, meeting, project, access, user) -> list[tuple[Panel, dict]]:
    """The panels this viewer sees on ``meeting``'s page, lowest ``order`` first, each with its data."""
    return MEETING_PAGE.shown(meeting=meeting, project=project, access=access, user=user)
