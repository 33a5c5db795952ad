"""The core (store, domain, workflow) never imports Textual: proved in a clean interpreter,
like Harlequin does, plus import-linter contracts for our own direct imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CORE = [
    "mrss_tui.domain.cssrs", "mrss_tui.domain.deadlines", "mrss_tui.domain.models",
    "mrss_tui.store.db", "mrss_tui.workflow.board", "mrss_tui.workflow.staff",
    "mrss_tui.workflow.demo", "mrss_tui.workflow.jobs",
]


def _modules_after_importing(modules: list[str]) -> set[str]:
    code = ("import importlib, json, pkgutil, sys\n"
            "import mrss_tui.domain, mrss_tui.store, mrss_tui.workflow\n"
            "for pkg in (mrss_tui.domain, mrss_tui.store, mrss_tui.workflow):\n"
            "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        importlib.import_module(info.name)\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "from mrss_tui.store.db import Store\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True,
                         capture_output=True, text=True, timeout=60)
    return set(json.loads(out.stdout))


def test_core_layers_never_import_textual() -> None:
    loaded = _modules_after_importing(CORE)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    # (click is pulled in by sqlite-utils itself; our own direct imports of click and
    # APScheduler in the core are forbidden by the import-linter contracts below.)
    assert not {m for m in loaded if m.startswith("mrss_tui.screens") or m == "mrss_tui.app"}


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency"
    result = subprocess.run([lint], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
