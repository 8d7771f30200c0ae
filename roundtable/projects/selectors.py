"""Every read a projects page needs, scoped to the viewer, with a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from roundtable.accounts.models import CommunicationProfile, Naming, ProfileSection, User
from roundtable.lib.rawsql import Columns, Table, planned_for_its_values
from roundtable.projects.models import (
    Announcement,
    Interest,
    Invitation,
    MemberRole,
    Membership,
    Milestone,
    Organisation,
    PayRate,
    Project,
    ProjectStep,
    StaffMembership,
)
from roundtable.projects.permissions import ORGANISER_ROLES


def open_projects() -> QuerySet[Project]:
    return (
        Project.objects.filter(visibility=Project.Visibility.OPEN, status=Project.Status.PUBLISHED)
        .select_related("organisation")
        .order_by("-published_at", "title")
    )


@dataclass
class MyProjects:
    """A person's projects, for "My projects".

    ``taking_part``: one page of the projects they take part in now (newest first), of ``taking_part_total``;
    ``past``: the ones they left or were removed from; ``organising``: the first projects their organisations
    run (by organisation, then title; each with ``member_count``), of ``organising_total``; ``organisations``:
    the organisations where they are staff (each with ``project_count``), to link to each one's full list.
    """

    taking_part: Sequence[Membership]
    taking_part_total: int
    past: list[Membership]
    organising: Sequence[Project]  # with member_count
    organising_total: int
    organisations: Sequence[Organisation]  # with project_count
    invitations: list[Invitation]


# What "My projects" shows of each membership's project (no role offer texts).
_MEMBERSHIP_COLUMNS = (
    "status",
    "joined_at",
    "project__title",
    "project__organisation__name",
    "project__current_step__title",
)


def my_projects(*, user: User, offset: int = 0, limit: int | None = None, organising_limit: int = 20) -> MyProjects:
    """All of a person's projects, across every organisation, in five queries (six for a page past the
    projects they take part in; four for someone who is nobody's staff).

    ``offset``/``limit``: the page of projects they take part in now; ``organising_limit``: how many of the
    projects their organisations run are listed (the rest are on each organisation's own page).
    """
    mine = Membership.objects.filter(user=user)
    active = mine.filter(status=Membership.Status.ACTIVE)
    counted = active.order_by().values("user").annotate(n=Count("id")).values("n")[:1]
    rows = (
        active.select_related("project__organisation", "project__current_step")
        .only(*_MEMBERSHIP_COLUMNS)
        .annotate(total=Subquery(counted))
        .order_by("-joined_at", "-id")
    )
    taking_part = list(rows[offset : offset + limit] if limit is not None else rows[offset:])
    taking_part_total = taking_part[0].total if taking_part else (active.count() if offset else 0)
    past = list(
        mine.exclude(status=Membership.Status.ACTIVE)
        .select_related("project__organisation", "project__current_step")
        .only(*_MEMBERSHIP_COLUMNS)
        .order_by("-joined_at", "-id")
    )
    runs = Project.objects.filter(organisation=OuterRef("pk")).order_by().values("organisation")
    organisations = list(
        Organisation.objects.filter(pk__in=StaffMembership.objects.filter(user=user).values("organisation_id"))
        .only("name", "slug")
        .annotate(project_count=Coalesce(Subquery(runs.annotate(n=Count("id")).values("n")[:1]), Value(0)))
        .order_by("name", "id")
    )
    organising: list[Project] = []
    if any(organisation.project_count for organisation in organisations):
        organising = list(
            Project.objects.filter(organisation_id__in=[organisation.pk for organisation in organisations])
            .select_related("organisation")
            .only("title", "status", "organisation__name")
            .annotate(member_count=_active_member_count())
            .order_by("organisation__name", "organisation_id", "title", "id")[:organising_limit]
        )
    invitations = []
    if user.email:
        invitations = list(
            Invitation.objects.filter(email__iexact=user.email, status=Invitation.Status.PENDING)
            .select_related("project", "organisation")
            .order_by("-created_at")
        )
    return MyProjects(
        taking_part=taking_part,
        taking_part_total=taking_part_total,
        past=past,
        organising=organising,
        organising_total=sum(organisation.project_count for organisation in organisations),
        organisations=organisations,
        invitations=invitations,
    )


SECTION_LABELS = dict(ProfileSection.choices)


@dataclass
class MemberRow:
    membership: Membership
    name: str
    shared: list[str]
    role_label: str = ""  # the role in words (looked up once per page, not once per row)


def _public_name(membership: Membership) -> str:
    profile = getattr(membership.user, "profile", None)
    if profile is None:
        return membership.user.short_name
    return profile.display_name(membership.user)


@dataclass
class MemberList:
    rows: list[MemberRow]
    total: int  # members the viewer can see by name
    hidden: int  # members who asked not to be named (not counted in total)

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


# A page of the project's active members as the viewer may see them, with the counts riding on each row: everyone
# taking part, and those who asked not to be named (members only; organisers see every name). The counts are
# subqueries that do not depend on the row, so the database works each out once (a window count made it join and
# sort every member before taking the page). Written as SQL, names from the models: building the queryset cost
# more than running it (issue 19).
_MEMBER_ROWS_SQL = """
SELECT {membership_columns}, {user_columns}, {profile_columns},
       (SELECT COUNT(*) FROM {membership} c
        WHERE c.{membership.project} = %(project)s AND c.{membership.status} = %(active)s) AS everyone,
       {hidden} AS hidden
FROM {membership} m
INNER JOIN {user} u ON u.{user.id} = m.{membership.user}
LEFT JOIN {profile} pf ON pf.{profile.user} = u.{user.id}
WHERE m.{membership.project} = %(project)s AND m.{membership.status} = %(active)s {named}
ORDER BY m.{membership.role}, m.{membership.joined_at}, m.{membership.id}
LIMIT %(limit)s OFFSET %(offset)s
"""
_HIDDEN_SQL = """(SELECT COUNT(*) FROM {membership} c
        INNER JOIN {profile} h ON h.{profile.user} = c.{membership.user}
        WHERE c.{membership.project} = %(project)s AND c.{membership.status} = %(active)s
          AND h.{profile.naming} = %(not_named)s)"""


@lru_cache(maxsize=4)
def _member_rows_read(vendor: str, for_organiser: bool) -> tuple[str, list[Columns]]:
    """The SQL and the column groups (membership, user, profile) of ``member_rows`` for ``vendor``."""
    parts = [
        Columns(
            Membership,
            "m",
            ["user", "role", "joined_at", "shared_sections", "sharing_chosen_at", "added_by_proxy"],
        ),
        Columns(User, "u", ["full_name", "known_as", "uses_web"]),
        Columns(CommunicationProfile, "pf", ["naming", "pseudonym"]),
    ]
    tables = {"membership": Table(Membership), "user": Table(User), "profile": Table(CommunicationProfile)}
    if for_organiser:
        hidden, named = "0", ""
    else:
        hidden = _HIDDEN_SQL.format(**tables)
        named = f"AND (pf.{tables['profile'].naming} IS NULL OR pf.{tables['profile'].naming} <> %(not_named)s)"
    sql = _MEMBER_ROWS_SQL.format(
        membership_columns=parts[0].sql,
        user_columns=parts[1].sql,
        profile_columns=parts[2].sql,
        hidden=hidden,
        named=named,
        **tables,
    )
    return sql, parts


def member_rows(*, project: Project, for_organiser: bool, offset: int = 0, limit: int | None = None) -> MemberList:
    """Active members as the viewer may see them, one page at a time, in one query (two for an empty page).

    Organisers see full names and the profile sections each person shared with
    this project; members see each other only as each agreed, and people who
    asked not to be named are only counted. The counts ride on the page's own rows, so the project page
    spends one query here. Rows are by role, then who joined first.
    """
    sql, (membership_part, user_part, profile_part) = _member_rows_read(connection.vendor, for_organiser)
    params: dict[str, Any] = {
        "project": project.pk,
        "active": Membership.Status.ACTIVE.value,
        "not_named": Naming.NOT_NAMED.value,
        "limit": limit if limit is not None else -1 if connection.vendor == "sqlite" else None,
        "offset": offset,
    }
    with planned_for_its_values(), connection.cursor() as cursor:  # a project may have 5 members or 5,000
        cursor.execute(sql, params)
        found = cursor.fetchall()
    memberships = []
    user_field = Membership._meta.get_field("user")
    profile_field = CommunicationProfile._meta.get_field("user")
    for row in found:
        membership = membership_part.instance(row)
        user = user_part.instance(row, membership_part.width)
        profile = profile_part.instance(row, membership_part.width + user_part.width)
        user_field.set_cached_value(membership, user)
        profile_field.remote_field.set_cached_value(user, profile)
        if profile is not None:
            profile_field.set_cached_value(profile, user)
        memberships.append(membership)
    if found:
        everyone, hidden = found[0][-2], found[0][-1]
        total = everyone - hidden
    else:  # past the last page, or nobody to show: count without rows
        not_named = Q(user__profile__naming=Naming.NOT_NAMED)
        active = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE)
        counts = active.aggregate(everyone=Count("id"), not_named=Count("id", filter=not_named))
        hidden = 0 if for_organiser else counts["not_named"]
        total = counts["everyone"] - hidden
    rows: list[MemberRow] = []
    roles = {value: str(label) for value, label in MemberRole.choices}
    sections = {key: str(label) for key, label in SECTION_LABELS.items()}
    for membership in memberships:
        role = roles.get(membership.role, membership.role)
        if for_organiser:
            shared = [sections.get(key, key) for key in membership.shared_sections]
            rows.append(MemberRow(membership, membership.user.full_name, shared, role))
        else:
            rows.append(MemberRow(membership, _public_name(membership), [], role))
    return MemberList(rows=rows, total=total, hidden=hidden)


def project_page(*, project: Project) -> dict:
    """Steps and milestones of a project, for its page: one query each, run only if the page shows them
    (a member's project page does not: the role offer is one link away)."""
    return {
        "steps": project.steps.all(),
        "milestones": project.milestones.all(),
    }


def organisation_list_for(*, user: User) -> list[Organisation]:
    return list(Organisation.objects.filter(staff__user=user).distinct().order_by("name"))


def _active_member_count() -> Coalesce:
    """A project row's active members, counted in a subquery per row (the page's rows only), not by joining
    every membership and grouping."""
    counted = (
        Membership.objects.filter(project=OuterRef("pk"), status=Membership.Status.ACTIVE)
        .order_by()
        .values("project")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), Value(0))


def organisation_dashboard(*, organisation: Organisation, offset: int = 0, limit: int | None = None) -> dict:
    """An organisation's page: one page of its projects (``limit`` from ``offset``, by status then title, each
    with ``member_count``, its contact and step now), ``project_total``, its staff with their roles in words
    and the staff invitations waiting. Three queries (four for a page with no projects on it)."""
    mine = Project.objects.filter(organisation=organisation)
    total = mine.order_by().values("organisation").annotate(n=Count("id")).values("n")[:1]
    rows = (
        mine.select_related("contact", "current_step")
        .only("title", "status", "organisation_id", "contact__full_name", "current_step__title")
        .annotate(member_count=_active_member_count(), project_total=Subquery(total))
        .order_by("status", "title", "id")
    )
    projects = list(rows[offset : offset + limit] if limit is not None else rows[offset:])
    project_total = projects[0].project_total if projects else mine.count()
    staff = list(
        StaffMembership.objects.filter(organisation=organisation).select_related("user").order_by("user__full_name")
    )
    people: dict[int, dict] = {}
    for row in staff:
        entry = people.setdefault(row.user_id, {"user": row.user, "roles": []})
        entry["roles"].append(row.get_role_display())
    pending = list(Invitation.objects.filter(organisation=organisation, project=None, status=Invitation.Status.PENDING))
    return {
        "projects": projects,
        "project_total": project_total,
        "staff": list(people.values()),
        "pending_staff": pending,
    }


def project_invitations(*, project: Project) -> list[Invitation]:
    return list(project.invitations.select_related("invited_by").order_by("-created_at"))


@dataclass
class InvitationList:
    """One page of a project's invitations, newest first, and how many there are in each status.

    ``rows`` are (invitation, status in words) pairs; ``by_status`` is [(status value, words, count)] in
    the order of Invitation.Status; ``total`` counts every invitation.
    """

    rows: list[tuple[Invitation, str]]
    by_status: list[tuple[str, str, int]]
    total: int


def invitation_page(*, project: Project, offset: int = 0, limit: int = 20) -> InvitationList:
    """The project's invitations from ``offset``, at most ``limit``, newest first, with counts per status.
    Two queries whatever the number of invitations."""
    labels = {value: str(label) for value, label in Invitation.Status.choices}
    counts = dict(project.invitations.order_by().values_list("status").annotate(n=Count("id")))
    rows = (
        [
            (invitation, labels.get(invitation.status, invitation.status))
            for invitation in project.invitations.order_by("-created_at", "-id")[offset : offset + limit]
        ]
        if offset < sum(counts.values())
        else []
    )
    by_status = [(value, labels[value], counts[value]) for value in labels if counts.get(value)]
    return InvitationList(rows=rows, by_status=by_status, total=sum(counts.values()))


def project_interests(*, project: Project) -> list[Interest]:
    return list(project.interests.order_by("-created_at"))


def project_announcements(*, project: Project) -> QuerySet[Announcement]:
    return project.announcements.select_related("author").order_by("-created_at")


def organisers_of(*, organisation_id: int) -> QuerySet[User]:
    """The people who organise an organisation's projects now: its admins and organisers
    (``permissions.ORGANISER_ROLES``), each once, by full name. A lazy query: one query when read; add
    ``.filter`` or ``.order_by`` as needed."""
    holding = StaffMembership.objects.filter(organisation_id=organisation_id, role__in=ORGANISER_ROLES)
    return User.objects.filter(pk__in=holding.values("user_id")).order_by("full_name")


def organiser_contacts(*, project: Project) -> QuerySet[User]:
    """People who can be named as a project's contact: the organisation's admins and organisers."""
    return organisers_of(organisation_id=project.organisation_id)


def membership_for(*, project: Project, user: User) -> Membership | None:
    return Membership.objects.filter(project=project, user=user).select_related("user__profile").first()


def memberships_with_profiles(*, project: Project) -> QuerySet[Membership]:
    return Membership.objects.filter(project=project).select_related("user__profile")


def active_members(*, project: Project, uses_web: bool | None = None) -> list[Membership]:
    """The project's active members with their user, in the order they joined; ``uses_web=False`` gives
    only the people who never use the web (whom an organiser may answer for). 1 query."""
    rows = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE).select_related("user")
    if uses_web is not None:
        rows = rows.filter(user__uses_web=uses_web)
    return list(rows.order_by("joined_at", "id"))


