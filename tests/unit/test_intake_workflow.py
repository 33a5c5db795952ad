"""Intake: validation, every triage path, every C-SSRS branch, look-ups and drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mrss_tui.config import build_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import (
    Acuity,
    AgeBand,
    CallStatus,
    Disposition,
    Line,
    Phase,
    RiskLevel,
    Role,
    Triage,
)
from mrss_tui.errors import PermissionDenied, ValidationFailed
from mrss_tui.workflow.intake import (
    IntakeForm,
    check_intake,
    discard_draft,
    find_matches,
    load_draft,
    new_form,
    parse_born_or_age,
    record_call,
    save_draft,
    screener_state,
    town_info,
)
from tests.conftest import T0

NO_RISK = CssrsAnswers(q1=False, q2=False, q6=False)


def form(**overrides) -> IntakeForm:
    values = dict(received_at="2026-11-20T21:25:00Z", callback_number="541-555-0123",
                  line=Line.L988, caller_name="Pat Rivers", caller_relation="mother",
                  person_name="Jo Rivers", born_or_age="14", address="12 Main St",
                  town="Burns", situation="Barricaded in room", cssrs=NO_RISK,
                  triage=Triage.PHONE_ONLY)
    values.update(overrides)
    return IntakeForm(**values)


# -- C-SSRS branches through the workflow -----------------------------------------------------------

BRANCHES = [
    (CssrsAnswers(q1=False, q2=False, q6=False), RiskLevel.NONE, Acuity.ROUTINE),
    (CssrsAnswers(q1=True, q2=False, q6=False), RiskLevel.LOW, Acuity.ROUTINE),
    (CssrsAnswers(q1=True, q2=True, q3=False, q4=False, q5=False, q6=False), RiskLevel.LOW,
     Acuity.ROUTINE),
    (CssrsAnswers(q1=True, q2=True, q3=True, q4=False, q5=False, q6=False), RiskLevel.MODERATE,
     Acuity.URGENT),
    (CssrsAnswers(q1=True, q2=True, q3=False, q4=True, q5=False, q6=False), RiskLevel.HIGH,
     Acuity.EMERGENT),
    (CssrsAnswers(q1=True, q2=True, q3=True, q4=False, q5=True, q6=False), RiskLevel.HIGH,
     Acuity.EMERGENT),
    (CssrsAnswers(q1=False, q2=False, q6=True, q6_recent=True), RiskLevel.HIGH, Acuity.EMERGENT),
    (CssrsAnswers(q1=False, q2=False, q6=True, q6_recent=False), RiskLevel.MODERATE,
     Acuity.URGENT),
]


@pytest.mark.parametrize("answers,risk,acuity", BRANCHES)
def test_every_screener_branch_stores_its_risk_and_suggested_acuity(session, answers, risk, acuity):
    result = record_call(session, form(cssrs=answers))
    assert result.call.risk_level is risk
    assert result.call.acuity is acuity
    assert result.call.cssrs == answers


def test_question_two_no_skips_to_six_on_screen():
    risk, question = screener_state(CssrsAnswers(q1=True, q2=False))
    assert (risk, question) == (RiskLevel.LOW, "q6")
    assert screener_state(CssrsAnswers(q1=True, q2=True))[1] == "q3"
    assert screener_state(CssrsAnswers())[0] is None


def test_answers_to_skipped_questions_are_a_field_problem(session):
    with pytest.raises(ValidationFailed) as err:
        record_call(session, form(cssrs=CssrsAnswers(q1=True, q2=False, q3=True, q6=False)))
    assert "cssrs" in err.value.problems
    assert session.store.calls.count() == 0


def test_unfinished_screener_blocks_phone_only_but_not_a_911_transfer(session):
    half = CssrsAnswers(q1=True, q2=True, q3=True)
    with pytest.raises(ValidationFailed) as err:
        record_call(session, form(cssrs=half))
    assert err.value.problems["cssrs"].startswith("finish the screener: question 4")
    call = record_call(session, form(cssrs=half, triage=Triage.TRANSFER_911)).call
    assert call.risk_level is RiskLevel.MODERATE and call.triage is Triage.TRANSFER_911


@given(st.fixed_dictionaries({q: st.sampled_from([True, False, None]) for q in
                              ("q1", "q2", "q3", "q4", "q5", "q6", "q6_recent")}))
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_answer_sets_give_the_documented_level_or_a_clear_problem(config, raw):
    answers = CssrsAnswers(**raw)
    try:
        clean = check_intake(form(cssrs=answers), config, T0)
    except ValidationFailed as exc:
        assert set(exc.problems) == {"cssrs"}
        assert exc.problems["cssrs"]
        return
    a = answers
    if a.q4 or a.q5 or (a.q6 and a.q6_recent):
        expected = RiskLevel.HIGH
    elif a.q3 or (a.q6 and a.q6_recent is False):
        expected = RiskLevel.MODERATE
    elif a.q1 or a.q2:
        expected = RiskLevel.LOW
    else:
        expected = RiskLevel.NONE
    assert clean.risk is expected


# -- triage paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize("triage", [Triage.PHONE_ONLY, Triage.TRANSFER_911, Triage.REFERRAL_ONLY,
                                    Triage.INFORMATION])
def test_triage_without_mobile_response_opens_no_episode(session, triage):
    result = record_call(session, form(triage=triage))
    assert result.episode is None
    assert result.call.triage is triage
    assert result.call.status is CallStatus.CLOSED


def test_mobile_dispatch_opens_an_episode_in_crisis_phase(session):
    high = CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=False, q6=False)
    result = record_call(session, form(cssrs=high, triage=Triage.MOBILE_DISPATCH))
    assert result.episode is not None
    assert result.episode.phase is Phase.CRISIS
    assert result.episode.call_id == result.call.id
    assert result.episode.person_id == result.person.id
    assert result.call.acuity is Acuity.EMERGENT
    assert result.call.region == "Harney" and result.call.county == "Harney"
    assert result.call.age_band is AgeBand.YOUTH


def test_mobile_dispatch_needs_town_address_and_shows_all_problems_at_once(session):
    with pytest.raises(ValidationFailed) as err:
        record_call(session, form(triage=Triage.MOBILE_DISPATCH, town="Atlantis", address=" "))
    assert set(err.value.problems) == {"town", "address"}
    assert session.store.calls.count() == 0


def test_missing_line_and_triage_are_reported_next_to_their_fields(session):
    with pytest.raises(ValidationFailed) as err:
        record_call(session, form(line=None, triage=None))
    assert set(err.value.problems) == {"line", "triage"}


def test_coordinator_acuity_overrides_the_suggestion(session):
    call = record_call(session, form(acuity=Acuity.URGENT)).call
    assert call.acuity is Acuity.URGENT


def test_county_admin_cannot_take_calls(make_session):
    with pytest.raises(PermissionDenied):
        record_call(make_session(Role.COUNTY_ADMIN), form())


# -- phone numbers, ages, towns, 911 incident ----------------------------------------------------------


def test_callback_is_normalised_and_an_impossible_number_is_flagged(session):
    call = record_call(session, form(callback_number="(541) 555-0123")).call
    assert call.callback_number == "+15415550123"
    with pytest.raises(ValidationFailed) as err:
        record_call(session, form(callback_number="12"))
    assert "callback_number" in err.value.problems


def test_possible_but_unassigned_number_is_kept_but_marked_invalid(session):
    call = record_call(session, form(callback_number="541-155-0123")).call
    assert call.callback_number == "+15411550123"
    assert call.callback_valid is False


@pytest.mark.parametrize("text,expected", [
    ("14", (None, 14)), ("2011-04-02", ("2011-04-02", None)), ("4/2/2011", ("2011-04-02", None)),
    ("", (None, None))])
def test_born_or_age_parses(text, expected):
    born, age = parse_born_or_age(text, T0.date())
    assert ((born.isoformat() if born else None), age) == expected


@pytest.mark.parametrize("text", ["2027-01-01", "abc", "999", "1890-01-01"])
def test_born_or_age_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_born_or_age(text, T0.date())


def test_town_prefix_resolves_and_shows_county_team_and_cit(config):
    clean = check_intake(form(town="lake", police_needed=True), config, T0)
    assert clean.town.name == "Lakeview"
    assert town_info(config, clean.town, True) == (
        "Lake County · team: Lake · police: CIT officers available")


def test_okc_911_call_keeps_the_incident_number(make_session):
    okc = build_config({"profile": "okc-crt"})
    session = make_session(Role.COORDINATOR, login="okc1", cfg=okc)
    base = dict(line=Line.L911, town="Moore", triage=Triage.PHONE_ONLY)
    with pytest.raises(ValidationFailed) as err:
        record_call(session, form(**base))
    assert set(err.value.problems) == {"incident_number"}
    call = record_call(session, form(**base, incident_number="OKC-2026-11-4411")).call
    assert call.incident_number == "OKC-2026-11-4411"


def test_received_time_cannot_be_in_the_future(session):
    future = (T0 + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with pytest.raises(ValidationFailed) as err:
        record_call(session, form(received_at=future))
    assert "received_at" in err.value.problems


# -- linking instead of duplicating ------------------------------------------------------------------


def test_matches_by_number_and_name_and_linking_reuses_the_person(session):
    first = record_call(session, form(triage=Triage.MOBILE_DISPATCH, acuity=Acuity.URGENT))
    by_phone = find_matches(session, callback="+1 541 555 0123")
    assert [m.person.id for m in by_phone] == [first.person.id]
    assert by_phone[0].open_episodes[0].id == first.episode.id
    assert by_phone[0].last_call.id == first.call.id
    by_name = find_matches(session, name="jo riv")
    assert [m.person.id for m in by_name] == [first.person.id]
    again = record_call(session, form(person_id=first.person.id, person_name="", born_or_age="",
                                      new_episode=True))
    assert again.person.id == first.person.id
    assert session.store.scalar("SELECT count(*) FROM persons") == 1
    assert again.call.age_band is AgeBand.YOUTH


def test_a_repeat_call_is_offered_to_join_the_open_episode_and_nothing_is_written_before(
        session, clock):
    from mrss_tui.workflow.duplicates import REPEAT_HOURS, RepeatCall

    first = record_call(session, form(triage=Triage.MOBILE_DISPATCH, acuity=Acuity.URGENT))
    clock.advance(minutes=1)
    counts = lambda: [session.store.scalar(f"SELECT count(*) FROM {t}")  # noqa: E731
                      for t in ("calls", "persons", "episodes", "dispatches")]
    before = counts()
    # Same callback number, new name typed: a repeat is suspected, nothing is stored.
    repeat = form(person_name="J. Rivers", triage=Triage.MOBILE_DISPATCH, acuity=Acuity.URGENT)
    with pytest.raises(RepeatCall) as err:
        record_call(session, repeat)
    assert err.value.open_episode_id == first.episode.id and counts() == before
    # Added to the open episode: same person, no second episode, no second dispatch.
    joined = record_call(session, repeat.model_copy(update={"join_episode_id": first.episode.id}))
    assert joined.episode.id == first.episode.id and joined.person.id == first.person.id
    assert joined.call.linked_episode_id == first.episode.id
    assert counts() == [before[0] + 1, before[1], before[2], before[3]]
    # Only when the coordinator says so does it become a new episode.
    new = record_call(session, repeat.model_copy(update={"new_episode": True}))
    assert new.episode.id != first.episode.id
    # Hours later (and the episode closed) the number alone is no longer a repeat.
    clock.advance(hours=REPEAT_HOURS, minutes=1)
    for episode in (first.episode, new.episode):
        session.store.episodes.change_phase("t", episode.id, phase=Phase.CLOSED, at=clock.now(),
                                            expected_version=None,
                                            disposition=Disposition.HOME_COMMUNITY)
    record_call(session, form(person_name="Someone Else", received_at=""))


def test_unknown_name_is_stored_as_unnamed(session):
    result = record_call(session, form(person_name="unknown"))
    assert result.person.name == ""
    assert find_matches(session, name="unknown") == []  # "unknown" is not a name to search


# -- drafts ---------------------------------------------------------------------------------------------


def test_draft_round_trip_and_discarded_when_the_call_is_recorded(session):
    draft = form(cssrs=CssrsAnswers(q1=True), triage=None)
    save_draft(session, draft)
    loaded, saved_at = load_draft(session)
    assert loaded == draft and saved_at == T0
    record_call(session, form())
    assert load_draft(session) is None


def test_drafts_are_per_staff_member(session, make_session):
    save_draft(session, form())
    other = make_session(Role.COORDINATOR, login="coord_b")
    assert load_draft(other) is None
    discard_draft(session)
    assert load_draft(session) is None


def test_new_form_starts_the_clock_now_on_the_usual_line(session):
    blank = new_form(session)
    assert blank.received_at == "2026-11-20T21:30:00Z" and blank.line is Line.L988
    assert blank.is_blank()
