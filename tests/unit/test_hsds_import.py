"""HSDS package import and export: 3.0 example, 1.x/2.x names, broken rows, re-import, round trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mrss_tui.domain.enums import Role
from mrss_tui.errors import MrssError, PermissionDenied
from mrss_tui.store.db import Store
from mrss_tui.store.repos.directory import TABLE_COLUMNS
from mrss_tui.workflow.context import Actor, Session
from mrss_tui.workflow.hsds import ImportRefused, import_package
from mrss_tui.workflow.hsds_export import export_package

EXAMPLE = Path("/work/shared/data/hsds-3.0-example")
if not EXAMPLE.is_dir():  # the same package, relative to a checkout beside ../shared
    EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "hsds-3.0-example"


def write_package(folder: Path, tables: dict[str, list[dict[str, str]]],
                  names: dict[str, str] | None = None) -> Path:
    """A data package: one CSV per table, listed in datapackage.json (resource name -> path)."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for file_name, rows in tables.items():
        with (folder / file_name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        stem = file_name.removesuffix(".csv")
        resources.append({"name": (names or {}).get(stem, stem), "path": file_name})
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}))
    return folder


def dump(store) -> dict[str, list[tuple]]:
    """Every directory table's content (without bookkeeping columns), for comparisons."""
    return {table: [tuple(row.values()) for row in store.directory.export_rows(table)]
            for table in TABLE_COLUMNS}


@pytest.fixture
def sup(make_session):
    return make_session(Role.SUPERVISOR)


def test_shared_hsds_3_example_imports(sup) -> None:
    report = import_package(sup, EXAMPLE)
    assert report.problems == []
    assert report.counts.created["services"] == 1
    detail = sup.store.directory.get("ac148810-d857-441c-9679-408f346de14b")
    assert detail.summary.name == "Community Counselling"
    assert detail.summary.organization == "Example Organization Inc."
    assert (detail.summary.minimum_age, detail.summary.maximum_age) == (12, 100)
    assert detail.phones[0].number == "+44 1234 234567"
    assert detail.addresses[0].city == "MyCity"
    assert detail.summary.hours[0].byday == ("TH", "FR")
    assert detail.summary.hours[0].opens_at == "10:00"
    assert detail.languages == ("Urdu",)
    assert detail.summary.last_verified_at.date().isoformat() == "2005-01-01"
    # Tables mrss does not use, and links to rows the package lacks, are warnings, not failures.
    assert any("funding.csv" in w for w in report.warnings)
    assert any(w.startswith("locations.csv:2:") and "organization_id" in w for w in report.warnings)
    found, total = sup.store.directory.search("counsel")
    assert total == 1 and found[0].name == "Community Counselling"


def test_import_is_audited_and_needs_the_supervisor(sup, make_session) -> None:
    with pytest.raises(PermissionDenied):
        import_package(make_session(Role.COORDINATOR), EXAMPLE)
    import_package(sup, EXAMPLE)
    actions = [r[0] for r in sup.store.all(
        "SELECT action FROM audit WHERE entity = 'directory' ORDER BY id")]
    # Each short write transaction has its audit row; the summary comes last.
    assert actions[-1] == "directory.import"
    assert set(actions) == {"directory.import_batch", "directory.import_index", "directory.import"}


def test_reimport_updates_by_id_without_duplicates(sup, tmp_path) -> None:
    import_package(sup, EXAMPLE)
    before = dump(sup.store)
    version = sup.store.directory.get("ac148810-d857-441c-9679-408f346de14b").summary.version
    again = import_package(sup, EXAMPLE)
    assert dump(sup.store) == before
    assert sum(again.counts.created.values()) == 0
    assert sum(again.counts.updated.values()) == 0
    assert sup.store.directory.get("ac148810-d857-441c-9679-408f346de14b").summary.version == version
    assert sup.store.scalar("SELECT count(*) FROM directory_fts") == 1
    # A changed name updates the same row.
    package = tmp_path / "changed"
    write_package(package, {"organizations.csv": [{"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
                                                   "name": "Renamed Org", "description": "x"}]})
    changed = import_package(sup, package)
    assert changed.counts.updated["organizations"] == 1
    assert sup.store.directory.search("renamed")[1] == 1