def member_of(*, project: Project, user_id: int, active_only: bool = False) -> Membership | None:
    """One person's membership of this project (with the user), past members too unless ``active_only``;
    None when the person was never a member, so another project's people cannot be reached. 1 query."""
    rows = Membership.objects.filter(project=project, user_id=user_id).select_related("user")
    if active_only:
        rows = rows.filter(status=Membership.Status.ACTIVE)
    return rows.first()


# --- Small reads for the project pages -----------------------------------------------------------


def open_published_project(*, project_id: int) -> Project | None:
    """The project if it is open and published (its offer may be read by anyone), else None (1 query)."""
    return Project.objects.filter(
        pk=project_id, visibility=Project.Visibility.OPEN, status=Project.Status.PUBLISHED
    ).first()


# The project page's one read of the project (with its organisation, contact, current step, pay rate and the pk
# of the rate in force today) and of the viewer's own membership. Written as SQL, names from the models: the
# ORM's select_related and subquery cost more to build than to run on the busiest page (issue 19).
_PROJECT_PAGE_SQL = """
SELECT {project_columns}, {organisation_columns}, {contact_columns}, {step_columns}, {rate_columns},
       {membership_columns},
       (SELECT x.{rate.id} FROM {rate} x
        WHERE x.{rate.organisation} = p.{project.organisation} AND x.{rate.activity} = r.{rate.activity}
          AND x.{rate.unit} = r.{rate.unit} AND x.{rate.effective_from} <= %(today)s
        ORDER BY x.{rate.effective_from} DESC LIMIT 1)
FROM {project} p
INNER JOIN {organisation} o ON o.{organisation.id} = p.{project.organisation}
LEFT JOIN {user} c ON c.{user.id} = p.{project.contact}
LEFT JOIN {step} s ON s.{step.id} = p.{project.current_step}
LEFT JOIN {rate} r ON r.{rate.id} = p.{project.pay_rate}
LEFT JOIN {membership} m ON m.{membership.project} = p.{project.id} AND m.{membership.user} = %(user)s
WHERE p.{project.id} = %(project)s
"""


