"""Plain `mrss` (the TUI) starts without click and reads config.toml without pydantic (issue 24:
their imports were a third of mrss's own start-up): the global options it reads itself mean
exactly what click makes of them, and a bad config is refused the same way on both paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mrss_tui.cli import main
from mrss_tui.commands.global_options import GLOBAL_OPTIONS, plain_start

REPO = Path(__file__).resolve().parents[2]
ENVVARS = [option.envvar for option in GLOBAL_OPTIONS]


def _click_reads(argv: list[str], environ: dict[str, str]) -> dict:
    saved = {name: os.environ.pop(name, None) for name in ENVVARS}
    os.environ.update(environ)
    try:
        return main.make_context("mrss", list(argv), resilient_parsing=False).params
    finally:
        for name in ENVVARS:
            os.environ.pop(name, None)
            if saved[name] is not None:
                os.environ[name] = saved[name]


@pytest.mark.parametrize("argv, environ", [
    ([], {}),
    ([], {"MRSS_DB": "/srv/mrss.db", "MRSS_CONFIG": "/etc/mrss.toml", "MRSS_AS": "coord"}),
    ([], {"MRSS_DB": "", "MRSS_AS": ""}),  # empty means not set, as for click
    (["--db", "/tmp/a.db", "--config", "c.toml", "--as", "coord"], {}),
    (["--db=/tmp/a.db", "--config=c.toml", "--as=coord"], {"MRSS_DB": "/srv/other.db"}),
    (["--as", "coord", "--as", "peer"], {"MRSS_AS": "env"}),  # the last one wins
    (["--db", "~/x.db"], {}),
    (["--as", "jo=anne"], {}),
])
def test_plain_start_reads_the_options_as_click_does(argv: list[str], environ: dict) -> None:
    context = plain_start(argv, environ)
    assert context is not None
    assert vars(context) == _click_reads(argv, environ)


@pytest.mark.parametrize("argv", [
    ["check"], ["--db", "x.db", "demo"], ["--help"], ["-h"], ["--version"], ["--bogus"],
    ["--db"], ["--db", "--config", "c.toml"], ["--db="], ["--datab", "x"], ["--db", "-"],
])
def test_anything_else_goes_to_click(argv: list[str]) -> None:
    assert plain_start(argv, {}) is None


CLICK_PATH = "import sys; from mrss_tui.cli import main; sys.argv[0] = 'mrss'; main()"


def _start_in_a_terminal(argv: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """mrss started with a terminal (a pty) as stdin and stdout; stderr is read back."""
    leader, follower = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ENVVARS}
    try:
        return subprocess.run(argv, cwd=tmp_path, stdin=follower, stdout=follower,
                              stderr=subprocess.PIPE, text=True, timeout=60, env=env)
    finally:
        os.close(follower)
        os.close(leader)


@pytest.mark.parametrize("text, says", [
    ('[windows]\ncrisis_hours = "three days"\n', "key 'windows.crisis_hours' has value 'three days'"),
    ("[response\n", "not valid TOML"),
    ("[paging]\nmax_attempts = true\n", "not true or false"),
    ('[program]\nname = "Line\\u001b[2J"\n', "control characters"),
    ('[towns]\nname = "A"\n', "key 'towns': must be a list: write each one under its own [[towns]]"),
])
def test_a_bad_config_is_one_line_without_a_traceback_on_both_paths(
        tmp_path: Path, text: str, says: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    db = tmp_path / "mrss.db"
    options = ["--db", str(db), "--config", str(config), "--as", "coord"]
    for start in ([sys.executable, "-m", "mrss_tui"], [sys.executable, "-c", CLICK_PATH]):
        result = _start_in_a_terminal(start + options, tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"mrss: {config}: ") and says in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert not db.exists()  # refused before anything was opened or created


def _loaded_after(code: str) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True,
                         capture_output=True, text=True, timeout=60)
    return set(json.loads(out.stdout))


def test_reading_the_options_and_the_config_imports_neither_click_nor_pydantic() -> None:
    loaded = _loaded_after(
        "from mrss_tui.commands.global_options import plain_start\n"
        "import mrss_tui.launch, mrss_tui.commands.tui, mrss_tui.commands.guard\n"
        "context = plain_start(['--config', 'config.toml'], {})\n"
        "context.config()\n")
    assert not {m for m in loaded for slow in ("click", "pydantic", "pydantic_core")
                if m == slow or m.startswith(slow + ".")}


# Plain mrss, started as launch.main() in a terminal, noting the collector's state while the
# board is read (before the first frame) and when the demo pager would start (after it) in the
# file named first on its command line; then it quits. (Textual draws on stderr.)
GC_PROBE = """
import gc, os, sys
NOTES = open(sys.argv.pop(1), "a")
import mrss_tui.commands.tui as tui
import mrss_tui.workflow.demo_pager as demo_pager
read_board = tui.first_board

