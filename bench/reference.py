"""The two floors every page is measured against, kept out of the product code.

* the trivial view is the product's own /healthz, through the same middleware;
* the reference page renders 50 rows from one query through a template that
  extends the product's base.html (same layout, same context processors), so a
  page's ratio to it says how much more than "one query and a table" it costs.

`bench.urls` is the product's URLconf plus the reference page; run.py switches
ROOT_URLCONF to it with override_settings.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines

from roundtable.accounts.models import User

REFERENCE_ROWS = 50

_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}
{% block title %}Reference page{% endblock %}
{% block content %}
<h1 class="govuk-heading-xl">Reference page</h1>
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">People</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Name</th>
    <th scope="col" class="govuk-table__header">Email</th>
    <th scope="col" class="govuk-table__header">Joined</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {% for person in people %}
  <tr class="govuk-table__row">
    <td class="govuk-table__cell">{{ person.full_name }}</td>
    <td class="govuk-table__cell">{{ person.email|default:"-" }}</td>
    <td class="govuk-table__cell">{{ person.date_joined|date:"j M Y" }}</td>
  </tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}"""
)


@login_required
def reference_page(request: HttpRequest) -> HttpResponse:
    people = list(User.objects.order_by("id").only("full_name", "email", "date_joined")[:REFERENCE_ROWS])
    return HttpResponse(_TEMPLATE.render({"people": people}, request))
