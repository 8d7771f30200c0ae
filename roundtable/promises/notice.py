"""The privacy notices, made from the product's real settings (issue 18, "Promises written down").

Two notices share one set of sections:

* the platform's (``/privacy/``): the operator who runs Roundtable is the *processor*; each organisation
  that runs projects on it is the *controller* of its partners' information;
* an organisation's (``/organisations/<slug>/privacy/``): the organisation is the controller. Its admin
  can add words of their own to any section, or a section of their own (``NoticeWords``); the facts
  below stay visible, because they are what the product really does.

Facts come from settings, never from text typed here: how long things are kept (``RETENTION_*``, see
settings.py "--- Retention"), which channels can reach people (text messages only when a text service is
switched on), and payment data only where the organisation pays (a project with a pay rate, or a claim).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roundtable.yourdata.retention import retention_days

# The order of the sections, and their keys (NoticeWords.section). "more" is the admin's own section.
SECTION_KEYS = ("who", "what", "why", "basis", "who_sees", "how_long", "rights", "contact")
MORE = "more"

ICO_URL = "https://ico.org.uk/make-a-complaint/"
ICO_PHONE = "0303 123 1113"


@dataclass
class Section:
    """One part of a notice. ``facts``: sentences made from the product's settings (always shown);
    ``words``: what the organisation's admin added (may be empty); ``links``: (words, address) pairs."""

    key: str
    heading: str
    facts: list[str]
    words: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Retention:
    """How long each kind of data is kept, from settings (see settings.py "--- Retention")."""

    payment_days: int
    message_days: int
    anonymous_feedback_days: int
    audit_days: int
    left_member_days: int


def retention() -> Retention:
    """The retention periods in force, from ``settings.RETENTION`` (the same table the nightly retention sweep in
    ``roundtable.yourdata`` follows, so the notice and the sweep cannot disagree). Days, except ``payment_days``
    counted from the day a payment was made."""
    return Retention(
        payment_days=retention_days("payments"),
        message_days=retention_days("messages"),
        anonymous_feedback_days=retention_days("anonymous_feedback"),
        audit_days=retention_days("audit"),
        left_member_days=retention_days("left_profiles"),
    )


def days_in_words(days: int) -> str:
    """A period in plain words: whole years when it is a whole number of years (365 days each), else days."""
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def texts_on() -> bool:
    """True when text messages can be sent (a text service is switched on)."""
    from roundtable.notifications.conf import text_backend

    return text_backend() != "off"


def operator_name() -> str:
    return str(getattr(settings, "OPERATOR_NAME", "") or _("the Roundtable team"))


def operator_contact() -> str:
    return str(getattr(settings, "OPERATOR_CONTACT", "") or settings.DEFAULT_FROM_EMAIL)


def _what(*, pays: bool | None) -> list[str]:
    facts = [
        _("Your name, and the name you choose to be called by in each project."),
        _("How to reach you: your email, and your phone number or address if you give them."),
        _("How you like to be contacted, the times that suit you, and the formats you need, such as large print."),
        _("Your needs and your caring jobs, if you tell us, so meetings work for you."),
        _("What you write or say in a project, like ideas, notes, votes and messages."),
        _("Which meetings you came to, and what you did in the project, so you can be thanked and named."),
    ]
    if pays is None:
        facts.append(_("If a group pays you: your claims, how you want to be paid, and what was paid."))
    elif pays:
        facts.append(_("Because we pay people: your claims, receipts, how you want to be paid, and each payment."))
        facts.append(
            _("If you get benefits and tell us, which ones. Then we can warn you if a payment may change them.")
        )
    facts.append(_("A record of who did what, and when, so mistakes can be found and put right."))
    return facts


def _who_sees(*, pays: bool | None) -> list[str]:
    facts = [
        _("The staff who run your project see what you choose to share with them. You choose this for each project."),
        _("Other members see only the name you chose, and what you post for them."),
        _("If you post with no name, nobody in the project can see it was you."),
    ]
    if pays is not False:
        facts.append(_("Finance staff see your claims and how you want to be paid, so they can pay you."))
    channels = [_("We send emails through a firm that sends email.")]
    if texts_on():
        channels.append(_("Text messages go through GOV.UK Notify, which sends them for us."))
    channels.append(_("Letters are printed and posted by the staff who run your project."))
    channels.append(_("Phone calls are made by the staff who run your project."))
    facts.extend(channels)
    facts.append(
        _("The people who run the website (%(operator)s) look at it only to fix a problem.")
        % {"operator": operator_name()}
    )
    facts.append(_("We never sell what we know about you. We never use it for adverts."))
    return facts


def _how_long(*, pays: bool | None) -> list[str]:
    kept = retention()
    facts = []
    if pays is not False:
        facts.append(
            _(
                "Claims, receipts and payments: %(period)s from the day they were paid. The law (HMRC) says we must "
                "keep them this long. Your name is taken off if you delete your account."
            )
            % {"period": days_in_words(kept.payment_days)}
        )
    facts += [
        _("Messages to you and from you: %(period)s.") % {"period": days_in_words(kept.message_days)},
        _("Feedback given without a name: %(period)s.") % {"period": days_in_words(kept.anonymous_feedback_days)},
        _("The record of who did what: %(period)s.") % {"period": days_in_words(kept.audit_days)},
        _("Your profile, once you leave all your projects and stop signing in: %(period)s.")
        % {"period": days_in_words(kept.left_member_days)},
        _("When you delete your account, the rest goes straight away."),
    ]
    return facts


