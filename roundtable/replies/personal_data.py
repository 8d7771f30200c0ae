"""The replies app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

Every reply a person sent us by email, text, post or phone, and every file they sent with one, is in their
download and goes with their account.
A reply from an unknown sender has no person; the messages retention period clears it.
"""

from roundtable.lib.personal_data import DELETE, Entry, register

register(
    Entry(
        "replies.InboundReply",
        person=("person",),
        actors=("entered_by", "read_by"),
        export="replies_you_sent",
        fields=("channel", "status", "reason", "subject", "text", "by_proxy", "landed_as", "created_at"),
        erase=DELETE,
        words="Replies you sent us by email, text, post or phone",
    ),
    Entry(
        "replies.ReplyFile",
        person=("reply__person",),
        export="files_with_your_replies",
        fields=("reply_id", "name", "content_type", "size", "created_at"),
        files=("file",),
        erase=DELETE,
        words="Files you sent with a reply by email",
    ),
)
