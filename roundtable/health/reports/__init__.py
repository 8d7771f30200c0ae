"""Reports drafted from a project's record: the GRIPP2 section for a paper, a funder report for any dates,
and an evidence pack against the six UK Standards for Public Involvement (issue 15, "Reports").

Reads live in ``gripp2``, ``funder``, ``standards`` and ``people`` (who may be named); writes (an
organiser's edits to a GRIPP2 section) in ``services``; files (Markdown, Word, PDF) in ``exports``.
"""
