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
