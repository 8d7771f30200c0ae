"""The plan of personal data covers every model that points to a person (lib/personal_data.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from roundtable.lib.personal_data import DELETE, KEEP, Entry, entries, entries_for
from roundtable.yourdata.plan import model_of

PERSONAL_WORDS = ("name", "email", "phone", "address", "postcode")
NOT_OURS = ("django.", "django_tasks", "axes.", "csp.", "sesame.")


def person_links(model: type[models.Model]) -> list[str]:
    """The fields of ``model`` that point to a person: a foreign key or one-to-one to the user, or a
    text field named for a name, email, phone or address."""
    user = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is user:
            found.append(field.name)
        elif isinstance(field, models.CharField | models.TextField) and any(w in field.name for w in PERSONAL_WORDS):
            found.append(field.name)
    return found


def our_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if not m.__module__.startswith(NOT_OURS)]


def test_every_link_to_a_person_is_in_the_plan():
    missing = []
    for model in our_models():
        links = person_links(model)
        if not links:
            continue
        label = model._meta.label
        found = entries_for(label)
        named = {name.split("__")[0] for entry in found for name in entry.links}
        if any(entry.erase == DELETE and (entry.person or entry.match_email) for entry in found):
            named |= {f.name for f in model._meta.concrete_fields}  # the rows go, every field with them
        not_named = [name for name in links if name not in named]
        if not_named:
            missing.append(
                f"{label}: {', '.join(not_named)} point to a person. Add to roundtable/{model._meta.app_label}/"
                f"personal_data.py an Entry({label!r}, person=(...) for links that make a row about them, "
                f"actors=(...) for 'who did it', export='<file>', fields=(...), erase=DELETE/ANONYMISE/KEEP) "
                f"- see docs/your-data.md"
            )
    assert not missing, "\n".join(missing)


def test_the_walk_finds_links_and_would_fail_without_an_entry():
    from roundtable.payments.models import Claim

    assert {"claimant", "receipt_name"} <= set(person_links(Claim))
    assert entries_for("payments.Claim")
    assert not entries_for("payments.NoSuchModel")


@pytest.mark.django_db
def test_every_entry_names_real_fields_and_its_queries_run():
    for entry in entries():
        model = model_of(entry)
        rows = model._default_manager.all()
        if entry.fields:
            list(rows.values(*entry.fields)[:1])
        for path in (*entry.person, *entry.actors, *entry.match_email):
            list(rows.filter(**{path if path != "id" else "pk": None} if path != "id" else {"pk": 0})[:1])
        for name in entry.clear:
            model._meta.get_field(name)
        if entry.erase == KEEP:
            assert entry.retention in settings.RETENTION, entry
        for name in entry.files:
            assert isinstance(model._meta.get_field(name), models.FileField)


def test_every_retention_period_has_a_source_and_a_default():
    for kind in ("payments", "receipts", "messages", "anonymous_feedback", "audit", "left_profiles"):
        period = settings.RETENTION[kind]
        assert period["days"] > 0 and period["source"] and period["from"]


def test_an_entry_that_keeps_rows_must_name_its_rule():
    with pytest.raises(ValueError, match="retention"):
        Entry("payments.Claim", person=("claimant",), erase=KEEP)
    with pytest.raises(ValueError, match="fields"):
        Entry("payments.Claim", person=("claimant",), export="claims")
