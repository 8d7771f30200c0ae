"""Where each URL of the project has its permission table (every role), gathered for the coverage test.

Each app keeps its own table next to its tests; this reads them (the names they use, or the paths they
build, resolved back to names), so `test_url_coverage.py` can fail when a URL has no row anywhere.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# Django's own admin has its own permissions (is_staff) and is not one of our pages.
NOT_OURS = {"admin"}


def all_url_names() -> set[str]:
    """Every named URL pattern of the project as "namespace:name"."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner in NOT_OURS:
                    continue
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))

    walk(get_resolver(), None)
    return names


def _fake(**kw):
    return SimpleNamespace(pk=1, **kw)


def tabled_url_names() -> dict[str, str]:
    """URL name -> the permission table that has its row."""
    from roundtable.core.tests import test_permission_rows, test_permission_table
    from roundtable.credits.tests import test_credits as credits_table
    from roundtable.decisions.tests import test_views as decisions_table
    from roundtable.feedback.tests import test_permissions_and_queries as feedback_table
    from roundtable.glossary.tests import test_permissions as glossary_table
    from roundtable.meetings.tests import test_views as meetings_table
    from roundtable.payments.tests import test_permissions as payments_table
    from roundtable.projects.tests import test_permissions as projects_table
    from roundtable.projects.tests import test_proxy_rules
    from roundtable.updates.tests import test_updates as updates_table

    found: dict[str, str] = {}

    def add(names, where: str) -> None:
        for name in names:
            found.setdefault(name, where)

    add([name for name, _args in test_permission_table.PERSONAL_URLS], "core/tests/test_permission_table.py")
    add(test_permission_table.PUBLIC_URLS, "core/tests/test_permission_table.py")
    add([*projects_table.PROJECT_URLS, *projects_table.ORG_URLS], "projects/tests/test_permissions.py")
    add(test_proxy_rules.PROXY_URL_NAMES, "projects/tests/test_proxy_rules.py")
    add([f"glossary:{name}" for name in glossary_table.TABLE], "glossary/tests/test_permissions.py")
    paths = [url.format(p=1, m=1, poll=1, paper=1) for _name, url, _expected in meetings_table.PAGES]
    add([resolve(path).view_name for path in paths], "meetings/tests/test_views.py")
    add(
        [*payments_table.CLAIM_URLS, *payments_table.PROJECT_URLS, *payments_table.ORG_URLS, *payments_table.PERSONAL],
        "payments/tests/test_permissions.py",
    )
    people = _fake(project=_fake())
    feedback = feedback_table.urls(people, _fake(), _fake(), _fake(), _fake())
    add([resolve(url).view_name for url, _need in feedback], "feedback/tests/test_permissions_and_queries.py")
    updates = updates_table._urls(SimpleNamespace(project=_fake()), _fake(), _fake())
    add([resolve(url).view_name for url in updates.values()], "updates/tests/test_updates.py")
    output = credits_table._urls(SimpleNamespace(project=_fake()), _fake())
    add([resolve(url).view_name for url, _expected in output.values()], "credits/tests/test_credits.py")
    from roundtable.decisions.tests import test_round_tables_views as round_tables_table

    rounds = [url.format(p=1, m=1, i=1) for _name, url, _method, _expected in round_tables_table.PAGES]
    add([resolve(path).view_name for path in rounds], "decisions/tests/test_round_tables_views.py")
    paths = [url.format(p=1, n=1) for _name, url, _expected in decisions_table.PAGES]
    add([resolve(path).view_name for path in paths], "decisions/tests/test_views.py")
    add(test_permission_rows.TABLE, "core/tests/test_permission_rows.py")
    from roundtable.safety.tests import test_permissions as safety_table

    add(list(safety_table.TABLE), "safety/tests/test_permissions.py")
    from roundtable.conversation.tests import test_views as conversation_table

    talk = [url.format(p=1, n=1, r=1) for _name, url, _expected in conversation_table.PAGES]
    add([resolve(path).view_name for path in talk], "conversation/tests/test_views.py")
    from roundtable.health.tests import test_pages_permissions as health_table

    add([*health_table.PROJECT_URLS, *health_table.ORG_URLS], "health/tests/test_pages_permissions.py")
    from roundtable.stories.tests import test_permissions as stories_table

    add(stories_table.URL_NAMES, "stories/tests/test_permissions.py")
    from roundtable.replies.tests import test_pages as replies_table

    add([*replies_table.TABLE, *replies_table.ANYMAIL_INBOUND], "replies/tests/test_pages.py")
    from roundtable.yourdata.tests import test_permissions as yourdata_table

    add([*yourdata_table.TABLE, *yourdata_table.POSTS], "yourdata/tests/test_permissions.py")
    from roundtable.promises.tests import test_permissions as promises_table

    add(
        [*promises_table.PUBLIC_URLS, *promises_table.ORG_URLS, *promises_table.TOKEN_URLS],
        "promises/tests/test_permissions.py",
    )
    from roundtable.api.tests import test_permissions as api_table

    add(api_table.URL_NAMES, "api/tests/test_permissions.py")
    return found
