"""Report outputs read back: text, CSV and PDF (through poppler's pdftotext/pdfinfo)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import AgeBand, Line, RiskLevel, Triage
from mrss_tui.domain.report_week import IsoWeek
from mrss_tui.reports.document import FontMissing
from mrss_tui.reports.compute import compute_report
from mrss_tui.reports.pdf import render_pdf
from mrss_tui.reports.text import render_csv, render_text
from mrss_tui.store.db import Store
from tests.conftest import T0
from tests.report_data import SECRETS, WEEK, WeekBuilder, build_hand_week, seed_identifiable, utc


def pdf_text(data: bytes, tmp_path: Path, layout: bool = True) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_info(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True,
                          env={**os.environ, "TZ": "UTC"}).stdout


@pytest.mark.parametrize("threshold", [0, 10])
def test_no_identifying_detail_reaches_any_output(store: Store, clock: FrozenClock,
                                                  tmp_path: Path, threshold: int) -> None:
    build_hand_week(store, clock)
    seed_identifiable(store, clock)
    clock.set(T0)
    config = build_config({"report": {"suppression_threshold": threshold}})
    report = compute_report(store, config, IsoWeek.parse(WEEK), T0)
    assert report.sections[0].figures[0].shown == ("7" if threshold == 0 else "1-10")
    outputs = {
        "text": render_text(report),
        "csv": render_csv(report),
        "model": report.model_dump_json(),
        "pdf": pdf_text(render_pdf(report), tmp_path, layout=False),
    }
    for kind, output in outputs.items():
        folded = output.casefold()
        for what, secret in SECRETS.items():
            assert secret.casefold() not in folded, f"{what} appears in the {kind} output"
        for digits in ("5550187", "0187"):
            assert digits not in folded.replace("-", ""), f"a phone number appears in {kind}"
        assert "2011" not in folded, f"a birth year appears in the {kind} output"


def test_csv_has_one_row_per_figure(store: Store, clock: FrozenClock) -> None:
    build_hand_week(store, clock)
    report = compute_report(store, build_config({}), IsoWeek.parse(WEEK), T0)
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert rows[0] == ["section", "figure", "value", "suppressed", "reason", "revised"]
    assert len(rows) - 1 == len(list(report.rows()))
    by_name = {(r[0], r[1]): (r[2], r[3]) for r in rows[1:]}
    assert by_name[("Calls", "Calls")] == ("1-10", "yes")
    assert by_name[("Calls", "Calls by line: Walk-in")] == ("0", "no")
    assert by_name[("12-week trend", "2026-W44: Calls")] == ("1-10", "yes")
    assert all(r[3] in ("yes", "no") for r in rows[1:])
    reasons = {(r[0], r[1]): r[4] for r in rows[1:]}
    assert reasons[("Calls", "Calls")] == "small" and reasons[("Calls", "Calls by line: Walk-in")] == ""
    assert {r[4] for r in rows[1:] if r[3] == "yes"} <= {"small", "protects", "line", "base_hidden",
                                                         "few_values"}
    # 'suppressed' (not a range) wherever the reason is not 'small'.
    assert all(r[2] == "suppressed" for r in rows[1:] if r[4] in ("protects", "line", "base_hidden",
                                                                 "few_values"))


@pytest.mark.parametrize(("size", "points"), [("Letter", "612 x 792 pts (letter)"),
                                              ("A4", "595.28 x 841.89 pts (A4)")])
def test_pdf_reads_back_on_letter_and_a4(store: Store, clock: FrozenClock, tmp_path: Path,
                                         size: str, points: str) -> None:
    build_hand_week(store, clock)
    config = build_config({"report": {"suppression_threshold": 0}})
    report = compute_report(store, config, IsoWeek.parse(WEEK), T0)
    data = render_pdf(report, size)  # type: ignore[arg-type]
    info = pdf_info(data, tmp_path)
    assert points in info and "CreationDate:    Fri Nov 20 21:30:00 2026" in info
    text = pdf_text(data, tmp_path)
    pages = text.count("\f")
    assert pages >= 3
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    assert "High Desert Youth MRSS" in text
    assert "Week 2026-W44: Mon 26 Oct 2026 – Sun 01 Nov 2026 (America/Los_Angeles)" in text
    assert "Generated 2026-11-20 13:30 PST" in text
    assert "12-week trend" in text and "Appendix: definitions" in text
    # Figures come through with their labels on one line.
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Calls 6" in lines
    assert "Share arriving within target 67%" in lines
    assert "Median length of stabilization 3.5 days" in lines
    assert "2026-W44 26 Oct 2026 6 3 67%" in lines
    assert "Share of referrals connected" in lines  # the definition's heading


def test_pdf_prints_non_ascii_county_and_program_names(tmp_path: Path, clock: FrozenClock) -> None:
    config = build_config({
        "program": {"name": "Servicios de Crisis Ñuñoa – Región Sur"},
        "towns": [{"name": "Ñuñoa", "county": "Ñuñoa", "region": "Sur"},
                  {"name": "Peñalolén", "county": "Peñalolén", "region": "Sur"}]})
    with Store.open(tmp_path / "n.db", create=True, clock=clock) as store:
        WeekBuilder(store, clock).call("c", utc(10, 28, 12), line=Line.L988, band=AgeBand.YOUTH,
                                       county="Ñuñoa", triage=Triage.PHONE_ONLY,
                                       risk=RiskLevel.LOW)
        report = compute_report(store, config, IsoWeek.parse(WEEK), T0)
    text = pdf_text(render_pdf(report), tmp_path)
    assert "Servicios de Crisis Ñuñoa – Región Sur" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Ñuñoa 1-10" in lines and "Peñalolén 0" in lines


def test_missing_font_is_a_clear_error(store: Store, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    monkeypatch.setenv("MRSS_FONT", str(tmp_path / "nope.ttf"))
    report = compute_report(store, build_config({}), IsoWeek.parse(WEEK), T0)
    with pytest.raises(FontMissing, match="MRSS_FONT"):
        render_pdf(report)
