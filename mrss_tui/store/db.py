"""Opening the one database file safely: checks, pragmas, migrations, transactions, audit.

A ``Store`` is one connection: open one per thread (sqlite3 keeps ``check_same_thread``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mrss_tui.clock import Clock, SystemClock
from mrss_tui.domain.times import iso, parse_iso  # noqa: F401 - the store's repositories use them
from mrss_tui.errors import ConflictError, DatabaseError, MrssError
from mrss_tui.store import audit_chain, audit_files
from mrss_tui.store.connect import (
    BUSY_TIMEOUT_SECONDS,
    describe_open_error,
    open_connection,
    preflight,
    translate,
)
from mrss_tui.store.damage import check_before_writing, writes_cleared
from mrss_tui.store.migrate import backup_to, migrate, user_tables
from mrss_tui.store.migrations import latest_version
from mrss_tui.store.repo_table import repo_class

OPTIMIZE_EVERY_SECONDS = 6 * 3600
APP_ID = "mrss-tui"


def _apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise DatabaseError("the database could not be put in WAL mode (read-only folder?)")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


@contextmanager
def closed_on_error(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """While opening: close the connection on any problem; SQLite's errors in one line."""
    try:
        yield
    except MrssError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise describe_open_error(path, exc) from None


class Store:
    """One connection to the database with the app's transaction and audit rules."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        conn.row_factory = sqlite3.Row

    def __getattr__(self, name: str) -> Any:
        """``store.<repository>``: the repository's module is imported on first use."""
        if name.startswith("_"):
            raise AttributeError(name)
        repository = repo_class(name)(self)
        setattr(self, name, repository)
        return repository

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        clock: Clock | None = None,
        create: bool = False,
        migrate_schema: bool = True,
        check_in_background: bool = False,
    ) -> "Store":
        """Open (or with ``create`` make) the database; one-line DatabaseError on any problem.

        An existing file passes quick_check before this process writes to it: here, or with
        ``check_in_background`` in a thread while reads go on (writes wait for it; store/damage.py).
        """
        path = Path(path).expanduser()
        existed = preflight(path, create=create)
        conn = open_connection(path, create=create)
        with closed_on_error(conn, path):
            version = cls._verify(conn, path, new=not existed)
            if existed:
                # Before any write, migration included (a migration is not left to wait).
                check_before_writing(conn, path, lambda: open_connection(path),
                                     background=check_in_background and version == latest_version())
            _apply_pragmas(conn)
            if migrate_schema and version < latest_version():  # else no migration is imported
                migrate(conn, path)
        conn.opened = True
        return cls(conn, path, clock or SystemClock())

    read_only = False  # set by store/diagnose.read_only_store: close() then writes nothing

    @staticmethod
    def _verify(conn: sqlite3.Connection, path: Path, *, new: bool) -> int:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = user_tables(conn)
        # Only a file this call created may become an mrss database: an existing SQLite file
        # without our schema (even an empty one) belongs to someone else.
        if version == 0 and (tables or not new):
            raise DatabaseError(f"{path} is an SQLite database but not an mrss one; nothing was changed")
        if version > 0:  # another program's file may set user_version too: look for our mark
            row = conn.execute("SELECT value FROM app_meta WHERE key = 'app'").fetchone() \
                if "app_meta" in tables else None
            if row is None or row[0] != APP_ID:
                raise DatabaseError(f"{path} is not an mrss database; nothing was changed")
        latest = latest_version()
        if version > latest:
            raise DatabaseError(
                f"{path} was written by a newer mrss (schema v{version}; this one knows up to "
                f"v{latest}); upgrade mrss. Nothing was changed"
            )
        return version

    def close(self) -> None:
        # A long-running process closes a connection per worker; every few hours one of them
        # refreshes the statistics. Not at every close: each refresh is a write that makes
        # every open screen reload.
        if not self.read_only and time.monotonic() - Store._optimized_at > OPTIMIZE_EVERY_SECONDS:
            self.optimize()
        self.conn.close()

    _optimized_at = time.monotonic()

    def optimize(self) -> None:
        """Refresh the planner's statistics where this connection's queries showed they would
        help, as SQLite recommends (``PRAGMA optimize`` before a connection closes, and every
        few hours; with ``analysis_limit`` so a big table costs milliseconds, not seconds).
        The TUI and the worker call this as they end. Best effort: a busy or read-only file
        keeps the statistics it has."""
        from mrss_tui.store.connect import known_damaged

        Store._optimized_at = time.monotonic()
        # ANALYZE writes: never on a damaged file, nor one whose check has no verdict yet.
        if known_damaged(self.path) or not writes_cleared(self.path):
            return
        try:
            self.conn.execute("PRAGMA analysis_limit = 400")
            self.conn.execute("PRAGMA optimize")
        except (sqlite3.Error, MrssError):
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self):
        """A sqlite-utils view of this connection, for table introspection and bulk helpers.

        Imported on first use: sqlite-utils costs a noticeable share of start-up time.
        """
        import sqlite_utils

        if self._sqlite_utils is None:
            self._sqlite_utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._sqlite_utils

    _sqlite_utils = None

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def atomic(self) -> Iterator["Store"]:
        """All or nothing. The outermost block takes the write lock at once (BEGIN IMMEDIATE),
        so two sessions never deadlock upgrading a read to a write; inner blocks are savepoints.
        """
        if self.conn.in_transaction:
            name = f"sp_{os.urandom(8).hex()}"
            self.conn.execute(f"SAVEPOINT {name}")
            head_before = self._new_head
            try:
                yield self
            except BaseException:
                self._new_head = head_before  # the rows this savepoint appended are undone
                # A RAISE(ROLLBACK) can end the whole transaction, savepoint included.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._new_head = None
        try:
            yield self
        except sqlite3.DatabaseError as exc:  # also what a fetch raised, which execute() cannot see
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise translate(self.path, exc) from None
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if self._new_head is not None:  # the chain's head, outside the database
            audit_files.record_head(self.path, *self._new_head)
            self._new_head = None

    @contextmanager
    def read_snapshot(self) -> Iterator["Store"]:
        """Several reads that see one consistent state of the file (a deferred read transaction)."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except sqlite3.DatabaseError as exc:
            raise translate(self.path, exc) from None
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def now(self) -> str:
        return iso(self.clock.now())  # type: ignore[return-value]

    # -- audit -------------------------------------------------------------------------------
    def audit(
        self,
        actor: str,
        action: str,
        entity: str,
        entity_id: object = "",
        *,
        person_id: int | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        """Append an audit row. Call inside the same ``atomic()`` block as the write.

        The detail keeps ids, field names and codes, never the words (domain/audit_detail.py);
        a row about an episode names the episode's person, so accounting finds it."""
        if not actor:
            raise ValueError("every write needs an acting login")
        if not self.conn.in_transaction:  # a lone row still links to the last one safely
            with self.atomic():
                return self.audit(actor, action, entity, entity_id, person_id=person_id,
                                  before=before, after=after, **extra)
        at = self.now()
        person_id, detail = audit_chain.row_detail(self.conn, entity, entity_id, person_id,
                                                   before, after, extra)
        row_id, digest = audit_chain.append(
            self.conn, self._chain_key(), at=at, actor=actor, action=action, entity=entity,
            entity_id=str(entity_id), person_id=person_id, detail=detail)
        self._new_head = (row_id, digest, at)

    def append_audit_history(self, rows: list[dict[str, object]]) -> int:
        """Many generated audit rows at once (benchmark databases), signed like any other.
        Call inside ``atomic()``."""
        last = audit_chain.append_many(self.conn, self._chain_key(), rows)
        if last is not None:
            self._new_head = (*last, self.now())
        return len(rows)

    _new_head: tuple[int, str, str] | None = None
    _audit_key: audit_files.AuditKey | None = None

    def _chain_key(self) -> audit_files.AuditKey:
        """The chain's key (store/audit_files.py): made at the first write of a new database,
        or of an older one; a lost key is replaced from the next row on, and ``mrss check``
        says so."""
        if self._audit_key is None:
            self._audit_key = (audit_files.load_key(self.path)
                               or audit_files.create_key(self.path, audit_chain.next_id(self.conn)))
        return self._audit_key

    # -- generic helpers used by repositories --------------------------------------------------
    def one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def leave_checkpoints_to_replication(self) -> None:
        """No automatic checkpoints on this connection: Litestream, which replicates the file,
        runs them after it has read every frame (its guidance for applications that write)."""
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")

    def scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
        )
        return int(cursor.lastrowid)

    def update_versioned(
        self,
        table: str,
        row_id: object,
        changes: dict[str, Any],
        *,
        expected_version: int | None,
        key: str = "id",
    ) -> dict[str, Any]:
        """Apply ``changes`` if the row still has ``expected_version``; returns the old row.

        A mismatch means someone else saved first: ConflictError names the fields they changed.
        """
        before_row = self.one(f"SELECT * FROM {table} WHERE {key} = ?", (row_id,))
        if before_row is None:
            from mrss_tui.errors import NotFound

            raise NotFound(f"{table[:-1] if table.endswith('s') else table} {row_id} no longer exists")
        before = dict(before_row)
        if expected_version is not None and before["version"] != expected_version:
            raise ConflictError(
                f"someone else saved this {table.rstrip('s')} while you were editing "
                f"(version {expected_version} -> {before['version']}); your changes were not saved. "
                "Reload to see theirs"
            )
        sets = ", ".join(f"{col} = ?" for col in changes)
        params = [*changes.values()]
        where = f"{key} = ?"
        params.append(row_id)
        if expected_version is not None:
            where += " AND version = ?"
            params.append(expected_version)
        cursor = self.conn.execute(
            f"UPDATE {table} SET {sets}, version = version + 1 WHERE {where}", params
        )
        if cursor.rowcount != 1:
            raise ConflictError(f"someone else saved this {table.rstrip('s')} first; reload and try again")
        return before

    # -- many sessions -----------------------------------------------------------------------
    def data_version(self) -> int:
        """Changes when *another* connection commits: a cheap poll for live refresh."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def row_counts(self, tables: tuple[str, ...]) -> dict[str, int]:
        """Rows per table (for `mrss check` and the demo's empty-database guard)."""
        known = set(user_tables(self.conn))
        return {t: int(self.scalar(f"SELECT count(*) FROM {t}")) for t in tables if t in known}

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def integrity_problems(self) -> list[str]:
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        problems = [r[0] for r in rows if r[0] != "ok"]
        if problems:  # foreign_key_check on damaged pages raises instead of answering
            return problems
        fk = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        problems += [f"foreign key: {r[0]} row {r[1]} refers to a missing {r[2]}" for r in fk]
        return problems

    def audit_chain_problems(self) -> list[str]:
        """What was done to the audit log: triggers dropped, rows changed, removed or replaced,
        audit_people edited, the key or the newest rows gone (store/audit_check.py)."""
        from mrss_tui.store.audit_check import audit_problems

        return audit_problems(self.conn, self.path)

    def backup(self, dest: Path) -> None:
        """A consistent copy through SQLite's online backup API, safe while others write."""
        backup_to(self.conn, dest)
