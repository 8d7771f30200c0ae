"""The safety chapter of the demo story (issue 16): support contacts, ground rules and content notes.

* Both projects name support contacts: their own wellbeing contact and safeguarding lead, and three national
  lines for carers (Carers UK's helpline, Contact's helpline for families with disabled children, and
  Samaritans). These national numbers are demo data only: each organisation checks and enters its own.
* "Better sleep": three ground rules agreed by Tom after a board, and one suggested by Amira, waiting;
  a content note on an agenda item of the first meeting and on a board about hard nights.
* "Short breaks": ground rules agreed by Priya after the project talked them over on a board.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from roundtable.accounts.models import User
from roundtable.feedback import boards
from roundtable.feedback.models import Anonymity
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings import services as meetings
from roundtable.meetings.demo import PDF
from roundtable.meetings.models import Meeting
from roundtable.projects.models import Project
from roundtable.projects.support import support_contact_create
from roundtable.safety import services
from roundtable.safety.models import GroundRule

# National lines for carers, in the demo only (checked November 2026; organisations enter their own).
NATIONAL_LINES = (
    ("Carers UK Helpline", "Advice for carers about money, benefits and your rights.", "0808 808 7777", "",
     "Monday and Tuesday, 9am to 6pm"),
    ("Contact helpline", "For families with disabled children: benefits, education and health.", "0808 808 3555",
     "", "Monday to Friday, 9:30am to 5pm"),
    ("Samaritans", "Someone to talk to, any time, about anything that is troubling you.", "116 123",
     "jo@samaritans.org", "Any time, day or night, free"),
)  # fmt: skip


def _person(key: str) -> User | None:
    return User.objects.filter(email=f"{key}{DEMO_EMAIL_DOMAIN}").first()


def _support(project: Project, actor: User, wellbeing: User, safeguarding: User) -> None:
    support_contact_create(
        actor=actor, project=project, kind="wellbeing", name=wellbeing.full_name,
        helps_with="If taking part brings up hard feelings, or you need a break, talk to me.",
        email=wellbeing.email or "", phone="01632 960 123", hours="Weekdays, 10am to 4pm",
    )  # fmt: skip
    support_contact_create(
        actor=actor, project=project, kind="safeguarding", name=safeguarding.full_name,
        helps_with="If you are worried about the safety of a child or an adult.",
        email=safeguarding.email or "", phone="01632 960 456", hours="Weekdays, 9am to 5pm",
    )  # fmt: skip
    for name, helps, phone, email, hours in NATIONAL_LINES:
        support_contact_create(
            actor=actor, project=project, kind="advice", name=name, helps_with=helps, phone=phone, email=email,
            hours=hours,
        )  # fmt: skip


def load() -> None:
    amira, joe, tom, priya = (_person(k) for k in ("amira", "joe", "tom", "priya"))
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    breaks = Project.objects.filter(title="Short breaks for disabled children").first()
    if amira is None or joe is None or tom is None or priya is None or sleep is None or breaks is None:
        return
    if GroundRule.objects.filter(project=sleep).exists():
        return
    _support(sleep, tom, wellbeing=tom, safeguarding=priya)
    _support(breaks, priya, wellbeing=priya, safeguarding=priya)

    # Better sleep: rules talked over on a board, then agreed by Tom; one more suggested by Amira, waiting.
    # (The demo's decision log keeps its own story, so no rule here is put to a vote: see the tests.)
    talk = boards.board_create(
        actor=tom, project=sleep, title="Our ground rules", anonymity=Anonymity.NAMED,
        prompt="What would help you feel safe to speak at our meetings?",
    )  # fmt: skip
    for who, text in (
        (amira, "We listen without talking over each other."),
        (joe, "We use plain words, and anyone can ask what a word means."),
        (amira, "What we share about our children stays in the room."),
    ):
        rule = services.ground_rule_propose(actor=who, project=sleep, text=text)
        services.ground_rule_agree_after_board(actor=tom, rule=rule, board=talk)
    services.ground_rule_propose(actor=amira, project=sleep, text="Cameras can stay off if you need them to.")

    # Better sleep: content notes on an agenda item and a board.
    first = Meeting.objects.filter(project=sleep).order_by("starts_at").first()
    if first is not None:
        meetings.agenda_item_add(
            actor=tom, meeting=first,
            data={"title": "Our hardest nights", "minutes": 20, "kind": "discussion",
                  "content_note": "talks about nights when a child is very distressed"},
        )  # fmt: skip
        upload = ContentFile(PDF, name="hard-nights.pdf")
        upload.size = len(PDF)
        meetings.paper_add(
            actor=tom, meeting=first, title="What parents told us about hard nights", upload=upload,
            content_note="quotes parents about hospital stays and self-harm",
        )  # fmt: skip
    boards.board_create(
        actor=tom, project=sleep, title="Hard nights: what helped", anonymity=Anonymity.ANONYMOUS,
        prompt="Share what helped on a hard night, if you want to.",
        content_note="people write about nights when their child was very distressed",
    )  # fmt: skip

    # Short breaks: rules agreed by Priya after a board.
    board = boards.board_create(
        actor=priya, project=breaks, title="Our ground rules", anonymity=Anonymity.NAMED,
        prompt="What would help you feel safe to speak in our workshops?",
    )  # fmt: skip
    for who, text in (
        (joe, "Nobody has to speak. You can always pass."),
        (amira, "We start and end on time, and there is a break every hour."),
    ):
        rule = services.ground_rule_propose(actor=who, project=breaks, text=text)
        services.ground_rule_agree_after_board(actor=priya, rule=rule, board=board)
