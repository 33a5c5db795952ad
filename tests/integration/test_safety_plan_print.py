"""The family's copy of a safety plan: text and PDF, read back with pdftotext."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

from mrss_tui.domain.enums import Role
from mrss_tui.workflow.episodes import save_safety_plan
from mrss_tui.workflow.safety_plan_print import export_plan
from tests.conftest import T0
from tests.episode_helpers import open_episode


def test_printable_copy_has_every_section_and_no_name(session, make_session, tmp_path: Path):
    clinician = make_session(Role.CLINICIAN)
    episode = open_episode(session, received=T0 - timedelta(hours=3), team=[clinician])
    save_safety_plan(clinician, episode.id, {"warning_signs": "Stops talking – stays in room",
                                             "reasons_for_living": "Little sister; “the dog”"})
    plan = save_safety_plan(clinician, episode.id, {"warning_signs": "Stops talking – stays in room",
                                                    "professionals": "988; Dr. Ñúñez",
                                                    "reasons_for_living": "Little sister"})
    text_path, pdf_path = export_plan(session, episode.id, tmp_path)
    text = text_path.read_text(encoding="utf-8")
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    for copy in (text, pdf):
        assert f"E{episode.id:05d}" in copy and f"version {plan.version_no}" in copy
        assert "1. Warning signs" in copy and "Reasons for living" in copy
        assert "Stops talking – stays in room" in copy and "Dr. Ñúñez" in copy
        assert "988" in copy and "Test Youth" not in copy


import os  # noqa: E402

import pytest  # noqa: E402

from mrss_tui.config import build_config  # noqa: E402
from tests.integration.test_report_cli import fake_lp  # noqa: E402

NUMBERS = {"ct-emps": "dial 2-1-1, press 1", "oregon-mrss": "988", "okc-crt": "911"}


@pytest.mark.parametrize("profile", sorted(NUMBERS))
def test_the_family_copy_carries_the_programs_crisis_numbers_and_prints_with_lp(
        profile, make_session, tmp_path: Path, monkeypatch, output_root: Path):
    cfg = build_config({"profile": profile})
    coord = make_session(Role.COORDINATOR, login=f"c_{profile}", cfg=cfg)
    clinician = make_session(Role.CLINICIAN, login=f"k_{profile}", cfg=cfg)
    episode = open_episode(coord, received=T0 - timedelta(hours=3), team=[clinician])
    save_safety_plan(clinician, episode.id, {"warning_signs": "Paces at night"})
    printer = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{printer}:{os.environ['PATH']}")
    text_path, pdf_path = export_plan(coord, episode.id, to_printer=True)
    assert output_root in pdf_path.parents  # the database's own folder, not a shared one
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    for copy in (text_path.read_text(encoding="utf-8"), pdf):
        assert "Crisis numbers" in copy and NUMBERS[profile] in copy
        assert f"{cfg.program.name}: {cfg.program.phone}" in copy  # who to call back
    assert (printer / "printed.pdf").read_bytes() == pdf_path.read_bytes()
    assert f"Safety plan E{episode.id:05d} v1" in (printer / "args").read_text()


def test_the_shipped_config_prints_the_programs_name_and_number(make_session, tmp_path: Path):
    from mrss_tui.config import load_config

    cfg = load_config(Path(__file__).parents[2] / "config.toml")
    assert cfg.program.name and cfg.program.phone
    coord = make_session(Role.COORDINATOR, login="c_shipped", cfg=cfg)
    episode = open_episode(coord, received=T0 - timedelta(hours=3))
    save_safety_plan(coord, episode.id, {"warning_signs": "Paces at night"})
    text_path, pdf_path = export_plan(coord, episode.id, tmp_path)
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    for copy in (text_path.read_text(encoding="utf-8"), pdf):
        assert f"{cfg.program.name}: {cfg.program.phone}" in copy


def test_a_failed_print_says_the_plan_is_saved(make_session, tmp_path: Path, monkeypatch):
    from mrss_tui.workflow.printing import PrintFailed

    coord = make_session(Role.COORDINATOR, login="c_print")
    episode = open_episode(coord, received=T0 - timedelta(hours=3))
    save_safety_plan(coord, episode.id, {"warning_signs": "Paces at night"})
    printer = fake_lp(tmp_path / "bin", exit_code=1, message="lp: No default destination.")
    monkeypatch.setenv("PATH", f"{printer}:{os.environ['PATH']}")
    with pytest.raises(PrintFailed) as failed:
        export_plan(coord, episode.id, tmp_path / "out", to_printer=True)
    message = str(failed.value)
    assert message.startswith("The safety plan is saved (version 1) and its copy written to")
    assert "printing failed: lp could not print (lp: No default destination.)" in message
    assert failed.value.title == "Not printed"
    assert (tmp_path / "out" / f"safety-plan-{episode.ref}-v1.pdf").exists()
