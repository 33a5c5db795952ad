"""The static table of remappable binding ids (domain/binding_ids.py, read by config.toml's
check without importing screens) is exactly the ids the screens, widgets and app declare."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import mrss_tui.screens as screens
import mrss_tui.widgets as widgets
from mrss_tui.domain.binding_ids import BINDING_IDS


def declared_ids() -> set[str]:
    from textual.binding import Binding
    from textual.dom import DOMNode

    modules = [importlib.import_module("mrss_tui.app")]
    for package in (screens, widgets):
        modules += [importlib.import_module(f"{package.__name__}.{info.name}")
                    for info in pkgutil.iter_modules(package.__path__)]
    return {binding.id for module in modules for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, DOMNode)
            for binding in getattr(obj, "BINDINGS", [])
            if isinstance(binding, Binding) and binding.id}


def test_the_table_is_the_declared_ids() -> None:
    declared = declared_ids()
    assert not sorted(declared - BINDING_IDS), "add these to domain/binding_ids.py"
    assert not sorted(BINDING_IDS - declared), "remove these from domain/binding_ids.py"
