from django.urls import path

from roundtable.safety import views

app_name = "safety"

P = "projects/<int:project_id>/ground-rules/"

urlpatterns = [
    path(P, views.ground_rules, name="ground_rules"),
    path(P + "<int:rule_id>/vote/", views.rule_vote, name="rule_vote"),
    path(P + "<int:rule_id>/agree/", views.rule_agree, name="rule_agree"),
    path(P + "<int:rule_id>/retire/", views.rule_retire, name="rule_retire"),
    path(P + "report/", views.report, name="report"),
    path(P + "reports/", views.reports, name="reports"),
    path(P + "reports/<int:report_id>/handled/", views.report_handled, name="report_handled"),
]
