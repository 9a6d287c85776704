"""Errors that end a command with a Chinese message instead of a traceback."""

from __future__ import annotations


class SpotcheckError(Exception):
    """A failure the user can act on; the message is Chinese and names file and line."""

    exit_code = 1


class UsageError(SpotcheckError):
    exit_code = 2
