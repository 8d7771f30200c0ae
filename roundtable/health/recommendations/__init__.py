"""Modules that register the evidence for the seed's twenty recommendations (docs/health.md)."""
