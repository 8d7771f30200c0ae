"""Template tags for "my contributions": each draws one of the page's lists with ``credits.drawing``."""

from __future__ import annotations

from django import template

from roundtable.credits import drawing

register = template.Library()
register.simple_tag(drawing.my_project_rows, name="my_project_rows")
register.simple_tag(drawing.my_help_rows, name="my_help_rows")
register.simple_tag(drawing.my_credit_items, name="my_credit_items")
