"""Oklahoma City CRT (okc-crt) run as its staff would: risk to others, the medical screen on the
first face-to-face contact, the structured clinical assessment, two staff on a contact, the
on-scene outcome, law-enforcement co-response, and the connect check surviving the closing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.config import build_config
from mrss_tui.config_fields import replace
from mrss_tui.domain.enums import Role
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.episodes import change_phase, episode_detail, log_contact
from tests.conftest import T0
from tests.episode_helpers import open_episode

VITALS = {"heart_rate": 96, "systolic": 128, "diastolic": 82, "spo2": 97,
          "medically_cleared": True, "transport_needed": False}
ASSESSMENT = {"mental_status": "psychotic_features", "recommendation": "outpatient_followup"}


@pytest.fixture
def okc(make_session):
    cfg = build_config({"profile": "okc-crt"})
    coord = make_session(Role.COORDINATOR, login="okc_coord", cfg=cfg)
    medic = make_session(Role.PARAMEDIC, login="okc_medic", cfg=cfg)
    navigator = make_session(Role.NAVIGATOR, login="okc_nav", cfg=cfg)
    episode = open_episode(coord, received=T0 - timedelta(hours=1), team=[medic, navigator],
                           town="Moore", region="South")
    return coord, medic, navigator, episode


def test_first_face_to_face_of_a_paramedic_team_needs_the_medical_screen_whatever_the_service(okc):
    coord, medic, navigator, episode = okc
    base = {"at": T0, "mode": "face_to_face", "staff_id": medic.actor.staff_id,
            "second_staff_id": navigator.actor.staff_id, "services": ["de_escalation"],
            "minutes": 45, "outcome": "stabilized_in_place"}
    assert episode_detail(coord, episode.id).needs_medical_screen
    with pytest.raises(ValidationFailed) as exc:
        log_contact(medic, episode.id, base)
    assert "medical" in exc.value.problems
    contact = log_contact(medic, episode.id, {**base, "medical": VITALS})
    assert contact.medical["medically_cleared"] is True
    assert contact.second_staff_id == navigator.actor.staff_id
    assert not episode_detail(coord, episode.id).needs_medical_screen
    later = {**base, "at": T0 + timedelta(minutes=0), "mode": "phone", "outcome": None}
    log_contact(medic, episode.id, {k: v for k, v in later.items() if v is not None})


def test_vitals_both_staff_and_the_note_show_on_the_timeline(okc):
    coord, medic, navigator, episode = okc
    log_contact(medic, episode.id, {
        "at": T0, "mode": "face_to_face", "staff_id": medic.actor.staff_id,
        "second_staff_id": navigator.actor.staff_id, "services": ["assessment"], "minutes": 45,
        "outcome": "stabilized_in_place", "medical": VITALS, "assessment": ASSESSMENT,
        "risk_others": {"irritable": True, "verbal_threats": True, "physical_threats": True},
        "note": "Calmer after 20 minutes; sister stays tonight"})
    entry = next(e for e in episode_detail(coord, episode.id).timeline if e.kind == "contact")
    assert "HR 96" in entry.text and "BP 128/82" in entry.text and "SpO2 97%" in entry.text
    assert "Test Paramedic and Test Navigator" in entry.text
    assert "risk to others HIGH" in entry.text
    assert "Stabilized in place" in entry.text
    assert "mental status Psychotic features" in entry.text
    assert "recommends outpatient follow-up" in entry.text
    assert entry.text.endswith("- Calmer after 20 minutes; sister stays tonight")
    assert entry.by == "okc_medic"


def test_an_assessment_is_a_structured_record_with_both_risks(okc):
    coord, medic, navigator, episode = okc
    base = {"at": T0, "mode": "face_to_face", "staff_id": navigator.actor.staff_id,
            "services": ["assessment"], "minutes": 45, "outcome": "stabilized_in_place",
            "medical": VITALS}
    with pytest.raises(ValidationFailed) as exc:
        log_contact(navigator, episode.id, base)
    assert "assessment" in exc.value.problems
    contact = log_contact(navigator, episode.id, {
        **base, "assessment": ASSESSMENT,
        "cssrs": {"q1": True, "q2": False, "q6": False},
        "risk_others": {"command_hallucinations": True, "recent_violence": True}})
    assert contact.assessment["risk_to_self"] == "low"
    assert contact.assessment["risk_to_others"] == "high"
    assert contact.assessment["recommendation"] == "outpatient_followup"


def test_a_contact_cannot_name_the_same_person_twice(okc):
    _coord, medic, _navigator, episode = okc
    with pytest.raises(ValidationFailed):
        log_contact(medic, episode.id, {
            "at": T0, "mode": "phone", "staff_id": medic.actor.staff_id,
            "second_staff_id": medic.actor.staff_id, "services": ["care_coordination"],
            "minutes": 5})


def test_every_face_to_face_response_records_its_outcome(okc):
    coord, medic, navigator, episode = okc
    base = {"at": T0, "mode": "face_to_face", "staff_id": medic.actor.staff_id,
            "services": ["de_escalation"], "minutes": 45, "medical": VITALS}
    with pytest.raises(ValidationFailed) as exc:
        log_contact(medic, episode.id, base)
    assert "outcome" in exc.value.problems
    with pytest.raises(ValidationFailed):
        log_contact(medic, episode.id, {**base, "outcome": "teleported"})
    log_contact(medic, episode.id, {**base, "outcome": "arrest"})
    assert coord.store.episodes.get(episode.id).scene_outcome == "arrest"


def _week_report(store, cfg):
    from mrss_tui.domain.report_week import IsoWeek
    from mrss_tui.reports.compute import compute_report

    unsuppressed = replace(cfg, report=replace(cfg.report, suppression_threshold=0))
    report = compute_report(store, unsuppressed, IsoWeek.parse("2026-W47"), T0)
    return {f.key: f.shown for s in report.sections for f in s.figures}, report


def test_co_response_is_counted_once_per_call_with_its_detail(okc, store):
    from mrss_tui.workflow.coresponse import coresponse_of, record_coresponse
    from mrss_tui.workflow.paging import page_team

    coord, medic, navigator, episode = okc
    call_id = episode.call_id
    ids = [medic.actor.staff_id, navigator.actor.staff_id]
    page_team(coord, call_id=call_id, staff_ids=ids, le_coresponse=True)
    page_team(coord, call_id=call_id, staff_ids=ids, le_coresponse=True)  # duplicated
    with pytest.raises(ValidationFailed):
        record_coresponse(medic, call_id, {"on_scene": True, "cit_trained": True})  # who asked?
    record_coresponse(medic, call_id, {"on_scene": True, "cit_trained": False,
                                       "agency": "City PD", "requested_by": "team"})
    record_coresponse(medic, call_id, {"on_scene": True, "cit_trained": True,
                                       "agency": "City PD", "requested_by": "dispatch_911"})
    saved = coresponse_of(coord, call_id)
    assert saved.cit_trained is True and saved.agency == "City PD"
    figures, _ = _week_report(store, coord.config)
    assert figures["response.le"] == "1"
    assert figures["scene.le_calls"] == "1" and figures["scene.le_cit"] == "1"
    audit = store.all("SELECT actor FROM audit WHERE action = 'call.coresponse'")
    assert [r[0] for r in audit] == ["okc_medic", "okc_medic"]


def test_the_report_counts_stabilized_without_ed_and_without_arrest(okc, make_session, store):
    coord, medic, navigator, _episode = okc
    outcomes = ["stabilized_in_place", "stabilized_in_place", "voluntary_transport", "arrest"]
    for n, outcome in enumerate(outcomes):
        episode = open_episode(coord, received=T0 - timedelta(hours=2), team=[medic, navigator],
                               town="Moore", region="South")
        log_contact(medic, episode.id, {
            "at": T0 - timedelta(minutes=n), "mode": "face_to_face",
            "staff_id": medic.actor.staff_id, "services": ["de_escalation"], "minutes": 30,
            "outcome": outcome, "medical": VITALS})
    figures, report = _week_report(store, coord.config)
    # One fact, one cell: the outcomes add up to the face-to-face responses, printed once.
    assert figures["care.face_to_face"] == "4" and "scene.responses" not in figures
    assert figures["scene.no_ed"] == "3" and figures["scene.no_ed_share"] == "75%"
    assert figures["scene.without_ed"] == "2" and figures["scene.without_ed_share"] == "50%"
    assert figures["scene.without_arrest"] == "3" and figures["scene.without_arrest_share"] == "75%"
    assert report.serves == "Anyone in the city (911-originated calls)"


def test_the_connect_check_outlives_closing_on_okc_too(okc):
    coord, medic, _navigator, episode = okc
    from mrss_tui.domain.enums import FollowupOrigin

    coord.store.followups.add("okc_coord", episode_id=episode.id, due_at=T0 + timedelta(days=3),
                              kind="referral_check", origin=FollowupOrigin.RULE,
                              note="Did the person connect? (referral #1)")
    log_contact(medic, episode.id, {
        "at": T0, "mode": "face_to_face", "staff_id": medic.actor.staff_id,
        "services": ["de_escalation"], "minutes": 30, "outcome": "stabilized_in_place",
        "medical": VITALS})
    current = coord.store.episodes.get(episode.id)
    change_phase(coord, episode.id, {"to": "closed", "disposition": "home_community"},
                 expected_version=current.version)
    kinds = [f.kind for f in coord.store.followups.pending_for_episode(episode.id)]
    assert kinds == ["referral_check"]


def test_risk_to_others_feeds_acuity_and_the_page(okc):
    from mrss_tui.workflow.intake import IntakeForm, record_call
    from mrss_tui.workflow.paging import page_team

    coord, medic, navigator, _episode = okc
    result = record_call(coord, IntakeForm(
        received_at="2026-11-20T21:20:00Z", line="911", incident_number="OKC-1",
        address="400 N Walker Ave", town="Oklahoma City", born_or_age="34",
        cssrs={"q1": False, "q2": False, "q6": False},
        risk_others={"irritable": True, "physical_threats": True, "recent_violence": True,
                     "command_hallucinations": True},
        triage="mobile_dispatch"))
    call = result.call
    assert call.risk_level.value == "none" and call.others_level.value == "high"
    assert call.acuity.value == "emergent"  # not the routine that risk to self alone gives
    pages = page_team(coord, call_id=call.id,
                      staff_ids=[medic.actor.staff_id, navigator.actor.staff_id]).pages
    body = pages[0].body
    assert "Team safety: HIGH CONCERN - physical threats, recent violence, command voices" in body
    assert "EMERGENT" in body


def test_the_episode_print_shows_vitals_risks_and_who_recorded(okc, output_root):
    import subprocess

    from mrss_tui.workflow.episode_print import export_episode

    coord, medic, navigator, episode = okc
    log_contact(medic, episode.id, {
        "at": T0, "mode": "face_to_face", "staff_id": medic.actor.staff_id,
        "second_staff_id": navigator.actor.staff_id, "services": ["assessment"], "minutes": 45,
        "outcome": "voluntary_transport", "medical": VITALS, "assessment": ASSESSMENT,
        "note": "Walked to the car with sister"})
    text_path, pdf_path = export_episode(coord, episode.id)
    assert output_root in pdf_path.parents and pdf_path.parent.name == "prints"
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    for copy in (text_path.read_text(encoding="utf-8"), pdf):
        flat = " ".join(copy.split())
        assert "HR 96" in flat and "BP 128/82" in flat and "Walked to the car" in flat
        assert "Voluntary transport to ED/crisis center" in flat and "[okc_medic]" in flat
    assert {p.stat().st_mode & 0o777 for p in (text_path, pdf_path)} == {0o600}
    again = export_episode(coord, episode.id)[1]
    assert again != pdf_path and pdf_path.exists()  # a second print never replaces the first


def test_okc_calls_and_report_use_the_adult_age_bands(okc, store):
    from mrss_tui.workflow.intake import IntakeForm, record_call

    coord, _medic, _navigator, _episode = okc
    for age in ("30", "70"):
        record_call(coord, IntakeForm(received_at="2026-11-20T21:20:00Z", line="911",
                                      incident_number="OKC-9", born_or_age=age,
                                      triage="information"))
    bands = {r[0] for r in store.all("SELECT age_band FROM calls WHERE line = '911'")}
    assert {"adult_26_64", "older_adult"} <= bands
    figures, report = _week_report(store, coord.config)
    table = next(t for s in report.sections for t in s.tables if t.key == "calls.age_band")
    labels = [f.label for f in table.figures]
    assert labels[3:5] == ["Adult 26-64", "Older adult 65+"]
    assert "Adult 26+" not in labels


def test_co_response_is_read_and_recorded_only_by_the_calls_team(okc):
    """Per call, not only per role: field staff not sent to the call see and record nothing."""
    from mrss_tui.errors import PermissionDenied
    from mrss_tui.workflow.coresponse import coresponse_of, record_coresponse
    from mrss_tui.workflow.paging import page_team

    coord, medic, navigator, episode = okc
    call_id = episode.call_id
    outsider_call = open_episode(coord, received=T0 - timedelta(hours=1), team=[],
                                 town="Moore", region="South").call_id
    with pytest.raises(PermissionDenied):
        coresponse_of(navigator, outsider_call)
    with pytest.raises(PermissionDenied):
        record_coresponse(navigator, outsider_call, {"on_scene": True, "cit_trained": False,
                                                     "agency": "City PD", "requested_by": "team"})
    page_team(coord, call_id=call_id, staff_ids=[medic.actor.staff_id, navigator.actor.staff_id])
    record_coresponse(navigator, call_id, {"on_scene": True, "cit_trained": False,
                                           "agency": "City PD", "requested_by": "team"})
    assert coresponse_of(navigator, call_id).agency == "City PD"
