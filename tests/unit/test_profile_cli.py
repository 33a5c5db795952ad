"""One database per program: init and demo record the profile; another profile in the config
is refused with a clear message until `mrss config set-profile` moves the database, audited."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.unit.test_cli import assert_clean_error, run


def _config(tmp_path: Path, profile: str) -> Path:
    path = tmp_path / f"{profile}.toml"
    path.write_text(f'profile = "{profile}"\n')
    return path


def test_a_connecticut_database_refuses_the_oklahoma_city_config_until_moved(tmp_path: Path):
    db = tmp_path / "ct.db"
    ct, okc = _config(tmp_path, "ct-emps"), _config(tmp_path, "okc-crt")
    made = run("--db", str(db), "--config", str(ct), "init", "--login", "sup", "--name", "Sam Sup")
    assert made.returncode == 0 and "program 'ct-emps'" in made.stdout
    ok = run("--db", str(db), "--config", str(ct), "--as", "sup", "report", "weekly")
    assert ok.returncode == 0, ok.stderr
    refused = run("--db", str(db), "--config", str(okc), "--as", "sup", "report", "weekly")
    assert_clean_error(refused, "belongs to the 'ct-emps' program, but the config selects 'okc-crt'")
    assert "config set-profile okc-crt" in refused.stderr
    moved = run("--db", str(db), "--as", "sup", "config", "set-profile", "okc-crt")
    assert moved.returncode == 0, moved.stderr
    assert "now belongs to the 'okc-crt' program (was 'ct-emps')" in moved.stdout
    assert run("--db", str(db), "--config", str(okc), "--as", "sup", "report", "weekly"
               ).returncode == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT actor, action FROM audit WHERE action LIKE 'profile.%' "
                            "ORDER BY id").fetchall()
    assert rows == [("sup", "profile.init"), ("sup", "profile.set")]


def test_set_profile_refuses_an_unknown_profile_and_a_non_supervisor(tmp_path: Path):
    db = tmp_path / "or.db"
    assert run("--db", str(db), "init", "--login", "sup", "--name", "Sam Sup").returncode == 0
    assert_clean_error(run("--db", str(db), "--as", "sup", "config", "set-profile", "texas"),
                       "key 'profile'")
    assert_clean_error(run("--db", str(db), "--as", "nobody", "config", "set-profile", "ct-emps"),
                       "no active staff member")


def test_demo_records_its_profile(tmp_path: Path):
    db = tmp_path / "demo.db"
    okc = _config(tmp_path, "okc-crt")
    assert run("--db", str(db), "--config", str(okc), "demo", "--days", "2", "--quiet"
               ).returncode == 0
    with sqlite3.connect(db) as conn:
        value = conn.execute("SELECT value FROM app_meta WHERE key = 'program.profile'").fetchone()
    assert value == ("okc-crt",)
