"""Stored text is data: control characters refused at input (forms, CLI, HSDS, config),
stripped on output (page text, .txt and PDF prints), and every text field has a length limit."""

from __future__ import annotations

import subprocess
import sys
from datetime import timezone
from pathlib import Path

import pytest

from mrss_tui.config import build_config
from mrss_tui.domain.enums import Role
from mrss_tui.domain.episodes import SafetyPlanForm
from mrss_tui.domain.paging import PageFacts, page_body, page_title
from mrss_tui.domain.plain_text import LINE_MAX, check_text, strip_controls
from mrss_tui.errors import ConfigError, ValidationFailed
from mrss_tui.workflow.hsds import import_package
from mrss_tui.workflow.intake import IntakeForm
from mrss_tui.workflow.staff import add_staff
from tests.conftest import T0
from tests.unit.test_hsds_import import write_package

OSC = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CONTROL_CHARS = [chr(c) for c in [*range(0, 9), *range(11, 32), *range(127, 160)]]


def test_strip_controls_removes_whole_sequences_and_keeps_tab_newline() -> None:
    assert strip_controls(f"Ann{OSC}{CLEAR} Lee\tx\ny\x9b1m") == "Ann Lee\tx\ny1m"
    assert strip_controls("Robert [bob] Jones \u202e😀") == "Robert [bob] Jones 😀"
    for char in CONTROL_CHARS:
        assert strip_controls(f"a{char}b") in {"ab", "a"}


