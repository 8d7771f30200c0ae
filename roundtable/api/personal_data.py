"""The API app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

Tokens and webhook endpoints are the organisation's, not a person's: the links only say which admin made or
revoked them. A token's and a cursor's ``name`` is a system's name ("Finance system"), not a person's.
Deliveries carry ids and figures, never names (docs/api.md)."""

from roundtable.lib.personal_data import NOTHING, Entry, register

register(
    Entry("api.ApiToken", actors=("created_by", "revoked_by"), not_a_person=("name",), erase=NOTHING),
    Entry("api.WebhookEndpoint", actors=("created_by",), erase=NOTHING),
    Entry("api.WebhookDelivery", erase=NOTHING),
    Entry("api.EventCursor", not_a_person=("name",), erase=NOTHING),
)
