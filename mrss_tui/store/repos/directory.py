"""The referral directory (HSDS-shaped tables): search, detail, editing, bulk import and export."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from mrss_tui.domain.directory import (
    Address,
    Hours,
    ImportCounts,
    ServiceDraft,
    Phone,
    ServiceDetail,
    ServiceSummary,
    WEEKDAYS,
    byday_codes,
)
from mrss_tui.errors import ConflictError, NotFound
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo

SEP = "\x1f"  # separates group_concat values (never typed into a name)
RANK_AT_MOST = 300  # more text matches than this are listed by name: ranking tells little
COUNT_CAP = 1000  # matches are counted up to this (and one more)

# The directory tables in parent-first order with the columns an import or export carries.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations": ("id", "name", "alternate_name", "description", "email", "website"),
    "taxonomy_terms": ("id", "code", "name", "description", "parent_id", "taxonomy"),
    "services": ("id", "organization_id", "name", "alternate_name", "description", "url", "email",
                 "status", "eligibility_description", "minimum_age", "maximum_age",
                 "fees_description", "application_process", "last_verified_at", "verified_by"),
    "locations": ("id", "organization_id", "name", "location_type", "description", "latitude",
                  "longitude"),
    "addresses": ("id", "location_id", "attention", "address_1", "address_2", "city", "region",
                  "state_province", "postal_code", "country", "address_type"),
    "service_at_location": ("id", "service_id", "location_id"),
    "phones": ("id", "organization_id", "service_id", "location_id", "number", "extension", "type",
               "description"),
    "schedules": ("id", "service_id", "location_id", "byday", "opens_at", "closes_at", "freq",
                  "description"),
    "service_taxonomy": ("service_id", "taxonomy_term_id"),
    "service_areas": ("id", "service_id", "name", "description"),
    "languages": ("id", "service_id", "location_id", "name", "code"),
}


# directory_fts rows: rowid = the service's key, so searches never read the stored text.
REINDEX = """
INSERT INTO directory_fts(rowid, service_id, name, organization, description, categories)
SELECT k.key, s.id, s.name, o.name, s.description,
       coalesce((SELECT group_concat(t.name, ' ') FROM service_taxonomy st
                 JOIN taxonomy_terms t ON t.id = st.taxonomy_term_id WHERE st.service_id = s.id), '')
FROM services s JOIN service_keys k ON k.service_id = s.id
JOIN organizations o ON o.id = s.organization_id
"""


def fts_prefix_query(text: str) -> str | None:
    """Every word of ``text`` as a prefix, all required; None when there is nothing to search."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words) if words else None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split(SEP))) if value else ()


def _open_rule(local: datetime) -> tuple[str, list[str]]:
    """domain.directory.is_open as SQL on a schedule row ``sc``, for filtering thousands of
    services in the database. Stored times are 'HH:MM' and days 'MO,TU,..' (the importer and the
    editor write them so); tests check this agrees with the domain rule, minute by minute."""
    today = WEEKDAYS[local.weekday()]
    yesterday = WEEKDAYS[(local.weekday() - 1) % 7]
    at = local.strftime("%H:%M")
    runs_on = "(sc.byday = '' OR instr(sc.byday, ?) > 0)"
    rule = ("(sc.opens_at IS NOT NULL AND sc.closes_at IS NOT NULL AND ("
            f"(sc.closes_at >= sc.opens_at AND {runs_on} AND sc.opens_at <= ? "
            "  AND (? < sc.closes_at OR sc.closes_at = '23:59')) "
            f"OR (sc.closes_at < sc.opens_at AND (({runs_on} AND ? >= sc.opens_at) "
            f"  OR ({runs_on} AND ? < sc.closes_at)))))")
    return rule, [today, at, at, today, at, yesterday, at]


