"""Round-table addresses, under a meeting (docs/round-tables.md). Included from decisions/urls.py."""

from django.urls import path

from roundtable.decisions import round_tables_views as views

R = "projects/<int:project_id>/meetings/<int:meeting_id>/round-tables/"
ITEM = R + "<int:item_id>/"

urlpatterns = [
    path(R, views.meeting_round_tables, name="meeting_round_tables"),
    path(ITEM, views.round_table_page, name="round_table"),
    path(ITEM + "start/", views.round_table_start, name="round_table_start"),
    path(ITEM + "turn/", views.round_table_turn, name="round_table_turn"),
]
