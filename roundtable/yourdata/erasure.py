"""Deleting a person's account: the plan's entries, the former-member row, and a search of every text.

``account_erase`` is the one way in (self-service on /my-data/delete/, an organisation admin for
someone added by proxy, and the retention sweep for people who left long ago).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from roundtable.accounts.models import FORMER_MEMBER
from roundtable.audit.services import audit_record
from roundtable.lib.commit import after_commit
from roundtable.lib.personal_data import ANONYMISE, DELETE, KEEP, entries
from roundtable.yourdata.plan import model_of, rows_about

if TYPE_CHECKING:
    from roundtable.accounts.models import User

SCRUBBED = "a former member"
SHORTEST_NEEDLE = 5  # shorter values (a first name alone) are too common to replace everywhere
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)


def personal_values(person: User) -> list[str]:
    """The values that identify ``person`` in free text: full name, email, phone (as typed and with no
    spaces), the whole postal address, its first line and its postcode. Longest first."""
    values = {person.full_name or "", person.email or ""}
    profile = getattr(person, "profile", None) if _has_profile(person) else None
    if profile is not None:
        phone = profile.phone.strip()
        values |= {phone, phone.replace(" ", "")}
        address = profile.postal_address.replace("\r\n", "\n").strip()
        lines = [line.strip(" ,") for line in address.split("\n") if line.strip(" ,")]
        values |= {address, ", ".join(lines), *(lines[:1])}
        values |= set(_POSTCODE.findall(address))
    found = [v for v in values if len(v.strip()) >= SHORTEST_NEEDLE]
    return sorted(found, key=len, reverse=True)


def _has_profile(person: User) -> bool:
    from roundtable.accounts.models import CommunicationProfile

    return CommunicationProfile.objects.filter(user=person).exists()


def _replace(text: str, needles: list[str]) -> str:
    for needle in needles:
        text = re.sub(re.escape(needle), SCRUBBED, text, flags=re.IGNORECASE)
    return text


def _replace_json(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        return _replace(value, needles)
    if isinstance(value, list):
        return [_replace_json(v, needles) for v in value]
    if isinstance(value, dict):
        return {_replace_json(k, needles): _replace_json(v, needles) for k, v in value.items()}
    return value


def text_columns(model: type[models.Model]) -> list[models.Field]:
    """A model's columns that can hold words: character, text and JSON fields (choices excluded)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
    ]


def scrub(needles: list[str]) -> int:
    """Replace every occurrence of ``needles`` (any case) in every text column of every table with
    "a former member". Returns how many rows changed. Reads each column once with a LIKE search."""
    if not needles:
        return 0
    changed = 0
    for model in apps.get_models():
        for column in text_columns(model):
            manager = model._default_manager
            if isinstance(column, models.JSONField):
                forms = [*needles, *(json.dumps(n)[1:-1] for n in needles)]
                condition = Q()
                for needle in forms:
                    condition |= Q(_as_text__icontains=needle)
                rows = manager.annotate(_as_text=Cast(column.attname, TextField())).filter(condition)
            else:
                condition = Q()
                for needle in needles:
                    condition |= Q(**{f"{column.attname}__icontains": needle})
                rows = manager.filter(condition)
            for pk, value in rows.values_list("pk", column.attname):
                new = (
                    _replace_json(value, needles) if isinstance(column, models.JSONField) else _replace(value, needles)
                )
                if new != value:
                    manager.filter(pk=pk).update(**{column.attname: new})
                    changed += 1
    return changed


def _delete_files(rows, names: tuple[str, ...]) -> None:
    for obj in rows:
        for name in names:
            stored = getattr(obj, name)
            if stored:
                storage, path = stored.storage, stored.name
                after_commit(storage.delete, path)


def account_erase(
    *, person: User, actor: User | None, reason: str = "", by_proxy: bool = False, organisation_id: int | None = None
) -> dict[str, int]:
    """Erase ``person`` by the plan: delete, anonymise or keep (name and contact removed) each kind of
    their data, make their user row "a former member" (no email, no password, cannot sign in), then
    replace their name, email, phone and address wherever else they are written.

    ``actor`` is who asked (the person themselves, an organisation admin for someone added by proxy
    with ``by_proxy`` and a ``reason``, or ``None`` for the retention sweep). One transaction; the user
    row is locked first, so two clicks erase once. Returns rows touched per model label (empty when
    the person was already erased). An audit row records who, why and how much, without the name; with
    ``organisation_id`` (an admin acting for someone added by proxy) it shows in that organisation's log.
    """
    from roundtable.accounts.models import User

    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        if is_erased(person):
            return {}
        needles = personal_values(person)
        done: dict[str, int] = {}
        for entry in entries():
            if entry.erase not in (DELETE, ANONYMISE, KEEP) or entry.model == "accounts.User":
                continue
            rows = rows_about(entry, person)
            if rows is None:
                continue
            if entry.erase == DELETE:
                if entry.files:
                    _delete_files(rows.only("pk", *entry.files), entry.files)
                count = rows.count()
                rows.delete()
            elif entry.clear:
                count = rows.update(**entry.clear)
            else:
                count = rows.count()
            if count:
                done[entry.model] = done.get(entry.model, 0) + count
        person.full_name = FORMER_MEMBER
        person.known_as = ""
        person.email = None
        person.is_active = False
        person.uses_web = False
        person.last_login = None
        person.set_unusable_password()
        person.save(update_fields=["full_name", "known_as", "email", "is_active", "uses_web", "last_login", "password"])
        audit_record(
            actor=actor,
            action="account.erased",
            subject=person,
            by_proxy=by_proxy,
            summary="Account deleted: name and contact details removed, what the law keeps is kept",
            details={"reason": reason, "rows": done},
            organisation_id=organisation_id,
        )
        done["text replaced"] = scrub(needles)
    return done


def is_erased(person: User) -> bool:
    """True when the person's row is already a former member's (``User.is_former_member``)."""
    return person.is_former_member


__all__ = ["FORMER_MEMBER", "account_erase", "is_erased", "model_of", "personal_values", "scrub"]