def legacy_package(folder: Path) -> Path:
    """A 1.x/2.x layout: plural table names, physical/postal addresses, regular schedules,
    taxonomy + services_taxonomy, service_area and language columns of the old spec."""
    return write_package(folder, {
        "organizations.csv": [{"id": "o1", "name": "Juniper Family Services", "description": "d"}],
        "services.csv": [{"id": "s1", "organization_id": "o1", "name": "Teen counseling",
                          "status": "active", "description": "Counseling for teens"},
                         {"id": "s2", "organization_id": "o1", "name": "Food box",
                          "status": "Temporarily_Closed", "description": ""}],
        "locations.csv": [{"id": "l1", "organization_id": "o1", "name": "Main office"}],
        "services_at_location.csv": [{"id": "sl1", "service_id": "s1", "location_id": "l1"}],
        "physical_addresses.csv": [{"id": "a1", "location_id": "l1", "address_1": "12 Elm St",
                                    "city": "Burns", "state_province": "OR", "postal_code": "97720",
                                    "country": "US"}],
        "postal_addresses.csv": [{"id": "a2", "location_id": "l1", "address_1": "PO Box 9",
                                  "city": "Burns", "state_province": "OR", "postal_code": "97720",
                                  "country": "US"}],
        "phones.csv": [{"id": "p1", "location_id": "l1", "service_id": "", "number": "541-555-0100"}],
        "regular_schedules.csv": [{"id": "r1", "service_id": "s1", "weekday": "Monday",
                                   "opens_at": "9:00", "closes_at": "17:00"},
                                  {"id": "r2", "service_id": "s1", "weekday": "2",
                                   "opens_at": "09:00:00", "closes_at": "12:00:00"}],
        "taxonomy.csv": [{"id": "t1", "name": "Counseling", "parent_id": "", "vocabulary": "local"}],
        "services_taxonomy.csv": [{"id": "st1", "service_id": "s1", "taxonomy_id": "t1"}],
        "service_area.csv": [{"id": "sa1", "service_id": "s1", "service_area": "Harney"}],
        "languages.csv": [{"id": "lg1", "service_id": "s1", "language": "Spanish"}],
        "holiday_schedules.csv": [{"id": "h1", "service_id": "s1", "closed": "true"}],
    }, names={"organizations": "organizations"})


def test_older_plural_layout_imports(sup, tmp_path) -> None:
    report = import_package(sup, legacy_package(tmp_path / "v1"))
    assert report.problems == []
    assert any("holiday_schedules.csv" in w for w in report.warnings)
    detail = sup.store.directory.get("s1")
    assert [a.address_1 for a in detail.addresses] == ["12 Elm St", "PO Box 9"]
    assert detail.phones[0].number == "541-555-0100"
    assert [(h.byday, h.opens_at, h.closes_at) for h in detail.summary.hours] == [
        (("MO",), "09:00", "17:00"), (("TU",), "09:00", "12:00")]
    assert detail.summary.category_names == ("Counseling",)
    assert detail.summary.counties == ("Harney",)
    assert detail.languages == ("Spanish",)
    assert sup.store.directory.get("s2").summary.status.value == "temporarily closed"
    found, _ = sup.store.directory.search("counseling", county="harney")
    assert [s.id for s in found] == ["s1"]


def broken_package(folder: Path) -> Path:
    return write_package(folder, {
        "organizations.csv": [{"id": "o1", "name": "Good Org"}, {"id": "o2", "name": ""}],
        "services.csv": [
            {"id": "s1", "organization_id": "o1", "name": "Fine", "status": "active", "minimum_age": ""},
            {"id": "s2", "organization_id": "nope", "name": "Orphan", "status": "active", "minimum_age": ""},
            {"id": "s3", "organization_id": "o1", "name": "Odd status", "status": "open", "minimum_age": ""},
            {"id": "s4", "organization_id": "o1", "name": "Bad age", "status": "active", "minimum_age": "ten"},
            {"id": "", "organization_id": "o1", "name": "No id", "status": "active", "minimum_age": ""},
        ],
        "phones.csv": [{"id": "p1", "service_id": "s1", "number": "541-555-0101"},
                       {"id": "p2", "service_id": "s2", "number": "541-555-0102"}],
    })


def test_broken_rows_are_reported_with_file_and_line(sup, tmp_path) -> None:
    report = import_package(sup, broken_package(tmp_path / "broken"))
    problems = {(p.file, p.line): p.reason for p in report.problems}
    assert set(problems) == {("organizations.csv", 3), ("services.csv", 3), ("services.csv", 4),
                             ("services.csv", 5), ("services.csv", 6), ("phones.csv", 3)}
    assert "name" in problems[("organizations.csv", 3)]
    assert "organization_id 'nope'" in problems[("services.csv", 3)]
    assert "status 'open'" in problems[("services.csv", 4)]
    assert "minimum_age 'ten'" in problems[("services.csv", 5)]
    assert "'id' is missing" in problems[("services.csv", 6)]
    assert "no known organization, service or location" in problems[("phones.csv", 3)]
    assert str(report.problems[0]).startswith("organizations.csv:3: ")
    # The rest imported.
    assert [s.id for s in sup.store.directory.search()[0]] == ["s1"]
    assert sup.store.directory.get("s1").phones[0].number == "541-555-0101"


def test_strict_imports_nothing_when_a_row_is_broken(sup, tmp_path) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_package(sup, broken_package(tmp_path / "broken"), strict=True)
    assert len(refused.value.import_problems) == 6
    assert sup.store.directory.count() == 0
    assert sup.store.scalar("SELECT count(*) FROM organizations") == 0
    assert sup.store.scalar("SELECT count(*) FROM audit WHERE entity = 'directory'") == 0


