"""Open Referral HSDS tabular packages: import (3.0 and the older 1.x/2.x layouts) and export (3.0).

A package is a folder with ``datapackage.json`` (resource name -> CSV path) and one CSV per table.
Tables are recognised by their file name, so 3.0 ``addresses.csv`` and 1.x
``physical_addresses.csv`` both land in ``addresses``. Each row is checked (required fields,
references to known ids, status, numbers, times) and a broken row is reported with its file and
line; with ``strict`` one broken row stops the whole import. Everything is written in one
transaction, creating or updating by id.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mrss_tui.domain.directory import WEEKDAYS, ImportCounts, byday_codes, parse_clock
from mrss_tui.domain.enums import ServiceStatus
from mrss_tui.errors import MrssError, ValidationFailed
from mrss_tui.domain.times import iso, parse_iso
from mrss_tui.store.repos.directory import TABLE_COLUMNS
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action

# File stem -> (kind, fixed values). Kinds are processed in this order (parents first).
KINDS = ("organization", "taxonomy_term", "service", "location", "address", "service_at_location",
         "phone", "schedule", "service_taxonomy", "attribute", "service_area", "language")
FILES: dict[str, tuple[str, dict[str, str]]] = {
    "organizations": ("organization", {}), "organization": ("organization", {}),
    "services": ("service", {}), "service": ("service", {}),
    "locations": ("location", {}), "location": ("location", {}),
    "addresses": ("address", {}), "address": ("address", {}),
    "physical_addresses": ("address", {"address_type": "physical"}),
    "physical_address": ("address", {"address_type": "physical"}),
    "postal_addresses": ("address", {"address_type": "postal"}),
    "postal_address": ("address", {"address_type": "postal"}),
    "service_at_location": ("service_at_location", {}),
    "services_at_location": ("service_at_location", {}),
    "phones": ("phone", {}), "phone": ("phone", {}),
    "schedules": ("schedule", {}), "schedule": ("schedule", {}),
    "regular_schedules": ("schedule", {}), "regular_schedule": ("schedule", {}),
    "taxonomy_terms": ("taxonomy_term", {}), "taxonomy_term": ("taxonomy_term", {}),
    "taxonomy": ("taxonomy_term", {}),  # 1.x/2.x: the terms themselves (3.0 names them taxonomies.csv)
    "services_taxonomy": ("service_taxonomy", {}), "service_taxonomy": ("service_taxonomy", {}),
    "attributes": ("attribute", {}), "attribute": ("attribute", {}),
    "service_areas": ("service_area", {}), "service_area": ("service_area", {}),
    "languages": ("language", {}), "language": ("language", {}),
}
DAY_NAMES = {name: code for code, name in zip(WEEKDAYS, (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}


class ImportProblem(BaseModel):
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


class ImportReport(BaseModel):
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


@dataclass
class SourceRow:
    file: str
    line: int
    values: dict[str, str]


@dataclass
class Package:
    rows: dict[str, list[SourceRow]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


# -- reading -----------------------------------------------------------------------------------------
def _resources(folder: Path) -> list[tuple[str, Path]]:
    """(file name, path) of each table, through datapackage.json when there is one."""
    descriptor = folder / "datapackage.json"
    if not descriptor.is_file():
        return [(p.name, p) for p in sorted(folder.glob("*.csv"))]
    try:
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        resources = data["resources"]
    except (ValueError, KeyError, TypeError):
        raise MrssError(f"{descriptor.name} is not a data package descriptor (no 'resources' list); "
                        "nothing was imported") from None
    found = []
    for resource in resources:
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, list):  # a resource may be split over several files
            found.extend((Path(p).name, folder / p) for p in path)
        elif isinstance(path, str):
            found.append((Path(path).name, folder / path))
    return found


def read_package(folder: Path) -> Package:
    if not folder.is_dir():
        raise MrssError(f"{folder} is not a folder; give the folder that holds datapackage.json")
    package = Package()
    for name, path in _resources(folder):
        stem = Path(name).stem.lower()
        if stem not in FILES:
            package.warnings.append(f"{name}: table not used by mrss; ignored")
            continue
        if not path.is_file():
            package.warnings.append(f"{name}: listed in datapackage.json but missing; skipped")
            continue
        kind, fixed = FILES[stem]
        try:
            package.rows.setdefault(kind, []).extend(_read_csv(path, name, fixed))
        except UnicodeDecodeError:
            package.problems.append(ImportProblem(file=name, line=0, reason="not UTF-8 text; skipped"))
        except csv.Error as exc:
            package.problems.append(ImportProblem(file=name, line=0, reason=f"not valid CSV ({exc})"))
    if not package.rows:
        raise MrssError(f"{folder} holds no HSDS table mrss can use; nothing was imported")
    return package


def _read_csv(path: Path, name: str, fixed: dict[str, str]) -> list[SourceRow]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None:  # reads the header: an empty file has no rows
            return rows
        line = reader.line_num + 1
        for record in reader:
            values = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items()
                      if not isinstance(v, list)}
            rows.append(SourceRow(name, line, {**values, **fixed}))
            line = reader.line_num + 1
    return rows


# -- checking and mapping -------------------------------------------------------------------------------
def _get(row: SourceRow, *names: str) -> str:
    values = row.values
    for name in names:
        value = values.get(name)
        if value:
            return value
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
    # writing. (A row deleted meanwhile would fail the database's foreign keys: all rolls back.)
    with store.read_snapshot():
        known = {t: store.directory.existing_ids(t) for t in TABLE_COLUMNS if t != "service_taxonomy"}
    checker = _Checker(known)
    checker.run(package)
    problems = package.problems + checker.problems
    if strict and problems:
        raise ImportRefused(problems)
    with store.atomic():
        counts = store.directory.import_rows(session.actor.login, checker.tables,
                                             source=folder.name, problems=len(problems),
                                             on_progress=on_progress)
    warnings = package.warnings + [str(n) for n in checker.notes]
    return ImportReport(source=str(folder), counts=counts, problems=problems, warnings=warnings,
                        strict=strict)


# -- export (HSDS 3.0) -------------------------------------------------------------------------------
# (resource name, file, [(HSDS column, our column)], our table)
_EXPORT: list[tuple[str, str, list[tuple[str, str]], str]] = [
    ("organization", "organizations.csv", [(c, c) for c in TABLE_COLUMNS["organizations"]],
     "organizations"),
    ("service", "services.csv",
     [(c, c) for c in TABLE_COLUMNS["services"] if c not in ("last_verified_at", "verified_by")]
     + [("assured_date", "last_verified_at"), ("assurer_email", "verified_by")], "services"),
    ("location", "locations.csv", [(c, c) for c in TABLE_COLUMNS["locations"]], "locations"),
    ("address", "addresses.csv", [(c, c) for c in TABLE_COLUMNS["addresses"]], "addresses"),
    ("service_at_location", "service_at_location.csv",
     [(c, c) for c in TABLE_COLUMNS["service_at_location"]], "service_at_location"),
    ("phone", "phones.csv", [(c, c) for c in TABLE_COLUMNS["phones"]], "phones"),
    ("schedule", "schedules.csv", [(c, c) for c in TABLE_COLUMNS["schedules"]], "schedules"),
    ("taxonomy_term", "taxonomy_terms.csv", [(c, c) for c in TABLE_COLUMNS["taxonomy_terms"]],
     "taxonomy_terms"),
    ("service_area", "service_areas.csv", [(c, c) for c in TABLE_COLUMNS["service_areas"]],
     "service_areas"),
    ("language", "languages.csv", [(c, c) for c in TABLE_COLUMNS["languages"]], "languages"),
]
_ATTRIBUTE_COLUMNS = ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")
_INTEGER = {"minimum_age", "maximum_age"}
_NUMBER = {"latitude", "longitude"}
_ATTRIBUTE_NAMESPACE = uuid.UUID("6f1d3c2e-6a53-4d0e-9d0b-6d1f7f0c4a11")


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column == "last_verified_at":
        moment = parse_iso(value)
        # HSDS assured_date is a date; keep the time only when there is one, so a re-import
        # gives back exactly what was exported.
        return moment.date().isoformat() if moment.time() == datetime.min.time() else value
    return str(value)


def _field_type(column: str) -> str:
    if column in _INTEGER:
        return "integer"
    if column in _NUMBER:
        return "number"
    return "date" if column == "assured_date" else "string"


def export_package(session: Session, folder: Path) -> dict[str, int]:
    """Write the directory as an HSDS 3.0 tabular package into a new (or empty) folder."""
    session.require(Action.VIEW_DIRECTORY)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise MrssError(f"{folder} exists and is not an empty folder; choose a new one")
    if not folder.parent.is_dir():
        raise MrssError(f"folder {folder.parent} does not exist")
    directory = session.store.directory
    with session.store.read_snapshot():
        tables = {table: directory.export_rows(table) for table in TABLE_COLUMNS}
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        resources, counts = [], {}
        for name, file_name, columns, table in _EXPORT:
            rows = [[_cell(ours, row[ours]) for _hsds, ours in columns] for row in tables[table]]
            _write_csv(staging / file_name, [h for h, _ in columns], rows)
            resources.append(_resource(name, file_name, [h for h, _ in columns]))
            counts[file_name] = len(rows)
        links = [[str(uuid.uuid5(_ATTRIBUTE_NAMESPACE, f"{r['service_id']}|{r['taxonomy_term_id']}")),
                  r["service_id"], r["taxonomy_term_id"], "service_taxonomy", "service", ""]
                 for r in tables["service_taxonomy"]]
        _write_csv(staging / "attributes.csv", list(_ATTRIBUTE_COLUMNS), links)
        resources.insert(2, _resource("attribute", "attributes.csv", list(_ATTRIBUTE_COLUMNS)))
        counts["attributes.csv"] = len(links)
        descriptor = {"name": "human_services_data", "title": "Human Services Data Specification",
                      "profile": "tabular-data-package", "version": "3.0.0",
                      "created": iso(session.now()), "resources": resources}
        (staging / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n",
                                                  encoding="utf-8")
        if folder.exists():
            folder.rmdir()
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return counts


def _resource(name: str, file_name: str, columns: list[str]) -> dict[str, Any]:
    return {"name": name, "path": file_name, "format": "csv", "mediatype": "text/csv",
            "profile": "tabular-data-resource",
            "schema": {"primaryKey": "id",
                       "fields": [{"name": c, "type": _field_type(c)} for c in columns]}}


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
