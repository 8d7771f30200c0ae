"""Decisions: proposals, votes, outcomes and round-table turns (docs/decisions.md)."""
