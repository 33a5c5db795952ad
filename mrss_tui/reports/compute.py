"""From the store's raw tallies to the published, suppressed ``Report``.

``build_report`` is pure (tallies in, model out) so every figure and every suppression can be
tested by hand; ``compute_report`` reads the tallies for one ISO week from the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from mrss_tui.config import Config
from mrss_tui.domain.ages import BANDS
from mrss_tui.domain.enums import (
    AlertKind,
    ContactMode,
    Disposition,
    Line,
    Phase,
    RiskLevel,
    Triage,
    label,
)
from mrss_tui.domain.report_tallies import CallResponses, ResponseTallies, WeekTallies
from mrss_tui.domain.report_period import Period
from mrss_tui.domain.report_week import IsoWeek, median, percentile
from mrss_tui.domain.suppression import (
    Cell,
    Measure,
    Suppressor,
    is_small,
    rate,
    round_half_up,
    statistic,
)
from mrss_tui.reports.caller_groups import NAMES as CALLER_NAMES
from mrss_tui.reports.caller_groups import ORDER as CALLER_ORDER
from mrss_tui.reports.caller_groups import grouped
from mrss_tui.reports.benchmarks import (
    ROLLING_WEEKS,
    benchmark_section,
    benchmarks_definition,
    rolling_within_share,
)
from mrss_tui.reports.definitions import definitions
from mrss_tui.reports.scene import SCENE_TOTALS, register_scene, scene_orders, scene_section
from mrss_tui.reports.model import Figure, Kind, Report, Section, Table, TrendWeek
from mrss_tui.store.db import Store, iso

UNKNOWN = "unknown"
BREAKDOWN_TOTALS = {
    "calls.line": "calls.total", "calls.age_band": "calls.total", "calls.county": "calls.total",
    "calls.triage": "calls.total", "calls.risk": "calls.total", "calls.caller": "calls.total",
    "contacts.mode": "contacts.total",
    "episodes.closed": "episodes.closed_total", "alerts.kind": "alerts.total",
    "referrals.category": "referrals.made", **SCENE_TOTALS}

TREND_LENGTH = {"week": 12, "month": 12, "quarter": 4, "year": 3}


def compute_report(store: Store, config: Config, period: IsoWeek | Period,
                   generated_at: datetime) -> Report:
    """The report of one period (an ISO week is a weekly period); a period not yet ended is
    allowed and marked provisional."""
    zone = config.zone
    period = Period.of_week(period) if isinstance(period, IsoWeek) else period
    trend_periods = [period.shift(-back) for back in range(TREND_LENGTH[period.kind] - 1, -1, -1)]
    first = trend_periods[0]
    if period.kind == "week":  # the rolling share reads one more week than the trend
        first = period.shift(1 - ROLLING_WEEKS)
    with store.read_snapshot():
        tallies = _tallies(store, period, zone)
        responses = store.report_counts.call_responses(first.bounds(zone)[0],
                                                       period.bounds(zone)[1])
        categories = store.report_counts.category_labels()
        forced = _hidden_in_parts(store, config, period, categories)
    decide = _ResponseDecisions(responses, config)
    rolling = None
    if period.kind == "week":
        rolling = [decide.tally(period.shift(-back)) for back in range(ROLLING_WEEKS)]
    return build_report(
        tallies, decide.tally(period), [(p, decide.cells(p)) for p in trend_periods],
        config=config, week=period, generated_at=generated_at, category_labels=categories,
        rolling=rolling, forced=forced)


def sub_periods(period: Period) -> list[Period]:
    """The shorter published periods a period adds up exactly: a quarter's months, a year's
    quarters (weeks straddle months, so they add up nothing)."""
    if period.kind == "quarter":
        return [Period("month", period.first_day).shift(i) for i in range(3)]
    if period.kind == "year":
        return [Period("quarter", period.first_day).shift(i) for i in range(4)]
    return []


def _hidden_in_parts(store: Store, config: Config, period: Period,
                     categories: Mapping[str, str]) -> set[str]:
    """Keys hidden in any shorter period this one adds up (decided as their own reports are)."""
    hidden: set[str] = set()
    for part in sub_periods(period):
        forced = _hidden_in_parts(store, config, part, categories)
        builder = _Builder(config.report.suppression_threshold,
                           config.response.target_minutes * 60,
                           _tallies(store, part, config.zone), ResponseTallies(),
                           config.counties, categories, response={}, forced=forced,
                           bands=_bands(config))
        hidden |= {key for key, cell in builder.cells.items() if cell.suppressed}
    return hidden


class _ResponseDecisions:
    """The response cells of any period inside the read calls, each decided as in its own
    report (a quarter's with its months' hidden cells forced)."""

    def __init__(self, responses: CallResponses, config: Config) -> None:
        self.responses, self.config = responses, config
        self.threshold = config.report.suppression_threshold
        self.target = config.response.target_minutes * 60

    def tally(self, period: Period) -> ResponseTallies:
        return self.responses.tally(*(iso(t) for t in period.bounds(self.config.zone)))

    def cells(self, period: Period) -> dict[str, Cell]:
        forced = {key for part in sub_periods(period)
                  for key, cell in self.cells(part).items() if cell.suppressed}
        counties = None if period.kind == "week" else self.config.counties
        return response_cells(self.tally(period), self.threshold, self.target, counties, forced)


def build_report(
    tallies: WeekTallies, response: ResponseTallies,
    trend: list[tuple[Period, dict[str, Cell]]], *,
    config: Config, week: Period, generated_at: datetime,
    category_labels: Mapping[str, str] | None = None,
    rolling: list[ResponseTallies] | None = None, forced: set[str] | None = None,
) -> Report:
    """``trend``: the decided response cells of each trend period, oldest first, ending with
    ``week`` itself (whose response section they also supply); ``rolling``: the last 13 weeks'
    responses of a weekly report; ``forced``: keys hidden in the periods this one adds up."""
    period = week
    threshold = config.report.suppression_threshold
    target = config.response.target_minutes * 60
    b = _Builder(threshold, target, tallies, response, config.counties, category_labels or {},
                 response=trend[-1][1], forced=forced or set(),
                 by_county=period.kind != "week", bands=_bands(config))
    sections = [b.calls(), b.response(rolling), scene_section(b), b.episodes(), b.care(),
                b.followups(),
                b.referrals()]
    shown = {f.key: f for section in sections for f in section.figures}
    benchmarks = benchmark_section(config.profile, config.response.target_minutes, shown)
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


def share_of(cells: Mapping[str, Cell], part: str, whole: str) -> Measure:
    """part / whole, or the whole percentage the suppressor allowed for a hidden part."""
    rounded = cells.get(f"{part}~share")
    if rounded is not None and rounded.value is not None:
        return Measure(value=rounded.value / 100, shown=rounded.shown, suppressed=False,
                       reason="rounded")
    return rate(cells[part], cells[whole])


def _minutes(seconds: float) -> str:
    return f"{round_half_up(seconds / 60)} min"


def within_target(r: ResponseTallies, target_seconds: int) -> int:
    return sum(1 for s in r.arrival_seconds if s <= target_seconds)


def county_order(r: ResponseTallies, counties: list[str]) -> list[str]:
    return _every(counties, dict.fromkeys(r.arrival_counties, 1))


def response_cells(r: ResponseTallies, threshold: int, target_seconds: int,
                   counties: list[str] | None, forced: set[str] | None = None) -> dict[str, Cell]:
    """The mobile-response counts of one period, suppressed on their own: the trend of a later
    report repeats them, so they must come out the same whichever report shows them.
    ``counties``: break arrivals down by county (None for a week, where nearly every county's
    cell is small and protecting them would hide the week's headline figures)."""
    s = Suppressor(threshold)
    s.add("calls.total", r.calls)
    s.part_and_rest("response.calls", r.calls_with_response, "calls.total")
    s.part_and_rest("response.arrivals", len(r.arrival_seconds), "response.calls")
    s.part_and_rest("response.within_target", within_target(r, target_seconds),
                    "response.arrivals")
    s.add("response.dispatches", r.teams)
    s.add("response.extra_teams", r.teams - r.calls_with_response, published=False)
    s.line("response.dispatches", ("response.calls", "response.extra_teams"))
    s.part_and_rest("response.le", r.le_teams, "response.dispatches")
    shares = [("response.calls", "calls.total"), ("response.within_target", "response.arrivals"),
              ("response.le", "response.dispatches")]
    if counties is None:
        return s.solve(anchors={"calls.total"}, forced=forced or (), shares=shares)
    by_county = [(county, [sec for sec, c in zip(r.arrival_seconds, r.arrival_counties)
                           if c == county]) for county in county_order(r, counties)]
    for county, seconds in by_county:
        s.add(f"response.county.{county}", len(seconds))
        s.part_and_rest(f"response.county_within.{county}",
                        sum(1 for sec in seconds if sec <= target_seconds),
                        f"response.county.{county}")
    s.line("response.arrivals", [f"response.county.{c}" for c, _s in by_county])
    s.line("response.within_target", [f"response.county_within.{c}" for c, _s in by_county])
    return s.solve(anchors={"calls.total"}, forced=forced or (), shares=shares)


def _trend_week(period: Period, cells: Mapping[str, Cell]) -> TrendWeek:
    f = _Builder.figure
    return TrendWeek(
        week=str(period), monday=period.first_day, calls=f("trend.calls", "Calls", cells["calls.total"]),
        responses=f("trend.responses", "Calls with a mobile response", cells["response.calls"]),
        within_target=f("trend.within_share", "Share arriving within target",
                        share_of(cells, "response.within_target", "response.arrivals"),
                        "share"))


class _Builder:
    """Registers every count of the week and the lines between them, suppresses them together,
    then lays out the sections from the decided cells."""

    def __init__(self, threshold: int, target_seconds: int, t: WeekTallies, r: ResponseTallies,
                 counties: list[str], category_labels: Mapping[str, str], *,
                 response: Mapping[str, Cell], forced: set[str], by_county: bool = False,
                 bands: list[str] | None = None) -> None:
        self.threshold = threshold
        self.target_seconds = target_seconds
        self.t, self.r = t, r
        self.counties = counties
        self.category_labels = category_labels
        self.bands = bands or [v.value for v in BANDS["youth"]]
        self.orders = self._orders()
        s = Suppressor(threshold)
        s.add("calls.total", t.calls.total)
        for key, (counts, order, _names) in self.orders.items():
            whole = BREAKDOWN_TOTALS[key]
            if whole not in s.values:
                s.add(whole, sum(counts.values()))
            s.line(whole, [s.add(f"{key}.{k}", counts.get(k, 0)) for k in order])
        e, care = t.episodes, t.care
        s.part_and_rest("episodes.stabilized", len(e.stabilization_days), "episodes.closed_total")
        s.add("episodes.opened", e.opened)
        s.add("calls.persons", t.calls.persons)
        s.part_and_rest("episodes.repeat_90", care.repeat_90, "episodes.opened")
        s.add("episodes.repeat_30", care.repeat_30)
        s.add("episodes.repeat_31_90", care.repeat_90 - care.repeat_30, published=False)
        s.line("episodes.repeat_90", ("episodes.repeat_30", "episodes.repeat_31_90"))
        s.add("care.face_to_face", care.face_to_face)
        s.part_and_rest("care.safety_plan_24h", care.safety_plan_24h, "care.face_to_face")
        s.part_and_rest("care.followup_24h", care.followup_24h, "care.face_to_face")
        s.add("followups.due", t.followups_due)
        s.part_and_rest("followups.on_time", t.followups_on_time, "followups.due")
        s.part_and_rest("referrals.connected", t.referrals_connected, "referrals.made")
        scene_shares = register_scene(s, t.scene)
        self.by_county = by_county
        shares = [(f"episodes.closed.{Disposition.HOME_COMMUNITY.value}", "episodes.closed_total"),
                  ("followups.on_time", "followups.due"),
                  ("referrals.connected", "referrals.made"),
                  ("care.safety_plan_24h", "care.face_to_face"),
                  ("care.followup_24h", "care.face_to_face"), *scene_shares]
        self.cells = {**s.solve(anchors={"calls.total"}, forced=forced, shares=shares),
                      **response}

    def _orders(self) -> dict[str, tuple[Mapping[str, int], list[str], Mapping[str, str]]]:
        """Every breakdown: counts, every category in order (zeros and 'unknown' included, so a
        row never appears only when it is not zero) and row names."""
        c, t = self.t.calls, self.t
        unknown = {UNKNOWN: "Not recorded"}
        county_names = {**{k: k for k in c.by_county}, **{k: k for k in self.counties}, **unknown}
        categories = dict(self.category_labels)
        return {
            "calls.line": (c.by_line, _every([v.value for v in Line], c.by_line, unknown=False), {}),
            "calls.age_band": (c.by_age_band, _every(self.bands, c.by_age_band), {}),
            "calls.county": (c.by_county, _every(self.counties, c.by_county), county_names),
            "calls.triage": (c.by_triage, _every([v.value for v in Triage], c.by_triage), unknown),
            "calls.risk": (c.by_risk, _every([v.value for v in RiskLevel], c.by_risk),
                           {UNKNOWN: "Not screened"}),
            "episodes.closed": (t.episodes.closed_by_disposition, _every(
                [v.value for v in Disposition], t.episodes.closed_by_disposition), {}),
            "alerts.kind": (t.alerts_by_kind, _every([v.value for v in AlertKind],
                                                     t.alerts_by_kind, unknown=False), {}),
            "referrals.category": (t.referrals_by_category, _every(
                sorted(categories), t.referrals_by_category), {**categories, **unknown}),
            "calls.caller": (grouped(c.by_relation), CALLER_ORDER, CALLER_NAMES),
            "contacts.mode": (t.care.contacts_by_mode, _every(
                [v.value for v in ContactMode], t.care.contacts_by_mode, unknown=False), {}),
            **scene_orders(t.scene, _every),
        }

    # -- figure helpers --------------------------------------------------------------------------
    @staticmethod
    def figure(key: str, name: str, shown: Cell | Measure, kind: Kind = "count") -> Figure:
        return Figure(key=key, label=name, shown=shown.shown, value=shown.value,
                      suppressed=shown.suppressed, reason=shown.reason, kind=kind)

    def cell(self, key: str, name: str) -> Figure:
        return self.figure(key, name, self.cells[key])

    def share(self, key: str, name: str, part: str, whole: str) -> Figure:
        return self.figure(key, name, share_of(self.cells, part, whole), "share")

    def table(self, key: str, title: str) -> Table:
        _counts, order, names = self.orders[key]
        return Table(key=key, title=title, figures=[
            self.cell(f"{key}.{k}", names.get(k) or label(k)) for k in order])

    def open_average(self, key: str, name: str, days: float) -> Figure:
        """Average episodes open (episode-days / days): hidden when few episodes were open."""
        e = self.t.episodes
        base = Cell(value=None, shown="", reason="small") if is_small(
            e.open_episodes, self.threshold) else Cell(value=e.open_episodes, shown="")
        return self.figure(key, name, statistic(days / e.period_days, base,
                                                lambda v: f"{round_half_up(v * 10) / 10:.1f}"),
                           "average")

    # -- sections ----------------------------------------------------------------------------------
    def calls(self) -> Section:
        return Section(key="calls", title="Calls", figures=[
            self.cell("calls.total", "Calls"), self.cell("calls.persons", "Persons served")],
                       tables=[self.table("calls.line", "Calls by line"),
                               self.table("calls.caller", "Calls by who called"),
                               self.table("calls.age_band", "Calls by age band"),
                               self.table("calls.county", "Calls by county"),
                               self.table("calls.triage", "Calls by triage decision"),
                               self.table("calls.risk", "Calls by risk level")])

    def response(self, rolling: list[ResponseTallies] | None) -> Section:
        arrivals = self.cells["response.arrivals"]
        target = self.target_seconds // 60
        seconds = [float(s) for s in self.r.arrival_seconds]
        return Section(key="response", title="Mobile response", figures=[
            self.cell("response.dispatches", "Dispatches"),
            self.cell("response.calls", "Calls with a mobile response"),
            self.share("response.calls_share", "Share of calls with a mobile response",
                       "response.calls", "calls.total"),
            self.cell("response.arrivals", "Calls with a team arrival"),
            self.figure("response.median", "Response time, median",
                        statistic(median(seconds), arrivals, _minutes, p=50,
                                  threshold=self.threshold), "minutes"),
            self.figure("response.p90", "Response time, 90th percentile",
                        statistic(percentile(seconds, 90), arrivals, _minutes, p=90,
                                  threshold=self.threshold), "minutes"),
            self.cell("response.within_target", f"Arrivals within target ({target} min)"),
            self.share("response.within_target_share", "Share arriving within target",
                       "response.within_target", "response.arrivals"),
            *([rolling_within_share(rolling, self.target_seconds, self.threshold)]
              if rolling else []),
            *self._county_response(),
            self.cell("response.le", "Law-enforcement co-responses"),
            self.share("response.le_share", "Share of dispatches with law enforcement",
                       "response.le", "response.dispatches"),
        ])

    def _county_response(self) -> list[Figure]:
        """Arrivals, share within target and median time per county of the call (months and
        longer periods only)."""
        rows: list[Figure] = []
        if not self.by_county:
            return rows
        for county in county_order(self.r, self.counties):
            name = "Not recorded" if county == UNKNOWN else county
            seconds = [float(s) for s, c in zip(self.r.arrival_seconds, self.r.arrival_counties)
                       if c == county]
            base = self.cells[f"response.county.{county}"]
            rows += [
                self.cell(f"response.county.{county}", f"{name}: arrivals"),
                self.share(f"response.county_within_share.{county}", f"{name}: share within "
                           "target", f"response.county_within.{county}",
                           f"response.county.{county}"),
                self.figure(f"response.county_median.{county}", f"{name}: median time",
                            statistic(median(seconds), base, _minutes, p=50,
                                      threshold=self.threshold), "minutes")]
        return rows

    def episodes(self) -> Section:
        e = self.t.episodes
        stabilized = self.cells["episodes.stabilized"]
        return Section(key="episodes", title="Episodes", figures=[
            self.cell("episodes.opened", "Episodes opened"),
            self.open_average("episodes.open", "Open episodes, daily average",
                              sum(e.open_days_by_phase.values())),
            self.cell("episodes.closed_total", "Episodes closed"),
            self.share("episodes.home_share", "Share remained at home or in the community",
                       f"episodes.closed.{Disposition.HOME_COMMUNITY.value}",
                       "episodes.closed_total"),
            self.cell("episodes.stabilized", "Closed after stabilization"),
            self.figure("episodes.stabilization_median", "Median length of stabilization",
                        statistic(median(e.stabilization_days), stabilized,
                                  lambda d: f"{d:.1f} days", p=50, threshold=self.threshold),
                        "days"),
        ], tables=[
            Table(key="episodes.open", title="Open episodes, daily average by phase", figures=[
                self.open_average(f"episodes.open.{p.value}", label(p.value),
                                  e.open_days_by_phase.get(p.value, 0.0))
                for p in (Phase.CRISIS, Phase.STABILIZATION)]),
            self.table("episodes.closed", "Episodes closed"),
        ])

    def care(self) -> Section:
        """What followed the face-to-face response, repeat episodes and services delivered."""
        minutes = self.t.care.minutes_by_mode
        _counts, modes, _names = self.orders["contacts.mode"]
        return Section(key="care", title="Care after the response", figures=[
            self.cell("care.face_to_face", "Face-to-face responses"),
            self.cell("care.safety_plan_24h", "Safety plan within 24 hours"),
            self.share("care.safety_plan_24h_share", "Share with a safety plan within 24 hours",
                       "care.safety_plan_24h", "care.face_to_face"),
            self.cell("care.followup_24h", "Follow-up within 24 hours"),
            self.share("care.followup_24h_share", "Share with a follow-up within 24 hours",
                       "care.followup_24h", "care.face_to_face"),
            self.cell("episodes.repeat_30", "Repeat episodes within 30 days"),
            self.cell("episodes.repeat_90", "Repeat episodes within 90 days"),
            self.cell("contacts.total", "Contacts"),
            self.figure("contacts.minutes", "Minutes of service", self._minutes_of(
                "contacts.total", sum(minutes.values())), "minutes"),
        ], tables=[
            self.table("contacts.mode", "Contacts by mode"),
            Table(key="contacts.minutes", title="Contacts by mode: minutes", figures=[
                self.figure(f"contacts.minutes.{m}", label(m), self._minutes_of(
                    f"contacts.mode.{m}", minutes.get(m, 0)), "minutes") for m in modes]),
        ])

    def _minutes_of(self, count_key: str, minutes: int) -> Measure:
        """Minutes of service, hidden with the count of contacts they belong to."""
        return statistic(float(minutes), self.cells[count_key], lambda v: f"{v:,.0f} min")

    def followups(self) -> Section:
        return Section(key="followups", title="Follow-ups and alerts", figures=[
            self.cell("followups.due", "Follow-ups due"),
            self.cell("followups.on_time", "Follow-ups done on time"),
            self.share("followups.on_time_share", "Share of follow-ups done on time",
                       "followups.on_time", "followups.due"),
            self.cell("alerts.total", "Alerts raised"),
        ], tables=[self.table("alerts.kind", "Alerts raised by kind")])

    def referrals(self) -> Section:
        return Section(key="referrals", title="Referrals", figures=[
            self.cell("referrals.made", "Referrals made"),
            self.cell("referrals.connected", "Referrals connected"),
            self.share("referrals.connected_share", "Share of referrals connected",
                       "referrals.connected", "referrals.made"),
        ], tables=[self.table("referrals.category", "Referrals made by category")])


def _every(order: list[str], counts: Mapping[str, int], unknown: bool = True) -> list[str]:
    """The listed categories, any other seen, then 'unknown' (always, when it can occur)."""
    keys = list(order) + sorted(k for k in counts if k not in order and k != UNKNOWN)
    if UNKNOWN not in keys and (unknown or counts.get(UNKNOWN)):
        keys.append(UNKNOWN)
    return keys
