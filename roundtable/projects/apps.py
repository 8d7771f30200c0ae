from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "roundtable.projects"
    label = "projects"
