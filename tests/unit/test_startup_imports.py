"""Start-up imports only what the first frame needs: the static tables that make that possible
(nav entries, repositories, CLI commands) agree with the modules they point to."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.screen import Screen

from mrss_tui.cli import COMMAND_MODULES, declared_commands
from mrss_tui.screens.nav import all_entries
from mrss_tui.store.repo_table import MODULES, declared_repos, repo_class

REPO = Path(__file__).resolve().parents[2]


def test_every_nav_row_names_its_screen() -> None:
    entries = all_entries()
    assert len({e.id for e in entries}) == len(entries)
    assert len({e.key for e in entries}) == len(entries)
    for nav in entries:
        screen = nav.screen_class()
        assert issubclass(screen, Screen)
        assert screen.nav_id == nav.id, nav.screen


def test_repository_table_matches_the_modules() -> None:
    declared = declared_repos()
    assert set(MODULES) == set(declared)
    for name, cls in declared.items():
        assert repo_class(name) is cls


def test_command_table_matches_the_modules() -> None:
    declared = declared_commands()
    assert set(COMMAND_MODULES) == set(declared)


def _loaded_after(code: str) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True,
                         capture_output=True, text=True, timeout=60)
    return set(json.loads(out.stdout))


def test_the_tui_path_imports_no_command_screen_or_repository_it_does_not_use() -> None:
    loaded = _loaded_after("import mrss_tui.cli, mrss_tui.commands.tui, mrss_tui.app")
    ours = {m for m in loaded if m.startswith("mrss_tui.")}
    assert not {m for m in ours if m.startswith("mrss_tui.commands.")} - {
        "mrss_tui.commands.tui", "mrss_tui.commands.context", "mrss_tui.commands.global_options",
        "mrss_tui.commands.guard"}
    assert not {m for m in ours if m.startswith("mrss_tui.store.repos.")}
    assert not {m for m in ours if m.startswith("mrss_tui.store.migrations.")}
    assert {m for m in ours if m.startswith("mrss_tui.screens.")} <= {
        "mrss_tui.screens.nav", "mrss_tui.screens.lock", "mrss_tui.screens.host",
        "mrss_tui.screens.key_gate",  # every key passes the gate (issue 15)
        "mrss_tui.screens.key_events",  # ... which passes them on as typed
        "mrss_tui.screens.key_settle",  # ... which waits for what a key set off (issue 19)
        "mrss_tui.screens.key_frames",  # ... and draws once for a burst (issue 19)
        "mrss_tui.screens.hang_up",  # a dropped link keeps the keys typed (issue 19)
        "mrss_tui.screens.terminal_driver",  # ... however the app hears of it first
        "mrss_tui.screens.messages",  # the app posts DataChanged to its screens
        "mrss_tui.screens.first_frame",  # what waits until the first frame is out
        "mrss_tui.screens.file_check_notice"}  # says so if the file's check finds damage
    assert not {m for m in loaded if m == "apscheduler" or m.startswith("apscheduler.")}


# What the first frame (the board with its data) must not wait for: each is imported after it,
# when first used (the warm-up after the first frame, the jobs a moment later, a print, a page).
# The unfinished-call check (screens/intake_dialogs.py) follows the first frame at once: it must
# not import the intake (phone numbers, C-SSRS) unless a draft is there. The demo's pager and
# its HTTP server start after the first frame; the key gate works without Textual's TextArea;
# the board's read does not need the episode use cases. Plain `mrss` starts without click
# (launch.py). The board's rows, figures, alerts and the signed-in staff member are plain
# dataclasses read from their rows: pydantic validates typed input, after the first frame.
DEFERRED = ("pydantic", "pydantic_core", "annotated_types", "typing_inspection", "click",
            "phonenumbers", "apprise", "fpdf", "apscheduler", "mrss_tui.reports",
            "mrss_tui.alerts", "mrss_tui.screens.warmup", "mrss_tui.workflow.intake",
            "mrss_tui.workflow.paging", "mrss_tui.workflow.page_sender", "http.server",
            "mrss_tui.workflow.demo_pager_server", "textual.widgets._text_area",
            "mrss_tui.workflow.episodes",
            "textual.widgets._footer")  # the footer is one line of ours (widgets/keys_footer.py)


def test_the_first_frame_imports_none_of_what_comes_after_it() -> None:
    loaded = _loaded_after(
        "import mrss_tui.launch, mrss_tui.commands.tui, mrss_tui.app, mrss_tui.screens.board, "
        "mrss_tui.workflow.board, mrss_tui.screens.drafts_notice, mrss_tui.workflow.drafts, "
        "mrss_tui.screens.intake_dialogs, mrss_tui.workflow.demo_pager")
    early = {m for m in loaded for d in DEFERRED if m == d or m.startswith(d + ".")}
    assert not early


def test_models_build_their_validators_on_first_use() -> None:
    """A model's validator is built when first used, not at import: at start only the few the
    first frame uses are built (config, staff, the board's figures)."""
    code = (
        "import importlib, pkgutil, mrss_tui\n"
        "from pydantic import BaseModel\n"
        "for m in pkgutil.walk_packages(mrss_tui.__path__, 'mrss_tui.'):\n"
        "    if '.screens' not in m.name and '.widgets' not in m.name and '.commands' not in m.name"
        " and m.name not in ('mrss_tui.app', 'mrss_tui.cli', 'mrss_tui.__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "def every(cls):\n"
        "    for sub in cls.__subclasses__():\n"
        "        yield sub\n"
        "        yield from every(sub)\n"
        "built = sorted({c.__module__ + '.' + c.__qualname__ for c in every(BaseModel)\n"
        "    if c.__module__.startswith('mrss_tui.') and c.__module__ != 'mrss_tui.config'\n"
        "    and not c.model_config.get('defer_build')})\n"
        "print(built)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True,
                         capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]"
