"""Output folders belong to one database: two deployments never overwrite each other."""

from __future__ import annotations

from pathlib import Path

from mrss_tui.workflow.files import database_key, output_folder, unused_path


def test_two_databases_get_two_folders_and_one_database_keeps_its_own(tmp_path: Path,
                                                                      output_root: Path):
    ct = output_folder(tmp_path / "ct" / "mrss.db", "safety-plans")
    okc = output_folder(tmp_path / "okc" / "mrss.db", "safety-plans")
    assert ct != okc and ct.parent.name.startswith("mrss-") and output_root in ct.parents
    assert output_folder(tmp_path / "ct" / ".." / "ct" / "mrss.db", "safety-plans") == ct
    assert database_key(tmp_path / "ct" / "mrss.db") != database_key(tmp_path / "okc" / "mrss.db")
    for folder in (ct, ct.parent, okc):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_unused_path_never_replaces_an_earlier_print(tmp_path: Path):
    first = unused_path(tmp_path, "referrals-E00001-20261120-1330", ".pdf")
    first.write_bytes(b"one")
    second = unused_path(tmp_path, "referrals-E00001-20261120-1330", ".pdf")
    assert second.name == "referrals-E00001-20261120-1330-2.pdf" and not second.exists()


def test_no_stray_file_named_none_at_the_repository_root():
    root = Path(__file__).resolve().parents[2]
    assert not (root / "None").exists()
