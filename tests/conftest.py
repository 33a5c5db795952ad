"""Shared fixtures: real SQLite files in tmp, a frozen clock, sessions for every role.

Fixtures build data through workflow and store functions, never raw SQL.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from tests.receivers import JsonReceiver
from mrss_tui.config import Config, build_config
from mrss_tui.domain.enums import Role
from mrss_tui.store.audit_files import audit_folder
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import Actor, Session
from mrss_tui.workflow.demo import DemoOptions, generate_demo

# A fixed instant for every test: Friday 20 November 2026, 13:30 in Oregon (21:30 UTC).
T0 = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)


@pytest.fixture
def output_root(tmp_path: Path) -> Path:
    """Where files mrss writes (prints, plans, reports) land for the ``store`` fixture's database:
    next to it ([paths] defaults, workflow/files.py), so always inside this test's tmp folder."""
    return tmp_path / "mrss-files"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def config() -> Config:
    return build_config({})


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "mrss.db"


@pytest.fixture
def store(db_path: Path, clock: FrozenClock) -> Iterator[Store]:
    s = Store.open(db_path, create=True, clock=clock)
    yield s
    s.close()


@pytest.fixture
def make_session(store: Store, config: Config, clock: FrozenClock) -> Callable[..., Session]:
    """Session for a new staff member of the given role (created through the store)."""
    made: dict[Role, Session] = {}

    def factory(role: Role = Role.COORDINATOR, login: str | None = None,
                cfg: Config | None = None) -> Session:
        if login is None and role in made and cfg is None:
            return made[role]
        login = login or f"t_{role.value}"
        staff = store.staff.by_login(login) or store.staff.create(
            "system", login=login, name=f"Test {role.value.title()}", role=role,
            credentials="LCSW" if role is Role.CLINICIAN else "",
            paging_url="json://127.0.0.1:9/never")
        session = Session(store, cfg or config, Actor.of(staff), clock)
        made.setdefault(role, session)
        return session

    return factory


@pytest.fixture
def session(make_session: Callable[..., Session]) -> Session:
    return make_session(Role.COORDINATOR)


@pytest.fixture
def receiver() -> Iterator[JsonReceiver]:
    """A local apprise json:// receiver on 127.0.0.1 (see tests/receivers.py)."""
    r = JsonReceiver()
    yield r
    r.close()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database made once per test run (seed 7, 60 days, frozen at T0)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store.open(path, create=True, clock=FrozenClock(T0)) as s:
        generate_demo(s, build_config({}), DemoOptions(seed=7))
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, safe to write to."""
    dest = tmp_path / "demo.db"
    with Store.open(demo_db_template, migrate_schema=False) as s:
        s.backup(dest)
    # The audit chain's key and heads live beside the database (store/audit_files.py).
    shutil.copytree(audit_folder(demo_db_template), audit_folder(dest))
    return dest
