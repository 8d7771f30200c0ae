"""Every safety URL x every role: outsiders 404, members 200 where they may, 403 where they may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.feedback import boards
from roundtable.safety import services

pytestmark = pytest.mark.django_db

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]
# name -> (method, statuses in ROLES order)
TABLE = {
    "safety:ground_rules": ("get", [200, 200, 200, 200, 200, 404, 302]),
    "safety:report": ("get", [200, 200, 200, 200, 200, 404, 302]),
    "safety:reports": ("get", [200, 200, 403, 403, 403, 404, 302]),
    "safety:rule_agree": ("get", [200, 200, 403, 403, 403, 404, 302]),
    "safety:rule_vote": ("post", [302, 302, 403, 403, 403, 404, 302]),
    "safety:rule_retire": ("post", [302, 302, 403, 403, 403, 404, 302]),
    "safety:report_handled": ("post", [302, 302, 403, 403, 403, 404, 302]),
}


def _args(name, people, rule, report):
    p = people.project.pk
    if name in ("safety:rule_agree", "safety:rule_vote", "safety:rule_retire"):
        return [p, rule.pk]
    if name == "safety:report_handled":
        return [p, report.pk]
    return [p]


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("index", range(len(ROLES)))
def test_permission_table(client, people, name, index):
    boards.board_create(actor=people.organiser, project=people.project, title="Rules", anonymity="named")
    rule = services.ground_rule_propose(actor=people.partner, project=people.project, text="Be kind")
    report = services.breach_report(actor=people.partner, project=people.project, what_happened="Rude words")
    role = ROLES[index]
    if role != "anonymous":
        client.force_login(getattr(people, role))
    method, statuses = TABLE[name]
    response = getattr(client, method)(reverse(name, args=_args(name, people, rule, report)))
    assert response.status_code == statuses[index], (name, role)
