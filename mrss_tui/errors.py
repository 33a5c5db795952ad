"""Errors a user may see. Their messages are one line, say what to do, and never carry PHI."""

from __future__ import annotations


class MrssError(Exception):
    """Base for every error that is shown to a user as a one-line message."""

    exit_code = 1


class ConfigError(MrssError):
    exit_code = 2


class DatabaseError(MrssError):
    """The database file cannot be used (missing, not SQLite, damaged, newer schema)."""

    exit_code = 3


class DatabaseDamaged(DatabaseError):
    """SQLite reported the file corrupt (SQLITE_CORRUPT / SQLITE_NOTADB) during use, or a check
    found damage: the process stops writing to it."""

    exit_code = 8


class DatabaseReadOnly(DatabaseError):
    """The file, its folder or the disk is read-only for this user."""

    exit_code = 9


class DiskFull(DatabaseError):
    """No space left: the change being saved was rolled back by SQLite."""

    exit_code = 10


class PermissionDenied(MrssError):
    """The acting staff member's role may not do this."""

    exit_code = 4


class NotFound(MrssError):
    exit_code = 5


class ConflictError(MrssError):
    """Someone else saved the same record first (row version mismatch)."""

    exit_code = 6


class ValidationFailed(MrssError):
    """Input that breaks a rule. ``problems`` maps a field name to a message for forms."""

    exit_code = 7

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or {}


class AlreadyRecorded(MrssError):
    """This intake (its draft id) became a call already; nothing new was stored."""

    exit_code = 6

    def __init__(self, call_ref: str) -> None:
        super().__init__(f"This call is already recorded as {call_ref}; nothing new was stored.")
        self.call_ref = call_ref
