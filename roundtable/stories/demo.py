"""This app's chapter of the demo story: Amira's story, told once.

* Amira wrote two parts. "What bedtime is like now" is shared with Tom's sleep study, to help design the
  study questions; Tom opened it twice, so her story page shows both reads in its log. The other part, with
  a content note, is hers alone.
* Priya's short breaks review asks Amira for a story (waiting for her answer; it shows what she already
  shares with that project: nothing).
* Tom wrote down part of Grace's story from a phone call; a copy is on its way to her by post, and it cannot
  be shared until she says it is right.
"""

from __future__ import annotations

from roundtable.accounts.models import User
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects.models import Project
from roundtable.stories import services
from roundtable.stories.models import StoryPart


def _person(key: str) -> User | None:
    return User.objects.filter(email=f"{key}{DEMO_EMAIL_DOMAIN}").first()


def load() -> None:
    amira, tom, priya = (_person(k) for k in ("amira", "tom", "priya"))
    grace = User.objects.filter(full_name="Grace Williams").first()
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    breaks = Project.objects.filter(title="Short breaks for disabled children").first()
    if None in (amira, tom, priya, grace, sleep, breaks) or StoryPart.objects.filter(owner=amira).exists():
        return
    assert amira and tom and priya and grace and sleep and breaks  # all found above

    services.part_save(
        actor=amira,
        owner=amira,
        title="The night everything changed",
        text="When my son was four he stopped sleeping almost completely. One night he was so ill we went to "
        "hospital. We stayed for a week. Nobody asked how I was coping.",
        content_note="Talks about a hospital stay and a child being ill.",
    )
    bedtime = services.part_save(
        actor=amira,
        owner=amira,
        title="What bedtime is like now",
        text="Bedtime starts at 6pm and often ends after midnight. We use a weighted blanket and the same three "
        "songs every night. If anything changes, the whole night falls apart.\n\nWhat helps most is a "
        "routine that does not change, and people who believe me.",
    )
    share = services.share_create(
        actor=amira, part=bedtime, project=sleep, purpose="To help design the study questions about bedtime routines"
    )
    services.share_open(reader=tom, share=share)
    services.share_open(reader=tom, share=share)

    services.request_create(
        actor=priya,
        project=breaks,
        person=amira,
        purpose="To help us understand what families need from a short break",
        content_note="Asks about times you needed a break and could not get one.",
    )

    services.part_save(
        actor=tom,
        owner=grace,
        title="Raising my grandchildren",
        text="I took on my two grandchildren when they were small. Nights are the hardest. I would like other "
        "grandparents to know they are not alone.",
        proxy_project=sleep,
    )