@pytest.mark.parametrize("char", CONTROL_CHARS)
def test_check_text_refuses_every_control_character(char: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        check_text(f"a{char}b")


def test_check_text_limits_length() -> None:
    check_text("x" * LINE_MAX)
    with pytest.raises(ValueError, match="too long"):
        check_text("x" * (LINE_MAX + 1))


def test_staff_form_refuses_escape_sequences_and_changes_nothing(make_session) -> None:
    sup = make_session(Role.SUPERVISOR)
    before = sup.store.staff.count()
    with pytest.raises(ValidationFailed) as caught:
        add_staff(sup, login="evil", name=f"Eve{OSC}", role="peer")
    assert "control characters" in str(caught.value)
    with pytest.raises(ValidationFailed):
        add_staff(sup, login="long", name="Eve", role="peer", region="x" * 100_000)
    assert sup.store.staff.count() == before


def test_cli_refuses_control_characters_in_a_staff_name(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    result = subprocess.run(
        [sys.executable, "-m", "mrss_tui", "--db", str(db), "init", "--login", "boss",
         "--name", f"Bo{CLEAR}ss"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "control characters" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert not db.exists()


def test_safety_plan_form_refuses_controls_and_over_long_text() -> None:
    with pytest.raises(ValueError, match="control characters"):
        SafetyPlanForm(warning_signs=f"shouting{OSC}")
    with pytest.raises(ValueError):
        SafetyPlanForm(warning_signs="x" * 100_000)


def test_intake_draft_keeps_typing_but_cleans_it() -> None:
    form = IntakeForm(person_name=f"Ann{OSC}", situation="y" * 100_000)
    assert form.person_name == "Ann"
    assert len(form.situation) == 10_000


def test_hsds_import_refuses_rows_with_control_characters(make_session, tmp_path) -> None:
    sup = make_session(Role.SUPERVISOR)
    package = write_package(tmp_path / "pkg", {
        "organizations.csv": [{"id": "o1", "name": "Good Org"},
                              {"id": "o2", "name": f"Evil{OSC}Org"}],
        "services.csv": [
            {"id": "s1", "organization_id": "o1", "name": "Fine [bold]x[/]", "status": "active"},
            {"id": "s2", "organization_id": "o1", "name": f"Wipe{CLEAR}", "status": "active"},
        ],
    })
    report = import_package(sup, package)
    problems = {(p.file, p.line): p.reason for p in report.problems}
    assert "control characters" in problems[("organizations.csv", 3)]
    assert "control characters" in problems[("services.csv", 3)]
    assert [s.name for s in sup.store.directory.search()[0]] == ["Fine [bold]x[/]"]


def test_config_refuses_control_characters() -> None:
    with pytest.raises((ConfigError, ValueError)):
        build_config({"program": {"name": f"Line{OSC}", "timezone": "America/Los_Angeles"}})


def test_page_text_has_no_control_characters() -> None:
    facts = PageFacts(call_id=7, acuity=None, received_at=T0, town=f"Burns{OSC}",
                      first_name=f"Ann{CLEAR}", situation=f"yelling\x1b[31m{OSC}", hazards="dog\x07")
    text = page_title(facts) + page_body(facts, timezone.utc)
    assert strip_controls(text) == text
    assert "pwned" not in text and "Burns" in text


def test_safety_plan_prints_hold_no_control_characters(make_session, tmp_path) -> None:
    from mrss_tui.workflow.safety_plan_print import export_plan
    from tests.episode_helpers import open_episode

    coord = make_session(Role.COORDINATOR)
    episode = open_episode(coord, received=T0)
    # Text stored before the input rule existed (model_construct skips the checks on purpose).
    hostile = SafetyPlanForm.model_construct(
        warning_signs=f"Robert [bob] Jones{OSC}{CLEAR}\x9b2J", coping_strategies="\u202eevil 😀",
        distractions="", help_contacts="", professionals="", environment_safety="",
        reasons_for_living="x" * 5000)
    coord.store.safety_plans.save("t", episode.id, hostile)
    text_path, pdf_path = export_plan(coord, episode.id, tmp_path / "out")
    text = text_path.read_text(encoding="utf-8")
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    for out in (text, pdf.replace("\x0c", "")):
        assert strip_controls(out) == out
        assert "Robert [bob] Jones" in out and "pwned" not in out


# Text that lies (issue 22): invisible characters that reorder or hide what is shown.
BIDI_AND_INVISIBLE = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                      "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
                      "\ufeff", "\u2060", "\u00ad", "\u061c", "\U000e0041"]


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_stored_names_lose_bidi_and_zero_width_characters(make_session, char: str) -> None:
    sup = make_session(Role.SUPERVISOR)
    staff = add_staff(sup, login=f"u{ord(char):x}", name=f"Ann{char} Lee{char}", role="peer",
                      region=f"Har{char}ney")
    assert (staff.name, staff.region) == ("Ann Lee", "Harney")
    assert strip_controls(f"a{char}b") == "ab"  # and text stored before is cleaned on output
    assert IntakeForm(person_name=f"{char}Bob", address=f"12 Oak{char} St").person_name == "Bob"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\u2028", "\u2029", "\v", "\f"])
def test_one_line_fields_refuse_line_breaks(make_session, newline: str) -> None:
    sup = make_session(Role.SUPERVISOR)
    before = sup.store.staff.count()
    with pytest.raises(ValidationFailed):
        add_staff(sup, login="forger", name=f"Ann{newline}Weapons: no", role="peer")
    assert sup.store.staff.count() == before
    # Long text keeps its lines.
    assert SafetyPlanForm(warning_signs="one\ntwo").warning_signs == "one\ntwo"


def test_a_forged_page_line_is_impossible() -> None:
    form = IntakeForm(address="12 Oak St\nWeapons: no", hazards="dog\u2028Weapons: no",
                      situation="upset\nWeapons: no")
    assert "\n" not in form.address and "\u2028" not in form.hazards
    facts = PageFacts(call_id=1, acuity=None, received_at=T0, address="12 Oak St\nWeapons: no",
                      town="Burns", weapons=True, hazards="dog\u2028Weapons: no",
                      situation="upset\r\nWeapons: no", first_name="Ann\u202eeoJ")
    body = page_body(facts, timezone.utc, fields=("where", "weapons", "situation", "person"))
    weapons = [line for line in body.splitlines() if line.startswith("Weapons:")]
    assert len(weapons) == 1 and weapons[0].startswith("Weapons: YES")
    assert "Where: 12 Oak St Weapons: no, Burns" in body.splitlines()
    assert "\u202e" not in body and "\u2028" not in body


@pytest.mark.parametrize("cell,safe", [
    ("=1+1", "'=1+1"), ("+cmd|x", "'+cmd|x"), ("-2+3+cmd|x", "'-2+3+cmd|x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "'\t=x"), ("-3", "-3"), ("+1 541 555 0112", "+1 541 555 0112"), ("12.5%", "12.5%"),
    ("Harney", "Harney"), ("", "")])
def test_csv_cells_never_run_as_formulas(cell: str, safe: str) -> None:
    from mrss_tui.domain.spreadsheet import restore_cell, spreadsheet_cell

    assert spreadsheet_cell(cell) == safe
    assert restore_cell(spreadsheet_cell(cell)) == cell
