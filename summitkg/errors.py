"""Every error summitkg reports to a user, under one root, each with its exit code.

The CLI catches :class:`SummitKGError` in one place (``summitkg.cli_common.Group``) and
prints ``summitkg: error: MESSAGE`` on stderr, exiting with the error's ``exit_code``.
The README's exit-code table lists the codes (``EXIT_CODES`` below; a test keeps the two
in step). The library raises the most specific class; callers that only want "anything
summitkg refuses" catch the root.
"""
from __future__ import annotations

# code -> what it means; the README's "Exit codes" table states the same.
EXIT_CODES = {
    0: "success",
    1: "a check failed",
    2: "bad input or usage",
    3: "internal error",
    130: "interrupted",
}


class SummitKGError(Exception):
    """The root: a one-line message for the user and the code the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    def __reduce__(self):
        # kept across process boundaries (build workers, query children) with its exit code
        return (self.__class__, (str(self), self.exit_code))


class UserError(SummitKGError):
    """Bad input or a refused operation (exit 2 unless given another code)."""


class InputError(UserError, ValueError):
    """An article that cannot be used (missing, unreadable, not text, empty, too large)."""


class StoreError(UserError, RuntimeError):
    """A store that cannot be used: missing, foreign, locked, changing under the reader."""


class CurationError(UserError, ValueError):
    """A correction that cannot be made."""


class CheckFailed(SummitKGError):
    """The command ran, and what it checks does not hold (SHACL violations, a push whose
    target does not match the store, two actors with no path between them): exit 1."""

    exit_code = 1


class InternalError(SummitKGError):
    """Something summitkg itself got wrong (a crashed query engine, a broken install): exit 3."""

    exit_code = 3
