from django.urls import path

from roundtable.notifications import views, views_replies

app_name = "notifications"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/settings/", views.preferences, name="preferences"),
    path("messages/<int:message_id>/", views.message_detail, name="message_detail"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/letters/", views.letters, name="letters"),
    path("tasks/letters/replies/", views_replies.reply_slip, name="reply_slip"),
    path("tasks/letters/print.pdf", views.letters_print, name="letters_print"),
    path("tasks/letters/<int:task_id>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("tasks/calls/", views.calls, name="calls"),
    path("tasks/<int:task_id>/done", views.task_done, name="task_done"),
]
