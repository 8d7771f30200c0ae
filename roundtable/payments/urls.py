from django.urls import path

from roundtable.payments import views_claims, views_finance, views_person

app_name = "payments"

ORG = "payments/org/<slug:slug>/"

urlpatterns = [
    path("payments/", views_claims.my_payments, name="mine"),
    path("payments/claims/<int:claim_id>/", views_claims.claim_page, name="claim"),
    path("payments/claims/<int:claim_id>/edit/", views_claims.claim_edit, name="claim_edit"),
    path("payments/claims/<int:claim_id>/receipt/", views_claims.receipt, name="receipt"),
    path("payments/claims/<int:claim_id>/correct/", views_claims.claim_correct, name="claim_correct"),
    path("payments/claims/<int:claim_id>/<str:action>/", views_claims.claim_action, name="claim_action"),
    path("payments/projects/<int:project_id>/claims/", views_claims.project_claims, name="project_claims"),
    path("payments/projects/<int:project_id>/claim/<str:kind>/", views_claims.claim_new, name="claim_new"),
    path("payments/projects/<int:project_id>/paid-in-advance/", views_claims.advance_new, name="advance_new"),
    path("payments/choices/", views_person.choices, name="choices"),
    path("payments/benefits/", views_person.benefits, name="benefits"),
    path("payments/statements/<int:run_id>/", views_person.statement, name="statement"),
    path("payments/letter.pdf", views_person.letter, name="letter"),
    path(ORG, views_finance.finance_home, name="finance"),
    path(ORG + "settings/", views_finance.settings_page, name="settings"),
    path(ORG + "runs/new/", views_finance.run_new, name="run_new"),
    path(ORG + "runs/<int:run_id>/", views_finance.run_page, name="run"),
    path(ORG + "runs/<int:run_id>/payee/", views_finance.run_payee, name="run_payee"),
    path(ORG + "runs/<int:run_id>/export.<str:fmt>", views_finance.run_export, name="run_export"),
]
