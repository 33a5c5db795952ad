"""Screens that can be jumped to: found by scanning this package for modules with ``NAV``.

A feature adds its screen by adding a module here, without editing the app or a shared list.
Entries the acting role may not use are hidden from the footer, the help and the palette.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from mrss_tui.workflow.permissions import Action

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class NavEntry:
    id: str  # stable id: binding id is "nav.<id>", remappable in config [keys]
    title: str
    key: str
    description: str
    needs: Action  # the permission a role needs to open it
    factory: Callable[[], "Screen"]
    order: int = 50
    show: bool = True  # shown in the footer


@cache
def all_entries() -> tuple[NavEntry, ...]:
    import mrss_tui.screens as package

    found: list[NavEntry] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(getattr(module, "NAV", ()))
    ids = [entry.id for entry in found]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"screens declare the same nav id twice: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda e: (e.order, e.title)))


def entry(nav_id: str) -> NavEntry | None:
    return next((e for e in all_entries() if e.id == nav_id), None)
