from django import template

from roundtable.feedback import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def listening_summary(context, project, access):
    """Open boards, barrier counts and responses for the project page (three queries)."""
    return selectors.project_summary(project=project, access=access, user=context["request"].user)
