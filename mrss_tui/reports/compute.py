"""From the store's raw tallies to the published, suppressed ``Report``.

``build_report`` is pure (tallies in, model out) so every figure and every suppression can be
tested by hand; ``compute_report`` reads the tallies of one period from the store, counting each
month once: a quarter's tallies are its months' added up, a year's its quarters'.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from mrss_tui.config import Config
from mrss_tui.domain.ages import BANDS
from mrss_tui.domain.report_period import Period, sub_periods
from mrss_tui.domain.report_tallies import ResponseTallies, WeekTallies, added_up
from mrss_tui.domain.report_week import IsoWeek
from mrss_tui.domain.suppression import Cell
from mrss_tui.reports.benchmarks import ROLLING_WEEKS, benchmark_section, benchmarks_definition
from mrss_tui.reports.definitions import definitions
from mrss_tui.reports.model import Report, TrendWeek
from mrss_tui.reports.report_cells import ReportCells, share_of
from mrss_tui.reports.response_cells import ResponseDecisions
from mrss_tui.reports.scene import scene_section
from mrss_tui.store.db import Store

TREND_LENGTH = {"week": 12, "month": 12, "quarter": 4, "year": 3}


def compute_report(store: Store, config: Config, period: IsoWeek | Period,
                   generated_at: datetime, earlier: Mapping[str, str] | None = None) -> Report:
    """The report of one period (an ISO week is a weekly period); a period not yet ended is
    allowed and marked provisional. ``earlier``: figure key -> text of the period's first
    publication (a re-run after corrections is suppressed with it in view)."""
    zone = config.zone
    period = Period.of_week(period) if isinstance(period, IsoWeek) else period
    trend_periods = [period.shift(-back) for back in range(TREND_LENGTH[period.kind] - 1, -1, -1)]
    first = trend_periods[0]
    if period.kind == "week":  # the rolling share reads one more week than the trend
        first = period.shift(1 - ROLLING_WEEKS)
    with store.read_snapshot():
        categories = store.report_counts.category_labels()
        tallies, parts = _decided(store, config, period, categories)
        responses = store.report_counts.call_responses(first.bounds(zone)[0],
                                                       period.bounds(zone)[1])
    decide = ResponseDecisions(responses, config, {period: earlier or {}})
    rolling, rolling_exact = None, False
    if period.kind == "week":
        weeks = [period.shift(-back) for back in range(ROLLING_WEEKS)]
        rolling = [decide.tally(week) for week in weeks]
        rolling_exact = not any(decide.cells(week)[key].suppressed for week in weeks
                                for key in ("response.arrivals", "response.within_target"))
    return build_report(
        tallies, decide.tally(period), [(p, decide.cells(p)) for p in trend_periods],
        config=config, week=period, generated_at=generated_at, category_labels=categories,
        rolling=rolling, rolling_exact=rolling_exact, parts=parts, earlier=earlier)


def _decided(store: Store, config: Config, period: Period, categories: Mapping[str, str]
             ) -> tuple[WeekTallies, list[ReportCells]]:
    """The period's tallies, and the decided cells of the shorter periods it adds up (as their
    own reports decide them), each month counted once."""
    subs = sub_periods(period)
    if not subs:
        return _tallies(store, period, config.zone), []
    parts = []
    for part in subs:
        tallies, own_parts = _decided(store, config, part, categories)
        parts.append(_cells(config, tallies, categories, own_parts))
    persons, open_episodes = store.report_counts.not_additive(*period.bounds(config.zone))
    return added_up([p.t for p in parts], persons=persons, open_episodes=open_episodes), parts


def _cells(config: Config, tallies: WeekTallies, categories: Mapping[str, str],
           parts: list[ReportCells]) -> ReportCells:
    """The cells of a shorter period, without its response section (decided on its own)."""
    return ReportCells(config.report.suppression_threshold, config.response.target_minutes * 60,
                       tallies, ResponseTallies(), config.counties, categories, response={},
                       parts=parts, bands=_bands(config))


def build_report(
    tallies: WeekTallies, response: ResponseTallies,
    trend: list[tuple[Period, dict[str, Cell]]], *,
    config: Config, week: Period, generated_at: datetime,
    category_labels: Mapping[str, str] | None = None,
    rolling: list[ResponseTallies] | None = None, rolling_exact: bool = False,
    parts: list[ReportCells] | None = None, earlier: Mapping[str, str] | None = None,
) -> Report:
    """``trend``: the decided response cells of each trend period, oldest first, ending with
    ``week`` itself (whose response section they also supply); ``rolling``: the last 13 weeks'
    responses of a weekly report (``rolling_exact``: each of them shows its arrivals); ``parts``: the decided cells of the periods this one adds up."""
    period = week
    threshold = config.report.suppression_threshold
    target = config.response.target_minutes * 60
    b = ReportCells(threshold, target, tallies, response, config.counties, category_labels or {},
                    response=trend[-1][1], parts=parts or [],
                    by_county=period.kind != "week", bands=_bands(config), earlier=earlier)
    sections = [b.calls(), b.response(rolling, rolling_exact), scene_section(b), b.episodes(), b.care(),
                b.followups(), b.referrals()]
    shown = {f.key: f for section in sections for f in section.figures}
    benchmarks = benchmark_section(config.profile, config.response.target_minutes, shown, b.cells,
                                   weekly=period.kind == "week", scene_total=b.scene_total)
    end = period.bounds(config.zone)[1]
    return Report(
        program=config.program.name, week=str(period), period_kind=period.kind,
        first_day=period.first_day, last_day=period.last_day,
        provisional=generated_at < end,
        timezone=config.program.timezone, generated_at=generated_at.astimezone(config.zone),
        threshold=threshold, target_minutes=config.response.target_minutes,
        sections=[*sections, benchmarks] if benchmarks.figures else sections,
        trend=[_trend_week(p, cells) for p, cells in trend],
        definitions=definitions(len(trend), period.kind, benchmarks_definition(
            config.profile, config.response.target_minutes)),
        serves=config.program.serves,
    )


def _tallies(store: Store, period: Period, zone) -> WeekTallies:
    """The period's counts, with what happened on scene (reports/scene.py)."""
    bounds = period.bounds(zone)
    return store.report_counts.week(*bounds).model_copy(
        update={"scene": store.scene_counts.week(*bounds)})


def _bands(config: Config) -> list[str]:
    """The profile's age bands (an adult program has 18-25, 26-64 and 65+)."""
    return [v.value for v in BANDS[config.program.age_bands]]


def _trend_week(period: Period, cells: Mapping[str, Cell]) -> TrendWeek:
    f = ReportCells.figure
    return TrendWeek(
        week=str(period), monday=period.first_day, calls=f("trend.calls", "Calls", cells["calls.total"]),
        responses=f("trend.responses", "Calls with a mobile response", cells["response.calls"]),
        within_target=f("trend.within_share", "Share arriving within target",
                        share_of(cells, "response.within_target", "response.arrivals"),
                        "share"))
