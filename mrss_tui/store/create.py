"""Making a new database file so that nothing at its path is ever overwritten or removed.

The file is built under a private temporary name beside the path, closed (SQLite then folds its
-wal into it and removes the -wal and -shm), and only then given its name with a hard link,
which fails if anything already exists there: two ``init``/``demo`` runs racing on one path
cannot both win, and the loser never touches the winner's live database, -wal or -shm. On any
failure only the temporary name (which no other process knows) is removed.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mrss_tui.clock import Clock
from mrss_tui.errors import DatabaseError
from mrss_tui.store.audit_files import audit_folder
from mrss_tui.store.db import Store

T = TypeVar("T")
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class AlreadyExists(DatabaseError):
    """Something appeared at the path while the new database was being built."""


def create_database(path: Path, build: Callable[[Store], T], *,
                    clock: Clock | None = None) -> T:
    """Build a new database with ``build`` and give it the name ``path`` only when complete."""
    temporary = path.with_name(f".{path.name}.new-{secrets.token_hex(6)}")
    try:
        with Store.open(temporary, create=True, clock=clock) as store:
            result = build(store)
        if Path(f"{temporary}-wal").exists():  # the close did not fold the -wal in: not whole
            raise DatabaseError(f"the new database for {path} could not be completed; nothing "
                                "was created")
        _claim_audit_folder(temporary, path)
        try:
            os.link(temporary, path)  # exclusive: fails if anything is at path
        except OSError as exc:
            # The audit folder goes back with the temporary database it belongs to.
            os.rename(audit_folder(path), audit_folder(temporary))
            if isinstance(exc, FileExistsError):
                raise AlreadyExists(f"{path} already exists (made by another process "
                                    "meanwhile); nothing was changed") from None
            raise DatabaseError(f"cannot create {path}: {exc.strerror}; nothing was created") \
                from None
        return result
    finally:
        _remove_temporary(temporary)


def _claim_audit_folder(temporary: Path, path: Path) -> None:
    """The new database's audit folder (its chain key) takes its name before the database
    does: a rename fails on a folder that holds anything, so of two racing runs only one gets
    it, and a folder left by an earlier database is never mixed with a new one's key."""
    if not audit_folder(temporary).exists():
        return
    try:
        os.rename(audit_folder(temporary), audit_folder(path))
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise AlreadyExists(f"{audit_folder(path)} already exists (the audit key of another "
                                f"database at {path}); nothing was changed") from None
        raise DatabaseError(f"cannot create {audit_folder(path)}: {exc.strerror}; nothing was "
                            "created") from None


def _remove_temporary(temporary: Path) -> None:
    """Only the private temporary name, its own side files and audit folder (no other process
    opens them)."""
    for suffix in ("", *SQLITE_SIDE_FILES):
        Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(audit_folder(temporary), ignore_errors=True)