def test_multiline_cells_keep_line_numbers_right(sup, tmp_path) -> None:
    package = write_package(tmp_path / "multi", {
        "organizations.csv": [{"id": "o1", "name": "Org", "description": "line one\nline two\nthree"},
                              {"id": "o2", "name": "", "description": ""}]})
    report = import_package(sup, package)
    assert [(p.file, p.line) for p in report.problems] == [("organizations.csv", 5)]


def test_a_folder_without_tables_is_refused(sup, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(MrssError, match="no HSDS table"):
        import_package(sup, tmp_path / "empty")
    with pytest.raises(MrssError, match="not a folder"):
        import_package(sup, tmp_path / "missing")


def test_export_round_trip_is_identical(sup, tmp_path, clock, config) -> None:
    import_package(sup, EXAMPLE)
    import_package(sup, legacy_package(tmp_path / "v1"))
    sup.store.directory.mark_verified(sup.actor.login, "s1", at=clock.now(), expected_version=None)
    counts = export_package(sup, tmp_path / "out")
    assert counts["services.csv"] == 3
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert {r["name"]: r["path"] for r in descriptor["resources"]}["organization"] == "organizations.csv"

    with Store.open(tmp_path / "copy.db", create=True, clock=clock) as other:
        staff = other.staff.create("system", login="sup2", name="Sup Two", role=Role.SUPERVISOR)
        second = Session(other, config, Actor.of(staff), clock)
        report = import_package(second, tmp_path / "out")
        assert report.problems == []
        assert dump(other) == dump(sup.store)
        export_package(second, tmp_path / "out2")
    for path in (tmp_path / "out").glob("*.csv"):
        assert path.read_text() == (tmp_path / "out2" / path.name).read_text(), path.name


def test_export_refuses_a_folder_with_files(sup, tmp_path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("x")
    with pytest.raises(MrssError, match="not an empty folder"):
        export_package(sup, tmp_path / "busy")
    assert (tmp_path / "busy" / "keep.txt").read_text() == "x"


def test_a_batch_whose_parent_vanished_after_the_check_writes_nothing(sup) -> None:
    """If another session removed a parent between the check and the write, the database's
    foreign keys refuse that batch, which rolls back whole, with a clear message."""
    from mrss_tui.errors import ConflictError

    rows = [{"id": "s1", "organization_id": "gone", "name": "x", "status": "active"}]
    with pytest.raises(ConflictError, match="changed while the package was being imported"):
        sup.store.directory.import_batch("t_supervisor", "services", rows, existing=set(), source="p")
    assert sup.store.directory.count() == 0
    assert sup.store.scalar("SELECT count(*) FROM audit WHERE entity = 'directory'") == 0


def _raw_package(folder: Path, services: bytes) -> Path:
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,name\no1,Org\n")
    (folder / "services.csv").write_bytes(b"id,organization_id,name,status\n" + services)
    return folder


def _sixty(first: int = 1) -> bytes:
    return b"".join(b"s%d,o1,Service %d,active\n" % (i, i) for i in range(first, first + 60))


def test_one_bad_byte_skips_one_row_and_says_so(sup, tmp_path) -> None:
    package = _raw_package(tmp_path / "bytes", _sixty(1) + b"s99,o1,Caf\xe9 bad,active\n" + _sixty(100))
    report = import_package(sup, package)
    assert [(p.file, p.line, p.skipped) for p in report.problems] == [("services.csv", 62, 1)]
    assert "not UTF-8" in report.problems[0].reason
    assert sup.store.directory.count() == 120


def test_extra_fields_are_imported_with_a_warning(sup, tmp_path) -> None:
    package = _raw_package(tmp_path / "extra", b"s1,o1,One,active\ns2,o1,Two,active,surprise,more\n")
    report = import_package(sup, package)
    assert report.problems == [] and sup.store.directory.count() == 2
    assert "services.csv:3: 2 more field(s) than the header" in " ".join(report.warnings)


def test_an_unterminated_quote_counts_every_row_it_swallowed(sup, tmp_path) -> None:
    package = _raw_package(tmp_path / "quote", _sixty(1) + b's99,o1,"Never closed,active\n' + _sixty(100))
    report = import_package(sup, package)
    [problem] = report.problems
    assert (problem.file, problem.line, problem.skipped) == ("services.csv", 62, 61)
    assert "quote never closed" in problem.reason
    assert sup.store.directory.count() == 60


def test_a_large_import_is_written_in_short_batches(sup, tmp_path) -> None:
    from mrss_tui.workflow.hsds import BATCH_ROWS

    rows = b"".join(b"s%d,o1,Service %d,active\n" % (i, i) for i in range(BATCH_ROWS * 2 + 7))
    report = import_package(sup, _raw_package(tmp_path / "big", rows))
    assert report.counts.created["services"] == BATCH_ROWS * 2 + 7
    batches = sup.store.scalar("SELECT count(*) FROM audit WHERE action = 'directory.import_batch' "
                               "AND entity_id = 'services'")
    assert batches == 3
    found, _ = sup.store.directory.search("Service 1006")
    assert [s.id for s in found] == ["s1006"]
