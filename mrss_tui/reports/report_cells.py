"""The cells of one report period and the sections laid out from them.

``ReportCells`` registers every count of the period and the lines (identities) between them,
suppresses them together (domain/suppression.py), then lays out the sections from the decided
cells. Pure: tallies in, sections out.
"""

from __future__ import annotations

from collections.abc import Mapping

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
from mrss_tui.domain.report_tallies import ResponseTallies, WeekTallies
from mrss_tui.domain.report_week import median, percentile
from mrss_tui.domain.suppression_parts import link_parts
from mrss_tui.domain.suppression import (
    Cell,
    Measure,
    Suppressor,
    is_small,
    rate,
    round_half_up,
    statistic,
)
from mrss_tui.reports.benchmarks import rolling_within_share
from mrss_tui.reports.caller_groups import NAMES as CALLER_NAMES
from mrss_tui.reports.caller_groups import ORDER as CALLER_ORDER
from mrss_tui.reports.caller_groups import grouped
from mrss_tui.reports.model import Figure, Kind, Section, Table
from mrss_tui.reports.scene import (
    SCENE_TOTALS,
    outcome_total,
    register_scene,
    scene_orders,
)

UNKNOWN = "unknown"
BREAKDOWN_TOTALS = {
    "calls.line": "calls.total", "calls.age_band": "calls.total", "calls.county": "calls.total",
    "calls.triage": "calls.total", "calls.risk": "calls.total", "calls.caller": "calls.total",
    "contacts.mode": "contacts.total",
    "episodes.closed": "episodes.closed_total", "alerts.kind": "alerts.total",
    "referrals.category": "referrals.made", **SCENE_TOTALS}

CARE_SERVICE = [("care.safety_plan_24h", "care.face_to_face"),
                ("care.followup_24h", "care.face_to_face")]
NOT_ADDITIVE = {"calls.persons"}  # distinct persons: not the sum over shorter periods


def share_of(cells: Mapping[str, Cell], part: str, whole: str) -> Measure:
    """part / whole, or the whole percentage the suppressor allowed for a hidden part."""
    rounded = cells.get(f"{part}~share")
    if rounded is not None and rounded.value is not None:
        return Measure(value=rounded.value / 100, shown=rounded.shown, suppressed=False,
                       reason="rounded")
    return rate(cells[part], cells[whole])


def minutes_text(seconds: float) -> str:
    return f"{round_half_up(seconds / 60)} min"


def county_order(r: ResponseTallies, counties: list[str]) -> list[str]:
    return every(counties, dict.fromkeys(r.arrival_counties, 1))


