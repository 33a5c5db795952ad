"""An attacker with only the published weekly reports, integer reasoning and the definitions.

Written apart from ``domain/suppression.py`` (it shares no code with it) so that it can judge it.
For every week it makes one unknown per count figure, plus one per difference that holds by
definition (calls without a response, late arrivals, episodes closed without stabilization...),
and learns from every report that shows a figure of that week (the 12-week trend repeats earlier
weeks):

- a shown count is exact; "1-N" (``small``) is 1..N; "suppressed" to protect (``protects``) is
  above N; a rounded stock is within 2 of what is shown. In the old reports, where a cell hidden
  to protect another was also printed as "1-N", a hidden count is only known to be at least 1;
- every breakdown adds up to its total (a category not listed is zero), every part is at most
  its whole, dispatches cover the calls with a response;
- neighbouring weeks: active at the end of last week + opened = active at the end of this week +
  closed (the attacker assumes no reopening, which holds in the demo data);
- a shown median or 90th percentile with a shown number of arrivals bounds how many arrived
  within the target.

It then narrows every unknown by interval propagation and, for unknowns with few values left,
by trying each end value and dropping it when the rest becomes impossible (exact for small
ranges, stronger than propagation). ``recovered`` lists the unknowns pinned to one value that
the reports meant to hide.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

INF = 10**9
SHAVE_WIDTH = 40  # try end values of unknowns with at most this many values left

BREAKDOWNS = {"calls.line": "calls.total", "calls.age_band": "calls.total",
              "calls.county": "calls.total", "calls.triage": "calls.total",
              "calls.risk": "calls.total", "episodes.closed": "episodes.closed_total",
              "episodes.active": "episodes.active", "alerts.kind": "alerts.total",
              "referrals.category": "referrals.made", "calls.caller": "calls.total",
              "contacts.mode": "contacts.total", "scene.le_requested": "scene.le_calls",
              "scene.outcome": "care.face_to_face"}  # or scene.responses, where printed
PARTS = [  # (part, whole): the rest is an unknown of its own
    ("response.calls", "calls.total"), ("response.arrivals", "response.calls"),
    ("response.within_target", "response.arrivals"), ("response.le", "response.dispatches"),
    ("episodes.stabilized", "episodes.closed_total"), ("followups.on_time", "followups.due"),
    ("referrals.connected", "referrals.made"), ("episodes.repeat_90", "episodes.opened"),
    ("episodes.repeat_30", "episodes.repeat_90"), ("care.safety_plan_24h", "care.face_to_face"),
    ("care.followup_24h", "care.face_to_face"), ("scene.le_cit", "scene.le_calls")]
# Service measures (DOMAIN.md): the rest of such a part is published on purpose wherever its
# whole is known to be above the threshold; it is no secret to recover.
SERVICE = {("response.calls", "calls.total"), ("response.arrivals", "response.calls"),
           ("response.within_target", "response.arrivals"),
           ("care.safety_plan_24h", "care.face_to_face"), ("care.followup_24h", "care.face_to_face")}
# Declared identities of the on-scene section: the outcomes add up to the one face-to-face cell
# ("F2F"), and so do without arrest + arrests and without ED + transports + holds (each with the
# responses whose outcome was not recorded); a figure printed twice is one count.
SCENE_LINES = [
    ("F2F", ["scene.without_arrest", "scene.outcome.arrest", "scene.outcome.unknown"]),
    ("F2F", ["scene.no_ed", "scene.outcome.voluntary_transport", "scene.outcome.involuntary_hold",
             "scene.outcome.unknown"]),
    ("scene.without_ed", ["scene.outcome.stabilized_in_place"]),
    ("benchmark.care.face_to_face", ["care.face_to_face"])]
NEW_PARTS = [("response.calls", "response.dispatches")]  # dispatches are per call since issue 13
TREND = {"trend.calls": "calls.total", "trend.responses": "response.calls"}
MINUTES = re.compile(r"^(\d+) min$")
PERCENTILES = ("response.median", "response.p90")
SHARES = {  # share figure -> (numerator, denominator)
    "response.calls_share": ("response.calls", "calls.total"),
    "response.within_target_share": ("response.within_target", "response.arrivals"),
    "trend.within_share": ("response.within_target", "response.arrivals"),
    "response.le_share": ("response.le", "response.dispatches"),
    "episodes.home_share": ("episodes.closed.home_community", "episodes.closed_total"),
    "followups.on_time_share": ("followups.on_time", "followups.due"),
    "referrals.connected_share": ("referrals.connected", "referrals.made"),
    "care.safety_plan_24h_share": ("care.safety_plan_24h", "care.face_to_face"),
    "care.followup_24h_share": ("care.followup_24h", "care.face_to_face"),
    "scene.without_ed_share": ("scene.outcome.stabilized_in_place", "F2F"),
    "scene.no_ed_share": ("scene.no_ed", "F2F"),
    "scene.without_arrest_share": ("scene.without_arrest", "F2F")}
SHARE_WITH_BASE = re.compile(r"^(≈?)(\d+)% of ([\d,]+)")  # a benchmark: "84% of 73 met"
NOT_ADDITIVE = {"calls.persons"}  # distinct persons: not the sum over shorter periods


@dataclass
class Published:
    """One report as printed: week, threshold, target minutes and its figures (key -> shown,
    reason, kind), trend rows keyed 'WEEK:trend.calls'."""

    week: str
    threshold: int
    target_minutes: int
    figures: dict[str, tuple[str, str, str]]


@dataclass
class Attack:
    bounds: dict[tuple[str, str], tuple[int, int]]
    hidden: set[tuple[str, str]]  # unknowns a report hid (published hidden, or derived)
    threshold: int
    recovered: list[tuple[tuple[str, str], int]] = field(default_factory=list)
    narrowed: list[tuple[tuple[str, str], tuple[int, int]]] = field(default_factory=list)


class _System:
    def __init__(self) -> None:
        self.bounds: dict[tuple[str, str], tuple[int, int]] = {}
        self.lines: list[tuple[tuple[str, str], list[tuple[str, str]]]] = []
        self.by_var: dict[tuple[str, str], list[int]] = defaultdict(list)

    def var(self, key: tuple[str, str]) -> tuple[str, str]:
        self.bounds.setdefault(key, (0, INF))
        return key

    def know(self, key: tuple[str, str], low: int, high: int) -> None:
        old = self.bounds.get(key, (0, INF))
        self.bounds[key] = (max(old[0], low), min(old[1], high))

    def line(self, total: tuple[str, str], parts: list[tuple[str, str]]) -> None:
        for key in (total, *parts):
            self.var(key)
            self.by_var[key].append(len(self.lines))
        self.lines.append((total, parts))

    def propagate(self, bounds: dict, start: list[int] | None = None) -> bool:
        """Narrow ``bounds`` in place; False when they admit no solution."""
        queue = list(range(len(self.lines))) if start is None else list(start)
        queued = set(queue)
        while queue:
            index = queue.pop()
            queued.discard(index)
            total, parts = self.lines[index]
            lows = [bounds[p][0] for p in parts]
            highs = [bounds[p][1] for p in parts]
            sum_low, sum_high = sum(lows), sum(highs)
            changed = []
            t_low, t_high = bounds[total]
            new = (max(t_low, sum_low), min(t_high, sum_high))
            if new != (t_low, t_high):
                bounds[total] = new
                changed.append(total)
            t_low, t_high = bounds[total]
            for part, low, high in zip(parts, lows, highs):
                new = (max(low, t_low - (sum_high - high)), min(high, t_high - (sum_low - low)))
                if new != (low, high):
                    bounds[part] = new
                    changed.append(part)
            for key in changed:
                if bounds[key][0] > bounds[key][1]:
                    return False
                for other in self.by_var[key]:
                    if other not in queued:
                        queued.add(other)
                        queue.append(other)
        return True


def _count(shown: str) -> int | None:
    text = shown.replace(",", "")
    return int(text) if text.isdigit() else None


def attack(reports: list[Published], *, old: bool,
           sums: dict[str, list[str]] | None = None,
           revisions: dict[str, str] | None = None) -> Attack:
    """``sums``: a period made of others (a quarter -> its three months): every count of it is
    the sum of the same count of its parts. ``revisions``: a re-run of a period published
    before (its label, e.g. '2026-10+r' -> '2026-10'), read as ``_revision_lines`` says."""
    system = _System()
    hidden: set[tuple[str, str]] = set()
    threshold = reports[0].threshold
    percentiles: list[tuple[str, str, int, int]] = []  # week, key, minutes, target
    rolling: list = []  # week, 13-week share within target, rounding step, its arrivals if shown
    shares: list = []  # (numerator, denominator, percent, rounding step)
    for report in reports:
        f2f = "scene.responses" if "scene.responses" in report.figures else "care.face_to_face"
        for key, (shown, reason, kind) in report.figures.items():
            week, name = report.week, key
            if ":" in key:
                week, trend_key = key.split(":", 1)
                if trend_key not in TREND:
                    continue
                name = TREND[trend_key]
            step = 5 if shown.startswith("≈") else 1
            percent = shown.lstrip("≈")[:-1] if shown.endswith("%") else ""
            if key.startswith("benchmark.") and kind != "count":
                _benchmark(system, week, key.removeprefix("benchmark."), shown, f2f, shares,
                           rolling)
                continue
            if percent and key.split(":")[-1] in SHARES:
                num, den = (k if k != "F2F" else f2f for k in SHARES[key.split(":")[-1]])
                shares.append(((week, num), (week, den), int(percent), step))
            elif percent and name.startswith("response.county_within_share."):
                county = name.split(".", 2)[2]
                shares.append(((week, f"~within.{county}"), (week, f"response.county.{county}"),
                               int(percent), step))
            if key == "response.within_target_13w":
                _rolling_share(week, shown, rolling)
            if name in PERCENTILES and (match := MINUTES.match(shown)):
                percentiles.append((week, name, int(match[1]), report.target_minutes))
            if kind != "count":
                continue
            var = system.var((week, name))
            value = _count(shown)
            if value is not None and reason == "rounded":
                system.know(var, max(0, value - 2), value + 2)
            elif value is not None:
                system.know(var, value, value)
            elif shown == "suppressed" and reason == "protects":
                system.know(var, threshold + 1, INF)
                hidden.add(var)
            elif shown == "suppressed":  # hidden with its whole line: zero or more
                hidden.add(var)
            else:  # "1-N"
                system.know(var, 1, INF if old else threshold)
                hidden.add(var)
    weeks = sorted({w for w, _k in system.bounds})
    for week in weeks:
        _identities(system, week, old, hidden)
    texts = {r.week: {k: v[0] for k, v in r.figures.items()} for r in reports}
    for after, before in (revisions or {}).items():
        _revision_lines(system, after, before, texts[after], texts[before])
    for whole, parts in (sums or {}).items():
        keys = {k for w, k in system.bounds if w == whole and not k.startswith("~")
                and k not in NOT_ADDITIVE}
        for key in sorted(keys):
            if all((part, key) in system.bounds for part in parts):
                system.line((whole, key), [(part, key) for part in parts])
    for earlier, later in zip(weeks, weeks[1:]):
        if (earlier, "episodes.active") in system.bounds and (later, "episodes.opened") in system.bounds:
            # active(earlier) + opened(later) = active(later) + closed(later)
            flow = system.var((later, "~inflow"))
            system.line(flow, [(earlier, "episodes.active"), (later, "episodes.opened")])
            system.line(flow, [system.var((later, "episodes.active")),
                               system.var((later, "episodes.closed_total"))])
    for week, _percent, _step, arrivals in rolling:
        _rolling_line(system, week, arrivals)
    bounds = dict(system.bounds)
    for _round in range(4):
        if not system.propagate(bounds):
            raise AssertionError("the published reports contradict each other")
        narrowed = _percentile_bounds(bounds, percentiles)
        narrowed |= _rolling_bounds(bounds, rolling)
        narrowed |= _share_bounds(bounds, shares, old)
        if not narrowed:
            break
    _shave(system, bounds, hidden)
    result = Attack(bounds=bounds, hidden=hidden, threshold=threshold)
    public = _public_service_rests(bounds, threshold) | _sums_of_shown(reports, sums or {})
    for key in sorted(hidden - public):
        low, high = bounds[key]
        derived = key[1].startswith("~")
        if low == high and (not derived or 1 <= low <= threshold):
            result.recovered.append((key, low))
        elif high - low <= 2:
            result.narrowed.append((key, (low, high)))
    return result


def _revision_lines(system: _System, after: str, before: str, texts_after: dict[str, str],
                    texts_before: dict[str, str]) -> None:
    """Two publications of one period: each count changed by an unknown (any sign), zero where
    its text is unchanged (the report marks only changed figures as revised); the changes add
    up along every line of the period as the counts do."""
    both = [k for w, k in list(system.bounds) if w == after and (before, k) in system.bounds]
    for key in both:
        change = (after, f"Δ{key}")
        unchanged = key in texts_after and texts_after.get(key) == texts_before.get(key)
        system.bounds[change] = (0, 0) if unchanged else (-INF, INF)
        system.line((after, key), [(before, key), change])
    changes = {key for _w, key in system.bounds if key.startswith("Δ")}
    for total, parts in list(system.lines):
        terms = [total, *parts]
        if all(w == after and f"Δ{k}" in changes for w, k in terms):
            system.line((after, f"Δ{total[1]}"), [(after, f"Δ{k}") for _w, k in parts])


def _rolling_share(week: str, shown: str, rolling: list) -> None:
    """"82% of 160" (a whole percentage of the 13 weeks' arrivals) or "≈85%" (in older reports
    "85%") to the nearest 5%."""
    if match := SHARE_WITH_BASE.match(shown):
        rolling.append((week, int(match[2]), 5 if match[1] else 1,
                        int(match[3].replace(",", ""))))
    elif match := re.match(r"^≈?(\d+)%", shown):
        rolling.append((week, int(match[1]), 5, None))


def _benchmark(system: _System, week: str, key: str, shown: str, f2f: str, shares: list,
               rolling: list) -> None:
    """A benchmark row repeats a share of the report ("84% of 73 met", its denominator exact)
    or, in a week, the rolling 13-week one."""
    if key == "response.within_target_13w":
        _rolling_share(week, shown, rolling)
    elif key in SHARES and (match := SHARE_WITH_BASE.match(shown)):
        num, den = (k if k != "F2F" else f2f for k in SHARES[key])
        base = int(match[3].replace(",", ""))
        system.know(system.var((week, den)), base, base)
        shares.append(((week, num), (week, den), int(match[2]), 5 if match[1] else 1))


def _sums_of_shown(reports: list[Published], sums: dict[str, list[str]]) -> set:
    """Counts of a period whose every part was printed exactly (a quarter's zero where each of
    its months shows 0): published, whatever the longer period's report says of them."""
    exact = {(r.week, key) for r in reports for key, (shown, reason, kind) in r.figures.items()
             if kind == "count" and reason != "rounded" and _count(shown) is not None}
    keys = {key for _week, key in exact}
    return {(whole, key) for whole, parts in sums.items() for key in keys
            if all((part, key) in exact for part in parts)}


