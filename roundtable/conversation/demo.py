"""This app's chapter of the demo story, loaded after the foundation story and the other chapters.

"Better sleep for autistic children" (Tom) has a busy conversation: Tom answers within 3 working days;
Amira asked on her phone whether meetings could start later, and Tom, Joe (by phone, typed in by Tom),
Grace (from her letter's reply slip, by post) and others answered; Tom's topic about the sleep diary has
a long run of replies over two pages, one of them reported by Joe and hidden by Tom with a reason
(it named a child and their home); Joe asked about parking by phone, so Tom started that topic for him.
"""

from __future__ import annotations

from roundtable.accounts.models import User
from roundtable.conversation import services
from roundtable.conversation.models import Channel, Topic
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects.models import Project

DIARY_REPLIES = [
    ("amira", "We tried it for a week. Writing it at 8pm is fine for me."),
    ("joe", "Can it be a picture chart? Lots of words are hard for me."),
    ("tom", "Yes. We will make a version with pictures and tick boxes."),
    ("amira", "Could we add a line for how we slept, not just the children?"),
    ("tom", "That is a good idea. Parents' sleep matters too."),
    ("tom", "Added. There is now a line for the grown-ups."),
]


def _person(key: str) -> User | None:
    return User.objects.filter(email=f"{key}{DEMO_EMAIL_DOMAIN}").first()


def load() -> None:
    amira, joe, tom, priya = (_person(k) for k in ("amira", "joe", "tom", "priya"))
    grace = User.objects.filter(full_name="Grace Williams").first()
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    if None in (amira, joe, tom, priya, grace, sleep) or Topic.objects.filter(project=sleep).exists():
        return
    assert amira and joe and tom and priya and grace and sleep  # all found above
    services.conversation_settings_set(
        actor=tom, project=sleep, who_may_start="members", contact=tom, answer_within_days=3
    )
    later = services.topic_start(
        project=sleep, author=amira, title="Could meetings start later on weekdays?",
        body="My son is only asleep by 8pm. Could the online meetings start at 8:15pm so I can join from the start?",
    )  # fmt: skip
    services.reply_post(topic=later, author=tom, body="Thank you, Amira. We will ask everyone at the next meeting.")
    services.reply_post(
        topic=later, author=joe, body="8:15pm is fine for me. Later than 9pm is too late.",
        channel=Channel.PHONE, entered_by=tom,
    )  # fmt: skip
    services.reply_post(
        topic=later, author=grace, body="I do not mind. I would like the papers by post a week before, please.",
        channel=Channel.POST, entered_by=tom,
    )  # fmt: skip
    services.reply_post(topic=later, author=amira, body="Thank you all. It really helps.")

    diary = services.topic_start(
        project=sleep, author=tom, title="The sleep diary: what should it ask?",
        body="We want a simple diary families can fill in each night. What should it ask? What would make it easy?",
    )  # fmt: skip
    people = {"amira": amira, "joe": joe, "tom": tom, "priya": priya}
    replies = []
    for round_number in range(9):
        for key, words in DIARY_REPLIES:
            text = words if round_number == 0 else f"{words} (week {round_number + 1})"
            replies.append(services.reply_post(topic=diary, author=people[key], body=text))
    private = services.reply_post(
        topic=diary, author=amira,
        body="My neighbour's boy, Max Green at 14 Elm Road, sleeps badly too. His mum might fill it in.",
    )  # fmt: skip
    services.reply_report(actor=joe, reply=private, reason="This gives a child's name and address.")
    services.reply_hide(
        actor=tom, reply=private,
        reason="It named a child and their home. Amira, thank you: ask his mum to contact me and I will explain.",
    )  # fmt: skip
    services.reply_post(topic=diary, author=amira, body="Sorry, I did not think. I will ask her to get in touch.")
    services.topic_start(
        project=sleep, author=joe, title="Parking at the hall", body="Is there free parking at the hall in March?",
        channel=Channel.PHONE, entered_by=tom,
    )  # fmt: skip
