"""Open Referral HSDS import: check every row, then write in short batches.

Reading is in ``hsds_read``, export in ``hsds_export``. Each row is checked (required fields,
references to known ids, status, numbers, times) and a broken row is reported with its file and
line; with ``strict`` one broken row stops the whole import before anything is written. The
rows are then written BATCH_ROWS at a time, each batch one short transaction, so call intake
never waits long for the write lock; an import that stops half way is finished by running it
again (rows are created or updated by id).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.directory import WEEKDAYS, ImportCounts, byday_codes, parse_clock
from mrss_tui.domain.enums import ServiceStatus
from mrss_tui.domain.plain_text import LINE_MAX, TEXT_MAX, check_text
from mrss_tui.domain.times import iso
from mrss_tui.errors import ConflictError, ValidationFailed
from mrss_tui.store.repos.directory import TABLE_COLUMNS
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.hsds_read import KINDS, ImportProblem, Package, SourceRow, read_package
from mrss_tui.workflow.permissions import Action

# Rows per write transaction: tens of milliseconds of write lock each. After a full batch the
# import pauses a little longer than SQLite's longest busy-handler sleep (100 ms), so a call
# being saved meanwhile always gets the lock between two batches instead of losing every race
# (benchmarks/hsds_import_intake.py measures the intake's worst wait).
BATCH_ROWS = 1000
PAUSE_SECONDS = 0.12

DAY_NAMES = {name: code for code, name in zip(WEEKDAYS, (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}


class ImportReport(BaseModel):
    model_config = ConfigDict(defer_build=True)

    source: str
    counts: ImportCounts
    problems: list[ImportProblem]
    warnings: list[str]
    strict: bool = False


class ImportRefused(ValidationFailed):
    """--strict and the package has broken rows: nothing was imported."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} broken row(s); with --strict nothing was imported")
        self.import_problems = problems


class RowProblem(Exception):
    pass


# -- checking and mapping -------------------------------------------------------------------------------
def _get(row: SourceRow, *names: str) -> str:
    """A field's text; control characters or an over-long value refuse the row (stored text
    is shown to everyone, and an ESC sequence in a name would reach their terminals)."""
    values = row.values
    for name in names:
        value = values.get(name)
        if value:
            try:
                limit = LINE_MAX if name.endswith("name") else TEXT_MAX
                return check_text(value, limit=limit, what=f"field '{name}'")
            except ValueError as exc:
                raise RowProblem(str(exc)) from None
    return ""


def _need(row: SourceRow, *names: str) -> str:
    value = _get(row, *names)
    if not value:
        raise RowProblem(f"required field '{names[0]}' is missing")
    return value


def _int(row: SourceRow, name: str) -> int | None:
    text = _get(row, name)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowProblem(f"{name} '{text}' is not a number") from None
    if number != int(number) or number < 0:
        raise RowProblem(f"{name} '{text}' is not a whole number of years")
    return int(number)


def _float(row: SourceRow, name: str) -> float | None:
    text = _get(row, name)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise RowProblem(f"{name} '{text}' is not a number") from None


def _clock(row: SourceRow, name: str) -> str | None:
    try:
        value = parse_clock(_get(row, name))
    except ValueError as exc:
        raise RowProblem(f"{name}: {exc}") from None
    return None if value is None else value.strftime("%H:%M")


