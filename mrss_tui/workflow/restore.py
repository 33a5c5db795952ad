"""Restore a Litestream replica into a new database file and check it (``mrss restore``).

The restored file is new: restore never writes over a database (the old primary's, or anyone's).
Litestream writes it (umask 077: 0600); only SQLite opens it afterwards, to check it.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from mrss_tui.config import Config
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.db import Store
from mrss_tui.store.audit_files import key_path
from mrss_tui.store.diagnose import diagnose, read_only_store
from mrss_tui.workflow.replica import ReplicaError, litestream_program, write_litestream_config

RESTORE_TIMEOUT_SECONDS = 30 * 60


@dataclass
class Restored:
    path: Path
    newest_write: datetime | None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    audit_problems: list[str] = field(default_factory=list)  # the chain, not the pages
    audit_key: Path | None = None  # where this file's audit key is (or must be copied to)
    audit_key_missing: bool = False


def parse_restore_time(text: str, zone: ZoneInfo) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(f"--at {text!r} is not a time; write e.g. 2026-12-06T03:15:00 "
                               "(program time zone) or 2026-12-06T11:15:00Z", {"at": "format"}) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def restore_replica(config: Config, source: str, dest: Path, at: datetime | None,
                    tables: tuple[str, ...]) -> Restored:
    dest = Path(dest).expanduser().absolute()
    _refuse_existing(dest)
    if not dest.parent.is_dir():
        raise ReplicaError(f"folder {dest.parent} does not exist")
    settings = write_litestream_config(config.paths, dest, config.replica, url=source,
                                       name="litestream-restore.yml")
    command = [str(litestream_program()), "restore", "-no-expand-env", "-config", str(settings),
               "-o", str(dest)]
    if at is not None:
        command += ["-timestamp", at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")]
    run = subprocess.run([*command, str(dest)], capture_output=True, text=True,
                         timeout=RESTORE_TIMEOUT_SECONDS, umask=0o077)
    if run.returncode != 0:
        lines = [line for line in run.stderr.strip().splitlines() if line.strip()]
        raise ReplicaError("restore failed: " + (lines[-1][-300:] if lines else
                                                 f"Litestream exit {run.returncode}"))
    return _checked(dest, tables)


def _refuse_existing(dest: Path) -> None:
    """A new file only: an existing database (or its -wal/-shm) is never replaced."""
    for path in (dest, dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
        if os.path.lexists(path):
            raise ReplicaError(f"{path} exists; restore never overwrites: name a new file")


def _checked(dest: Path, tables: tuple[str, ...]) -> Restored:
    result = diagnose(dest, tables)
    newest = None
    audit: list[str] = []
    if not result.problems:
        with Store.open(dest, migrate_schema=False) as store:
            newest = store.audit_log.newest_at()
        # Litestream carries the database, not the key beside it: say now, before anyone
        # writes, whether the restored chain can be verified (a first write without the key
        # starts a new one, and the rows restored could never be verified again).
        with read_only_store(dest) as store:
            audit = store.audit_chain_problems()
    key = key_path(dest)
    return Restored(dest, newest, dict(result.counts), list(result.problems), audit, key,
                    audit_key_missing=not key.exists())
