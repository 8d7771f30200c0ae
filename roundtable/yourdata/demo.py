"""This app's chapter of the demo story: Amira's copy of her data is ready to download, and Pat, whom Tom
added by proxy to the sleep study, asked on the phone for her account to be deleted, and Tom (the
university's admin) did it: the erasure is in the university's audit log, and her help shows as
"a former member". Safe to run twice: nothing changes the second time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.accounts.services import user_create_by_proxy
from roundtable.audit.models import AuditEvent
from roundtable.credits import services as credits
from roundtable.credits.models import ContributionType
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects import services as projects
from roundtable.projects.models import Project
from roundtable.yourdata import services
from roundtable.yourdata.models import DataRequest

PAT = "Pat Doyle"
PAT_REASON = "Pat phoned the study line and asked us to delete her account and everything we hold about her."


def load() -> None:
    amira = User.objects.filter(email=f"amira{DEMO_EMAIL_DOMAIN}").first()
    tom = User.objects.filter(email=f"tom{DEMO_EMAIL_DOMAIN}").first()
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    if amira is None or tom is None or sleep is None:
        return
    if not DataRequest.objects.filter(person=amira).exists():
        request = services.data_request_create(person=amira, actor=amira)
        services.data_request_build(request_id=request.pk)
    if AuditEvent.objects.filter(action="account.erased", by_proxy=True).exists():
        return
    pat = user_create_by_proxy(
        actor=tom, full_name=PAT, postal_address="9 Canal Row\nNorthfield\nNF3 7GH", phone="01632 960777"
    )
    projects.member_add_by_proxy(actor=tom, project=sleep, user=pat)
    kind = ContributionType.objects.filter(slug="lived_experience").first()
    if kind is not None:
        credits.contribution_add(
            actor=tom,
            project=sleep,
            person=pat,
            type=kind,
            degree="supporting",
            date=timezone.localdate() - dt.timedelta(days=30),
            description="Told us what nights are like with two children who do not sleep",
            hours=Decimal("1.5"),
        )
    services.account_delete_for(person=pat, actor=tom, reason=PAT_REASON, may_act=True)
