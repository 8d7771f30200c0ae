"""This app's chapter of the demo story, loaded after the others: a ledger and a published, acknowledged report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.credits import services
from roundtable.credits.models import ContributionType, Output
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects.models import Project


def load() -> None:
    people = {k: User.objects.filter(email=f"{k}{DEMO_EMAIL_DOMAIN}").first() for k in ("amira", "joe", "tom")}
    project = Project.objects.filter(title="Better sleep for autistic children").first()
    if project is None or not all(people.values()):
        return
    services.contribution_types_sync()
    services.contributions_suggest(project=project)
    if Output.objects.filter(project=project).exists():
        return
    tom, today = cast(User, people["tom"]), timezone.localdate()  # all found above
    kinds = {t.slug: t for t in ContributionType.objects.all()}
    plan = [
        (people["amira"], "lived_experience", "lead", 40, "Told us what bedtime is really like", "2"),
        (people["amira"], "reviewing", "equal", 20, "Read the draft report and said what to change", "3"),
        (people["amira"], "co_writing", "supporting", 15, "Wrote the part about evenings", "2.5"),
        (people["joe"], "ideas", "lead", 35, "Had the idea of an Easy Read sleep diary", "1.5"),
        (people["joe"], "user_testing", "equal", 25, "Tried the sleep diary at home for two weeks", "4"),
        (people["joe"], "accessibility", "supporting", 18, "Checked the leaflet was easy to read", "1"),
    ]
    rows = [
        services.contribution_add(
            actor=tom,
            project=project,
            person=cast(User, person),  # all found above
            type=kinds[slug],
            degree=degree,
            date=today - dt.timedelta(days=days),
            description=text,
            hours=Decimal(hours),
        )
        for person, slug, degree, days, text, hours in plan
    ]
    output = services.output_create(
        actor=tom,
        project=project,
        kind="report",
        title="What helps autistic children sleep: a report",
        contributions=rows,
    )
    services.output_tell(actor=tom, output=output)
    services.output_publish(actor=tom, output=output, link="https://example.org/better-sleep-report")
