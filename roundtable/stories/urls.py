from django.urls import path

from roundtable.stories import views_mine, views_project

app_name = "stories"

urlpatterns = [
    path("my-story/", views_mine.mine, name="mine"),
    path("my-story/new/", views_mine.part_new, name="part_new"),
    path("my-story/<int:part_id>/edit/", views_mine.part_edit, name="part_edit"),
    path("my-story/<int:part_id>/delete/", views_mine.part_delete, name="part_delete"),
    path("my-story/<int:part_id>/recording/", views_mine.part_audio, name="part_audio"),
    path("my-story/<int:part_id>/share/", views_mine.share_new, name="share_new"),
    path("my-story/shares/<int:share_id>/withdraw/", views_mine.share_withdraw, name="share_withdraw"),
    path("my-story/requests/<int:request_id>/", views_mine.request_page, name="request"),
    path("my-story/requests/<int:request_id>/no/", views_mine.request_decline, name="request_decline"),
    path("my-story/quotes/<int:quote_id>/", views_mine.quote_answer, name="quote_answer"),
    path("projects/<int:project_id>/stories/", views_project.project_stories, name="project"),
    path("projects/<int:project_id>/stories/ask/", views_project.request_new, name="request_new"),
    path("projects/<int:project_id>/stories/<int:share_id>/", views_project.read, name="read"),
    path("projects/<int:project_id>/stories/<int:share_id>/recording/", views_project.read_audio, name="read_audio"),
    path("projects/<int:project_id>/stories/<int:share_id>/quote/", views_project.quote_new, name="quote_new"),
    path(
        "projects/<int:project_id>/stories/quotes/<int:quote_id>/taken-out/",
        views_project.quote_removed,
        name="quote_removed",
    ),
    path("projects/<int:project_id>/people/<int:person_id>/story/", views_project.proxy, name="proxy"),
    path(
        "projects/<int:project_id>/people/<int:person_id>/story/<int:part_id>/right/",
        views_project.proxy_confirm,
        name="proxy_confirm",
    ),
    path(
        "projects/<int:project_id>/people/<int:person_id>/story/<int:part_id>/share/",
        views_project.proxy_share,
        name="proxy_share",
    ),
    path(
        "projects/<int:project_id>/people/<int:person_id>/story/requests/<int:request_id>/no/",
        views_project.proxy_decline,
        name="proxy_decline",
    ),
]
