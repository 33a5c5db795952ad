"""From the store's raw tallies to the published, suppressed ``Report``.

``build_report`` is pure (tallies in, model out) so every figure and every suppression can be
tested by hand; ``compute_report`` reads the tallies for one ISO week from the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from mrss_tui.config import Config
from mrss_tui.domain.enums import (
    AlertKind,
    Disposition,
    Line,
    Phase,
    RiskLevel,
    Triage,
    label,
)
from mrss_tui.domain.ages import BANDS
from mrss_tui.domain.report_tallies import ResponseTallies, WeekTallies
from mrss_tui.domain.report_week import IsoWeek, median, percentile
from mrss_tui.domain.suppression import (
    Cell,
    Measure,
    rate,
    statistic,
    suppress_breakdown,
    suppress_count,
)
from mrss_tui.reports.scene import DEFINITIONS as SCENE_DEFINITIONS
from mrss_tui.reports.scene import scene_section
from mrss_tui.reports.model import Definition, Figure, Kind, Report, Section, Table, TrendWeek
from mrss_tui.store.db import Store, iso

TREND_WEEKS = 12
UNKNOWN = "unknown"

DEFINITIONS: list[tuple[str, str]] = [
    ("Calls", "Every call received from local Monday 00:00 to the next Monday 00:00, whatever "
              "its outcome."),
    ("Calls by line", "Calls counted by the line they came in on (988, 2-1-1, 911, direct, "
                      "walk-in, other)."),
    ("Calls by age band", "Calls counted by the age band of the person in crisis on the day of "
                          "the call (child 0-11, youth 12-17, young adult 18-25, then adult 26+, "
                          "or for programs serving adults 26-64 and 65+)."),
    ("Calls by county", "Calls counted by the county of the place the call was about."),
    ("Calls by triage decision", "Calls counted by the coordinator's triage decision; calls "
                                 "still open have none yet."),
    ("Calls by risk level", "Calls counted by the C-SSRS screener risk level; calls not screened "
                            "have none."),
    ("Dispatches", "Teams paged during the week, not counting pages that were cancelled."),
    ("Calls with a mobile response", "Calls of the week for which a team was dispatched and "
                                     "not cancelled."),
    ("Share of calls with a mobile response", "Calls with a mobile response divided by all "
                                              "calls of the week."),
    ("Calls with a team arrival", "Calls of the week where a team arrived in person, the base of "
                                  "the response times."),
    ("Response time, median", "The middle time from a call being received to the first team "
                              "arriving, over calls with a team arrival."),
    ("Response time, 90th percentile", "The time within which 90% of arrivals happened "
                                       "(nearest rank), over calls with a team arrival."),
    ("Arrivals within target", "Calls with a team arrival whose response time was at or under "
                               "the program's target."),
    ("Share arriving within target", "Arrivals within target divided by calls with a team "
                                     "arrival."),
    ("Law-enforcement co-responses", "Calls of the week on which law enforcement went with the "
                                     "team (arranged at paging or recorded on scene), counted "
                                     "once per call, as a share of calls with a mobile response."),
    ("Episodes opened", "Crisis episodes opened during the week."),
    ("Active at week end", "Episodes open at the end of the week, by the phase they were in "
                           "then."),
    ("Episodes closed", "Episodes closed during the week, by closing disposition."),
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
        tallies = tallies.model_copy(update={"scene": store.scene_counts.week(*week.bounds(zone))})
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
    b = _Builder(config.report.suppression_threshold, config.response.target_minutes * 60)
    return Report(
        program=config.program.name, week=str(week), first_day=week.monday, last_day=week.sunday,
        timezone=config.program.timezone, generated_at=generated_at.astimezone(config.zone),
        threshold=b.threshold, target_minutes=config.response.target_minutes,
        sections=[b.calls(tallies, config.counties,
                          [v.value for v in BANDS[config.program.age_bands]]), b.response(tallies, response),
                  scene_section(b, tallies.scene), b.episodes(tallies), b.followups(tallies),
                  b.referrals(tallies, category_labels or {})],
        trend=[b.trend_week(w, t) for w, t in trend],
        definitions=[Definition(name=n, sentence=s) for n, s in DEFINITIONS + SCENE_DEFINITIONS],
        serves=config.program.serves,
    )


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min"


class _Builder:
    def __init__(self, threshold: int, target_seconds: int) -> None:
        self.threshold = threshold
        self.target_seconds = target_seconds

    # -- figure helpers --------------------------------------------------------------------------
    @staticmethod
    def figure(key: str, name: str, shown: Cell | Measure, kind: Kind = "count") -> Figure:
        return Figure(key=key, label=name, shown=shown.shown, value=shown.value,
                      suppressed=shown.suppressed, kind=kind)

    def count(self, key: str, name: str, n: int) -> Figure:
        return self.figure(key, name, suppress_count(n, self.threshold))

    def part_and_share(self, key: str, part_name: str, share_name: str, part: int,
                       whole: int) -> tuple[Figure, Figure]:
        """A count and its share of a published total. The rest (whole - part) could be worked
        out from the two, so it takes part in complementary suppression as if it were shown."""
        cells = suppress_breakdown({"part": part, "rest": whole - part}, self.threshold)
        whole_cell = suppress_count(whole, self.threshold)
        return (self.figure(key, part_name, cells["part"]),
                self.figure(f"{key}_share", share_name, rate(cells["part"], whole_cell), "share"))

    def breakdown(self, key: str, title: str, counts: Mapping[str, int], order: list[str],
                  names: Mapping[str, str] | None = None) -> Table:
        return self.breakdown_with_cells(key, title, counts, order, names)[0]

    def breakdown_with_cells(
        self, key: str, title: str, counts: Mapping[str, int], order: list[str],
        names: Mapping[str, str] | None = None,
    ) -> tuple[Table, dict[str, Cell]]:
        """Every category of ``order`` (zeros included), then any other seen, then unknown."""
        keys = list(order) + sorted(k for k in counts if k not in order and k != UNKNOWN)
        if counts.get(UNKNOWN):
            keys.append(UNKNOWN)
        cells = suppress_breakdown({k: counts.get(k, 0) for k in keys}, self.threshold)
        names = names or {}
        table = Table(key=key, title=title, figures=[
            self.figure(f"{key}.{k}", names.get(k) or label(k), cells[k]) for k in keys])
        return table, cells

    # -- sections ----------------------------------------------------------------------------------
    def calls(self, t: WeekTallies, counties: list[str], bands: list[str] | None = None) -> Section:
        c = t.calls
        unknown = {UNKNOWN: "Not recorded"}
        return Section(key="calls", title="Calls", figures=[self.count("calls.total", "Calls",
                                                                         c.total)], tables=[
            self.breakdown("calls.line", "Calls by line", c.by_line, [v.value for v in Line]),
            self.breakdown("calls.age_band", "Calls by age band", c.by_age_band,
                           bands or [v.value for v in BANDS["youth"]]),
            self.breakdown("calls.county", "Calls by county", c.by_county, counties,
                           {**{k: k for k in c.by_county}, **{k: k for k in counties}, **unknown}),
            self.breakdown("calls.triage", "Calls by triage decision", c.by_triage,
                           [v.value for v in Triage], unknown),
            self.breakdown("calls.risk", "Calls by risk level", c.by_risk,
                           [v.value for v in RiskLevel], {UNKNOWN: "Not screened"}),
        ])

    def response(self, t: WeekTallies, r: ResponseTallies) -> Section:
        responded, responded_share = self.part_and_share(
            "response.calls", "Calls with a mobile response",
            "Share of calls with a mobile response", r.calls_with_response, r.calls)
        arrivals = len(r.arrival_seconds)
        arrivals_cell = suppress_count(arrivals, self.threshold)
        seconds = [float(s) for s in r.arrival_seconds]
        within = self.within_target(r)
        within_fig, within_share = self.part_and_share(
            "response.within_target", "Arrivals within target", "Share arriving within target",
            within, arrivals)
        le_fig, _le_share = self.part_and_share(
            "response.le", "Law-enforcement co-responses", "", t.le_coresponses,
            max(r.calls_with_response, t.le_coresponses))
        return Section(key="response", title="Mobile response", figures=[
            self.count("response.dispatches", "Dispatches", t.dispatches),
            responded, responded_share,
            self.figure("response.arrivals", "Calls with a team arrival", arrivals_cell),
            self.figure("response.median", "Response time, median",
                        statistic(median(seconds), arrivals_cell, _minutes), "minutes"),
            self.figure("response.p90", "Response time, 90th percentile",
                        statistic(percentile(seconds, 90), arrivals_cell, _minutes), "minutes"),
            within_fig, within_share, le_fig,
        ])

    def episodes(self, t: WeekTallies) -> Section:
        e = t.episodes
        closed, disposition_cells = self.breakdown_with_cells(
            "episodes.closed", "Episodes closed", e.closed_by_disposition,
            [v.value for v in Disposition])
        closed_total = suppress_count(e.closed, self.threshold)
        home_cell = disposition_cells[Disposition.HOME_COMMUNITY.value]
        stabilized = suppress_count(len(e.stabilization_days), self.threshold)
        active_total = sum(e.active_by_phase.values())
        return Section(key="episodes", title="Episodes", figures=[
            self.count("episodes.opened", "Episodes opened", e.opened),
            self.count("episodes.active", "Active at week end", active_total),
            self.figure("episodes.closed_total", "Episodes closed", closed_total),
            self.figure("episodes.home_share", "Share remained at home or in the community",
                        rate(home_cell, closed_total), "share"),
            self.figure("episodes.stabilized", "Closed after stabilization", stabilized),
            self.figure("episodes.stabilization_median", "Median length of stabilization",
                        statistic(median(e.stabilization_days), stabilized,
                                  lambda d: f"{d:.1f} days"), "days"),
        ], tables=[
            self.breakdown("episodes.active", "Active at week end by phase", e.active_by_phase,
                           [Phase.CRISIS.value, Phase.STABILIZATION.value]),
            closed,
        ])

    def followups(self, t: WeekTallies) -> Section:
        done, share = self.part_and_share(
            "followups.on_time", "Follow-ups done on time", "Share of follow-ups done on time",
            t.followups_on_time, t.followups_due)
        alerts = sum(t.alerts_by_kind.values())
        return Section(key="followups", title="Follow-ups and alerts", figures=[
            self.count("followups.due", "Follow-ups due", t.followups_due), done, share,
            self.count("alerts.total", "Alerts raised", alerts),
        ], tables=[self.breakdown("alerts.kind", "Alerts raised by kind", t.alerts_by_kind,
                                  [v.value for v in AlertKind])])

    def referrals(self, t: WeekTallies, category_labels: Mapping[str, str]) -> Section:
        made = sum(t.referrals_by_category.values())
        connected, share = self.part_and_share(
            "referrals.connected", "Referrals connected", "Share of referrals connected",
            t.referrals_connected, made)
        return Section(key="referrals", title="Referrals", figures=[
            self.count("referrals.made", "Referrals made", made), connected, share,
        ], tables=[self.breakdown("referrals.category", "Referrals made by category",
                                  t.referrals_by_category, [], category_labels)])

    def within_target(self, r: ResponseTallies) -> int:
        return sum(1 for s in r.arrival_seconds if s <= self.target_seconds)

    def trend_week(self, week: IsoWeek, t: ResponseTallies) -> TrendWeek:
        responses, _share = self.part_and_share(
            "trend.responses", "Calls with a mobile response", "", t.calls_with_response, t.calls)
        _within, within_share = self.part_and_share(
            "trend.within", "", "Share arriving within target", self.within_target(t),
            len(t.arrival_seconds))
        return TrendWeek(week=str(week), monday=week.monday,
                         calls=self.count("trend.calls", "Calls", t.calls),
                         responses=responses, within_target=within_share)
