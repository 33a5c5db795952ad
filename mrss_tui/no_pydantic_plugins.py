"""mrss runs no pydantic plugins. A plugin is found through package metadata and then sees every
value pydantic validates (names, notes, phone numbers): an observability package installed
later into the same environment would receive them all without anyone asking for it.

``PYDANTIC_DISABLE_PLUGINS`` is pydantic's documented switch; it is set for the whole process.
Pydantic still imports ``importlib.metadata`` to look for plugins even then (it imports the
email package and more: 20-40 ms, under load). On the pydantic versions tested here, its
plugin loader is replaced by one that finds none, without that import; on any other version
nothing is replaced (slower, not wrong), and the tests fail until the new version is checked and
added to ``TESTED_VERSIONS``. The replacement is made when pydantic first asks for its loader,
so turning plugins off imports nothing of pydantic (the first frame does not need it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from importlib.machinery import ModuleSpec
from types import ModuleType

# Pydantic versions whose plugin loader (pydantic/plugin/_loader.py) this stands in for.
TESTED_VERSIONS = ("2.14.",)
LOADER = "pydantic.plugin._loader"


def turn_off(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Turn pydantic plugins off; True when its loader will be stood in for as well (if the
    pydantic imported later is a tested version). Call before the first model is validated."""
    environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if LOADER in sys.modules:
        return False  # pydantic already looked (or the caller has its own)
    if not any(isinstance(finder, _StandIn) for finder in sys.meta_path):
        sys.meta_path.insert(0, _StandIn())
    return True


class _StandIn:
    """An import finder that answers for pydantic's plugin loader only, and only on a tested
    pydantic version (any other import is left to the usual finders)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if name != LOADER:
            return None
        from pydantic.version import VERSION

        return ModuleSpec(name, self) if VERSION.startswith(TESTED_VERSIONS) else None

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        loader = ModuleType(LOADER, "Stands in for pydantic's plugin loader: no plugins.")
        loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
        return loader

    def exec_module(self, module: ModuleType) -> None:
        pass


def _no_plugins() -> tuple[()]:
    return ()