@lru_cache(maxsize=4)
def _project_page_read(vendor: str) -> tuple[str, list[Columns]]:
    """The SQL and the column groups (project, organisation, contact, step, rate, membership) for ``vendor``."""
    parts = [
        Columns(Project, "p"),
        Columns(Organisation, "o"),
        Columns(User, "c"),
        Columns(ProjectStep, "s"),
        Columns(PayRate, "r"),
        Columns(Membership, "m"),
    ]
    names = ("project", "organisation", "contact", "step", "rate", "membership")
    tables = {"project": Project, "organisation": Organisation, "user": User, "step": ProjectStep}
    tables |= {"rate": PayRate, "membership": Membership}
    sql = _PROJECT_PAGE_SQL.format(
        **{f"{name}_columns": part.sql for name, part in zip(names, parts, strict=True)},
        **{key: Table(model) for key, model in tables.items()},
    )
    return sql, parts


def project_for_page(*, project_id: int, user: User | None = None) -> tuple[Project | None, Membership | None]:
    """The project with what its page shows (organisation, contact, current step, pay rate and the pk of the rate
    in force today as ``rate_in_force_pk``) and ``user``'s membership of it (any status; None for none or a
    signed-out viewer), or (None, None). The caller checks access (``permissions.access_with_membership``).
    One query."""
    sql, parts = _project_page_read(connection.vendor)
    params: dict[str, Any] = {
        "project": project_id,
        "user": user.pk if user is not None and user.is_authenticated else None,
        "today": connection.ops.adapt_datefield_value(timezone.localdate()),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, None
    found, start = [], 0
    for part in parts:
        found.append(part.instance(row, start))
        start += part.width
    project, organisation, contact, step, rate, membership = found
    project.rate_in_force_pk = row[start]
    for name, value in (("organisation", organisation), ("contact", contact), ("current_step", step)):
        Project._meta.get_field(name).set_cached_value(project, value)  # type: ignore[union-attr]
    Project._meta.get_field("pay_rate").set_cached_value(project, rate)
    if membership is not None:
        Membership._meta.get_field("project").set_cached_value(membership, project)
        Membership._meta.get_field("user").set_cached_value(membership, user)
    return project, membership


def invitation_by_token(*, token: str) -> Invitation:
    """The invitation with this secret token, with its project, organisation and who sent it; Http404
    for an unknown token (1 query)."""
    invitation = (
        Invitation.objects.select_related("project__organisation", "project__contact", "organisation", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def staff_roles_of(*, organisation: Organisation, user_id: int) -> tuple[User, list[str]]:
    """A staff member of this organisation and their roles (admin, organiser, finance); Http404 for
    someone with no role here (2 queries)."""
    roles = list(
        StaffMembership.objects.filter(organisation=organisation, user_id=user_id).values_list("role", flat=True)
    )
    if not roles:
        raise Http404
    return User.objects.get(pk=user_id), roles


def project_step(*, project: Project, step_id) -> ProjectStep:
    """One step of this project; Http404 for another project's or none (1 query)."""
    return get_object_or_404(ProjectStep, pk=step_id, project=project)


def project_milestone(*, project: Project, milestone_id) -> Milestone:
    """One milestone of this project; Http404 for another project's or none (1 query)."""
    return get_object_or_404(Milestone, pk=milestone_id, project=project)


def project_milestones(*, project: Project) -> list[Milestone]:
    """The project's milestones in their usual order, to link an outcome to one (1 query)."""
    return list(Milestone.objects.filter(project=project))


def project_membership(*, project: Project, membership_id: int) -> Membership:
    """One membership of this project (any status); Http404 for another project's or none (1 query)."""
    return get_object_or_404(Membership, pk=membership_id, project=project)


def project_announcement(*, project: Project, announcement_id: int) -> Announcement:
    """One announcement of this project; Http404 for another project's or none (1 query)."""
    return get_object_or_404(Announcement, pk=announcement_id, project=project)


def project_interest(*, project: Project, interest_id) -> Interest:
    """One expression of interest in this project; Http404 for another project's or none (1 query)."""
    return get_object_or_404(Interest, pk=interest_id, project=project)
