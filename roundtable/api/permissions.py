"""What an API token may do: its scopes say which parts of the API, its role says what it sees there.

A token sees what a staff member of its organisation with the same role sees on the pages
(``projects.permissions``, ``payments.permissions``, ``health.permissions``):

===================  ==================  =====================================================
Endpoint group       Scope               Roles that see it (as on the pages)
===================  ==================  =====================================================
organisation         any                 any staff role
projects, meetings,  read:projects       any staff role (every staff member opens every project)
members, decisions
contributions,       read:projects       admin, organiser (as the credit ledger and outputs pages)
outputs
claims               read:payments       admin, organiser (approve), finance (pay)
payment runs         read:payments       admin, finance (``FINANCE_ROLES``)
approve/query claim  write:payments      admin, organiser (``ORGANISER_ROLES``); never the token
                                         maker's own claim
mark a run paid      write:payments      admin, finance (``FINANCE_ROLES``)
health figures and   read:health         admin, organiser, co-production lead
trends                                   (``health.permissions.HEALTH_STAFF_ROLES``)
===================  ==================  =====================================================

A token without the scope gets 403 with the scope it needs; a role that would not see the page gets 403
too (the organisation is the token's own, so nothing is revealed). Another organisation's ids give 404.
"""

from __future__ import annotations

from roundtable.api.models import Scope
from roundtable.health.permissions import HEALTH_STAFF_ROLES
from roundtable.projects.models import StaffRole
from roundtable.projects.permissions import FINANCE_ROLES, ORGANISER_ROLES

ANY_ROLE = frozenset(StaffRole.values)

# Endpoint group -> (scope needed, roles that see it). The one table the endpoints and docs/api.md use.
RULES: dict[str, tuple[str | None, frozenset[str]]] = {
    "organisation": (None, ANY_ROLE),
    "projects": (Scope.READ_PROJECTS, ANY_ROLE),
    "credit": (Scope.READ_PROJECTS, frozenset(ORGANISER_ROLES)),
    "claims": (Scope.READ_PAYMENTS, frozenset(ORGANISER_ROLES | FINANCE_ROLES)),
    "runs": (Scope.READ_PAYMENTS, frozenset(FINANCE_ROLES)),
    "claims.decide": (Scope.WRITE_PAYMENTS, frozenset(ORGANISER_ROLES)),
    "runs.pay": (Scope.WRITE_PAYMENTS, frozenset(FINANCE_ROLES)),
    "health": (Scope.READ_HEALTH, frozenset(HEALTH_STAFF_ROLES)),
}


def refusal(group: str, *, role: str, scopes: list[str]) -> str | None:
    """Why a token with ``role`` and ``scopes`` may not use ``group`` (a key of ``RULES``), or None if it may.

    The words say what to fix: the scope to add, or the role that sees it.
    """
    scope, roles = RULES[group]
    if scope is not None and scope not in scopes:
        return f"This token needs the scope {scope}. Ask an admin to make a token with it."
    if role not in roles:
        names = ", ".join(sorted(str(StaffRole(r).label).lower() for r in roles))
        return f"A token with the role {role} cannot see this, as on the pages. Roles that can: {names}."
    return None