def first_board(session):
    print(f"before-first-frame gc={gc.isenabled()}", file=NOTES, flush=True)
    return read_board(session)

def after(store):
    frozen = gc.get_freeze_count() > 0
    print(f"after-first-frame gc={gc.isenabled()} set-aside={frozen}", file=NOTES, flush=True)
    # pydantic is first imported after the first frame (issue 24), and looks for no plugins
    # when it validates (mrss_tui/no_pydantic_plugins.py)
    print(f"pydantic loaded={'pydantic' in sys.modules}", file=NOTES, flush=True)
    from mrss_tui.domain.models import Person
    Person.model_validate({"id": 1, "name": "Jo Example"})
    print(f"plugin search={'importlib.metadata' in sys.modules}", file=NOTES, flush=True)
    from textual._context import active_app
    active_app.get().exit()

tui.first_board, demo_pager.start_demo_pager = first_board, after

import mrss_tui.app as app_module
first_frame_work = app_module.MrssApp._after_first_frame_work

def at_first_frame(self):
    # Nor OpenSSL's hashes (audit rows, the unlock secret) nor Rich's emoji table (markup in a
    # table's column titles): the board is drawn without them.
    late = sorted(m for m in ("hashlib", "secrets", "rich._emoji_codes") if m in sys.modules)
    print(f"at-first-frame late loaded={late}", file=NOTES, flush=True)
    first_frame_work(self)

app_module.MrssApp._after_first_frame_work = at_first_frame
sys.argv = ["mrss", *sys.argv[1:]]
from mrss_tui.launch import main
main()
"""


def test_the_collector_waits_for_the_first_frame(demo_db: Path, tmp_path: Path) -> None:
    """~120 collections walked the start's long-lived objects before the first frame (60-100
    ms); off until the board is on screen, on again from then, with what the start made set
    aside (gc.freeze) so that the first keys do not wait for a collection over all of it."""
    options = ["--db", str(demo_db), "--config", str(REPO / "config.toml"), "--as", "coord"]
    # The first start with this config adopts its program profile, an audit row (hashed);
    # every later start writes nothing before the first frame: the second start is the one read.
    for notes in (tmp_path / "first-start.txt", tmp_path / "notes.txt"):
        result = _start_in_a_terminal([sys.executable, "-c", GC_PROBE, str(notes), *options],
                                      tmp_path)
        assert result.returncode == 0
    assert notes.read_text().splitlines() == ["before-first-frame gc=False",
                                              "at-first-frame late loaded=[]",
                                              "after-first-frame gc=True set-aside=True",
                                              "pydantic loaded=False", "plugin search=False"]


CRASH_PROBE = """
import sys
import mrss_tui.commands.tui as tui

def first_board(session):
    raise RuntimeError("a bug, with a caller's name: Jo Example")

tui.first_board = first_board
sys.argv = ["mrss", *sys.argv[1:]]
from mrss_tui.launch import main
main()
"""


def test_an_unexpected_error_in_plain_mrss_is_one_line_and_a_crash_report(
        demo_db: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\noutput = "{output}"\n', encoding="utf-8")
    options = ["--db", str(demo_db), "--config", str(config), "--as", "coord"]
    result = _start_in_a_terminal([sys.executable, "-c", CRASH_PROBE, *options], tmp_path)
    assert result.returncode == 70
    assert result.stderr.startswith("mrss: unexpected problem (RuntimeError)")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "Jo Example" not in result.stderr
    reports = [p for p in output.rglob("*") if p.is_file()]
    assert reports and str(output) in result.stderr
    assert not any("Jo Example" in p.read_text(errors="replace") for p in reports)
