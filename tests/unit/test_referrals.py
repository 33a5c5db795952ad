"""Referrals from an episode: suggestions, referring, the connection check, status history, the list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.directory import CONNECT_CHECK_KIND, age_fits
from mrss_tui.domain.enums import ReferralStatus
from mrss_tui.errors import ConflictError, PermissionDenied, ValidationFailed
from mrss_tui.workflow.context import Session, open_session
from mrss_tui.workflow.referrals import (
    episode_referrals,
    refer,
    refer_context,
    referral_history,
    referral_list_text,
    set_status,
    suggestions,
)
from tests.conftest import T0


@pytest.fixture
def coord(demo_db: Path) -> Iterator[Session]:
    session = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    yield session
    session.store.close()


@pytest.fixture
def episode(coord: Session) -> int:
    """An open episode whose person has a county and a known age."""
    return int(coord.store.scalar(
        "SELECT e.id FROM episodes e JOIN persons p ON p.id = e.person_id "
        "WHERE e.phase = 'crisis' AND p.county <> '' ORDER BY e.id LIMIT 1"))


def test_context_comes_from_the_person(coord: Session, episode: int) -> None:
    context = refer_context(coord, episode)
    person = coord.store.persons.get(coord.store.episodes.get(episode).person_id)
    assert context.county == person.county
    assert context.band.value != "unknown"
    assert ("cat-counseling", "Counseling and therapy") in context.categories


def test_suggestions_fit_need_age_and_county_best_first(coord: Session, episode: int) -> None:
    context = refer_context(coord, episode)
    found = suggestions(coord, context, "cat-counseling")
    assert found, "the demo directory has counseling in every county"
    for suggestion in found:
        service = suggestion.service
        assert "cat-counseling" in service.categories
        assert age_fits(service.minimum_age, service.maximum_age, context.band)
        assert not service.counties or context.county in service.counties
        assert service.status.value in ("active", "temporarily closed")
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)


def test_refer_schedules_the_connection_check(coord: Session, episode: int) -> None:
    service = suggestions(coord, refer_context(coord, episode), "cat-counseling")[0].service
    result = refer(coord, episode, service.id, "cat-counseling")
    assert result.referral.status is ReferralStatus.REFERRED
    assert result.referral.category == "counseling"
    checks = [f for f in coord.store.followups.for_episode(episode) if f.kind == CONNECT_CHECK_KIND]
    assert [f.due_at for f in checks] == [T0 + timedelta(days=3)]
    assert checks[0].done_at is None
    with pytest.raises(ValidationFailed, match="already referred"):
        refer(coord, episode, service.id, "cat-counseling")


def test_suggested_then_referred_is_one_referral_with_history(coord: Session, episode: int) -> None:
    service = suggestions(coord, refer_context(coord, episode), "cat-counseling")[0].service
    suggested = refer(coord, episode, service.id, "cat-counseling", status=ReferralStatus.SUGGESTED)
    assert suggested.followup_due_at is None
    coord.clock.advance(minutes=5)  # type: ignore[attr-defined]
    referred = refer(coord, episode, service.id, "cat-counseling")
    assert referred.referral.id == suggested.referral.id
    coord.clock.advance(days=2)  # type: ignore[attr-defined]
    connected = set_status(coord, referred.referral.id, ReferralStatus.CONNECTED,
                           expected_version=referred.referral.version)
    history = referral_history(coord, connected.referral.id)
    assert [(e.status.value, e.at, e.by_login) for e in history] == [
        ("suggested", T0, "coord"), ("referred", T0 + timedelta(minutes=5), "coord"),
        ("connected", T0 + timedelta(days=2, minutes=5), "coord")]
    with pytest.raises(ConflictError):
        set_status(coord, connected.referral.id, ReferralStatus.DECLINED,
                   expected_version=referred.referral.version)
    with pytest.raises(ValidationFailed):
        set_status(coord, connected.referral.id, ReferralStatus.CONNECTED, expected_version=None)
    audit = coord.store.all("SELECT action FROM audit WHERE entity = 'referral' AND entity_id = ?",
                            (str(connected.referral.id),))
    assert [r[0] for r in audit] == ["referral.create", "referral.status", "referral.status"]


def test_printable_list_has_what_the_family_needs(coord: Session, episode: int) -> None:
    found = suggestions(coord, refer_context(coord, episode), "cat-counseling")
    kept = refer(coord, episode, found[0].service.id, "cat-counseling")
    detail = coord.store.directory.get(found[0].service.id)
    declined_service = coord.store.directory.search(category="cat-food")[0][0]
    declined = refer(coord, episode, declined_service.id, "cat-food")
    set_status(coord, declined.referral.id, ReferralStatus.DECLINED, expected_version=None)
    text = referral_list_text(coord, episode)
    assert detail.summary.name in text
    assert detail.phones[0].number in text
    assert detail.addresses[0].one_line() in text
    assert "Mo-Fr" in text or "Every day" in text
    assert declined_service.name not in text
    assert "988" in text
    assert [r.id for r in episode_referrals(coord, episode)][-2:] == [kept.referral.id,
                                                                      declined.referral.id]


def test_county_admin_cannot_refer(demo_db: Path, episode: int) -> None:
    session = open_session(demo_db, build_config({}), "county", FrozenClock(T0))
    with pytest.raises(PermissionDenied):
        refer_context(session, episode)
    session.store.close()


def test_printable_list_marks_stale_records(coord: Session, episode: int) -> None:
    stale = next(s for s in coord.store.directory.search(limit=100)[0]
                 if s.status.value == "active" and s.last_verified_at is not None
                 and s.last_verified_at < T0 - timedelta(days=366))
    refer(coord, episode, stale.id)
    text = referral_list_text(coord, episode)
    assert f"these details were last checked {stale.last_verified_at:%Y-%m-%d}" in text


def test_the_connect_check_survives_closing_from_crisis(coord: Session, episode: int) -> None:
    """Connection to care is the point of closing: the check outlives it and is answered by the
    referral's status."""
    from mrss_tui.workflow.episodes import change_phase

    service = suggestions(coord, refer_context(coord, episode), "cat-counseling")[0].service
    result = refer(coord, episode, service.id, "cat-counseling")
    current = coord.store.episodes.get(episode)
    change_phase(coord, episode, {"to": "closed", "disposition": "home_community"},
                 expected_version=current.version)
    pending = coord.store.followups.pending_for_episode(episode)
    assert [f.kind for f in pending] == [CONNECT_CHECK_KIND]
    assert "Did the family connect?" in pending[0].note
    set_status(coord, result.referral.id, ReferralStatus.CONNECTED,
               expected_version=result.referral.version)
    assert coord.store.followups.pending_for_episode(episode) == []
    done = [f for f in coord.store.followups.for_episode(episode) if f.kind == CONNECT_CHECK_KIND]
    assert done[0].done_by == "coord"
