"""The mobile-response cells of any period, decided on their own: the trend of a later report
repeats them, so they must come out the same whichever report shows them."""

from __future__ import annotations

from collections.abc import Mapping

from mrss_tui.config import Config
from mrss_tui.domain.report_period import Period, sub_periods
from mrss_tui.domain.report_tallies import CallResponses, ResponseTallies
from mrss_tui.domain.suppression import Cell, Suppressor, is_small
from mrss_tui.reports.report_cells import county_order
from mrss_tui.store.db import iso

# Service measures (DOMAIN.md): (numerator, denominator), published exactly where the
# denominator is above the threshold.
RESPONSE_SERVICE = [("response.calls", "calls.total"), ("response.arrivals", "response.calls"),
                    ("response.within_target", "response.arrivals")]


def response_cells(r: ResponseTallies, threshold: int, target_seconds: int,
                   counties: list[str] | None, forced: set[str] | None = None,
                   earlier: Mapping[str, str] | None = None) -> dict[str, Cell]:
    """The mobile-response counts of one period, suppressed on their own: the trend of a later
    report repeats them, so they must come out the same whichever report shows them.
    ``counties``: break arrivals down by county (None for a week, where nearly every county's
    cell is small and protecting them would hide the week's headline figures)."""
    arrivals: dict[str, list[int]] = {}  # county -> [arrivals, within target], one pass
    for sec, county in zip(r.arrival_seconds, r.arrival_counties):
        counts = arrivals.setdefault(county, [0, 0])
        counts[0] += 1
        counts[1] += sec <= target_seconds
    s = Suppressor(threshold)
    s.add("calls.total", r.calls)
    s.part_and_rest("response.calls", r.calls_with_response, "calls.total")
    s.part_and_rest("response.arrivals", len(r.arrival_seconds), "response.calls")
    s.part_and_rest("response.within_target", sum(w for _n, w in arrivals.values()),
                    "response.arrivals")
    s.add("response.dispatches", r.teams)
    s.add("response.extra_teams", r.teams - r.calls_with_response, published=False)
    s.line("response.dispatches", ("response.calls", "response.extra_teams"))
    s.part_and_rest("response.le", r.le_teams, "response.dispatches")
    shares = [("response.calls", "calls.total"), ("response.within_target", "response.arrivals"),
              ("response.le", "response.dispatches")]
    if counties is None:
        return s.solve(anchors={"calls.total"}, forced=forced or (), shares=shares,
                       service=RESPONSE_SERVICE, earlier=earlier)
    order = county_order(r, counties)
    for county in order:
        n, within = arrivals.get(county, (0, 0))
        s.add(f"response.county.{county}", n)
        s.part_and_rest(f"response.county_within.{county}", within, f"response.county.{county}")
    s.line("response.arrivals", [f"response.county.{c}" for c in order])
    s.line("response.within_target", [f"response.county_within.{c}" for c in order])
    # Per county a service measure too, unless a county's arrivals are small: with the whole
    # exact, the other counties' exact counts would give its count back.
    county_service = [(f"response.county_within.{c}", f"response.county.{c}") for c in order
                      ] if not any(is_small(n, threshold) for n, _w in arrivals.values()) else []
    return s.solve(anchors={"calls.total"}, forced=forced or (), shares=shares,
                   service=RESPONSE_SERVICE + county_service, earlier=earlier)


class ResponseDecisions:
    """The response cells of any period inside the read calls, each decided as in its own
    report (a quarter's with its months' hidden cells forced)."""

    def __init__(self, responses: CallResponses, config: Config,
                 earlier: Mapping[Period, Mapping[str, str]]) -> None:
        self.responses, self.config, self.earlier = responses, config, earlier
        self.decided: dict[Period, dict[str, Cell]] = {}
        self.threshold = config.report.suppression_threshold
        self.target = config.response.target_minutes * 60

    def tally(self, period: Period) -> ResponseTallies:
        return self.responses.tally(*(iso(t) for t in period.bounds(self.config.zone)))

    def cells(self, period: Period) -> dict[str, Cell]:
        if period not in self.decided:
            self.decided[period] = self._decide(period)
        return self.decided[period]

    def _decide(self, period: Period) -> dict[str, Cell]:
        forced = {key for part in sub_periods(period)
                  for key, cell in self.cells(part).items() if cell.suppressed}
        counties = None if period.kind == "week" else self.config.counties
        return response_cells(self.tally(period), self.threshold, self.target, counties, forced,
                              self.earlier.get(period))


