"""Errors the CLI reports as one line on stderr, with their exit codes."""
from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused operation; ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
