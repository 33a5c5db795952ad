"""Only SQLite touches the database file, its -wal and its -shm.

Closing any other descriptor on the file drops this process's POSIX locks, after which another
process may delete the live WAL (SQLite, "How To Corrupt", 2.2). Two guards:
- the source: ``sqlite3.connect`` is called in one module only, and every call that opens,
  copies, maps, removes or renames a file is on a reviewed list that says why it is not the
  database (a new one fails here until someone looks at it);
- the running commands: an audit hook sees every Python-level open/remove/rename/copy/mmap, and
  none may name the database, its -wal or its -shm.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mrss_tui"
CONNECT_MODULE = "mrss_tui/store/connect.py"

# Module functions that reach a file by path (or map one), and path methods that do.
MODULE_CALLS = {"os": {"open", "fdopen", "remove", "unlink", "rename", "replace", "truncate", "link"},
                "io": {"open"}, "mmap": {"mmap"},
                "shutil": {"copy", "copy2", "copyfile", "copyfileobj", "move", "rmtree", "copytree"}}
PATH_METHODS = {"open", "read_bytes", "read_text", "write_bytes", "write_text", "unlink", "rename",
                "replace", "touch"}
PATHISH = ("path", "file", "folder", "dest", "tmp", "temporary", "descriptor", "staging", "mark",
           "candidate", "copy", "target")
# (module, function, call) -> why the file reached there is never the database, -wal or -shm.
REVIEWED = {
    ("mrss_tui/config.py", "load_config", "read_bytes"): "reads config.toml",
    ("mrss_tui/crash.py", "write_crash_report", "write_text"): "a crash report in the crash folder",
    ("mrss_tui/commands/guard.py", "run_guarded", "open"): "os.open(os.devnull) after a broken pipe",
    ("mrss_tui/store/damage.py", "record_damage", "open"): "creates the <db>.damaged mark",
    ("mrss_tui/workflow/files.py", "write_private_bytes", "open"): "a print, report or safety plan (0600)",
    ("mrss_tui/workflow/files.py", "write_private_bytes", "fdopen"): "the same print's new temporary file",
    ("mrss_tui/workflow/files.py", "write_private_bytes", "replace"): "gives that print its name",
    ("mrss_tui/workflow/files.py", "write_private_bytes", "unlink"): "removes that print's temporary file",
    ("mrss_tui/workflow/files.py", "reserve_private_file", "open"): "reserves a new print name (O_EXCL)",
    ("mrss_tui/store/connect.py", "_create_private", "open"):
        "creates a database file that does not exist yet (O_EXCL) 0600, before any connection",
    ("mrss_tui/store/damage.py", "clear_damage", "unlink"): "removes the <db>.damaged mark",
    ("mrss_tui/store/backup.py", "_name", "link"): "the closed, verified backup copy gets DEST's name",
    ("mrss_tui/store/backup.py", "_name", "rename"): "the same, where the file system has no links",
    ("mrss_tui/store/backup.py", "_remove", "unlink"): "the backup's closed temporary copy",
    ("mrss_tui/store/create.py", "create_database", "link"):
        "the closed new database gets its name; fails if anything is there (never overwrites)",
    ("mrss_tui/store/create.py", "_remove_temporary", "unlink"):
        "the new database's private temporary name (and its own side files), no other user",
    ("mrss_tui/store/create.py", "create_database", "rename"):
        "the new database's audit folder goes back beside its temporary name",
    ("mrss_tui/store/create.py", "_claim_audit_folder", "rename"):
        "the new database's audit folder (<db>.audit) takes its name; never a database file",
    ("mrss_tui/store/create.py", "_remove_temporary", "rmtree"):
        "the temporary database's own audit folder",
    ("mrss_tui/workflow/phone_ack.py", "read_keys", "read_text"):
        "reads <db>.ack-keys, the phone-link signing keys",
    ("mrss_tui/commands/ssh_key.py", "add", "read_text"): "reads the public key file",
    ("mrss_tui/store/audit_files.py", "_write_new", "open"):
        "a new (O_EXCL) 0600 file in <db>.audit/: the key, or a backup's copy of key and heads",
    ("mrss_tui/store/audit_files.py", "_write_new", "fdopen"): "the same new file",
    ("mrss_tui/store/audit_files.py", "load_key", "read_text"): "reads <db>.audit/key",
    ("mrss_tui/store/audit_files.py", "record_head", "open"): "appends to <db>.audit/heads",
    ("mrss_tui/store/audit_files.py", "read_heads", "read_text"): "reads <db>.audit/heads",
    ("mrss_tui/workflow/keys.py", "_read", "read_text"): "reads authorized_keys",
    ("mrss_tui/workflow/keys.py", "_atomic_write", "fdopen"): "authorized_keys, via a temporary file",
    ("mrss_tui/workflow/keys.py", "_atomic_write", "replace"): "authorized_keys, via a temporary file",
    ("mrss_tui/workflow/keys.py", "_atomic_write", "unlink"): "the temporary authorized_keys",
    ("mrss_tui/workflow/keys.py", "_atomic_write", "open"): "opens the folder to fsync it",
    ("mrss_tui/workflow/hsds_read.py", "_resources", "read_text"): "an HSDS datapackage.json",
    ("mrss_tui/workflow/hsds_read.py", "_read_csv", "open"): "an HSDS CSV being imported",
    ("mrss_tui/workflow/hsds_read.py", "_count_lines", "open"): "an HSDS CSV being imported",
    ("mrss_tui/workflow/hsds_export.py", "_write_csv", "open"): "a new HSDS CSV (O_EXCL, 0600)",
    ("mrss_tui/workflow/hsds_export.py", "_write_csv", "fdopen"): "the same new HSDS CSV",
    ("mrss_tui/workflow/hsds_export.py", "export_package", "replace"): "the export's staging folder",
    ("mrss_tui/workflow/hsds_export.py", "export_package", "rmtree"): "the export's staging folder",
    ("mrss_tui/workflow/referrals.py", "print_referral_list", "write_text"): "a printed list",
    ("mrss_tui/workflow/safety_plan_print.py", "export_plan", "write_text"): "a printed plan",
    ("mrss_tui/workflow/reports.py", "write_file", "write_bytes"): "a report file",
    ("mrss_tui/workflow/reports.py", "write_file", "replace"): "a report file",
    ("mrss_tui/workflow/reports.py", "write_file", "unlink"): "a report's temporary file",
    ("mrss_tui/workflow/replica.py", "last_recorded_position", "read_text"):
        "status.json that `mrss replicate` writes in the replica output folder",
}


def _calls(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append((node, node.name))

    def enclosing(call: ast.Call) -> str:
        best = "<module>"
        for fn, name in functions:
            if fn.lineno <= call.lineno <= (fn.end_lineno or fn.lineno):
                best = name  # ast.walk is breadth-first: the innermost match comes last
        return best

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name):
            yield func.id, enclosing(node), node, None
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            yield func.attr, enclosing(node), node, owner


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), path


def test_sqlite3_connect_is_called_in_one_module_only() -> None:
    found = [(rel, node.lineno) for rel, path in _modules()
             for name, _fn, node, owner in _calls(path) if name == "connect" and owner == "sqlite3"]
    assert found and {rel for rel, _ in found} == {CONNECT_MODULE}, found
    imports = [rel for rel, path in _modules() if "from sqlite3 import" in path.read_text()]
    assert imports == []


def test_every_call_that_opens_or_moves_a_file_is_reviewed() -> None:
    unreviewed = []
    for rel, path in _modules():
        for name, function, node, owner in _calls(path):
            if not _reaches_a_file(name, node, owner):
                continue
            if (rel, function, name) not in REVIEWED:
                unreviewed.append(f"{rel}:{node.lineno} {function}() calls {owner or ''}.{name}")
    assert not unreviewed, "file access not reviewed against the database rule:\n" + "\n".join(unreviewed)


def _reaches_a_file(name: str, node: ast.Call, owner: str | None) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return name == "open"
    if owner in MODULE_CALLS:
        return name in MODULE_CALLS[owner]
    if name not in PATH_METHODS:
        return False
    receiver = ast.unparse(func.value).lower()  # type: ignore[union-attr]
    return any(word in receiver for word in PATHISH)


def test_no_module_maps_or_forks() -> None:
    for rel, path in _modules():
        text = path.read_text(encoding="utf-8")
        assert "import mmap" not in text, rel
        assert "os.fork(" not in text, f"{rel}: a forked child must not inherit a connection"


def _watched(db: Path, *args: str, cwd: Path) -> tuple[list[str], int, int]:
    result = subprocess.run([sys.executable, "-m", "tests.faults.fd_watch", str(db), *args],
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env=_env(cwd))
    lines = result.stdout.splitlines()
    hits = [line for line in lines if line.startswith("HIT ")]
    connects = next(int(line.split()[1]) for line in lines if line.startswith("CONNECT "))
    code = next(int(line.split()[1]) for line in lines if line.startswith("EXIT "))
    return hits, connects, code


def _env(home: Path) -> dict[str, str]:
    import os

    return {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state"),
            "MRSS_AUTHORIZED_KEYS": str(home / "authorized_keys")}


@pytest.mark.parametrize("args", [
    ("check",),
    ("backup", "{tmp}/copy.db"),
    ("report", "weekly", "--format", "csv", "--out", "{tmp}/week.csv"),
    ("ssh-key", "list"),
    ("directory", "export", "{tmp}/package"),
    ("worker", "--once"),
], ids=lambda a: a[0])
def test_commands_touch_the_database_only_through_sqlite(demo_db: Path, tmp_path: Path,
                                                         args: tuple[str, ...]) -> None:
    argv = [a.format(tmp=tmp_path) for a in args]
    hits, connects, code = _watched(demo_db, "--as", "super", *argv, cwd=tmp_path)
    assert connects >= 1, "the command never opened the database: the watch saw nothing"
    assert hits == [], hits
    assert code in (0, 1), code  # worker --once may report a failed send to the closed port


def test_directory_import_touches_the_database_only_through_sqlite(demo_db: Path,
                                                                  tmp_path: Path) -> None:
    _hits, _c, code = _watched(demo_db, "--as", "super", "directory", "export",
                               str(tmp_path / "package"), cwd=tmp_path)
    assert code == 0
    hits, connects, code = _watched(demo_db, "--as", "super", "directory", "import",
                                    str(tmp_path / "package"), cwd=tmp_path)
    assert connects >= 1 and hits == [] and code == 0, (hits, code)
