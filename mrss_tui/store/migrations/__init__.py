"""Forward-only schema migrations, one module per version: ``vNNNN_name.py``.

Each module defines ``SQL`` (run statement by statement) and/or ``upgrade(conn)``. The runner
applies each pending version in its own transaction together with ``PRAGMA user_version``, so a
failure leaves the file at the previous version. Versions are discovered by module name, so
parallel branches can each add a module without touching a shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from types import ModuleType
from typing import NamedTuple

_NAME = re.compile(r"^v(\d{4})_\w+$")


class Migration(NamedTuple):
    version: int
    name: str
    module: ModuleType


@cache
def _discover() -> tuple[Migration, ...]:
    found: dict[int, Migration] = {}
    for info in pkgutil.iter_modules(__path__):
        match = _NAME.match(info.name)
        if not match:
            continue
        version = int(match.group(1))
        if version in found:
            raise RuntimeError(f"two migrations claim version {version}")
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[version] = Migration(version, info.name, module)
    return tuple(found[v] for v in sorted(found))


def all_migrations() -> list[Migration]:
    return list(_discover())


@cache
def latest_version() -> int:
    """From the module names alone: opening an up-to-date file imports no migration. Read once:
    the start asks three times, and the package does not change while mrss runs."""
    versions = [int(m.group(1)) for info in pkgutil.iter_modules(__path__)
                if (m := _NAME.match(info.name))]
    return max(versions, default=0)
