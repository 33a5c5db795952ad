"""mrss runs no pydantic plugins. A plugin is found through package metadata and then sees every
value pydantic validates (names, notes, phone numbers): an observability package installed
later into the same environment would receive them all without anyone asking for it.

``PYDANTIC_DISABLE_PLUGINS`` is pydantic's documented switch; it is set for the whole process.
Pydantic still imports ``importlib.metadata`` to look for plugins even then (it imports the
email package and more: 20-40 ms before the first frame, under load). On the pydantic versions
tested here, its plugin loader is replaced by one that finds none, without that import; on any
other version nothing is replaced (the start is slower, not wrong), and the tests fail until the
new version is checked and added to ``TESTED_VERSIONS``.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import MutableMapping

# Pydantic versions whose plugin loader (pydantic/plugin/_loader.py) this stands in for.
TESTED_VERSIONS = ("2.14.",)
LOADER = "pydantic.plugin._loader"


def turn_off(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Turn pydantic plugins off; True when the loader was stood in for as well. Call before
    the first model is validated."""
    environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if LOADER in sys.modules:
        return False  # pydantic already looked (or the caller has its own)
    from pydantic.version import VERSION

    if not VERSION.startswith(TESTED_VERSIONS):
        return False
    loader = types.ModuleType(LOADER, "Stands in for pydantic's plugin loader: no plugins.")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
    return True


def _no_plugins() -> tuple[()]:
    return ()
