"""From the store's raw tallies to the published, suppressed ``Report``.

``build_report`` is pure (tallies in, model out) so every figure and every suppression can be
tested by hand; ``compute_report`` reads the tallies for one ISO week from the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from mrss_tui.config import Config
from mrss_tui.domain.enums import (
    AgeBand,
    AlertKind,
    Disposition,
    Line,
    Phase,
    RiskLevel,
    Triage,
    label,
)
from mrss_tui.domain.report_tallies import ResponseTallies, WeekTallies
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
from mrss_tui.reports.model import Definition, Figure, Kind, Report, Section, Table, TrendWeek
from mrss_tui.store.db import Store, iso

TREND_WEEKS = 12
UNKNOWN = "unknown"
BREAKDOWN_TOTALS = {
    "calls.line": "calls.total", "calls.age_band": "calls.total", "calls.county": "calls.total",
    "calls.triage": "calls.total", "calls.risk": "calls.total",
    "episodes.closed": "episodes.closed_total", "alerts.kind": "alerts.total",
    "referrals.category": "referrals.made"}

DEFINITIONS: list[tuple[str, str]] = [
    ("Calls", "Every call received from local Monday 00:00 to the next Monday 00:00, whatever "
              "its outcome."),
    ("Calls by line", "Calls counted by the line they came in on (988, 2-1-1, 911, direct, "
                      "walk-in, other)."),
    ("Calls by age band", "Calls counted by the age band of the person in crisis on the day of "
                          "the call (child 0-11, youth 12-17, young adult 18-25, adult 26+)."),
    ("Calls by county", "Calls counted by the county of the place the call was about."),
    ("Calls by triage decision", "Calls counted by the coordinator's triage decision; calls "
                                 "still open have none yet."),
    ("Calls by risk level", "Calls counted by the C-SSRS screener risk level; calls not screened "
                            "have none."),
    ("Dispatches", "Teams sent (and not cancelled) for the calls of the week; a call may have "
                   "more than one."),
    ("Calls with a mobile response", "Calls of the week for which a team was dispatched and "
                                     "not cancelled."),
    ("Share of calls with a mobile response", "Calls with a mobile response divided by all "
                                              "calls of the week."),
    ("Calls with a team arrival", "Calls of the week where a team arrived in person, the base of "
                                  "the response times."),
    ("Response time, median", "The middle time from a call being received to the first team "
                              "arriving, over calls with a team arrival, in whole minutes "
                              "(half a minute rounds up), published only when more than the "
                              "threshold of arrivals lie on each side of it."),
    ("Response time, 90th percentile", "The time within which 90% of arrivals happened "
                                       "(nearest rank), over calls with a team arrival, published "
                                       "only when more than the threshold of arrivals were "
                                       "slower than it (otherwise it tells how few were)."),
    ("Arrivals within target", "Calls with a team arrival whose response time was at or under "
                               "the program's target."),
    ("Share arriving within target", "Arrivals within target divided by calls with a team "
                                     "arrival."),
    ("Law-enforcement co-responses", "Dispatches on which law enforcement went with the team; "
                                     "its share is of all dispatches."),
    ("Share of dispatches with law enforcement", "Law-enforcement co-responses divided by "
                                                 "dispatches."),
    ("Episodes opened", "Crisis episodes opened during the week."),
    ("Open episodes, daily average", "Episode-days of the week divided by its days: the "
                                     "average number of episodes open, by the phase they were "
                                     "in, from the phase history (a count at the week's end "
                                     "would, with last week's and the episodes opened, give "
                                     "back the episodes closed)."),
    ("Episodes closed", "Closings during the week, by closing disposition, from the phase "
                        "history: an episode reopened later still counts as closed that week."),
    ("Share remained at home or in the community", "Episodes closed with the disposition "
                                                   "'remained at home/community' divided by all "
                                                   "episodes closed in the week."),
    ("Closed after stabilization", "Episodes closed during the week that had a stabilization "
                                   "phase, the base of its median length."),
    ("Median length of stabilization", "The middle number of days from the start of "
                                        "stabilization to closing, over episodes closed after "
                                        "stabilization."),
    ("Follow-ups due", "Follow-ups whose due time fell in the week."),
    ("Follow-ups done on time", "Follow-ups due in the week that were done at or before their "
                                "due time."),
    ("Share of follow-ups done on time", "Follow-ups done on time divided by follow-ups due."),
    ("Alerts raised", "Alerts the app raised during the week (overdue follow-ups, late teams, "
                      "failed pages and others), by kind."),
    ("Referrals made", "Referrals created during the week, by directory category."),
    ("Referrals connected", "Referrals made in the week that were marked connected by the time "
                            "the report was made."),
    ("Share of referrals connected", "Referrals connected divided by referrals made."),
    ("12-week trend", "Calls, calls with a mobile response and the share arriving within target "
                      "for each of the twelve weeks ending with this one, defined as above."),
]


def compute_report(store: Store, config: Config, week: IsoWeek, generated_at: datetime) -> Report:
    zone = config.zone
    weeks = [week.shift(-back) for back in range(TREND_WEEKS - 1, -1, -1)]
    with store.read_snapshot():
        tallies = store.report_counts.week(*week.bounds(zone))
        responses = store.report_counts.call_responses(weeks[0].bounds(zone)[0],
                                                       week.bounds(zone)[1])
        categories = store.report_counts.category_labels()
    trend = [(w, responses.tally(*(iso(t) for t in w.bounds(zone)))) for w in weeks]
    return build_report(tallies, trend, config=config, week=week, generated_at=generated_at,
                        category_labels=categories)


def build_report(
    tallies: WeekTallies, trend: list[tuple[IsoWeek, ResponseTallies]], *, config: Config,
    week: IsoWeek, generated_at: datetime, category_labels: Mapping[str, str] | None = None,
) -> Report:
    """``trend`` holds the mobile response of each trend week, oldest first, ending with
    ``week`` itself (whose response section it also supplies)."""
    response = trend[-1][1]
    threshold = config.report.suppression_threshold
    target = config.response.target_minutes * 60
    b = _Builder(threshold, target, tallies, response, config.counties, category_labels or {})
    return Report(
        program=config.program.name, week=str(week), first_day=week.monday, last_day=week.sunday,
        timezone=config.program.timezone, generated_at=generated_at.astimezone(config.zone),
        threshold=threshold, target_minutes=config.response.target_minutes,
        sections=[b.calls(), b.response(), b.episodes(), b.followups(), b.referrals()],
        trend=[_trend_week(w, response_cells(t, threshold, target)) for w, t in trend],
        definitions=[Definition(name=n, sentence=s) for n, s in DEFINITIONS],
    )


def _minutes(seconds: float) -> str:
    return f"{round_half_up(seconds / 60)} min"


def within_target(r: ResponseTallies, target_seconds: int) -> int:
    return sum(1 for s in r.arrival_seconds if s <= target_seconds)


def response_cells(r: ResponseTallies, threshold: int, target_seconds: int) -> dict[str, Cell]:
    """The mobile-response counts of one week, suppressed on their own: the 12-week trend of a
    later report repeats them, so they must come out the same whichever report shows them."""
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
    return s.solve(anchors={"calls.total"})


def _trend_week(week: IsoWeek, cells: Mapping[str, Cell]) -> TrendWeek:
    f = _Builder.figure
    return TrendWeek(
        week=str(week), monday=week.monday, calls=f("trend.calls", "Calls", cells["calls.total"]),
        responses=f("trend.responses", "Calls with a mobile response", cells["response.calls"]),
        within_target=f("trend.within_share", "Share arriving within target",
                        rate(cells["response.within_target"], cells["response.arrivals"]),
                        "share"))


class _Builder:
    """Registers every count of the week and the lines between them, suppresses them together,
    then lays out the sections from the decided cells."""

    def __init__(self, threshold: int, target_seconds: int, t: WeekTallies, r: ResponseTallies,
                 counties: list[str], category_labels: Mapping[str, str]) -> None:
        self.threshold = threshold
        self.t, self.r = t, r
        self.counties = counties
        self.category_labels = category_labels
        self.orders = self._orders()
        s = Suppressor(threshold)
        s.add("calls.total", t.calls.total)
        for key, (counts, order, _names) in self.orders.items():
            whole = BREAKDOWN_TOTALS[key]
            if whole not in s.values:
                s.add(whole, sum(counts.values()))
            s.line(whole, [s.add(f"{key}.{k}", counts.get(k, 0)) for k in order])
        e = t.episodes
        s.part_and_rest("episodes.stabilized", len(e.stabilization_days), "episodes.closed_total")
        s.add("episodes.opened", e.opened)
        s.add("followups.due", t.followups_due)
        s.part_and_rest("followups.on_time", t.followups_on_time, "followups.due")
        s.part_and_rest("referrals.connected", t.referrals_connected, "referrals.made")
        self.cells = {**s.solve(anchors={"calls.total"}),
                      **response_cells(r, threshold, target_seconds)}

    def _orders(self) -> dict[str, tuple[Mapping[str, int], list[str], Mapping[str, str]]]:
        """Every breakdown: counts, every category in order (zeros and 'unknown' included, so a
        row never appears only when it is not zero) and row names."""
        c, t = self.t.calls, self.t
        unknown = {UNKNOWN: "Not recorded"}
        county_names = {**{k: k for k in c.by_county}, **{k: k for k in self.counties}, **unknown}
        categories = dict(self.category_labels)
        return {
            "calls.line": (c.by_line, _every([v.value for v in Line], c.by_line, unknown=False), {}),
            "calls.age_band": (c.by_age_band, _every(
                [v.value for v in AgeBand if v is not AgeBand.UNKNOWN], c.by_age_band), {}),
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
        }

    # -- figure helpers --------------------------------------------------------------------------
    @staticmethod
    def figure(key: str, name: str, shown: Cell | Measure, kind: Kind = "count") -> Figure:
        return Figure(key=key, label=name, shown=shown.shown, value=shown.value,
                      suppressed=shown.suppressed, reason=shown.reason, kind=kind)

    def cell(self, key: str, name: str) -> Figure:
        return self.figure(key, name, self.cells[key])

    def share(self, key: str, name: str, part: str, whole: str) -> Figure:
        return self.figure(key, name, rate(self.cells[part], self.cells[whole]), "share")

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
        return Section(key="calls", title="Calls", figures=[self.cell("calls.total", "Calls")],
                       tables=[self.table("calls.line", "Calls by line"),
                               self.table("calls.age_band", "Calls by age band"),
                               self.table("calls.county", "Calls by county"),
                               self.table("calls.triage", "Calls by triage decision"),
                               self.table("calls.risk", "Calls by risk level")])

    def response(self) -> Section:
        arrivals = self.cells["response.arrivals"]
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
            self.cell("response.within_target", "Arrivals within target"),
            self.share("response.within_target_share", "Share arriving within target",
                       "response.within_target", "response.arrivals"),
            self.cell("response.le", "Law-enforcement co-responses"),
            self.share("response.le_share", "Share of dispatches with law enforcement",
                       "response.le", "response.dispatches"),
        ])

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
    return keys + [UNKNOWN] if unknown or counts.get(UNKNOWN) else keys
