"""Who may open a project's reports. The one place this rule lives (docs/health.md, "Reports").

The project's organisers (the organisation's admins and organisers) and its co-production leads.
Everyone else gets 404, partners too: the GRIPP2 draft is a working draft that can be edited, and the
funder report adds up payments, so both stay with staff who run the project. Partners see what the
record says about their project on the health check page instead.
"""

from __future__ import annotations

from django.http import Http404

from roundtable.projects.permissions import LEAD_ROLES, ORGANISER_ROLES, ProjectAccess, require_project

REPORT_ROLES = ORGANISER_ROLES | LEAD_ROLES


def may_report(access: ProjectAccess) -> bool:
    """Whether the viewer may read, edit and export this project's reports (``REPORT_ROLES``)."""
    return bool(set(access.roles) & REPORT_ROLES)


def require_reports(user, project_id: int) -> ProjectAccess:
    """The project and the viewer's access, or Http404 for anyone who may not read its reports."""
    access = require_project(user, project_id, need="view")
    if not may_report(access):
        raise Http404
    return access


def project_panel(*, project, access, user) -> dict | None:
    """The project page's "Reports" panel (``projects.panels``): links for people who may report, else hidden.

    Reads the viewer's roles already on ``access``, so no queries.
    """
    return {} if may_report(access) else None
