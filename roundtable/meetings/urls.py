from django.urls import path

from roundtable.meetings import views_calendar, views_meeting, views_poll

app_name = "meetings"

P = "projects/<int:project_id>/meetings/"
M = P + "<int:meeting_id>/"

urlpatterns = [
    path(P, views_meeting.meeting_list, name="list"),
    path(P + "new/", views_meeting.meeting_new, name="new"),
    path(M, views_meeting.meeting_page, name="meeting"),
    path(M + "edit/", views_meeting.meeting_edit, name="edit"),
    path(M + "cancel/", views_meeting.meeting_cancel, name="cancel"),
    path(M + "messages/", views_meeting.meeting_messages, name="messages"),
    path(M + "agenda/", views_meeting.agenda, name="agenda"),
    path(M + "papers/", views_meeting.papers, name="papers"),
    path(M + "papers/<int:paper_id>/download/", views_meeting.paper_download, name="paper_download"),
    path(M + "attendance/", views_meeting.attendance, name="attendance"),
    path(M + "meeting.ics", views_calendar.meeting_ics, name="meeting_ics"),
    path(P + "polls/new/", views_poll.poll_new, name="poll_new"),
    path(P + "polls/<int:poll_id>/", views_poll.poll_page, name="poll"),
    path(P + "polls/<int:poll_id>/for/<int:user_id>/", views_poll.poll_answer_for, name="poll_answer_for"),
    path(P + "polls/<int:poll_id>/book/", views_poll.poll_schedule, name="poll_schedule"),
    path(P + "polls/<int:poll_id>/close/", views_poll.poll_close, name="poll_close"),
    path("calendar/", views_calendar.my_calendar, name="my_calendar"),
    path("calendar/<str:token>.ics", views_calendar.feed, name="feed"),
]
