from django.apps import AppConfig


class ConversationConfig(AppConfig):
    """A project's conversation between meetings: topics, replies by any channel, moderation."""

    name = "roundtable.conversation"
    label = "conversation"

    def ready(self) -> None:
        from roundtable.conversation.letters import letter_parts
        from roundtable.conversation.selectors import project_panel_data
        from roundtable.notifications.letter_parts import register_letter_parts
        from roundtable.projects.panels import ProjectPanel, register_project_panel

        # Asked before the projects provider, so the conversation's own contact wins.
        register_letter_parts(letter_parts, specific=True)
        # Topics and replies by partners count as things people told us (feedback/inputs.py): "you said, we
        # did" can answer them and the health check's sign 2 counts them (conversation/inputs.py).
        from roundtable.conversation.inputs import REPLIES, TOPICS
        from roundtable.feedback.inputs import register_input_kind

        register_input_kind(TOPICS)
        register_input_kind(REPLIES)
        # The project page's "Conversation" panel, after decisions (15) and before listening (20). No query.
        register_project_panel(
            ProjectPanel(
                key="conversation", order=18, template="conversation/panels/project.html", data=project_panel_data
            )
        )
