"""Changes to the words a project or organisation explains say who made them (issue 20)."""

from __future__ import annotations

from roundtable.audit.models import AuditEvent
from roundtable.glossary import services


def _actions(actor) -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(actor=actor).order_by("pk").values_list("action", "summary"))


def test_glossary_entries_added_changed_and_removed_are_audited(people):
    entry = services.glossary_entry_save(actor=people.organiser, project=people.project, term="PPI", meaning="Help")
    services.glossary_entry_save(actor=people.organiser, project=people.project, term="ppi", meaning="Patients help")
    services.glossary_entry_remove(actor=people.admin, entry=entry)
    services.glossary_entry_remove(actor=people.admin, entry=entry)  # already gone: nothing more to say

    assert _actions(people.organiser)[-2:] == [("glossary.added", "PPI"), ("glossary.changed", "PPI")]
    assert _actions(people.admin)[-1] == ("glossary.removed", "PPI")
    assert AuditEvent.objects.filter(action="glossary.removed").count() == 1


def test_the_organisations_jargon_list_is_audited(people):
    item = services.organisation_term_add(
        actor=people.admin, organisation=people.organisation, term="cohort", plain="group of people"
    )
    services.organisation_term_remove(actor=people.admin, item=item)
    assert _actions(people.admin)[-2:] == [("jargon.added", "cohort"), ("jargon.removed", "cohort")]