def _public_service_rests(bounds: dict, threshold: int) -> set:
    """The rests of service measures whose whole is known to be above the threshold."""
    public = set()
    for week, key in bounds:
        for part, whole in SERVICE:
            if key == whole and bounds[(week, key)][0] > threshold:
                public.add((week, f"~{part}-of-{whole}"))
        if key.startswith("response.county.") and bounds[(week, key)][0] > threshold:
            county = key.split(".", 2)[2]
            public |= {(week, f"~late.{county}"), (week, f"~within.{county}")}
    return public


def _identities(system: _System, week: str, old: bool, hidden: set) -> None:
    present = {k for w, k in system.bounds if w == week}
    f2f = "scene.responses" if "scene.responses" in present else "care.face_to_face"
    for prefix, total in BREAKDOWNS.items():
        total = f2f if total == "care.face_to_face" and prefix == "scene.outcome" else total
        parts = sorted(k for k in present if k.startswith(prefix + "."))
        if parts and total in present:
            system.line((week, total), [(week, p) for p in parts])
    for total, parts in SCENE_LINES:
        total = f2f if total == "F2F" else total
        if total in present and all(p in present for p in parts if p != "scene.outcome.unknown"):
            system.line((week, total), [(week, p) for p in parts if p in present])
    counties = [k.split(".", 2)[2] for k in present if k.startswith("response.county.")]
    if counties and "response.arrivals" in present:  # monthly and longer reports
        system.line((week, "response.arrivals"), [(week, f"response.county.{c}") for c in counties])
        system.line((week, "response.within_target"),
                    [system.var((week, f"~within.{c}")) for c in counties])
        for county in counties:
            rest = system.var((week, f"~late.{county}"))
            hidden.update({rest, (week, f"~within.{county}")})
            system.line((week, f"response.county.{county}"),
                        [(week, f"~within.{county}"), rest])
    for part, whole in PARTS + ([] if old else NEW_PARTS):
        if part in present and whole in present:
            rest = system.var((week, f"~{part}-of-{whole}"))
            hidden.add(rest)  # a derived difference: sensitive when small
            system.line((week, whole), [(week, part), rest])


