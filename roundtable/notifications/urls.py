from django.urls import path

from roundtable.notifications import views

app_name = "notifications"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:message_id>/", views.message_detail, name="message_detail"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:task_id>/done", views.task_done, name="task_done"),
]
