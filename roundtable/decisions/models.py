"""Decisions: proposals, votes, outcomes and round-table turns (docs/decisions.md)."""

from roundtable.decisions.models_rounds import *  # noqa: E402, F401, F403
