"""Reading Open Referral HSDS tabular packages (3.0 and the older 1.x/2.x layouts).

A package is a folder with ``datapackage.json`` (resource name -> CSV path) and one CSV per table.
Tables are recognised by their file name, so 3.0 ``addresses.csv`` and 1.x
``physical_addresses.csv`` both land in ``addresses``. Every row that cannot be read is
counted: a row with bytes that are not UTF-8 is skipped alone (with its line), a CSV error
(e.g. a quote that is never closed) skips that row and the lines after it, and says how many;
a row with more fields than the header is imported with a warning that the extra values were
ignored.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.spreadsheet import restore_cell
from mrss_tui.errors import MrssError

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
class ImportProblem(BaseModel):
    model_config = ConfigDict(defer_build=True)

    file: str
    line: int
    reason: str
    skipped: int = 1  # rows (or, after a CSV error, lines) this problem kept out of the import

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


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
        package.rows.setdefault(kind, []).extend(_read_csv(path, name, fixed, package))
    if not package.rows:
        raise MrssError(f"{folder} holds no HSDS table mrss can use; nothing was imported")
    return package


def _read_csv(path: Path, name: str, fixed: dict[str, str], package: Package) -> list[SourceRow]:
    """The rows of one CSV; every row left out is counted in ``package.problems``."""
    rows: list[SourceRow] = []
    # Bytes that are not UTF-8 become lone surrogates, so only the rows holding them are lost.
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        start = 1
        try:
            header = next(reader, None)
            if header is None:  # an empty file has no rows
                return rows
            names = [h.strip().lower() for h in header]
            start = reader.line_num + 1
            for record in reader:
                row = _row(name, start, names, record, package)
                if row is not None:
                    rows.append(SourceRow(name, start, {**row, **fixed}))
                start = reader.line_num + 1
        except csv.Error as exc:
            lost = max(_count_lines(path) - start + 1, 1)
            package.problems.append(ImportProblem(
                file=name, line=start, skipped=lost,
                reason=f"not valid CSV from here ({exc}; a quote never closed?): this row and "
                       f"the lines after it, {lost} in all, were not imported"))
    return rows


def _row(name: str, line: int, names: list[str], record: list[str],
         package: Package) -> dict[str, str] | None:
    if not record:
        return None  # a blank line
    if any(_not_utf8(value) for value in record):
        package.problems.append(ImportProblem(file=name, line=line,
                                              reason="bytes that are not UTF-8 text; row skipped"))
        return None
    if len(record) > len(names):
        package.warnings.append(f"{name}:{line}: {len(record) - len(names)} more field(s) than the "
                                "header; the extra values were ignored")
    # (a cell mrss's own export kept from spreadsheets, "'=...", reads back as it was)
    return {key: restore_cell(value.strip()) for key, value in zip(names, record)}


def _not_utf8(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
