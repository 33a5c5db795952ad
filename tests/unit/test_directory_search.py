"""Directory search, filters, the supervisor's editor and verification."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.domain.enums import AgeBand, Role
from mrss_tui.errors import ConflictError, PermissionDenied, ValidationFailed
from mrss_tui.workflow.directory import (
    DirectoryQuery,
    ServiceForm,
    directory_choices,
    mark_verified,
    save_service,
    search_directory,
    service_detail,
)


@pytest.fixture
def sup(make_session):
    return make_session(Role.SUPERVISOR)


@pytest.fixture
def terms(store):
    """Categories, as an import would bring them."""
    with store.atomic():
        for term_id, name in (("cat-counseling", "Counseling and therapy"), ("cat-food", "Food assistance")):
            store.conn.execute("INSERT INTO taxonomy_terms(id, name) VALUES (?, ?)", (term_id, name))
    return store


def form(**changes) -> ServiceForm:
    values = dict(name="Teen counseling", organization="Juniper Family Services",
                  description="Weekly sessions for teenagers", phone="(541) 555-0100",
                  address_1="12 Elm St", city="Burns", counties="Harney, Grant",
                  categories="Counseling and therapy", hours="Mo-Fr 09:00-17:00",
                  minimum_age="12", maximum_age="17", languages="English, Spanish")
    values.update(changes)
    return ServiceForm(**values)


def test_supervisor_adds_a_service_that_search_finds(sup, terms) -> None:
    service_id = save_service(sup, form())
    detail = service_detail(sup, service_id)
    assert detail.summary.organization == "Juniper Family Services"
    assert detail.summary.counties == ("Grant", "Harney")
    assert detail.summary.categories == ("cat-counseling",)
    assert detail.summary.last_verified_at == sup.now()
    assert detail.verified_by == sup.actor.login
    assert detail.languages == ("English", "Spanish")
    for text in ("teen", "juni", "weekly sess", "counsel", "therapy"):
        page = search_directory(sup, DirectoryQuery(text=text))
        assert [s.id for s in page.services] == [service_id], text
    assert search_directory(sup, DirectoryQuery(text="food")).total == 0
    assert search_directory(sup, DirectoryQuery(text="   ")).total == 1  # no words: everything


def test_filters(sup, terms, clock) -> None:
    teen = save_service(sup, form())
    food = save_service(sup, form(name="Food pantry", categories="Food assistance", counties="Lake",
                                  minimum_age="", maximum_age="", hours="Sa 10:00-14:00"))

    def ids(**query) -> list[str]:
        return [s.id for s in search_directory(sup, DirectoryQuery(**query)).services]

    assert ids(county="harney") == [teen]
    assert ids(county="Lake") == [food]
    assert sorted(ids(band=AgeBand.YOUTH)) == sorted([teen, food])
    assert ids(band=AgeBand.CHILD) == [food]
    assert ids(band=AgeBand.ADULT) == [food]
    assert ids(category="cat-food") == [food]
    # T0 is Friday 13:30 in the line's zone: the teen service is open, the pantry is not.
    assert ids(open_now=True) == [teen]
    clock.advance(hours=20)  # Saturday 09:30: neither
    assert ids(open_now=True) == []
    clock.advance(hours=1)  # Saturday 10:30: the pantry
    assert ids(open_now=True) == [food]
    assert ids(text="pantry", county="Harney") == []
    choices = directory_choices(sup)
    assert {"Harney", "Lake"} <= set(choices.counties)
    assert choices.categories == [("cat-counseling", "Counseling and therapy"),
                                  ("cat-food", "Food assistance")]


def test_edit_replaces_and_reindexes(sup, terms) -> None:
    service_id = save_service(sup, form())
    version = service_detail(sup, service_id).summary.version
    save_service(sup, form(name="Youth counseling", description="Weekly sessions",
                           phone="(541) 555-0199", counties="Malheur"),
                 service_id=service_id, expected_version=version)
    detail = service_detail(sup, service_id)
    assert detail.summary.name == "Youth counseling"
    assert [p.number for p in detail.phones] == ["(541) 555-0199"]
    assert detail.summary.counties == ("Malheur",)
    assert search_directory(sup, DirectoryQuery(text="teen")).total == 0
    assert search_directory(sup, DirectoryQuery(text="youth")).total == 1
    with pytest.raises(ConflictError):
        save_service(sup, form(), service_id=service_id, expected_version=version)


def test_bad_form_saves_nothing(sup, terms) -> None:
    with pytest.raises(ValidationFailed) as failed:
        save_service(sup, form(name="", minimum_age="old", maximum_age="5", hours="whenever",
                               categories="Astrology"))
    assert set(failed.value.problems) == {"name", "minimum_age", "hours", "categories"}
    with pytest.raises(ValidationFailed) as failed:
        save_service(sup, form(minimum_age="18", maximum_age="5"))
    assert "maximum_age" in failed.value.problems
    assert search_directory(sup, DirectoryQuery()).total == 0


def test_mark_verified_clears_staleness(sup, terms, clock) -> None:
    service_id = save_service(sup, form())
    clock.advance(timedelta(days=400))
    summary = service_detail(sup, service_id).summary
    from mrss_tui.domain.directory import is_stale

    assert is_stale(summary.last_verified_at, clock.now())
    mark_verified(sup, service_id, summary.version)
    assert not is_stale(service_detail(sup, service_id).summary.last_verified_at, clock.now())
    actions = [r[0] for r in sup.store.all("SELECT action FROM audit WHERE entity = 'service'")]
    assert actions == ["directory.create", "directory.verify"]


def test_only_the_supervisor_edits(make_session, sup, terms) -> None:
    coordinator = make_session(Role.COORDINATOR)
    service_id = save_service(sup, form())
    with pytest.raises(PermissionDenied):
        save_service(coordinator, form())
    with pytest.raises(PermissionDenied):
        mark_verified(coordinator, service_id, None)
    assert search_directory(coordinator, DirectoryQuery()).total == 1
    with pytest.raises(PermissionDenied):
        search_directory(make_session(Role.COUNTY_ADMIN), DirectoryQuery())


def test_relevance_puts_name_matches_first(sup, terms) -> None:
    by_description = save_service(sup, form(name="Aardvark program",
                                            description="Help with housing paperwork"))
    by_name = save_service(sup, form(name="Housing help desk", description="Walk in"))
    ids = [s.id for s in search_directory(sup, DirectoryQuery(text="housing")).services]
    assert ids == [by_name, by_description]


def test_migration_indexes_a_directory_made_before_it(tmp_path, clock) -> None:
    """A file at schema v1 with services gets search keys and a rebuilt index."""
    import sqlite3

    from mrss_tui.store.db import Store
    from mrss_tui.store.migrate import split_sql
    from mrss_tui.store.migrations import all_migrations

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in split_sql(all_migrations()[0].module.SQL):
        conn.execute(statement)
    conn.execute("INSERT INTO organizations(id, name) VALUES ('o1', 'Old Org')")
    conn.execute("INSERT INTO services(id, organization_id, name, updated_at) "
                 "VALUES ('s1', 'o1', 'Legacy counseling', '2026-01-01T00:00:00Z')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(path, clock=clock) as store:
        assert store.directory.search("legacy")[1] == 1
        assert store.directory.search("old org")[0][0].id == "s1"


def test_open_now_filter_agrees_with_the_domain_rule(sup, terms) -> None:
    """The SQL open-now filter and domain.is_open give the same answer all week long."""
    from datetime import datetime

    from mrss_tui.domain.directory import is_open

    hours_texts = ["Mo-Fr 09:00-17:00", "Sa 10:00-14:00; Su 12:00-13:00", "Every day all day",
                   "Fr-Sa 20:00-02:00", "Mo 00:00-23:59", "We 23:00-00:30", "Tu 08:00-08:00", ""]
    ids = [save_service(sup, form(name=f"Service {n}", hours=text, counties="Lane"))
           for n, text in enumerate(hours_texts)]
    hours = {i: service_detail(sup, i).summary.hours for i in ids}
    start = datetime(2026, 11, 16, 0, 0)  # a Monday, local wall time
    edges = [h * 60 + m for h, m in ((0, 0), (0, 29), (0, 30), (1, 59), (2, 0), (8, 0), (8, 59),
                                      (9, 0), (16, 59), (17, 0), (19, 59), (20, 0), (22, 59),
                                      (23, 0), (23, 59))]
    minutes = sorted({*range(0, 7 * 24 * 60 + 60, 23),
                      *(day * 24 * 60 + edge for day in range(8) for edge in edges)})
    for step in minutes:
        local = start + timedelta(minutes=step)
        expected = sorted(i for i in ids if is_open(hours[i], local))
        found, total = sup.store.directory.search(county="Lane", open_at=local, limit=100)
        assert sorted(s.id for s in found) == expected, local
        assert total == len(expected)


def test_big_result_sets_are_capped_and_listed_by_name(sup, terms, monkeypatch) -> None:
    from mrss_tui.store.repos import directory as repo

    names = ["Echo housing", "Delta housing", "Charlie housing", "Bravo housing", "Alpha housing"]
    for name in names:
        save_service(sup, form(name=name, description="housing help"))
    monkeypatch.setattr(repo, "RANK_AT_MOST", 2)
    page = search_directory(sup, DirectoryQuery(text="hous"))
    assert page.total == 5
    assert [s.name for s in page.services] == sorted(names)  # over the rank limit: by name
    monkeypatch.setattr(repo, "COUNT_CAP", 3)
    monkeypatch.setattr("mrss_tui.workflow.directory.COUNT_CAP", 3)
    page = search_directory(sup, DirectoryQuery(text="hous"))
    assert page.total == 4 and len(page.services) == 4
    assert page.total_text == "More than 3 services match; type more to narrow"
