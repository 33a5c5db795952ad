"""Call intake while a large HSDS import runs: the intake's worst wait, next to the same-run baseline.

    .venv/bin/python benchmarks/hsds_import_intake.py [--services 20000] [--seconds 8]

1. writes a synthetic HSDS 3.0 package (organizations, services with long descriptions,
   locations, addresses, phones, schedules) and a small demo database, in a temporary folder;
2. baseline: one intake process records calls back to back for SECONDS with nothing else running;
3. the same intake process runs while `mrss directory import` of the package runs in another
   process; it keeps recording until the import has finished.
Prints the package size, the import's time, and for both runs the calls recorded, the median,
99th percentile and worst time of one `record_call` (lock waits included), and the ratio of the
worst waits. Exits non-zero if any process failed (a benchmark whose program crashed must fail).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MRSS = "import sys; from mrss_tui.cli import main; sys.argv[0] = 'mrss'; main()"


def write_package(folder: Path, services: int) -> int:
    folder.mkdir()
    orgs = max(services // 10, 1)
    text = "Walk-in counselling, family support and crisis respite for youth and adults. " * 8
    tables = {
        "organizations.csv": (["id", "name", "description"],
                              ([f"o{i}", f"Organization {i}", text] for i in range(orgs))),
        "services.csv": (["id", "organization_id", "name", "status", "description"],
                         ([f"s{i}", f"o{i % orgs}", f"Service {i}", "active", text]
                          for i in range(services))),
        "locations.csv": (["id", "organization_id", "name", "location_type"],
                          ([f"l{i}", f"o{i % orgs}", f"Site {i}", "physical"] for i in range(services))),
        "addresses.csv": (["id", "location_id", "address_1", "city", "state_province", "postal_code",
                           "country"],
                          ([f"a{i}", f"l{i}", f"{i} Main St", "Burns", "OR", "97720", "US"]
                           for i in range(services))),
        "service_at_location.csv": (["id", "service_id", "location_id"],
                                    ([f"sal{i}", f"s{i}", f"l{i}"] for i in range(services))),
        "phones.csv": (["id", "service_id", "number"],
                       ([f"p{i}", f"s{i}", "541-555-0100"] for i in range(services))),
        "schedules.csv": (["id", "service_id", "byday", "opens_at", "closes_at", "freq"],
                          ([f"h{i}", f"s{i}", "MO,TU,WE,TH,FR", "09:00", "17:00", "WEEKLY"]
                           for i in range(services))),
    }
    resources = []
    for name, (header, rows) in tables.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        resources.append({"name": name.removesuffix(".csv"), "path": name})
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}))
    return sum(p.stat().st_size for p in folder.iterdir())


def intake(db: Path, seconds: float, until: Path | None, out: Path) -> None:
    """Record calls back to back; stop after SECONDS, or (with UNTIL) once that file exists."""
    from mrss_tui.clock import SystemClock
    from mrss_tui.config import build_config
    from mrss_tui.domain.cssrs import CssrsAnswers
    from mrss_tui.domain.enums import Line, Triage
    from mrss_tui.store.db import iso
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.intake import IntakeForm, record_call

    session = open_session(db, build_config({}), "super", SystemClock())
    form = IntakeForm(received_at=iso(session.now() - timedelta(minutes=1)),
                      callback_number="541-555-0123", line=Line.L988, caller_name="Bench Caller",
                      person_name="Bench Person", born_or_age="14", town="Burns",
                      situation="benchmark", cssrs=CssrsAnswers(q1=False, q2=False, q6=False),
                      triage=Triage.PHONE_ONLY)
    times: list[float] = []
    end = time.monotonic() + seconds
    while (until is not None and not until.exists()) or (until is None and time.monotonic() < end):
        started = time.monotonic()
        record_call(session, form)
        times.append(time.monotonic() - started)
    session.store.close()
    out.write_text(json.dumps(times))


def run_intake(db: Path, seconds: float, until: Path | None, out: Path) -> subprocess.Popen:
    args = [sys.executable, __file__, "--intake", str(db), str(seconds), str(until or ""), str(out)]
    return subprocess.Popen(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def summary(label: str, times: list[float]) -> float:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label:<26} {len(times):6} calls  median {statistics.median(times) * 1000:7.1f} ms  "
          f"p99 {p99 * 1000:7.1f} ms  worst {ordered[-1] * 1000:7.1f} ms")
    return ordered[-1]


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--intake":
        db, seconds, until, out = sys.argv[2:6]
        intake(Path(db), float(seconds), Path(until) if until else None, Path(out))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=8.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mrss-bench-") as tmp:
        folder = Path(tmp)
        db = folder / "mrss.db"
        cli = [sys.executable, "-c", MRSS, "--db", str(db), "--as", "super"]
        subprocess.run([*cli, "demo", "--days", "30", "--quiet"], check=True, cwd=ROOT)
        size = write_package(folder / "package", options.services)
        print(f"package: {options.services:,} services, {size / 1e6:.1f} MB of CSV")

        base = run_intake(db, options.seconds, None, folder / "base.json")
        if base.wait() != 0:
            print("baseline intake failed", file=sys.stderr)
            return 1
        done = folder / "import-done"
        during = run_intake(db, 0, done, folder / "during.json")
        time.sleep(1.0)  # the intake is recording before the import starts
        started = time.monotonic()
        imported = subprocess.run([*cli, "directory", "import", str(folder / "package")],
                                  cwd=ROOT, capture_output=True, text=True)
        took = time.monotonic() - started
        done.touch()
        if during.wait() != 0 or imported.returncode != 0:
            print(f"failed: intake {during.returncode}, import {imported.returncode}: "
                  f"{imported.stderr[-500:]}", file=sys.stderr)
            return 1
        print(f"import: {took:.1f} s ({imported.stdout.strip().splitlines()[-1]})")
        worst_alone = summary("intake alone (baseline)", json.loads((folder / "base.json").read_text()))
        worst_during = summary("intake during the import", json.loads((folder / "during.json").read_text()))
        print(f"worst wait during the import / baseline worst: {worst_during / worst_alone:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
