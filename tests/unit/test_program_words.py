"""Words follow the program: youth programs speak of the family, adult programs of the person
and their family or supports; the crisis numbers come from the profile."""

from __future__ import annotations

from mrss_tui.config import build_config
from mrss_tui.domain.program_words import connect_question, crisis_line, supports


def test_wording_follows_the_program() -> None:
    oregon, ct, okc = (build_config({"profile": p}) for p in ("oregon-mrss", "ct-emps", "okc-crt"))
    assert connect_question(oregon) == connect_question(ct) == "Did the family connect?"
    assert connect_question(okc) == "Did the person connect?"
    assert supports(oregon) == "family" and supports(okc) == "family or supports"
    assert "2-1-1, press 1" in crisis_line(ct) and "988" in crisis_line(oregon)
    assert "911" in crisis_line(okc)
    assert okc.program.age_bands == "adult" and ct.program.serves_ages == (0, 18)


def test_set_profile_rebands_adult_calls_for_the_new_scheme(make_session, store) -> None:
    from mrss_tui.domain.enums import Role
    from mrss_tui.workflow.intake import IntakeForm, record_call
    from mrss_tui.workflow.program_profile import set_profile

    coord = make_session(Role.COORDINATOR)
    call = record_call(coord, IntakeForm(received_at="2026-11-20T21:20:00Z", line="988",
                                         born_or_age="70", triage="information")).call
    assert call.age_band.value == "adult"
    boss = make_session(Role.SUPERVISOR)
    assert set_profile(boss, "okc-crt") == 1
    assert store.calls.get(call.id).age_band.value == "older_adult"
    assert store.program_meta.profile() == "okc-crt"


def test_recording_an_adult_on_a_childrens_line_warns_but_records(make_session) -> None:
    from mrss_tui.domain.enums import Role
    from mrss_tui.workflow.intake import IntakeForm, record_call

    ct = build_config({"profile": "ct-emps"})
    coord = make_session(Role.COORDINATOR, login="ct_c", cfg=ct)
    result = record_call(coord, IntakeForm(received_at="2026-11-20T21:20:00Z", line="211",
                                           born_or_age="34", triage="information"))
    assert result.call.id and "age 34 is outside what this program serves" in result.warnings[0]
    child = record_call(coord, IntakeForm(received_at="2026-11-20T21:20:00Z", line="211",
                                          born_or_age="12", triage="information"))
    assert child.warnings == []
