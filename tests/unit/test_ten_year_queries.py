"""The queries rewritten to stay flat over ten years still return the same things: keyset pages
of episodes, field staff's own alerts, phone and name matches, the open-episode index."""

from __future__ import annotations

from pathlib import Path

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import Phase
from mrss_tui.workflow.alert_handling import open_alerts
from mrss_tui.workflow.context import SYSTEM, Session, open_session
from mrss_tui.workflow.episode_alerts import run_alert_rules
from mrss_tui.workflow.episodes import EPISODE_COUNT_CAP, list_episodes
from mrss_tui.workflow.intake import find_matches
from tests.conftest import T0


def session_of(db: Path, login: str):
    return open_session(db, build_config({}), login, FrozenClock(T0))


def field_login(db: Path) -> str:
    s = session_of(db, "super")
    return s.store.scalar("SELECT st.login FROM episode_team t JOIN staff st ON st.id = t.staff_id "
                          "GROUP BY st.id ORDER BY count(*) DESC LIMIT 1")


def all_pages(session, phase: Phase, size: int) -> tuple[list, int]:
    rows, total = list_episodes(session, phase, page_size=size)
    seen = list(rows)
    while rows:
        rows, again = list_episodes(session, phase, after=rows[-1], page_size=size)
        assert again == total
        seen.extend(rows)
    return seen, total


def test_keyset_pages_cover_every_episode_once_newest_first(demo_db: Path) -> None:
    for login in ("coord", field_login(demo_db)):
        session = session_of(demo_db, login)
        for phase in Phase:
            seen, total = all_pages(session, phase, size=7)
            keys = [(r.phase_started_at, r.id) for r in seen]
            assert len(set(keys)) == len(seen)
            assert keys == sorted(keys, reverse=True)
            expected = session.store.scalar(
                "SELECT count(*) FROM episodes e WHERE phase = ?"
                + ("" if login == "coord" else " AND EXISTS (SELECT 1 FROM episode_team t "
                   "JOIN staff st ON st.id = t.staff_id WHERE t.episode_id = e.id "
                   "AND st.login = ?)"), (phase.value,) if login == "coord" else (phase.value, login))
            assert len(seen) == expected
            assert total == min(expected, EPISODE_COUNT_CAP + 1)


def test_field_staff_get_exactly_the_alerts_of_their_own_teams(demo_db: Path) -> None:
    login = field_login(demo_db)
    system = session_of(demo_db, "super")
    assert run_alert_rules(Session(system.store, system.config, SYSTEM, system.clock)) > 0
    mine = {a.id for a in open_alerts(session_of(demo_db, login), limit=10_000)}
    s = session_of(demo_db, "super")
    staff_id = s.store.staff.by_login(login).id
    expected = {r[0] for r in s.store.all(
        "SELECT a.id FROM alerts a WHERE a.acknowledged_at IS NULL AND a.resolved_at IS NULL "
        "AND (a.snoozed_until IS NULL OR a.snoozed_until <= ?) AND ("
        " (a.subject_type = 'episode' AND a.subject_id IN "
        "   (SELECT episode_id FROM episode_team WHERE staff_id = ?))"
        " OR (a.subject_type = 'followup' AND a.subject_id IN (SELECT f.id FROM followups f "
        "   JOIN episode_team t ON t.episode_id = f.episode_id WHERE t.staff_id = ?))"
        " OR (a.subject_type = 'dispatch' AND a.subject_id IN "
        "   (SELECT dispatch_id FROM dispatch_members WHERE staff_id = ?)))",
        (T0.isoformat().replace("+00:00", "Z"), staff_id, staff_id, staff_id))}
    assert mine == expected
    assert mine  # the demo gives the busiest clinician some open alerts


def test_a_known_number_and_a_name_find_the_person_newest_first(demo_db: Path) -> None:
    s = session_of(demo_db, "coord")
    person_id, phone, name = s.store.one(
        "SELECT id, phone, name FROM persons WHERE phone <> '' AND name <> '' "
        "ORDER BY id DESC LIMIT 1")
    assert person_id in {m.person.id for m in find_matches(s, callback=phone)}
    by_name = find_matches(s, name=name.split()[0])
    assert person_id in {m.person.id for m in by_name}
    ids = [m.person.id for m in by_name if m.why == "name"]
    assert ids == sorted(ids, reverse=True)


def test_the_jobs_and_the_phone_match_use_their_indexes(demo_db: Path) -> None:
    s = session_of(demo_db, "super")
    s.store.conn.execute("ANALYZE")  # with statistics the planner used to scan episodes
    plan = " ".join(r[3] for r in s.store.all(
        "EXPLAIN QUERY PLAN SELECT e.id FROM episodes e WHERE e.phase <> 'closed' "
        "AND +e.face_to_face_at IS NOT NULL"))  # as episode_watch asks it
    assert "episodes_open" in plan
    plan = " ".join(r[3] for r in s.store.all(
        "EXPLAIN QUERY PLAN SELECT * FROM calls WHERE callback_number = ? "
        "AND callback_number <> '' ORDER BY received_at DESC LIMIT 5", ("+15415550123",)))
    assert "calls_callback_recent" in plan and "TEMP B-TREE" not in plan
    plan = " ".join(r[3] for r in s.store.all(
        "EXPLAIN QUERY PLAN SELECT * FROM persons WHERE phone = ? AND phone <> '' "
        "ORDER BY id DESC LIMIT 5", ("+15415550123",)))
    assert "persons_phone" in plan
