from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import Phase
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.db import Store
from mrss_tui.workflow.demo import DemoOptions, generate_demo
from tests.conftest import T0

TABLES = ("staff", "shifts", "persons", "calls", "episodes", "dispatches", "contacts",
          "followups", "safety_plans", "services", "referrals", "alerts")


def fingerprint(path: Path) -> dict[str, object]:
    with Store.open(path, migrate_schema=False) as s:
        return {t: [tuple(r) for r in s.all(f"SELECT * FROM {t} ORDER BY 1")] for t in TABLES}


def make(path: Path, seed: int, profile: str = "oregon-mrss", days: int = 30) -> Store:
    store = Store.open(path, create=True, clock=FrozenClock(T0))
    generate_demo(store, build_config({"profile": profile}), DemoOptions(seed=seed, days=days))
    return store


def test_same_seed_same_data(tmp_path: Path) -> None:
    make(tmp_path / "a.db", 11).close()
    make(tmp_path / "b.db", 11).close()
    make(tmp_path / "c.db", 12).close()
    assert fingerprint(tmp_path / "a.db") == fingerprint(tmp_path / "b.db")
    assert fingerprint(tmp_path / "a.db") != fingerprint(tmp_path / "c.db")


@pytest.mark.parametrize("profile", ["oregon-mrss", "ct-emps", "okc-crt"])
def test_demo_is_realistic_for_each_profile(tmp_path: Path, profile: str) -> None:
    store = make(tmp_path / "d.db", 5, profile, days=60)
    config = build_config({"profile": profile})
    assert store.integrity_problems() == []
    calls = store.scalar("SELECT count(*) FROM calls")
    assert 150 <= calls <= 500  # "a few hundred calls over the period"
    phases = {r[0] for r in store.all("SELECT DISTINCT phase FROM episodes")}
    assert phases == {p.value for p in Phase}
    board = store.board.summary(T0)
    assert board.open_calls_total >= 1 and board.dispatches_total >= 1
    overdue = store.followups.open_due_before(T0)
    assert overdue, "some follow-ups are overdue"
    towns = {r[0] for r in store.all("SELECT DISTINCT town FROM calls")}
    assert towns <= {t.name for t in config.towns}
    # Nothing is dated after "now".
    assert store.scalar("SELECT max(received_at) FROM calls") <= "2026-11-20T21:30:00Z"
    assert store.scalar("SELECT max(at) FROM contacts") <= "2026-11-20T21:30:00Z"
    # Every team on a dispatch holds the roles the profile requires.
    required = {g[0].value for g in config.response.required_team}
    for dispatch_id, roles in store.all(
            "SELECT m.dispatch_id, group_concat(s.role) FROM dispatch_members m "
            "JOIN staff s ON s.id = m.staff_id GROUP BY m.dispatch_id"):
        assert required <= set(roles.split(",")), dispatch_id
    if profile == "okc-crt":
        assert store.scalar("SELECT count(*) FROM calls WHERE incident_number = ''") == 0
        # The first contact of every response carries the medical screen and the assessment.
        assert store.scalar("SELECT count(*) FROM contacts c JOIN episodes e "
                            "ON e.scene_outcome_contact_id = c.id "
                            "WHERE c.medical IS NULL OR c.assessment IS NULL") == 0
        assert store.scalar("SELECT count(*) FROM le_coresponse") > 0
        # The seed's program names licensed clinicians and peer recovery specialists too.
        roster = {tuple(r) for r in store.all("SELECT role, credentials FROM staff")}
        assert {("clinician", c) for c in ("LPC", "LADC", "LMFT", "LCSW")} <= roster
        assert ("peer", "PRSS") in roster
    assert store.scalar("SELECT count(*) FROM episodes WHERE scene_outcome IS NOT NULL") > 0
    store.close()


def test_demo_refuses_a_database_with_data(tmp_path: Path) -> None:
    store = make(tmp_path / "e.db", 1, days=3)
    with pytest.raises(ValidationFailed, match="already holds data"):
        generate_demo(store, build_config({}), DemoOptions())
    store.close()
