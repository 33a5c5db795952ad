"""No pydantic plugin sees what mrss validates, and looking for plugins costs no start-up time
(mrss_tui/no_pydantic_plugins.py). A real plugin, registered the way packages register one,
is installed for these tests on a private path."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pydantic

from mrss_tui.no_pydantic_plugins import TESTED_VERSIONS

REPO = Path(__file__).resolve().parents[2]

SPY = '''
from pathlib import Path
import os

class Spy:
    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind, config,
                             plugin_settings):
        Path(os.environ["SPY_NOTES"]).write_text("saw a validator\\n")
        return None, None, None

plugin = Spy()
'''

VALIDATE = '''
import sys
{before}
from mrss_tui.domain.models import Person
Person.model_validate({{"id": 1, "name": "Jo Example", "phone": "5415550100"}})
print("importlib.metadata" in sys.modules)
'''


def _install_spy_plugin(folder: Path) -> None:
    (folder / "spy_plugin.py").write_text(SPY)
    dist = folder / "spy_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")


def _validate(tmp_path: Path, before: str) -> tuple[bool, bool]:
    """(the spy plugin saw a validator, importlib.metadata was imported)."""
    _install_spy_plugin(tmp_path)
    notes = tmp_path / "notes.txt"
    env = {"PYTHONPATH": str(tmp_path), "SPY_NOTES": str(notes), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", VALIDATE.format(before=before)], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=60, check=True)
    return notes.exists(), out.stdout.strip() == "True"


def test_a_registered_plugin_would_see_what_mrss_validates(tmp_path: Path) -> None:
    """Without the switch (so the next test can fail): pydantic finds the plugin and hands it
    every validator."""
    assert _validate(tmp_path, before="") == (True, True)


def test_with_plugins_turned_off_none_is_looked_for_or_loaded(tmp_path: Path) -> None:
    before = "from mrss_tui.no_pydantic_plugins import turn_off\nassert turn_off()"
    assert _validate(tmp_path, before=before) == (False, False)


def test_the_installed_pydantic_is_a_tested_one_and_its_loader_is_as_stood_in_for() -> None:
    """A new pydantic fails here until its plugin loader is checked: mrss then starts without
    standing in for it (slower, still without plugins through PYDANTIC_DISABLE_PLUGINS)."""
    assert pydantic.VERSION.startswith(TESTED_VERSIONS), pydantic.VERSION
    from pydantic.plugin import _loader, _schema_validator

    assert not inspect.signature(_loader.get_plugins).parameters
    assert "from ._loader import get_plugins" in inspect.getsource(_schema_validator)
