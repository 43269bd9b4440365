"""Facilitator: the headless core of the workshop app (no Qt here, ever)."""

__version__ = "0.1.0"
