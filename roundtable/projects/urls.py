from django.urls import path

from roundtable.projects import views_join, views_org, views_project, views_support

app_name = "projects"

urlpatterns = [
    path("my-projects/", views_join.my_projects, name="my_projects"),
    path("find-a-project/", views_project.open_projects, name="open_projects"),
    path("invitations/<str:token>/", views_join.invitation, name="invitation"),
    path("invitations/<str:token>/join/", views_join.invitation_accept, name="invitation_accept"),
    path("invitations/<str:token>/decline/", views_join.invitation_decline, name="invitation_decline"),
    # Organisations
    path("organisations/", views_org.org_list, name="org_list"),
    path("organisations/new/", views_org.org_create, name="org_create"),
    path("organisations/<slug:slug>/", views_org.org_dashboard, name="org_dashboard"),
    path("organisations/<slug:slug>/contact/", views_org.org_contact, name="org_contact"),
    path("organisations/<slug:slug>/staff/invite/", views_org.staff_invite, name="staff_invite"),
    path("organisations/<slug:slug>/staff/<int:user_id>/", views_org.staff_roles, name="staff_roles"),
    path("organisations/<slug:slug>/rates/", views_org.rates, name="rates"),
    path("organisations/<slug:slug>/projects/new/", views_org.project_create, name="project_create"),
    # Projects
    path("projects/<int:project_id>/", views_project.project_page, name="project"),
    path("projects/<int:project_id>/offer/", views_project.offer, name="offer"),
    path("projects/<int:project_id>/interest/", views_project.interest, name="interest"),
    path("projects/<int:project_id>/offer/edit/", views_project.offer_edit, name="offer_edit"),
    path("projects/<int:project_id>/publish/", views_project.publish, name="publish"),
    path("projects/<int:project_id>/steps/", views_project.steps, name="steps"),
    path("projects/<int:project_id>/members/", views_project.members, name="members"),
    path("projects/<int:project_id>/members/invite/", views_project.invite, name="invite"),
    path("projects/<int:project_id>/members/invitations/", views_project.invitations, name="invitations"),
    path("projects/<int:project_id>/members/add-for-someone/", views_project.add_by_proxy, name="add_by_proxy"),
    path(
        "projects/<int:project_id>/members/<int:membership_id>/remove/",
        views_project.member_remove,
        name="member_remove",
    ),
    path("projects/<int:project_id>/people/<int:user_id>/answers/", views_project.proxy_answers, name="proxy_answers"),
    path(
        "projects/<int:project_id>/people/<int:user_id>/answers/sharing/",
        views_project.proxy_sharing,
        name="proxy_sharing",
    ),
    path(
        "projects/<int:project_id>/people/<int:user_id>/answers/<slug:key>/",
        views_project.proxy_question,
        name="proxy_question",
    ),
    path("projects/<int:project_id>/sharing/", views_project.sharing, name="sharing"),
    path("projects/<int:project_id>/leave/", views_project.leave, name="leave"),
    path("projects/<int:project_id>/messages/new/", views_project.announce, name="announce"),
    path(
        "projects/<int:project_id>/messages/<int:announcement_id>/",
        views_project.announcement,
        name="announcement",
    ),
    path("projects/<int:project_id>/support/", views_support.support_page, name="support"),
    path("projects/<int:project_id>/support/<int:contact_id>/", views_support.support_edit, name="support_edit"),
    path(
        "projects/<int:project_id>/support/<int:contact_id>/remove/",
        views_support.support_remove,
        name="support_remove",
    ),
    path("projects/<int:project_id>/interest/list/", views_project.interests, name="interests"),
]