class ReportCells:
    """Registers every count of the week and the lines between them, suppresses them together,
    then lays out the sections from the decided cells."""

    def __init__(self, threshold: int, target_seconds: int, t: WeekTallies, r: ResponseTallies,
                 counties: list[str], category_labels: Mapping[str, str], *,
                 response: Mapping[str, Cell], parts: list["ReportCells"] | None = None,
                 by_county: bool = False, bands: list[str] | None = None,
                 earlier: Mapping[str, str] | None = None) -> None:
        """``parts``: the decided cells of the shorter periods this one adds up (a quarter's
        months): a cell hidden in one is hidden here too, and the audit reads theirs with
        this period's, as a reader of both reports would."""
        self.threshold = threshold
        self.target_seconds = target_seconds
        self.t, self.r = t, r
        self.counties = counties
        self.category_labels = category_labels
        self.bands = bands or [v.value for v in BANDS["youth"]]
        self.orders = self._orders()
        s = Suppressor(threshold)
        s.add("calls.total", t.calls.total)
        e, care = t.episodes, t.care
        s.add("care.face_to_face", care.face_to_face)
        self.scene_total = outcome_total(t.scene, care.face_to_face)
        totals = {**BREAKDOWN_TOTALS, "scene.outcome": self.scene_total}
        for key, (counts, order, _names) in self.orders.items():
            whole = totals[key]
            if whole not in s.values:
                s.add(whole, sum(counts.values()))
            s.line(whole, [s.add(f"{key}.{k}", counts.get(k, 0)) for k in order])
        s.part_and_rest("episodes.stabilized", len(e.stabilization_days), "episodes.closed_total")
        s.add("episodes.opened", e.opened)
        s.add("calls.persons", t.calls.persons)
        s.part_and_rest("episodes.repeat_90", care.repeat_90, "episodes.opened")
        s.add("episodes.repeat_30", care.repeat_30)
        s.add("episodes.repeat_31_90", care.repeat_90 - care.repeat_30, published=False)
        s.line("episodes.repeat_90", ("episodes.repeat_30", "episodes.repeat_31_90"))
        s.part_and_rest("care.safety_plan_24h", care.safety_plan_24h, "care.face_to_face")
        s.part_and_rest("care.followup_24h", care.followup_24h, "care.face_to_face")
        s.add("followups.due", t.followups_due)
        s.part_and_rest("followups.on_time", t.followups_on_time, "followups.due")
        s.part_and_rest("referrals.connected", t.referrals_connected, "referrals.made")
        scene_shares = register_scene(s, t.scene, self.scene_total)
        self.by_county = by_county
        shares = [(f"episodes.closed.{Disposition.HOME_COMMUNITY.value}", "episodes.closed_total"),
                  ("followups.on_time", "followups.due"),
                  ("referrals.connected", "referrals.made"),
                  ("care.safety_plan_24h", "care.face_to_face"),
                  ("care.followup_24h", "care.face_to_face"), *scene_shares]
        parts = parts or []
        forced = {key for part in parts for key, cell in part.cells.items() if cell.suppressed}
        given = link_parts(s, [part.suppressor for part in parts], skip=NOT_ADDITIVE)
        self.suppressor = s
        self.cells = {**s.solve(anchors={"calls.total", "care.face_to_face"}, forced=forced,
                                shares=shares, service=CARE_SERVICE, earlier=earlier,
                                given=given), **response}

    def _orders(self) -> dict[str, tuple[Mapping[str, int], list[str], Mapping[str, str]]]:
        """Every breakdown: counts, every category in order (zeros and 'unknown' included, so a
        row never appears only when it is not zero) and row names."""
        c, t = self.t.calls, self.t
        unknown = {UNKNOWN: "Not recorded"}
        county_names = {**{k: k for k in c.by_county}, **{k: k for k in self.counties}, **unknown}
        categories = dict(self.category_labels)
        return {
            "calls.line": (c.by_line, every([v.value for v in Line], c.by_line, unknown=False), {}),
            "calls.age_band": (c.by_age_band, every(self.bands, c.by_age_band), {}),
            "calls.county": (c.by_county, every(self.counties, c.by_county), county_names),
            "calls.triage": (c.by_triage, every([v.value for v in Triage], c.by_triage), unknown),
            "calls.risk": (c.by_risk, every([v.value for v in RiskLevel] + ["incomplete"],
                                            c.by_risk),
                           {UNKNOWN: "Not screened", "incomplete": "Incomplete (unknown answers)"}),
            "episodes.closed": (t.episodes.closed_by_disposition, every(
                [v.value for v in Disposition], t.episodes.closed_by_disposition), {}),
            "alerts.kind": (t.alerts_by_kind, every([v.value for v in AlertKind],
                                                     t.alerts_by_kind, unknown=False), {}),
            "referrals.category": (t.referrals_by_category, every(
                sorted(categories), t.referrals_by_category), {**categories, **unknown}),
            "calls.caller": (grouped(c.by_relation), CALLER_ORDER, CALLER_NAMES),
            "contacts.mode": (t.care.contacts_by_mode, every(
                [v.value for v in ContactMode], t.care.contacts_by_mode, unknown=False), {}),
            **scene_orders(t.scene, t.care.face_to_face, every),
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
                               self.table("calls.risk", "Calls by risk to self (C-SSRS)")])

    def response(self, rolling: list[ResponseTallies] | None, rolling_exact: bool = False
                 ) -> Section:
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
                        statistic(median(seconds), arrivals, minutes_text, p=50,
                                  threshold=self.threshold), "minutes"),
            self.figure("response.p90", "Response time, 90th percentile",
                        statistic(percentile(seconds, 90), arrivals, minutes_text, p=90,
                                  threshold=self.threshold), "minutes"),
            self.cell("response.within_target", f"Arrivals within target ({target} min)"),
            self.share("response.within_target_share", "Share arriving within target",
                       "response.within_target", "response.arrivals"),
            *([rolling_within_share(rolling, self.target_seconds, self.threshold,
                                    rolling_exact)] if rolling else []),
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
                            statistic(median(seconds), base, minutes_text, p=50,
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


def every(order: list[str], counts: Mapping[str, int], unknown: bool = True) -> list[str]:
    """The listed categories, any other seen, then 'unknown' (always, when it can occur)."""
    keys = list(order) + sorted(k for k in counts if k not in order and k != UNKNOWN)
    if UNKNOWN not in keys and (unknown or counts.get(UNKNOWN)):
        keys.append(UNKNOWN)
    return keys
