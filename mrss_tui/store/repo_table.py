"""Which module holds each repository (``store.<name>``).

A static table, so a store opens without importing every repository module (start-up time);
each module is imported when its repository is first used. Repositories are named by module
path, not imported here, so the store and its repositories import each other in one direction
only (repositories -> store.db -> this table).
"""

from __future__ import annotations

import importlib

PACKAGE = "mrss_tui.store.repos"

# Each repository module still declares ``REPOS = {"name": Class}``;
# tests/unit/test_startup_imports.py checks that this table and those declarations agree.
MODULES = {
    "access": "access", "alert_reminders": "alert_reminders", "alerts": "alerts",
    "audit_log": "audit", "board": "board", "calls": "calls", "conflicts": "conflicts",
    "contacts": "contacts", "directory": "directory", "dispatches": "dispatches",
    "drafts": "drafts", "episode_views": "episode_views", "episode_watch": "episode_watch",
    "episodes": "episodes", "followups": "followups", "intake_lookup": "intake",
    "pages": "pages", "persons": "persons", "referrals": "referrals",
    "report_counts": "reports", "report_runs": "reports", "safety_plans": "safety_plans",
    "ssh_keys": "ssh_keys", "staff": "staff", "shifts": "staff",
    "coresponse": "coresponse", "episode_search": "episode_search",
    "program_meta": "program_meta", "published_figures": "reports",
    "recorded_drafts": "recorded_drafts", "scene_counts": "scene_counts",
    "unlock_secrets": "unlock", "phone_replies": "phone_replies",
}


def repo_class(name: str) -> type:
    """The repository class (a ``Repo`` subclass) reached as ``store.<name>``; AttributeError if there is none."""
    module_name = MODULES.get(name)
    if module_name is not None:
        module = importlib.import_module(f"{PACKAGE}.{module_name}")
        return module.REPOS[name]
    # Not in the table (a new module): find it by scanning, slower but never wrong.
    found = declared_repos().get(name)
    if found is None:
        raise AttributeError(f"the store has no repository called {name!r}")
    return found


def declared_repos() -> dict[str, type]:
    """Every module's ``REPOS``, by importing them all (tests, and names missing above)."""
    import pkgutil

    package = importlib.import_module(PACKAGE)
    found: dict[str, type] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{PACKAGE}.{info.name}")
        for name, cls in getattr(module, "REPOS", {}).items():
            if name in found:
                raise RuntimeError(f"two repositories are called store.{name}")
            found[name] = cls
    return found
