"""Open Referral HSDS export: the directory as an HSDS 3.0 tabular package (a folder with
``datapackage.json`` and one CSV per table), written into a staging folder and renamed at the end."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from mrss_tui.domain.spreadsheet import spreadsheet_cell
from mrss_tui.errors import MrssError
from mrss_tui.store.db import iso, parse_iso
from mrss_tui.store.repos.directory import TABLE_COLUMNS
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.files import FILE_MODE, write_private_text
from mrss_tui.workflow.permissions import Action

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
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))  # 0700
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
        write_private_text(staging / "datapackage.json", json.dumps(descriptor, indent=2) + "\n")
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
    """One table, 0600 from the start (directory entries name people: contacts, phones), its
    cells safe to open in a spreadsheet (domain/spreadsheet.py)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # O_CREAT's mode is masked by the umask
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