class Directory(Repo):
    # -- search ------------------------------------------------------------------------------
    def search(self, text: str = "", *, county: str = "", ages: tuple[int, int | None] | None = None,
               category: str = "", open_at: datetime | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[ServiceSummary], int]:
        """A page of services matching every given filter, and how many match in all (counted
        up to COUNT_CAP + 1: a total above COUNT_CAP means "more than that").

        ``ages`` is the (low, high) of an age band: a service fits if its range overlaps.
        ``open_at`` is a local wall time: only services open then are kept.
        """
        where, params = ["1"], []
        if county:
            where.append("s.id IN (SELECT a.service_id FROM service_areas a "
                         "WHERE a.name = ? COLLATE NOCASE)")
            params.append(county)
        if category:
            where.append("s.id IN (SELECT st.service_id FROM service_taxonomy st "
                         "WHERE st.taxonomy_term_id = ?)")
            params.append(category)
        if ages is not None:
            low, high = ages
            where.append("(s.maximum_age IS NULL OR s.maximum_age >= ?)")
            params.append(low)
            if high is not None:
                where.append("(s.minimum_age IS NULL OR s.minimum_age <= ?)")
                params.append(high)
        query = fts_prefix_query(text)
        if query is None:
            source = "services s"
        else:
            source = ("directory_fts f JOIN service_keys k ON k.key = f.rowid "
                      "JOIN services s ON s.id = k.service_id")
            where.insert(0, "directory_fts MATCH ?")
            params.insert(0, query)
        if open_at is not None:
            rule, rule_params = _open_rule(open_at)
            where.append(f"(EXISTS (SELECT 1 FROM schedules sc WHERE sc.service_id = s.id AND {rule}) "
                         "OR EXISTS (SELECT 1 FROM service_at_location sl JOIN schedules sc "
                         "ON sc.location_id = sl.location_id AND sc.service_id IS NULL "
                         f"WHERE sl.service_id = s.id AND {rule}))")
            params.extend([*rule_params, *rule_params])
        conditions = " AND ".join(where)
        # One pass collects the matches (up to one past the cap, in the index's own order):
        # a one-letter prefix matches most of the directory, and walking it again to sort or
        # count on every keystroke is what would make typing lag.
        found = self.s.all(f"SELECT s.id, s.name FROM {source} WHERE {conditions} "
                           f"LIMIT {COUNT_CAP + 1}", tuple(params))
        total = len(found)
        if total > COUNT_CAP:
            ids = [r[0] for r in found[offset:offset + limit]]  # "type more to narrow"
        elif query is not None and total <= RANK_AT_MOST:
            ids = [r[0] for r in self.s.all(
                f"SELECT s.id FROM {source} WHERE {conditions} ORDER BY f.rank, s.id "
                "LIMIT ? OFFSET ?", (*params, limit, offset))]
        else:
            found = sorted(found, key=lambda r: (r[1].casefold(), r[0]))
            ids = [r[0] for r in found[offset:offset + limit]]
        return self.summaries(ids), total

    def summaries(self, ids: list[str]) -> list[ServiceSummary]:
        """Summaries in the order of ``ids``."""
        if not ids:
            return []
        rows = self.s.all(
            "SELECT s.id, s.name, o.name AS organization, s.status, s.minimum_age, s.maximum_age, "
            "s.last_verified_at, s.version, "
            " (SELECT group_concat(t.id || char(30) || t.name, char(31)) FROM service_taxonomy st "
            "   JOIN taxonomy_terms t ON t.id = st.taxonomy_term_id WHERE st.service_id = s.id) "
            "   AS terms, "
            " (SELECT group_concat(a.name, char(31)) FROM service_areas a WHERE a.service_id = s.id) "
            "   AS counties, "
            " coalesce((SELECT p.number FROM phones p WHERE p.service_id = s.id ORDER BY p.id LIMIT 1),"
            "  (SELECT p.number FROM service_at_location sl JOIN phones p ON p.location_id = sl.location_id"
            "   WHERE sl.service_id = s.id ORDER BY p.id LIMIT 1),"
            "  (SELECT p.number FROM phones p WHERE p.organization_id = s.organization_id "
            "   AND p.service_id IS NULL AND p.location_id IS NULL ORDER BY p.id LIMIT 1), '') AS phone, "
            " coalesce((SELECT ad.city FROM service_at_location sl JOIN addresses ad "
            "   ON ad.location_id = sl.location_id WHERE sl.service_id = s.id "
            "   ORDER BY ad.address_type <> 'physical', ad.id LIMIT 1), '') AS city "
            "FROM services s JOIN organizations o ON o.id = s.organization_id "
            "WHERE s.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
        hours = self._hours_for(ids)
        by_id = {}
        for row in rows:
            values = dict(row)
            terms = [term.split("\x1e", 1) for term in _split(values.pop("terms"))]
            values["categories"] = tuple(sorted(term_id for term_id, _name in terms))
            values["category_names"] = tuple(sorted(name for _term_id, name in terms))
            values["counties"] = _split(values["counties"])
            values["hours"] = tuple(hours.get(row["id"], ()))
            by_id[row["id"]] = ServiceSummary.model_validate(values)
        return [by_id[i] for i in ids if i in by_id]

    def _hours_for(self, ids: list[str]) -> dict[str, list[Hours]]:
        """Each service's schedules: its own, and those of its locations given for no service."""
        rows = self.s.all(
            "SELECT sc.service_id AS sid, sc.byday, sc.opens_at, sc.closes_at, sc.description, sc.id "
            "FROM schedules sc WHERE sc.service_id IN (SELECT value FROM json_each(?1)) "
            "UNION ALL SELECT sl.service_id, sc.byday, sc.opens_at, sc.closes_at, sc.description, sc.id "
            "FROM service_at_location sl JOIN schedules sc ON sc.location_id = sl.location_id "
            "AND sc.service_id IS NULL WHERE sl.service_id IN (SELECT value FROM json_each(?1)) "
            "ORDER BY 6", (json.dumps(ids),))
        found: dict[str, list[Hours]] = {}
        for row in rows:
            found.setdefault(row["sid"], []).append(Hours(
                byday=byday_codes(row["byday"]), opens_at=row["opens_at"],
                closes_at=row["closes_at"], description=row["description"]))
        return found

    def categories(self) -> list[tuple[str, str]]:
        """(term id, name) of every category some service uses, by name."""
        rows = self.s.all("SELECT t.id, t.name FROM taxonomy_terms t WHERE EXISTS "
                          "(SELECT 1 FROM service_taxonomy st WHERE st.taxonomy_term_id = t.id) "
                          "ORDER BY t.name COLLATE NOCASE")
        return [(r[0], r[1]) for r in rows]

    def all_terms(self) -> list[tuple[str, str]]:
        rows = self.s.all("SELECT id, name FROM taxonomy_terms ORDER BY name COLLATE NOCASE")
        return [(r[0], r[1]) for r in rows]

    def term(self, term_id: str) -> tuple[str, str, str]:
        """(id, code, name) of a category."""
        row = self.s.one("SELECT id, code, name FROM taxonomy_terms WHERE id = ?", (term_id,))
        if row is None:
            raise NotFound(f"no category '{term_id}' in the directory")
        return row[0], row[1], row[2]

    def counties(self) -> list[str]:
        rows = self.s.all("SELECT DISTINCT name FROM service_areas ORDER BY name COLLATE NOCASE")
        return [r[0] for r in rows]

    def count(self) -> int:
        return int(self.s.scalar("SELECT count(*) FROM services"))

    # -- detail ------------------------------------------------------------------------------
    def get(self, service_id: str) -> ServiceDetail:
        row = self.s.one("SELECT * FROM services WHERE id = ?", (service_id,))
        if row is None:
            raise NotFound(f"no service '{service_id}' in the directory")
        summary = self.summaries([service_id])[0]
        phones = self.s.all(
            "SELECT number, extension, type, description FROM phones WHERE service_id = ?1 "
            "OR (service_id IS NULL AND location_id IN "
            "    (SELECT location_id FROM service_at_location WHERE service_id = ?1)) "
            "OR (service_id IS NULL AND location_id IS NULL AND organization_id = ?2) "
            "ORDER BY service_id IS NULL, id", (service_id, row["organization_id"]))
        addresses = self.s.all(
            "SELECT ad.* FROM service_at_location sl JOIN addresses ad ON ad.location_id = sl.location_id "
            "WHERE sl.service_id = ? ORDER BY ad.address_type <> 'physical', ad.id", (service_id,))
        languages = self.s.all(
            "SELECT DISTINCT name FROM languages WHERE name <> '' AND (service_id = ?1 OR "
            "(service_id IS NULL AND location_id IN "
            " (SELECT location_id FROM service_at_location WHERE service_id = ?1))) ORDER BY name",
            (service_id,))
        return ServiceDetail(
            summary=summary, description=row["description"], organization_id=row["organization_id"],
            eligibility_description=row["eligibility_description"],
            fees_description=row["fees_description"], application_process=row["application_process"],
            url=row["url"], email=row["email"], verified_by=row["verified_by"],
            phones=tuple(Phone.model_validate(dict(p)) for p in phones),
            addresses=tuple(Address.model_validate(dict(a)) for a in addresses),
            languages=tuple(r[0] for r in languages))

    # -- supervisor edits --------------------------------------------------------------------------
    def mark_verified(self, actor: str, service_id: str, *, at: datetime,
                      expected_version: int | None) -> None:
        with self.s.atomic():
            changes = {"last_verified_at": iso(at), "verified_by": actor, "updated_at": self.s.now()}
            before = self.s.update_versioned("services", service_id, changes,
                                             expected_version=expected_version)
            self.s.audit(actor, "directory.verify", "service", service_id,
                         before={"last_verified_at": before["last_verified_at"]}, after=changes)

    def save_service(self, actor: str, draft: ServiceDraft, *, service_id: str | None = None,
                     expected_version: int | None = None, verified_at: datetime) -> str:
        """Create (no ``service_id``) or replace a service from the editor; saving verifies it."""
        with self.s.atomic():
            org_id = self._organization_named(actor, draft.organization)
            values = {"organization_id": org_id, "name": draft.name,
                      "description": draft.description, "status": draft.status.value,
                      "minimum_age": draft.minimum_age, "maximum_age": draft.maximum_age,
                      "last_verified_at": iso(verified_at), "verified_by": actor,
                      "updated_at": self.s.now()}
            if service_id is None:
                service_id = f"svc-{uuid.uuid4()}"
                self.s.insert("services", {"id": service_id, **values})
                before = None
            else:
                before = self.s.update_versioned("services", service_id, values,
                                                 expected_version=expected_version)
            self._replace_parts(service_id, org_id, draft)
            self.reindex([service_id])
            self.s.audit(actor, "directory.create" if before is None else "directory.update",
                         "service", service_id, before=before,
                         after={**values, **draft.model_dump(mode="json")})
        return service_id

    def _organization_named(self, actor: str, name: str) -> str:
        found = self.s.scalar("SELECT id FROM organizations WHERE name = ? COLLATE NOCASE "
                              "ORDER BY id LIMIT 1", (name,))
        if found is not None:
            return str(found)
        org_id = f"org-{uuid.uuid4()}"
        self.s.insert("organizations", {"id": org_id, "name": name})
        self.s.audit(actor, "directory.create", "organization", org_id, after={"name": name})
        return org_id

    def _replace_parts(self, service_id: str, org_id: str, draft: ServiceDraft) -> None:
        """The editor owns one location, phone and set of hours, areas, categories, languages."""
        ex = self.s.conn.execute
        for table in ("phones", "schedules", "service_areas", "service_taxonomy", "languages"):
            ex(f"DELETE FROM {table} WHERE service_id = ?", (service_id,))
        location_id = self.s.scalar("SELECT location_id FROM service_at_location WHERE service_id = ? "
                                    "ORDER BY id LIMIT 1", (service_id,))
        if draft.address_1 and draft.city:
            if location_id is None:
                location_id = f"loc-{uuid.uuid4()}"
                self.s.insert("locations", {"id": location_id, "organization_id": org_id,
                                            "name": draft.name})
                self.s.insert("service_at_location", {"id": f"sal-{uuid.uuid4()}",
                                                      "service_id": service_id,
                                                      "location_id": location_id})
            address = {"address_1": draft.address_1, "city": draft.city,
                       "state_province": draft.state_province, "postal_code": draft.postal_code}
            address_id = self.s.scalar("SELECT id FROM addresses WHERE location_id = ? "
                                       "ORDER BY address_type <> 'physical', id LIMIT 1", (location_id,))
            if address_id is None:
                self.s.insert("addresses", {"id": f"adr-{uuid.uuid4()}", "location_id": location_id,
                                            "country": "US", **address})
            else:
                sets = ", ".join(f"{k} = ?" for k in address)
                ex(f"UPDATE addresses SET {sets} WHERE id = ?", (*address.values(), address_id))
        if draft.phone:
            self.s.insert("phones", {"id": f"ph-{uuid.uuid4()}", "service_id": service_id,
                                     "number": draft.phone, "type": "voice"})
        for block in draft.hours:
            self.s.insert("schedules", {"id": f"sch-{uuid.uuid4()}", "service_id": service_id,
                                        "byday": ",".join(block.byday), "opens_at": block.opens_at,
                                        "closes_at": block.closes_at, "freq": "WEEKLY"})
        for county in dict.fromkeys(draft.counties):
            self.s.insert("service_areas", {"id": f"area-{uuid.uuid4()}", "service_id": service_id,
                                            "name": county})
        for term in dict.fromkeys(draft.categories):
            self.s.insert("service_taxonomy", {"service_id": service_id, "taxonomy_term_id": term})
        for language in dict.fromkeys(draft.languages):
            self.s.insert("languages", {"id": f"lang-{uuid.uuid4()}", "service_id": service_id,
                                        "name": language})

    # -- full-text index -----------------------------------------------------------------------------
    def reindex(self, service_ids: Iterable[str] | None = None) -> None:
        """Rebuild directory_fts rows for these services (all of them when None)."""
        if service_ids is None:
            self.s.conn.execute("DELETE FROM directory_fts")
            self.s.conn.execute(REINDEX)
            return
        for service_id in service_ids:
            key = self.s.scalar("SELECT key FROM service_keys WHERE service_id = ?", (service_id,))
            self.s.conn.execute("DELETE FROM directory_fts WHERE rowid = ?", (key,))
            self.s.conn.execute(REINDEX + " WHERE s.id = ?", (service_id,))

    # -- bulk import and export ---------------------------------------------------------------------
    def existing_ids(self, table: str) -> set[str]:
        if "id" not in TABLE_COLUMNS[table]:
            raise ValueError(f"{table} has no id column")
        return {r[0] for r in self.s.all(f"SELECT id FROM {table}")}

    # An import writes in short transactions (one batch each) so call intake never waits long
    # for the write lock; every batch has its audit row. Re-running an import finishes one that
    # stopped half way: rows are created or updated by id.
    def import_batch(self, actor: str, table: str, rows: list[dict[str, Any]], *,
                     existing: set[str], source: str) -> tuple[int, int, int]:
        """Create or update ``rows`` of ``table``; returns (created, updated, unchanged)."""
        columns = TABLE_COLUMNS[table]
        stamp = [self.s.now()] if table == "services" else []
        try:
            with self.s.atomic():
                # rowcount sums the rows inserted or changed (an unchanged row is skipped by
                # the upsert's WHERE); new ids are known beforehand, so the rest were updated.
                changed = self.s.conn.executemany(
                    self._upsert_sql(table, columns),
                    ([*(row.get(c) for c in columns), *stamp] for row in rows)).rowcount
                created = sum(1 for row in rows if row["id"] not in existing)
                self.s.audit(actor, "directory.import_batch", "directory", table, source=source,
                             rows=len(rows), created=created, updated=changed - created)
        except sqlite3.IntegrityError:
            raise ConflictError("the directory changed while the package was being imported "
                                "(a row it refers to was removed)") from None
        return created, changed - created, len(rows) - changed

    def replace_links_batch(self, actor: str, service_ids: list[str],
                            links: list[dict[str, Any]], *, source: str) -> None:
        """These services' categories become exactly ``links`` (the package's)."""
        try:
            with self.s.atomic():
                self.s.conn.executemany("DELETE FROM service_taxonomy WHERE service_id = ?",
                                        [(service_id,) for service_id in service_ids])
                self.s.conn.executemany(
                    "INSERT OR IGNORE INTO service_taxonomy(service_id, taxonomy_term_id) VALUES (?, ?)",
                    [(link["service_id"], link["taxonomy_term_id"]) for link in links])
                self.s.audit(actor, "directory.import_batch", "directory", "service_taxonomy",
                             source=source, services=len(service_ids), rows=len(links))
        except sqlite3.IntegrityError:
            raise ConflictError("the directory changed while the package was being imported "
                                "(a service or category it refers to was removed)") from None

    def service_ids(self) -> list[str]:
        return [r[0] for r in self.s.all("SELECT service_id FROM service_keys ORDER BY key")]

    def reindex_batch(self, actor: str, service_ids: list[str], *, source: str) -> None:
        """Rebuild the search rows of these services (names of organizations and categories
        are part of them, so an import reindexes every service, a batch at a time)."""
        marks = ", ".join("?" for _ in service_ids)
        with self.s.atomic():
            self.s.conn.execute(f"DELETE FROM directory_fts WHERE rowid IN (SELECT key FROM "
                                f"service_keys WHERE service_id IN ({marks}))", service_ids)
            self.s.conn.execute(REINDEX + f" WHERE s.id IN ({marks})", service_ids)
            self.s.audit(actor, "directory.import_index", "directory", "", source=source,
                         services=len(service_ids))

    def finish_import(self, actor: str, *, source: str, problems: int, counts: ImportCounts) -> None:
        with self.s.atomic():
            self.s.audit(actor, "directory.import", "directory", "", source=source,
                         problems=problems, **counts.model_dump())

    @staticmethod
    def _upsert_sql(table: str, columns: tuple[str, ...]) -> str:
        data = [c for c in columns if c != "id"]
        all_columns = [*columns, *(["updated_at"] if table == "services" else [])]
        sets = ", ".join(f"{c} = excluded.{c}" for c in data)
        if table == "services":
            sets += ", updated_at = excluded.updated_at, version = services.version + 1"
        differs = (f"({', '.join(f'{table}.{c}' for c in data)}) IS NOT "
                   f"({', '.join(f'excluded.{c}' for c in data)})")
        return (f"INSERT INTO {table} ({', '.join(all_columns)}) "
                f"VALUES ({', '.join('?' for _ in all_columns)}) "
                f"ON CONFLICT(id) DO UPDATE SET {sets} WHERE {differs}")

    def export_rows(self, table: str) -> list[dict[str, Any]]:
        columns = TABLE_COLUMNS[table]
        order = "id" if "id" in columns else ", ".join(columns)
        return [dict(r) for r in self.s.all(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")]


REPOS = {"directory": Directory}
