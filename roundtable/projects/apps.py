from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "roundtable.projects"
    label = "projects"

    def ready(self) -> None:
        # Organiser tasks (in notifications, below us) follow the staff roles people hold now.
        from roundtable.notifications.access import TaskAccess, register_task_access
        from roundtable.projects.permissions import task_handler_for, task_organisations_for

        register_task_access(TaskAccess(organisations_for=task_organisations_for, handler_for=task_handler_for))

        # Letters (in notifications) end with who to phone or write to, from the project and organisation.
        from roundtable.notifications.letter_parts import register_letter_parts
        from roundtable.projects.letters import letter_parts

        register_letter_parts(letter_parts)

        # Call scripts (in notifications) end with the project's support contacts.
        from roundtable.notifications.letter_parts import register_spoken_parts
        from roundtable.projects.support import spoken_lines

        register_spoken_parts(spoken_lines)
        # Audit rows carry their organisation, so its admins can read them (roundtable.promises' audit log).
        from roundtable.audit.services import register_organisation_finder
        from roundtable.projects.audit_scope import organisation_for

        register_organisation_finder(organisation_for)

        from roundtable.lib import periodic
        from roundtable.projects.joining import onboarding_reminders_due

        periodic.register("projects.joining_reminders", onboarding_reminders_due)
