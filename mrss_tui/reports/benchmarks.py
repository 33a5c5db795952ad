"""Program benchmarks beside their figures, and the 13-week rolling share of a weekly report.

The benchmarks are the programs' published ones (DOMAIN.md): Connecticut EMPS asks that at
least 90% of calls get a mobile response and at least 80% of mobile responses arrive within
45 minutes. Keyed by profile; a profile without published benchmarks shows none.
"""

from __future__ import annotations

from dataclasses import dataclass

from mrss_tui.domain.report_tallies import ResponseTallies
from mrss_tui.domain.suppression import SUPPRESSED, round_half_up
from mrss_tui.reports.model import Figure, Section

ROLLING_WEEKS = 13
ROLLING_STEP = 5  # the rolling share is shown to the nearest 5%


@dataclass(frozen=True)
class Benchmark:
    figure: str  # the key of the share it judges
    name: str  # may name {target} minutes
    at_least: float


BENCHMARKS: dict[str, list[Benchmark]] = {
    "ct-emps": [
        Benchmark("response.calls_share", "Calls with a mobile response", 0.90),
        Benchmark("response.within_target_share", "Arrivals within {target} min", 0.80),
    ],
}


def benchmark_section(profile: str, target_minutes: int, figures: dict[str, Figure]) -> Section:
    rows = []
    for benchmark in BENCHMARKS.get(profile, []):
        figure = figures[benchmark.figure]
        name = (f"{benchmark.name.format(target=target_minutes)} (at least "
                f"{round_half_up(benchmark.at_least * 100)}%)")
        if figure.value is None:
            shown = figure.shown
        elif figure.shown.startswith("≈") and abs(figure.value - benchmark.at_least) < 0.025:
            shown = f"{figure.shown} about"  # to the nearest 5%: too close to call
        else:
            verdict = "met" if figure.value >= benchmark.at_least else "not met"
            shown = f"{figure.shown} {verdict}"
        rows.append(Figure(key=f"benchmark.{benchmark.figure}", label=name, shown=shown,
                           value=figure.value, suppressed=figure.suppressed, reason=figure.reason,
                           kind="share"))
    return Section(key="benchmarks", title="Program benchmarks", figures=rows)


def rolling_within_share(weeks: list[ResponseTallies], target_seconds: int,
                         threshold: int) -> Figure:
    """The share arriving within target over the last 13 weeks, to the nearest 5%. Shown only
    when more than the threshold arrived within and more than it arrived late, and 5% of the
    arrivals is more than the threshold: then two neighbouring weeks' rolling shares cannot
    give back one week's hidden count (each hides more than the threshold)."""
    arrivals = [s for week in weeks for s in week.arrival_seconds]
    within = sum(1 for s in arrivals if s <= target_seconds)
    n = len(arrivals)
    key, name = "response.within_target_13w", (f"Share arriving within target, last "
                                               f"{ROLLING_WEEKS} weeks (nearest 5%)")
    if threshold > 0 and (within <= threshold or n - within <= threshold
                          or n * ROLLING_STEP / 100 <= threshold):
        return Figure(key=key, label=name, shown=SUPPRESSED, value=None, suppressed=True,
                      reason="few_values", kind="share")
    if not n:
        return Figure(key=key, label=name, shown="n/a", value=None, suppressed=False, kind="share")
    percent = ROLLING_STEP * round_half_up(within * 100 / n / ROLLING_STEP)
    return Figure(key=key, label=name, shown=f"{percent}%", value=percent / 100, suppressed=False,
                  reason="rounded", kind="share")


def benchmarks_definition(profile: str, target_minutes: int) -> tuple[str, str]:
    """The appendix's sentence about benchmarks, for this program's own (or for having none)."""
    judged = BENCHMARKS.get(profile, [])
    if not judged:
        return ("Program benchmarks", "This program has no published benchmarks in mrss, so "
                                      "none are judged in this report.")
    rules = "; ".join(f"{b.name.format(target=target_minutes)} at least "
                      f"{round_half_up(b.at_least * 100)}%" for b in judged)
    return ("Program benchmarks", f"The program's published benchmarks ({rules}), each beside "
                                  "its figure for the period, met or not met.")