def _verified(row: SourceRow) -> str | None:
    text = _get(row, "assured_date", "last_verified_at", "last_verified_on")
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise RowProblem(f"assured_date '{text}' is not a date (YYYY-MM-DD)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return iso(moment)


def _status(row: SourceRow) -> str:
    text = _need(row, "status").lower().replace("_", " ")
    if text not in {s.value for s in ServiceStatus}:
        raise RowProblem(f"status '{row.values['status']}' is not one of active, inactive, "
                         "defunct, temporarily closed")
    return text


def _byday(row: SourceRow) -> str:
    if _get(row, "byday"):
        return ",".join(byday_codes(_get(row, "byday")))
    weekday = _get(row, "weekday").lower()
    if not weekday:
        return ""
    if weekday.isdigit() and 1 <= int(weekday) <= 7:
        return WEEKDAYS[int(weekday) - 1]
    code = DAY_NAMES.get(weekday) or (weekday[:2].upper() if weekday[:2].upper() in WEEKDAYS else None)
    if code is None:
        raise RowProblem(f"weekday '{weekday}' is not a day of the week")
    return code


class _Checker:
    """Turns source rows into table rows, checking references against ids already known
    (in the database or accepted earlier in this package)."""

    def __init__(self, known: dict[str, set[str]]) -> None:
        self.known = known
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.problems: list[ImportProblem] = []
        self.notes: list[ImportProblem] = []
        self.sal: dict[str, tuple[str, str]] = {}

    def ref(self, row: SourceRow, table: str, *names: str, required: bool) -> str | None:
        value = _get(row, *names)
        if not value:
            if required:
                raise RowProblem(f"required field '{names[0]}' is missing")
            return None
        if value not in self.known[table]:
            if required:
                raise RowProblem(f"{names[0]} '{value}' refers to no row in {table}")
            self.notes.append(ImportProblem(file=row.file, line=row.line,
                                            reason=f"{names[0]} '{value}' refers to no row in "
                                                   f"{table}; link dropped"))
            return None
        return value

    def run(self, package: Package) -> None:
        for kind in KINDS:
            seen: dict[str, SourceRow] = {}
            for row in package.rows.get(kind, []):
                try:
                    table, values = getattr(self, f"_{kind}")(row)
                    if table is None:
                        continue
                    row_id = values.get("id")
                    if row_id is not None:
                        if row_id in seen:
                            raise RowProblem(f"id '{row_id}' appears twice (also line {seen[row_id].line})")
                        seen[row_id] = row
                except RowProblem as exc:
                    self.problems.append(ImportProblem(file=row.file, line=row.line, reason=str(exc)))
                    continue
                self.tables.setdefault(table, []).append(values)
                if row_id is not None:
                    self.known[table].add(row_id)

    def _organization(self, row: SourceRow) -> tuple[str, dict]:
        return "organizations", {
            "id": _need(row, "id"), "name": _need(row, "name"),
            "alternate_name": _get(row, "alternate_name"), "description": _get(row, "description"),
            "email": _get(row, "email"), "website": _get(row, "website", "url")}

    def _taxonomy_term(self, row: SourceRow) -> tuple[str, dict]:
        return "taxonomy_terms", {
            "id": _need(row, "id"), "code": _get(row, "code"), "name": _need(row, "name"),
            "description": _get(row, "description"), "parent_id": _get(row, "parent_id") or None,
            "taxonomy": _get(row, "taxonomy", "vocabulary")}

    def _service(self, row: SourceRow) -> tuple[str, dict]:
        values = {"id": _need(row, "id"), "name": _need(row, "name"),
                  "organization_id": self.ref(row, "organizations", "organization_id", required=True),
                  "status": _status(row), "minimum_age": _int(row, "minimum_age"),
                  "maximum_age": _int(row, "maximum_age"), "last_verified_at": _verified(row),
                  "verified_by": _get(row, "assurer_email", "verified_by")}
        for name in ("alternate_name", "description", "url", "email", "eligibility_description",
                     "fees_description", "application_process"):
            values[name] = _get(row, name)
        if not values["fees_description"]:
            values["fees_description"] = _get(row, "fees")
        if values["minimum_age"] is not None and values["maximum_age"] is not None \
                and values["minimum_age"] > values["maximum_age"]:
            raise RowProblem("minimum_age is above maximum_age")
        return "services", values

    def _location(self, row: SourceRow) -> tuple[str, dict]:
        return "locations", {
            "id": _need(row, "id"), "name": _get(row, "name"),
            "organization_id": self.ref(row, "organizations", "organization_id", required=False),
            "location_type": _get(row, "location_type") or "physical",
            "description": _get(row, "description"), "latitude": _float(row, "latitude"),
            "longitude": _float(row, "longitude")}

    def _address(self, row: SourceRow) -> tuple[str, dict]:
        return "addresses", {
            "id": _need(row, "id"),
            "location_id": self.ref(row, "locations", "location_id", required=True),
            "attention": _get(row, "attention"), "address_1": _need(row, "address_1"),
            "address_2": _get(row, "address_2"), "city": _need(row, "city"),
            "region": _get(row, "region"), "state_province": _get(row, "state_province"),
            "postal_code": _get(row, "postal_code"), "country": _get(row, "country"),
            "address_type": _get(row, "address_type") or "physical"}

    def _service_at_location(self, row: SourceRow) -> tuple[str, dict]:
        values = {"id": _need(row, "id"),
                  "service_id": self.ref(row, "services", "service_id", required=True),
                  "location_id": self.ref(row, "locations", "location_id", required=True)}
        self.sal[values["id"]] = (values["service_id"], values["location_id"])
        return "service_at_location", values

    def _links(self, row: SourceRow) -> dict[str, str | None]:
        links = {"organization_id": self.ref(row, "organizations", "organization_id", required=False),
                 "service_id": self.ref(row, "services", "service_id", required=False),
                 "location_id": self.ref(row, "locations", "location_id", required=False)}
        sal_id = _get(row, "service_at_location_id")
        if sal_id in self.sal and not links["service_id"] and not links["location_id"]:
            links["service_id"], links["location_id"] = self.sal[sal_id]
        return links

    def _phone(self, row: SourceRow) -> tuple[str, dict]:
        links = self._links(row)
        if not any(links.values()):
            raise RowProblem("the phone belongs to no known organization, service or location")
        number = _need(row, "number").strip('"').strip()
        return "phones", {"id": _need(row, "id"), **links, "number": number,
                          "extension": _get(row, "extension"), "type": _get(row, "type"),
                          "description": _get(row, "description")}

    def _schedule(self, row: SourceRow) -> tuple[str, dict]:
        links = self._links(row)
        del links["organization_id"]
        if not any(links.values()):
            raise RowProblem("the schedule belongs to no known service or location")
        return "schedules", {"id": _need(row, "id"), **links, "byday": _byday(row),
                             "opens_at": _clock(row, "opens_at"), "closes_at": _clock(row, "closes_at"),
                             "freq": _get(row, "freq") or ("WEEKLY" if _get(row, "weekday") else ""),
                             "description": _get(row, "description")}

    def _service_taxonomy(self, row: SourceRow) -> tuple[str, dict]:
        return "service_taxonomy", {
            "service_id": self.ref(row, "services", "service_id", required=True),
            "taxonomy_term_id": self.ref(row, "taxonomy_terms", "taxonomy_term_id", "taxonomy_id",
                                         required=True)}

    def _attribute(self, row: SourceRow) -> tuple[str | None, dict]:
        if _get(row, "link_entity").lower() != "service":
            self.notes.append(ImportProblem(file=row.file, line=row.line, reason=(
                f"attribute links a '{_get(row, 'link_entity')}', not a service; ignored")))
            return None, {}
        return "service_taxonomy", {
            "service_id": self.ref(row, "services", "link_id", required=True),
            "taxonomy_term_id": self.ref(row, "taxonomy_terms", "taxonomy_term_id", required=True)}

    def _service_area(self, row: SourceRow) -> tuple[str, dict]:
        return "service_areas", {
            "id": _need(row, "id"), "service_id": self.ref(row, "services", "service_id", required=True),
            "name": _need(row, "name", "service_area"), "description": _get(row, "description")}

    def _language(self, row: SourceRow) -> tuple[str, dict]:
        links = self._links(row)
        del links["organization_id"]
        if not any(links.values()):
            raise RowProblem("the language belongs to no known service or location")
        return "languages", {"id": _need(row, "id"), **links, "name": _need(row, "name", "language"),
                             "code": _get(row, "code")}


def import_package(session: Session, folder: Path, *, strict: bool = False,
                   on_progress: Callable[[str], None] | None = None) -> ImportReport:
    """Check and import a package; broken rows are reported and skipped (or, strict, refuse all)."""
    session.require(Action.EDIT_DIRECTORY)
    package = read_package(folder)
    store = session.store
    # Check against a snapshot, outside the write lock, so other sessions wait only for the
    # writing. (A row deleted meanwhile fails the database's foreign keys: that batch rolls back.)
    with store.read_snapshot():
        known = {t: store.directory.existing_ids(t) for t in TABLE_COLUMNS if t != "service_taxonomy"}
    checker = _Checker(known)
    checker.run(package)
    problems = package.problems + checker.problems
    if strict and problems:
        raise ImportRefused(problems)
    writer = _BatchWriter(session, folder.name)
    try:
        counts = writer.write(checker.tables, on_progress)
    except ConflictError as exc:
        raise ConflictError(f"{exc}: {writer.saved:,} of {writer.total:,} rows were saved. Run the "
                            "import again to finish it (rows are updated by id)") from None
    store.directory.finish_import(session.actor.login, source=folder.name,
                                  problems=sum(p.skipped for p in problems), counts=counts)
    warnings = package.warnings + [str(n) for n in checker.notes]
    return ImportReport(source=str(folder), counts=counts, problems=problems, warnings=warnings,
                        strict=strict)


def _chunks(items: list[Any], size: int = BATCH_ROWS) -> Iterator[list[Any]]:
    """Batches of ``size``; after each full one (more follow) the writer pauses for others."""
    for start in range(0, len(items), size):
        if start:
            time.sleep(PAUSE_SECONDS)
        yield items[start:start + size]


class _BatchWriter:
    """Writes checked rows parents first, one short transaction per batch."""

    def __init__(self, session: Session, source: str) -> None:
        self.directory = session.store.directory
        self.actor = session.actor.login
        self.source = source
        self.saved = 0
        self.total = 0

    def write(self, tables: dict[str, list[dict[str, Any]]],
              on_progress: Callable[[str], None] | None) -> ImportCounts:
        counts = ImportCounts()
        self.total = sum(len(rows) for rows in tables.values())
        for table in TABLE_COLUMNS:
            rows = tables.get(table)
            if rows is None:
                continue
            if table == "service_taxonomy":
                self._links(rows, tables.get("services", []))
                counts.created[table] = len(rows)
            else:
                created, updated, unchanged = self._rows(table, rows)
                counts.created[table], counts.updated[table] = created, updated
                counts.unchanged[table] = unchanged
            if on_progress:
                on_progress(table)
        for batch in _chunks(self.directory.service_ids()):
            self.directory.reindex_batch(self.actor, batch, source=self.source)
        return counts

    def _rows(self, table: str, rows: list[dict[str, Any]]) -> tuple[int, int, int]:
        existing = self.directory.existing_ids(table)
        totals = [0, 0, 0]
        for batch in _chunks(rows):
            for i, n in enumerate(self.directory.import_batch(self.actor, table, batch,
                                                              existing=existing, source=self.source)):
                totals[i] += n
            self.saved += len(batch)
        return totals[0], totals[1], totals[2]

    def _links(self, links: list[dict[str, Any]], services: list[dict[str, Any]]) -> None:
        """Services in the package get exactly the package's categories, a batch of services
        (with all their links) at a time."""
        by_service: dict[str, list[dict[str, Any]]] = {s["id"]: [] for s in services}
        for link in links:
            by_service.setdefault(link["service_id"], []).append(link)
        for batch in _chunks(list(by_service)):
            batch_links = [link for service_id in batch for link in by_service[service_id]]
            self.directory.replace_links_batch(self.actor, batch, batch_links, source=self.source)
            self.saved += len(batch_links)
