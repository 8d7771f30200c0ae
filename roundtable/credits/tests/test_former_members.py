"""Someone whose account is deleted shows as "A former member", never with a note that they chose how they
are named ("they chose this", "asked us not to use their name"): on the output page, the people page, the
acknowledgement, the roles statement and its JSON (issue 18)."""

from __future__ import annotations

import json

from django.urls import reverse

from roundtable.accounts.models import FORMER_MEMBER
from roundtable.credits import statements
from roundtable.credits.models import OutputCredit
from roundtable.credits.tests.factories import ContributionFactory, OutputCreditFactory, OutputFactory
from roundtable.projects.tests.factories import MembershipFactory


def _erased(user) -> None:
    """The row as ``yourdata.erasure`` leaves it (credits cannot call it: it sits above)."""
    user.full_name, user.known_as, user.email, user.is_active = FORMER_MEMBER, "", None, False
    user.save()


def _world(people):
    """An output crediting Ruth (who chose her full name, then deleted her account), a partner who asked
    not to be named, and Amira named in full."""
    ruth = MembershipFactory(project=people.project, user__full_name="Ruth Adebayo").user
    shy = MembershipFactory(project=people.project, user__full_name="Sal Shy").user
    gone = ContributionFactory(project=people.project, person=ruth)
    hidden = ContributionFactory(project=people.project, person=shy)
    named = ContributionFactory(project=people.project, person=people.partner)
    output = OutputFactory(project=people.project, contributions=[gone, hidden, named], title="Sleep guide")
    OutputCreditFactory(output=output, person=ruth, naming="full_name")
    OutputCreditFactory(output=output, person=shy, naming="anonymous")
    OutputCreditFactory(output=output, person=people.partner, naming="full_name")
    _erased(ruth)
    # As erasure left credits before it forgot the choice: not named, but still marked as chosen.
    OutputCredit.objects.filter(output=output, person=ruth).update(naming="anonymous", pseudonym="")
    assert OutputCredit.objects.get(output=output, person=ruth).chosen_at is not None
    return output, ruth


def test_the_output_page_says_nothing_was_chosen_for_a_former_member(people, client):
    output, _ruth = _world(people)
    client.force_login(people.organiser)
    page = client.get(reverse("credits:output", args=[people.project.pk, output.pk])).content.decode()
    line = next(li for li in page.split("<li>") if li.startswith(FORMER_MEMBER))
    assert "chose" not in line and "not named (their account is deleted)" in line
    assert "Sal Shy: “a parent carer” (they chose this)" in page  # a living person's choice still shows
    assert "Ruth" not in page


def test_statements_count_former_members_apart_from_people_who_asked_not_to_be_named(people):
    output, _ruth = _world(people)
    output.refresh_from_db()
    text = statements.acknowledgement(output)
    assert "1 parent carer who asked us not to use their name" in text  # Sal, who did ask
    assert "1 former member" in text and "Ruth" not in text
    roles = statements.roles_statement(output)
    assert f"{FORMER_MEMBER}: " in roles
    data = json.loads(statements.roles_json(output))
    former = [c for c in data["contributors"] if c.get("former_member")]
    assert len(former) == 1 and former[0]["name"] == FORMER_MEMBER and former[0]["anonymous"] is True
    assert "orcid" not in former[0]


def test_the_people_page_does_not_say_a_former_member_asked_not_to_be_named(people, client):
    _world(people)
    client.force_login(people.partner)
    page = client.get(reverse("credits:people", args=[people.project.pk])).content.decode()
    assert "former member" in page and "Ruth" not in page
    # The page names people by their profile (Sal's names her); Ruth, who has none left, is a former member,
    # not someone who "asked us not to use their name".
    assert "Amira, Sal, and 1 former member</p>" in page
    assert "asked us not to use" not in page
