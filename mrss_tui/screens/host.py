"""What screens may ask of the app that runs them, as a Protocol: screens never import the app
(no import circle); the app satisfies this by having these members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.screen import Screen

from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action


class AppHost(Protocol):
    session: Session

    @property
    def screen(self) -> Screen: ...

    @property
    def screen_stack(self) -> list[Screen]: ...

    def may(self, action: Action) -> bool: ...

    def run_db(self, node: Any, work: Callable[[Session], Any],
               then: Callable[[Any], None] | None = None, *, group: str = "db",
               exclusive: bool = True, hold_keys: str | None = None) -> None: ...

    def report_unexpected(self, exc: BaseException) -> None: ...

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None) -> None: ...

    def push_screen(self, screen: Screen) -> Any: ...

    def set_interval(self, interval: float, callback: Callable[[], Any]) -> Any: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...
