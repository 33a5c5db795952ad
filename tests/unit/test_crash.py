from __future__ import annotations

from mrss_tui.crash import describe, write_crash_report


def fail_with_phi(name: str) -> None:
    secret_phone = "+15415550142"  # noqa: F841 - a local that must not leak
    raise ValueError(f"person {name} at {secret_phone} broke something")


def test_crash_reports_hold_types_and_places_but_no_values(tmp_path) -> None:
    try:
        fail_with_phi("Wren Alder")
    except ValueError as exc:
        path = write_crash_report(exc, tmp_path)
        text = describe(exc)
    assert path is not None and path.parent == tmp_path
    written = path.read_text()
    for report in (text, written):
        assert "builtins.ValueError" in report
        assert "test_crash.py" in report and "fail_with_phi" in report
        assert "Wren" not in report and "5550142" not in report and "broke" not in report
    assert (path.stat().st_mode & 0o777) == 0o600