def _percentile_bounds(bounds: dict, percentiles: list[tuple[str, str, int, int]]) -> bool:
    """Within-target counts implied by shown percentiles; True when anything narrowed."""
    narrowed = False
    for week, key, minutes, target in percentiles:
        n_low, n_high = bounds.get((week, "response.arrivals"), (0, INF))
        within = (week, "response.within_target")
        if n_low != n_high or within not in bounds or minutes == target:
            continue
        n = n_low
        rank = math.ceil(n * (0.9 if key == "response.p90" else 0.5))
        upper = rank + 1 if key == "response.median" and n % 2 == 0 else rank  # mean of two
        low, high = bounds[within]
        if minutes < target:  # at least `rank` arrivals within the target
            new = (max(low, rank), high)
        else:  # the value at `upper` and all above it were late
            new = (low, min(high, upper - 1))
        if new != (low, high):
            bounds[within] = new
            narrowed = True
    return narrowed


def _share_bounds(bounds: dict, shares: list, old: bool) -> bool:
    """A whole percentage (half up; the old reports rounded half to even, so either way there)
    of a known denominator bounds its numerator."""
    narrowed = False
    for num, den, percent, step in shares:
        if num not in bounds or den not in bounds or bounds[den][0] != bounds[den][1]:
            continue
        n = bounds[den][0]
        low, high = bounds[num]
        new = (max(low, math.ceil((percent - step / 2) * n / 100)),
               min(high, math.floor((percent + step / 2) * n / 100) if old
                   else math.ceil((percent + step / 2) * n / 100) - 1))
        if new != (low, high):
            bounds[num] = new
            narrowed = True
    return narrowed


