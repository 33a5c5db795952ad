"""Scheduled jobs, declared next to the use case they run.

Any workflow module may define ``JOBS = [Job(...)]``. ``alerts.py`` (the one place APScheduler is
set up) schedules every job found here, in the TUI and in ``mrss worker``. Jobs hold no state:
each run reads what is due from the store, so a restart finds everything again, and each write
is idempotent (unique keys), so several processes may run the same job at once.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from mrss_tui.config import Config
from mrss_tui.domain.enums import Role
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action, allowed


@dataclass(frozen=True)
class Job:
    id: str
    run: Callable[[Session], Any]
    # APScheduler trigger arguments for this config, e.g. {"trigger": "interval", "seconds": 30}
    # or {"trigger": "cron", "day_of_week": "mon", "hour": 7, "timezone": "America/Chicago"}.
    trigger: Callable[[Config], dict[str, Any]]
    description: str = ""
    run_at_start: bool = True  # catch up at once after a restart
    headless_only: bool = False  # only in `mrss worker` (e.g. reminders sent to phones)
    # A TUI session runs the job (as the system) only if its own role may do this: a county
    # administrator's session has no business scanning episodes or sending pages.
    needs: Action = Action.VIEW_BOARD

    def may_run_for(self, role: Role) -> bool:
        return allowed(role, self.needs)
    runs_last: bool = False  # in `worker --once`: after the jobs that feed it (the page sender)


def every(seconds: int) -> Callable[[Config], dict[str, Any]]:
    return lambda _config: {"trigger": "interval", "seconds": seconds}


@cache
def all_jobs() -> tuple[Job, ...]:
    import mrss_tui.workflow as package

    found: list[Job] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(getattr(module, "JOBS", ()))
    ids = [job.id for job in found]
    if len(ids) != len(set(ids)):
        raise RuntimeError(f"two jobs share an id: {sorted(ids)}")
    return tuple(found)
