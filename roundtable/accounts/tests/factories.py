"""Factories for people: a User and their CommunicationProfile (factory_boy).

Every test builds people through these, from the fixtures in each app's ``tests/conftest.py`` to
the browser journeys (see docs/testing.md). ``UserFactory()`` makes a person with a communication
profile that has nothing answered yet; ``UserFactory(profile=None)`` makes one with no profile at
all, and ``UserFactory(profile__channels=["letter"], ...)`` sets profile fields.

Default names come in several scripts, so a page, a letter or a PDF that cannot show a name fails
a test instead of a person. ``UserFactory(long_name=True)`` gives a full name at its 150-character
limit: one 150-letter word (``lib.sample_text.LONG_WORD``), which breaks careless layouts.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from roundtable.accounts.models import Channel, CommunicationProfile, Format, Naming, User
from roundtable.lib.sample_text import LONG_WORD

# Names people in the UK have, in the scripts they write them in. A name with an apostrophe makes
# escaping mistakes show; the rest need fonts beyond Latin (lib/pdf.py lists them).
NAMES = [
    "Amira Hassan",
    "Łucja Nowak",
    "Siobhán O'Neill",
    "Nguyễn Thị Lan",
    "Ольга Петренко",
    "فاطمة الزهراء",
    "अनन्या शर्मा",
    "王秀英",
    "Αλέξανδρος Παπαδόπουλος",
    "Kwame Mensah",
    "Dafydd ap Rhys",
    "ਹਰਪ੍ਰੀਤ ਕੌਰ",
]


class CommunicationProfileFactory(DjangoModelFactory):
    """A person's communication and access profile. By default nothing is answered yet (the model's
    own defaults), so a fixture gets exactly what it asks for; the traits are the personas."""

    class Meta:
        model = CommunicationProfile

    user = factory.SubFactory("roundtable.accounts.tests.factories.UserFactory", profile=None)

    class Params:
        # Amira: a parent carer on her phone, by text then email, evenings only after bedtime.
        amira = factory.Trait(
            channels=[Channel.TEXT, Channel.EMAIL],
            phone="07700 900461",
            meeting_days=["mon", "tue", "wed", "thu", "fri"],
            naming=Naming.FIRST_NAME,
        )
        # Joe: phone calls only, Easy Read papers, ten days' notice.
        joe = factory.Trait(channels=[Channel.PHONE], phone="07700 900782", formats=[Format.EASY_READ], notice_days=10)
        # Grace: no email, no smartphone; letters by post in large print.
        grace = factory.Trait(
            channels=[Channel.LETTER],
            postal_address="12 Elm Road\nLeeds\nLS1 1AA",
            formats=[Format.LARGE_PRINT],
        )


class UserFactory(DjangoModelFactory):
    """A person who uses the web, signs in by email link, and has a (still empty) profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Iterator(NAMES)
    known_as = ""
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    uses_web = True
    profile = factory.RelatedFactory(CommunicationProfileFactory, factory_related_name="user")

    class Params:
        # One word as long as the field takes: a name that never wraps by itself.
        long_name = factory.Trait(full_name=LONG_WORD)
        # Someone an organiser looks after by proxy: no email, never signs in.
        offline = factory.Trait(email=None, uses_web=False)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Through ``User.objects.create_user``, as sign-up does: a normalised email, no usable password."""
        email = kwargs.pop("email", None)
        return model_class.objects.create_user(email, **kwargs)


def person(email: str | None, full_name: str, *, profile: bool = True, **fields) -> User:
    """A person with this email and name; ``fields`` are User fields (``known_as``, ``uses_web``) or
    profile fields (``channels``, ``naming``, ``formats``, ...).

    ``profile=False`` makes a person who has no profile yet. The shorthand the standing fixtures use:
    ``person("tom@example.com", "Tom Reid", channels=["email"])``.
    """
    user_fields = {key: fields.pop(key) for key in ("known_as", "uses_web", "added_by") if key in fields}
    if not profile:
        if fields:
            raise TypeError(f"profile fields without a profile: {sorted(fields)}")
        return UserFactory(email=email, full_name=full_name, profile=None, **user_fields)
    return UserFactory(
        email=email, full_name=full_name, **user_fields, **{f"profile__{key}": value for key, value in fields.items()}
    )