def _rolling_line(system: _System, week: str, arrivals: int | None) -> None:
    """The 13 weeks ending with ``week``; their within-target counts add up to the rolling one,
    and their arrivals to the rolling denominator where it is shown."""
    year, number = week.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    weeks = [(monday - timedelta(weeks=back)).isocalendar() for back in range(13)]
    labels = [f"{y}-W{w:02d}" for y, w, _d in weeks]
    system.line(system.var((week, "~rolling_within")),
                [system.var((label, "response.within_target")) for label in labels])
    system.line(system.var((week, "~rolling_arrivals")),
                [system.var((label, "response.arrivals")) for label in labels])
    if arrivals is not None:
        system.know((week, "~rolling_arrivals"), arrivals, arrivals)


def _rolling_bounds(bounds: dict, rolling: list) -> bool:
    narrowed = False
    for week, percent, step, _n in rolling:
        low_n, high_n = bounds[(week, "~rolling_arrivals")]
        if low_n != high_n:
            continue
        n = low_n
        key = (week, "~rolling_within")
        low, high = bounds[key]
        top = (math.ceil((percent + step / 2) * n / 100) - 1 if step == 1
               else math.floor((percent + step / 2) * n / 100))
        new = (max(low, math.ceil((percent - step / 2) * n / 100)), min(high, top))
        if new != (low, high):
            bounds[key] = new
            narrowed = True
    return narrowed


def _shave(system: _System, bounds: dict, hidden: set) -> None:
    """Drop end values that make the whole system impossible (singleton consistency)."""
    for key in sorted(hidden):
        for end in (0, 1):
            while True:
                low, high = bounds[key]
                if high - low > SHAVE_WIDTH or low == high:
                    break
                value = low if end == 0 else high
                trial = dict(bounds)
                trial[key] = (value, value)
                if system.propagate(trial, system.by_var[key]):
                    break
                bounds[key] = (low + 1, high) if end == 0 else (low, high - 1)
                system.propagate(bounds, system.by_var[key])
