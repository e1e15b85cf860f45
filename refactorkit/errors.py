"""Errors that reach the user as a one-line message and exit code 2 (usage or input)."""

from __future__ import annotations


class UserError(Exception):
    """Bad usage or input: the CLI prints the message and exits with 2. Never a traceback."""