def _rights() -> list[str]:
    return [
        _("You can get a copy of everything we hold about you."),
        _("You can change anything that is wrong, on your profile page."),
        _("You can delete your account. We keep only what the law says we must, without your name."),
        _("You can ask us to stop using your information, or to use it less."),
        _("You can take back a 'yes' you gave, such as sharing your story, at any time."),
        _(
            "Not happy with what we do with your details? You can complain to the Information "
            "Commissioner's Office (ICO) on %(phone)s."
        )
        % {"phone": ICO_PHONE},
    ]


def platform_sections() -> list[Section]:
    """The platform's notice (``/privacy/``): the operator as processor, every organisation as controller."""
    operator = operator_name()
    return [
        Section(
            "who",
            _("Who we are"),
            [
                _("On Roundtable, groups work with people who know a subject from their own lives."),
                _(
                    "Each group that runs a project decides what to do with what it knows about you. "
                    "The law calls it the 'controller'."
                ),
                _(
                    "The website is run for them by %(operator)s. The law calls this the 'processor'. "
                    "We only do what the groups ask and what this page says."
                )
                % {"operator": operator},
                _("Each group has its own notice. There is a link at the bottom of its pages."),
            ],
        ),
        Section("what", _("What we collect"), _what(pays=None)),
        Section("why", _("Why we collect it"), _why(pays=None)),
        Section("basis", _("The law that lets us use it"), _basis(pays=None)),
        Section("who_sees", _("Who sees it"), _who_sees(pays=None)),
        Section("how_long", _("How long we keep it"), _how_long(pays=None)),
        Section("rights", _("Your rights, and how to use them"), _rights(), links=_rights_links()),
        Section(
            "contact",
            _("How to contact us"),
            [
                _("To ask about what we keep, first ask the people who run your project."),
                _("To contact %(operator)s, write to %(contact)s.")
                % {"operator": operator, "contact": operator_contact()},
            ],
        ),
    ]


def _why(*, pays: bool | None) -> list[str]:
    facts = [
        _("To invite you to projects and tell you what is happening, in the way you asked for."),
        _("To make meetings work for you, with the papers, times and support you need."),
    ]
    if pays is not False:
        facts.append(_("To pay you and your expenses, and to keep the records the law asks for."))
    facts += [
        _("To thank you and name you for your work, but only in the way you choose."),
        _("To show whether a project really listens to its partners."),
    ]
    return facts


def _basis(*, pays: bool | None) -> list[str]:
    facts = [
        _(
            "Taking part: the group needs it to work with you. "
            "The law calls this a fair reason, or legitimate interests."
        ),
        _("Your story, and sharing your profile: only if you say yes (consent). You can change your mind."),
        _("Your needs and your health: only if you say yes. This is called explicit consent."),
    ]
    if pays is not False:
        facts.append(_("Payments: the law says we must keep a record of them. This is called a legal duty."))
    return facts


def _rights_links() -> list[tuple[str, str]]:
    return [
        (_("Get a copy, or delete it all"), "/my-data/"),
        (_("Change your profile"), "/profile/"),
        (_("Complain to the ICO"), ICO_URL),
    ]


def organisation_pays(organisation) -> bool:
    """True when the organisation pays people: a project with a pay rate, or any claim (two small queries)."""
    from roundtable.payments.models import Claim
    from roundtable.projects.models import Project

    if Project.objects.filter(organisation=organisation, pay_rate__isnull=False).exists():
        return True
    return Claim.objects.filter(project__organisation=organisation).exists()


def organisation_sections(organisation, *, words: dict[str, tuple[str, str]] | None = None) -> list[Section]:
    """The organisation's notice (``/organisations/<slug>/privacy/``): the organisation as controller.

    ``words``: section key -> (heading, the admin's words) from ``NoticeWords``; the "more" key adds a
    section of the admin's own at the end. Queries: two (``organisation_pays``).
    """
    words = words or {}
    pays = organisation_pays(organisation)
    name = organisation.name
    contact = [_("Write to %(name)s, or phone them, to ask about your information.") % {"name": name}]
    if organisation.postal_address.strip():
        contact.append(
            _("Address: %(address)s")
            % {"address": ", ".join(line.strip() for line in organisation.postal_address.splitlines() if line.strip())}
        )
    if organisation.phone.strip():
        contact.append(_("Phone: %(phone)s") % {"phone": organisation.phone.strip()})
    sections = [
        Section(
            "who",
            _("Who we are"),
            [
                _(
                    "%(name)s runs projects here. We decide what we do with what we know about you. "
                    "The law calls us the 'controller'."
                )
                % {"name": name},
                _("The website is run for us by %(operator)s. The law calls this the 'processor'.")
                % {"operator": operator_name()},
            ],
        ),
        Section("what", _("What we collect"), _what(pays=pays)),
        Section("why", _("Why we collect it"), _why(pays=pays)),
        Section("basis", _("The law that lets us use it"), _basis(pays=pays)),
        Section("who_sees", _("Who sees it"), _who_sees(pays=pays)),
        Section("how_long", _("How long we keep it"), _how_long(pays=pays)),
        Section("rights", _("Your rights, and how to use them"), _rights(), links=_rights_links()),
        Section("contact", _("How to contact us"), contact),
    ]
    for section in sections:
        if section.key in words:
            section.words = words[section.key][1]
    if MORE in words and words[MORE][1].strip():
        heading, body = words[MORE]
        sections.append(Section(MORE, heading or _("More from us"), [], words=body))
    return sections


def section_headings() -> dict[str, str]:
    """Section key -> heading, for the admin's form."""
    return {s.key: s.heading for s in platform_sections()}
