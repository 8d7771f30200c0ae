"""Sign 3, "Not a valued partner": do partners say, in check-ins, that they were heard and valued?

The headline is the average of "I felt heard" and "I felt valued" (points on the 1 to 5 scale) over
check-in answers given in the last ``WINDOW_DAYS`` days up to the moment measured; the figures are
those two and the four "how it felt" questions, each with which way it went month by month
(``feedback.felt_summary``). Any figure from fewer than three people is not shown, so partners, who
see the same page, cannot tell who said what (docs/health.md, "Sign 3" and "How it felt, in partners'
words").
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.feedback.felt import MIN_PEOPLE, FeltQuestion, Trend
from roundtable.feedback.selectors import felt_summary, next_meeting_for_check_in
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.projects.models import Project

# "Recent check-ins": answers given in the last 90 days (about three months), so the sign follows
# how things feel now and a month-by-month trend still has several months to compare.
WINDOW_DAYS = 90

THRESHOLD = Threshold(
    unit="points",
    good=Decimal("4"),
    at_risk=Decimal("3"),
    higher_is_better=True,
    min_evidence=MIN_PEOPLE,
    evidence_noun="people who answered",
    evidence_noun_one="person who answered",
    source=(
        "Our own judgement. On the check-in scale 4 means 'Mostly' and 3 means 'Some of the time'. "
        "The three-person rule keeps answers from being traced to one person."
    ),
)

_TREND_WORDS = {
    Trend.UP: gettext_lazy("going up"),
    Trend.DOWN: gettext_lazy("going down"),
    Trend.SAME: gettext_lazy("about the same"),
}


def _points(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def _figure(question: FeltQuestion) -> Figure:
    if question.average is None:
        return Figure(question.label, _("Not shown: fewer than %(n)s people answered.") % {"n": MIN_PEOPLE})
    value = _("%(points)s out of 5, from %(people)s people") % {
        "points": _points(question.average),
        "people": question.people,
    }
    if question.trend is not None:
        value = f"{value}, {_TREND_WORDS[question.trend]}"
    return Figure(question.label, value)


def _headline(heard: FeltQuestion, valued: FeltQuestion) -> tuple[Decimal | None, int]:
    """The mean of the two averages that are shown, and the most people either was drawn from."""
    shown = [q for q in (heard, valued) if q.average is not None]
    if not shown:
        return None, 0
    total = sum((q.average for q in shown if q.average is not None), Decimal(0))
    mean = (total / len(shown)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return mean, max(q.people or 0 for q in shown)


def _action(ctx: HealthContext) -> Action:
    meeting = next_meeting_for_check_in(ctx.project, as_of=ctx.as_of)
    if meeting is None:
        return Action(
            _("Book the next meeting, then open a check-in after it."),
            reverse("meetings:new", args=[ctx.project.pk]),
        )
    return Action(
        _("Open a check-in after the next meeting, so partners can say how it felt."),
        reverse("feedback:check_in", args=[ctx.project.pk, meeting.pk]),
    )


def measure(ctx: HealthContext) -> Finding:
    """Sign 3 for ``ctx.project`` from check-in answers given in the ``WINDOW_DAYS`` days up to ``ctx.as_of``.

    ``value`` is in points (1 to 5), ``evidence`` the number of people it is drawn from (0 when fewer
    than three answered, so the count is not shown either). Queries: two for the answers, and one
    more to find the next meeting when there is something to do (any rating but good), whatever the
    amount of data.
    """
    since = ctx.as_of - dt.timedelta(days=WINDOW_DAYS)
    summary = felt_summary(ctx.project, as_of=ctx.as_of, since=since, with_comments=False)
    value, evidence = _headline(summary.question("heard"), summary.question("valued"))
    rating = THRESHOLD.rate(value, evidence)
    if rating == Rating.NOT_ENOUGH or value is None:
        return Finding(
            rating=rating,
            value=None,
            evidence=0,
            summary=_(
                "Fewer than 3 people have said in a check-in whether they felt heard and valued in the last "
                "%(days)s days. We show answers once 3 people have given them, so nobody can be picked out."
            )
            % {"days": WINDOW_DAYS},
            # An ended project has no more meetings to ask after.
            action=None if ctx.project.status == Project.Status.ENDED else _action(ctx),
        )
    words = {"points": _points(value), "people": evidence, "days": WINDOW_DAYS}
    if rating == Rating.GOOD:
        text = _(
            "Partners say they feel heard and valued: %(points)s out of 5 from %(people)s people in the last "
            "%(days)s days."
        )
    elif rating == Rating.ATTENTION:
        text = _(
            "Partners feel only partly heard and valued: %(points)s out of 5 from %(people)s people in the "
            "last %(days)s days."
        )
    else:
        text = _(
            "Partners do not feel heard and valued: %(points)s out of 5 from %(people)s people in the last "
            "%(days)s days. Ask them what would help, and act on it."
        )
    return Finding(
        rating=rating,
        value=value,
        evidence=evidence,
        summary=text % words,
        action=None if rating == Rating.GOOD else _action(ctx),
        figures=tuple(_figure(question) for question in summary.questions),
    )


SIGN = register_sign(
    Sign(
        number=3,
        key="not_valued",
        title="Not a valued partner",
        plain=_("Partners did not feel heard or valued"),
        measures=(
            "How heard and valued partners say they felt in check-ins over the last 90 days, beside the four "
            "'how it felt' questions."
        ),
        threshold=THRESHOLD,
        measure=measure,
    )
)
