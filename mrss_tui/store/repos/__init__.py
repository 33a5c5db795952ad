"""Repositories: one small class per entity, reached as ``store.<name>``.

Every write method takes the acting login, runs inside ``store.atomic()`` and appends its audit
row in the same transaction. Reads return pydantic models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mrss_tui.store.db import Store


class Repo:
    def __init__(self, store: "Store") -> None:
        self.s = store


def attach(store: "Store") -> None:
    """Give the store one instance of every repository.

    Each module in this package lists its repositories in ``REPOS = {"name": Class}``; they are
    found by scanning, so a feature adds a repository without editing a shared file.
    """
    for name, cls in _registry().items():
        setattr(store, name, cls(store))


_REGISTRY: dict[str, type[Repo]] | None = None


def _registry() -> dict[str, type[Repo]]:
    global _REGISTRY
    if _REGISTRY is None:
        import importlib
        import pkgutil

        found: dict[str, type[Repo]] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for name, cls in getattr(module, "REPOS", {}).items():
                if name in found:
                    raise RuntimeError(f"two repositories are called store.{name}")
                found[name] = cls
        _REGISTRY = found
    return _REGISTRY
