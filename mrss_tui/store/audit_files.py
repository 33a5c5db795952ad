"""What anchors the audit chain outside the database: its key and its head.

Both live in a folder beside the database (and its ``.pre-vN.bak`` backups), ``<db>.audit/``,
0700, readable by the service account only:
- ``key`` (0600): the HMAC key of the chain, and the first row it signs (``keyed_from``). Made
  with the database at ``init``; an older database gets one at its first write after this
  version (rows before it keep the unkeyed hash they had). Someone holding only the database
  cannot re-sign a row they changed.
- ``heads`` (0600, append-only): one line per commit that appended audit rows, "id hash at".
  Deleting the newest rows, or replacing rows and re-signing them, no longer matches a line.
  Each head also goes to syslog (if the machine has one), which the service account cannot edit.

None of these is the database file, its -wal or its -shm: only SQLite opens those.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from mrss_tui.errors import DatabaseError

FILE_MODE = 0o600
DIR_MODE = 0o700


class AuditKey(NamedTuple):
    secret: bytes
    keyed_from: int  # the first audit row id signed with this key


def audit_folder(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.audit")


def key_path(db_path: Path) -> Path:
    return audit_folder(db_path) / "key"


def heads_path(db_path: Path) -> Path:
    return audit_folder(db_path) / "heads"


def load_key(db_path: Path) -> AuditKey | None:
    """The chain's key, or None if there is no key file (yet, or any more)."""
    try:
        data = json.loads(key_path(db_path).read_text(encoding="ascii"))
        return AuditKey(bytes.fromhex(data["key"]), int(data["keyed_from"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DatabaseError(f"cannot read the audit key {key_path(db_path)} "
                            f"({getattr(exc, 'strerror', None) or 'not an mrss key'}); "
                            "restore it from where the database's key was kept") from None


def create_key(db_path: Path, keyed_from: int) -> AuditKey:
    """A new random key signing rows from ``keyed_from``; if another process made one first
    (O_EXCL), theirs is the key."""
    folder = audit_folder(db_path)
    key = AuditKey(os.urandom(32), keyed_from)  # os.urandom is what secrets uses
    text = json.dumps({"key": key.secret.hex(), "keyed_from": keyed_from})
    try:
        _private_folder(folder)
        _write_new(key_path(db_path), text)
    except FileExistsError:
        existing = load_key(db_path)
        if existing is None:
            raise DatabaseError(f"the audit key {key_path(db_path)} vanished while in use") from None
        return existing
    except OSError as exc:
        raise DatabaseError(f"cannot create the audit key {key_path(db_path)} ({exc.strerror}); "
                            "nothing was saved. Run mrss as the service account") from None
    return key


def record_head(db_path: Path, row_id: int, row_hash: str, at: str) -> None:
    """Append the chain's new head (after the commit). Best effort: the commit has happened,
    and a full disk must not turn a saved call into an error; ``mrss check`` compares."""
    line = f"{row_id} {row_hash} {at}\n"
    try:
        _private_folder(audit_folder(db_path))
        fd = os.open(heads_path(db_path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            os.write(fd, line.encode("ascii"))  # one short write: whole lines under O_APPEND
        finally:
            os.close(fd)
    except OSError:
        pass
    _to_syslog(db_path, row_id, row_hash)


def read_heads(db_path: Path) -> dict[int, set[str]]:
    """Every head recorded outside the database: {row id: hashes}. Two hashes for one id mean
    the row was deleted and the id written again. A torn last line is skipped."""
    heads: dict[int, set[str]] = {}
    try:
        text = heads_path(db_path).read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return heads
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit() and len(parts[1]) == 64:
            heads.setdefault(int(parts[0]), set()).add(parts[1])
    return heads


def copy_anchors(db_path: Path, copy_path: Path, up_to_id: int) -> None:
    """Give a backup copy its key and the heads it holds (rows up to ``up_to_id``)."""
    key = load_key(db_path)
    if key is None:
        return
    try:
        folder = audit_folder(copy_path)
        folder.mkdir(mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)
        _write_new(key_path(copy_path), json.dumps({"key": key.secret.hex(),
                                                    "keyed_from": key.keyed_from}))
        lines = [f"{row_id} {digest} copied\n" for row_id, digests in sorted(read_heads(db_path).items())
                 if row_id <= up_to_id for digest in sorted(digests)]
        _write_new(heads_path(copy_path), "".join(lines))
    except OSError as exc:
        raise DatabaseError(f"cannot write the backup's audit key beside it ({exc.strerror}); "
                            "nothing was written at the destination") from None


def _write_new(path: Path, text: str) -> None:
    """A new file (never an existing one: O_EXCL), 0600 whatever the umask, on disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _private_folder(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask


def _to_syslog(db_path: Path, row_id: int, row_hash: str) -> None:
    """The head, where the service account cannot rewrite it (no-op without a syslog daemon).
    Only a row number and a hash: nothing identifying."""
    import syslog

    syslog.openlog("mrss-audit", syslog.LOG_PID, syslog.LOG_AUTH)
    syslog.syslog(syslog.LOG_INFO, f"audit head {db_path.name} row {row_id} {row_hash}")
