"""Output folders belong to one database: two deployments never overwrite each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.config import PathsConfig, build_config
from mrss_tui.errors import ConfigError
from mrss_tui.workflow.files import KINDS, database_key, output_folder, output_place, unused_path

DEFAULTS = PathsConfig()


def test_by_default_every_output_sits_next_to_the_database_never_under_home(tmp_path: Path,
                                                                            monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    db = tmp_path / "var" / "lib" / "mrss" / "mrss.db"
    for kind in KINDS:
        assert output_place(DEFAULTS, db, kind) == tmp_path / "var/lib/mrss/mrss-files" / kind
    assert output_place(DEFAULTS, Path("/var/lib/mrss/mrss.db"), "prints") == Path(
        "/var/lib/mrss/mrss-files/prints")
    assert not (tmp_path / "home").exists()


def test_two_databases_get_two_folders_made_private(tmp_path: Path):
    ct = output_folder(DEFAULTS, tmp_path / "ct" / "mrss.db", "safety-plans")
    okc = output_folder(DEFAULTS, tmp_path / "okc" / "mrss.db", "safety-plans")
    assert ct != okc
    for folder in (ct, ct.parent, okc):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_a_configured_output_folder_is_still_keyed_to_the_database(tmp_path: Path):
    paths = build_config({"paths": {"output": str(tmp_path / "out")}}).paths
    ct = output_folder(paths, tmp_path / "ct" / "mrss.db", "prints")
    okc = output_folder(paths, tmp_path / "okc" / "mrss.db", "prints")
    assert ct != okc and (tmp_path / "out") in ct.parents and ct.parent.name.startswith("mrss-")
    assert output_folder(paths, tmp_path / "ct" / ".." / "ct" / "mrss.db", "prints") == ct
    assert database_key(tmp_path / "ct" / "mrss.db") != database_key(tmp_path / "okc" / "mrss.db")


def test_the_workers_reports_and_a_persons_reports_never_share_a_folder(tmp_path: Path):
    db = tmp_path / "mrss.db"
    assert output_place(DEFAULTS, db, "filed-reports") != output_place(DEFAULTS, db, "reports")
    paths = build_config({"paths": {"filed_reports": str(tmp_path / "county")}}).paths
    assert output_place(paths, db, "filed-reports") == tmp_path / "county"


@pytest.mark.parametrize("value", ["relative/prints", "prints"])
def test_a_relative_folder_is_refused_with_the_key_named(value: str):
    with pytest.raises(ConfigError, match="paths.output.*absolute"):
        build_config({"paths": {"output": value}})


def test_unused_path_never_replaces_an_earlier_print(tmp_path: Path):
    first = unused_path(tmp_path, "referrals-E00001-20261120-1330", ".pdf")
    first.write_bytes(b"one")
    second = unused_path(tmp_path, "referrals-E00001-20261120-1330", ".pdf")
    assert second.name == "referrals-E00001-20261120-1330-2.pdf" and not second.exists()


def test_no_stray_file_named_none_at_the_repository_root():
    root = Path(__file__).resolve().parents[2]
    assert not (root / "None").exists()
