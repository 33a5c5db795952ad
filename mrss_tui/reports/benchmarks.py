"""Each program's benchmarks beside their figures, and the 13-week rolling share of a weekly report.

The benchmarks are the figures each program publishes (DOMAIN.md, seeds/): Connecticut EMPS asks
that at least 90% of calls get a mobile response and at least 80% of mobile responses arrive
within 45 minutes; Oklahoma City's team counts responses stabilized in place, without ED and
without arrest, and its arrivals within target; Oregon's MRSS arrivals within target, face-to-face
responses and a safety plan within 24 hours. Keyed by profile. A share is printed with its
denominator ("88% of 77"); a weekly share hidden for few arrivals falls back to the rolling
13-week one, as the programs' weekly dashboards do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mrss_tui.domain.report_tallies import ResponseTallies
from mrss_tui.domain.suppression import SUPPRESSED, Cell, percent_half_up
from mrss_tui.reports.model import Figure, Section

ROLLING_WEEKS = 13
ROLLING_KEY = "response.within_target_13w"
ROLLING_STEP = 5  # where a week of the 13 hides its arrivals: to the nearest 5% ("≈")
SCENE_TOTAL = "scene.total"  # the cell on-scene outcome shares are of (reports/scene.py)


@dataclass(frozen=True)
class Benchmark:
    figure: str  # the key of the figure it reads
    name: str  # may name {target} minutes
    at_least: int | None = None  # the program's published aim (percent), if it has one
    of: str | None = None  # the cell a share is of, printed beside it
    weekly_fallback: str | None = None  # the figure a weekly report reads when this one is hidden


WITHIN = Benchmark("response.within_target_share", "Within {target} min",
                   of="response.arrivals", weekly_fallback=ROLLING_KEY)
BENCHMARKS: dict[str, list[Benchmark]] = {
    "ct-emps": [
        Benchmark("response.calls_share", "Mobile response", 90, "calls.total"),
        Benchmark(WITHIN.figure, WITHIN.name, 80, WITHIN.of, ROLLING_KEY),
    ],
    "okc-crt": [
        Benchmark("scene.without_ed_share", "Stabilized in place", of=SCENE_TOTAL),
        Benchmark("scene.no_ed_share", "Without ED", of=SCENE_TOTAL),
        Benchmark("scene.without_arrest_share", "Without arrest", of=SCENE_TOTAL),
        WITHIN,
    ],
    "oregon-mrss": [
        WITHIN,
        Benchmark("care.face_to_face", "Face-to-face responses"),
        Benchmark("care.safety_plan_24h_share", "Safety plan within 24 h",
                  of="care.face_to_face"),
    ],
}


def benchmark_section(profile: str, target_minutes: int, figures: Mapping[str, Figure],
                      cells: Mapping[str, Cell], *, weekly: bool = False,
                      scene_total: str = "care.face_to_face") -> Section:
    """``figures``: every figure of the report by key; ``cells``: its decided counts."""
    rows = []
    for benchmark in BENCHMARKS.get(profile, []):
        figure, name = figures[benchmark.figure], benchmark.name.format(target=target_minutes)
        of = scene_total if benchmark.of == SCENE_TOTAL else benchmark.of
        key = benchmark.figure
        if weekly and figure.suppressed and benchmark.weekly_fallback in figures:
            key, of = benchmark.weekly_fallback, None
            figure, name = figures[key], f"{name}, {ROLLING_WEEKS} weeks"
        if benchmark.at_least is not None:
            name += f", aim {benchmark.at_least}%"  # short: the label column is narrow at 80x24
        rows.append(Figure(key=f"benchmark.{key}", label=name,
                           shown=_shown(figure, benchmark, cells.get(of) if of else None),
                           value=figure.value, suppressed=figure.suppressed,
                           reason=figure.reason, kind=figure.kind))
    return Section(key="benchmarks", title="Program benchmarks", figures=rows)


def _shown(figure: Figure, benchmark: Benchmark, whole: Cell | None) -> str:
    """"88% of 77 met": the share, its denominator and the verdict where the program has an aim."""
    if figure.value is None:
        return figure.shown
    shown = figure.shown
    if whole is not None and whole.value is not None and " of " not in shown:
        shown += f" of {whole.shown}"
    if benchmark.at_least is None:
        return shown
    percent = figure.value * 100
    if figure.shown.startswith("≈") and abs(percent - benchmark.at_least) < ROLLING_STEP / 2:
        return f"{shown} about"  # to the nearest 5%: too close to call
    return f"{shown} {'met' if percent >= benchmark.at_least else 'not met'}"


def rolling_within_share(weeks: list[ResponseTallies], target_seconds: int, threshold: int,
                         exact: bool) -> Figure:
    """The share arriving within target over the last 13 weeks, a service measure. ``exact``:
    every one of the 13 weeks shows its arrivals and arrivals within target, so a whole
    percentage with its denominator ("82% of 160") tells nothing they do not. Otherwise to the
    nearest 5%, and only when more than the threshold arrived within and more than it late and
    5% of the arrivals is more than it: then two neighbouring weeks' rolling shares cannot give
    back one week's hidden count (each hides more than the threshold)."""
    arrivals = [s for week in weeks for s in week.arrival_seconds]
    within = sum(1 for s in arrivals if s <= target_seconds)
    n = len(arrivals)
    key, name = ROLLING_KEY, f"Share arriving within target, last {ROLLING_WEEKS} weeks"
    if not n:
        return Figure(key=key, label=name, shown="n/a", value=None, suppressed=False, kind="share")
    if threshold <= 0 or (exact and n > threshold):
        return Figure(key=key, label=name, shown=f"{percent_half_up(within, n)}% of {n}",
                      value=within / n, suppressed=False, kind="share")
    if within <= threshold or n - within <= threshold or n * ROLLING_STEP / 100 <= threshold:
        return Figure(key=key, label=name, shown=SUPPRESSED, value=None, suppressed=True,
                      reason="few_values", kind="share")
    percent = percent_half_up(within, n, ROLLING_STEP)
    return Figure(key=key, label=name, shown=f"≈{percent}%", value=percent / 100,
                  suppressed=False, reason="rounded", kind="share")


def benchmarks_definition(profile: str, target_minutes: int) -> tuple[str, str]:
    """The appendix's sentence about benchmarks: this program's own, never another's."""
    judged = BENCHMARKS.get(profile, [])
    if not judged:
        return ("Program benchmarks", "This program has no published benchmarks in mrss, so "
                                      "none are judged in this report.")
    names = "; ".join(b.name.format(target=target_minutes)
                      + (f" (aim: at least {b.at_least}%)" if b.at_least is not None else "")
                      for b in judged)
    return ("Program benchmarks", f"The figures this program publishes, each with its "
                                  f"denominator ('84% of 73'): {names}; met or not met where "
                                  "there is an aim; a weekly share hidden for few arrivals is "
                                  "given over the last 13 weeks instead.")
