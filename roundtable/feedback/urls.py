from django.urls import path

from roundtable.feedback import views_barriers, views_boards, views_checkins, views_public, views_responses

app_name = "feedback"

P = "projects/<int:project_id>/"
B = P + "boards/<int:board_id>/"
N = B + "notes/<int:note_id>/"

urlpatterns = [
    path(P + "barriers/", views_barriers.barrier_list, name="barriers"),
    path(P + "barriers/new/", views_barriers.barrier_new, name="barrier_new"),
    path(P + "barriers/<int:barrier_id>/", views_barriers.barrier_page, name="barrier"),
    path(P + "boards/", views_boards.board_list, name="boards"),
    path(P + "boards/new/", views_boards.board_new, name="board_new"),
    path(B, views_boards.board_page, name="board"),
    path(B + "themes/", views_boards.theme_new, name="theme_new"),
    path(B + "suggestions/<int:suggestion_id>/agree/", views_boards.suggestion_confirm, name="suggestion_confirm"),
    path(N + "dot/", views_boards.note_vote, name="note_vote"),
    path(N + "theme/", views_boards.note_theme, name="note_theme"),
    path(N + "hide/", views_boards.note_hide, name="note_hide"),
    path(N + "report/", views_boards.note_report, name="note_report"),
    path(P + "you-said-we-did/", views_responses.response_list, name="responses"),
    path(P + "you-said-we-did/new/", views_responses.response_new, name="response_new"),
    path(P + "you-said-we-did/waiting/", views_responses.unanswered, name="unanswered"),
    path(P + "meetings/<int:meeting_id>/check-in/", views_checkins.check_in, name="check_in"),
    path(P + "meetings/<int:meeting_id>/check-in/support/", views_checkins.check_in_support, name="check_in_support"),
    path(P + "meetings/<int:meeting_id>/check-in/open/", views_checkins.check_in_open, name="check_in_open"),
    path(P + "meetings/<int:meeting_id>/check-in/for/<int:user_id>/", views_checkins.check_in_for, name="check_in_for"),
    path(P + "anonymous-feedback/", views_public.feedback_page, name="feedback"),
    path(P + "anonymous-feedback/link/", views_public.feedback_link_make, name="feedback_link"),
    path("say/<str:token>/", views_public.say, name="say"),
]
