"""The stories app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

A story is the person's own: every part, share, request and read of it is in their download and goes when
they delete their account. A quote already in an output stays, with its owner and part emptied and its
state "withdrawn", so the organiser still sees that it must come out (docs/stories.md).
"""

from roundtable.lib.personal_data import ANONYMISE, DELETE, Entry, register

register(
    Entry(
        "stories.StoryPart",
        person=("owner",),
        actors=("recorded_by",),
        export="story_parts",
        fields=("id", "title", "text", "content_note", "by_proxy", "confirmed_at", "created_at", "updated_at"),
        files=("audio",),
        erase=DELETE,
        words="The parts of your story, and recordings",
    ),
    Entry(
        "stories.StoryRequest",
        person=("owner",),
        actors=("asked_by",),
        export="story_requests",
        fields=("id", "project__title", "purpose", "content_note", "status", "created_at", "answered_at"),
        erase=DELETE,
        words="Projects that asked you for your story, and your answers",
    ),
    Entry(
        "stories.StoryShare",
        person=("owner",),
        export="story_shares",
        fields=("id", "part__title", "project__title", "purpose", "until", "created_at", "withdrawn_at"),
        erase=DELETE,
        words="Who you shared parts of your story with, and why",
    ),
    Entry(
        "stories.StoryRead",
        person=("owner",),
        actors=("reader",),
        export="story_reads",
        fields=("part__title", "reader_name", "purpose", "what", "read_at"),
        erase=DELETE,
        words="Every time someone read a part of your story",
    ),
    Entry(
        "stories.StoryQuote",
        person=("owner",),
        actors=("asked_by",),
        export="story_quotes",
        fields=("id", "output__title", "text", "state", "asked_at", "answered_at", "withdrawn_at"),
        erase=ANONYMISE,
        clear={"owner": None, "part": None, "state": "withdrawn"},
        words="Quotes from your story that projects asked to use",
    ),
)
