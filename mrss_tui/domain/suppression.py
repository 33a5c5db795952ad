"""Small-cell suppression for county reports. Pure: counts in, shown cells out.

The design (it is also the report's appendix, see ``reports/compute.py``):

- Primary: a count from 1 to the threshold is hidden and shown as the range "1-<threshold>",
  which is true of it; zero is shown (a zero is a zero, and every category is always listed).
- Lines: every identity that holds by definition is declared as a line ``total = sum(parts)``:
  a breakdown and its total, a count and the rest of its whole (calls without a response,
  arrivals later than the target, episodes closed without stabilization...). Such derived
  differences are cells too: a small one is protected exactly like a published one.
- Audit: the suppressor plays the attacker. Knowing the shown cells exactly, a "1-N" cell to
  lie in 1..N, a "suppressed" cell to be larger than N (only such cells are chosen to protect)
  and a derived cell to be at least 0, it narrows every cell by interval propagation over all
  lines until nothing changes. Every small cell must keep at least ``PROTECTION + 1`` possible
  values; while one does not, the smallest shown count above the threshold on a line reaching
  it is hidden as well ("suppressed": hidden only to protect another cell, never a range).
  Where there is none (a small total split into ones), every other cell of the line, zeros
  too, is "suppressed" (reason "line").
  The hidden parts of a line whose total is known must also add up to more than the threshold.
  This covers the "all ones" route, differences between figures and chains of lines.
- A rate or statistic is hidden when its numerator or denominator is; a percentile is published
  only when more than the threshold of values lie on each side of it (``percentile_allowed``).
  Shares are whole percentages rounded half up in integers (``percent_half_up``).
- Service measures (what the team did: arrivals within target, a safety plan within 24 hours)
  are no facts about a person: over a denominator above the threshold they are shown exactly and
  never hidden to protect another (``solve(service=...)``).
- A cell hidden to protect, or "suppressed" with its line, must not be pinned either; where
  nothing else can be hidden, a protecting cell is relabelled with its line (no size claimed).
- Other publications join the audit: a quarter's months (suppression_parts.py) and the
  period's own first publication when it is re-run (suppression_revisions.py).

A suppressed cell keeps no number at all, so no renderer can leak it by mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.intervals import UNBOUNDED, hidden_range, propagate
from mrss_tui.domain.suppression_revisions import with_earlier

Reason = Literal["", "small", "protects", "line", "base_hidden", "few_values", "rounded"]
SUPPRESSED = "suppressed"
NOT_APPLICABLE = "n/a"
PROTECTION = 2  # a small cell must keep at least PROTECTION + 1 values an attacker cannot rule out
ROUNDED_SHARE_BASE = 300  # 1% of it is 3 counts: a whole percentage leaves >= 3 numerators


class Cell(BaseModel):
    """A count as it may be published: ``value`` is None exactly when it is suppressed."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    value: int | None
    shown: str
    reason: Reason = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None


class Measure(BaseModel):
    """A share (0..1) or a statistic (e.g. a median) as it may be published; ``value`` is None
    when it is suppressed or undefined (nothing to measure)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    value: float | None
    shown: str
    suppressed: bool
    reason: Reason = ""


def round_half_up(value: float) -> int:
    """44.5 -> 45 and 62.5 -> 63 (Python's round() would give 44 and 62)."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_half_up(part: int, whole: int, step: int = 1) -> int:
    """100 * part / whole rounded half up to a multiple of ``step``, in integers (a float gives
    69 / 120 * 100 = 57.4999..., which rounds to 57; this gives 58)."""
    return step * ((200 * part + whole * step) // (2 * whole * step))


def is_small(count: int, threshold: int) -> bool:
    if count < 0:
        raise ValueError("counts cannot be negative")
    return 1 <= count <= threshold


def shown_cell(count: int) -> Cell:
    return Cell(value=count, shown=f"{count:,}")


def hidden_cell(threshold: int) -> Cell:
    return Cell(value=None, shown=hidden_range(threshold), reason="small")


def protecting_cell() -> Cell:
    return Cell(value=None, shown=SUPPRESSED, reason="protects")


class Suppressor:
    """Cells and the lines (identities) between them; ``solve`` decides what is shown.

    Cells registered with ``published=False`` are derived differences: never printed, but
    protected when small, and used by the audit as an attacker would (as unknowns >= 0).
    """

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.values: dict[str, int] = {}
        self.published: set[str] = set()
        self.lines: list[tuple[str, tuple[str, ...]]] = []

    def add(self, key: str, value: int, *, published: bool = True) -> str:
        if value < 0:
            raise ValueError("counts cannot be negative")
        if key in self.values and self.values[key] != value:
            raise ValueError(f"cell {key} registered twice with different values")
        self.values[key] = value
        if published:
            self.published.add(key)
        return key

    def line(self, total: str, parts: Iterable[str]) -> None:
        parts = tuple(parts)
        if self.values[total] != sum(self.values[p] for p in parts):
            raise ValueError(f"line {total} does not add up")
        self.lines.append((total, parts))

    def part_and_rest(self, key: str, part: int, whole_key: str) -> None:
        """``key`` counts part of ``whole_key``; the rest is a derived cell of the same line."""
        self.add(key, part)
        rest = self.add(f"{key}~rest", self.values[whole_key] - part, published=False)
        self.line(whole_key, (key, rest))

    # -- the decision ---------------------------------------------------------------------------
    def solve(self, anchors: Iterable[str] = (), forced: Iterable[str] = (),
              shares: Iterable[tuple[str, str]] = (), service: Iterable[tuple[str, str]] = (),
              earlier: Mapping[str, str] | None = None,
              given: Mapping[str, tuple[int, int]] | None = None) -> dict[str, Cell]:
        """Every published cell, shown or hidden. ``anchors`` are never hidden to protect another
        (a total that other reports repeat, so it must be shown wherever it is not small).
        ``forced`` are hidden whatever their size: the same cell is hidden in a shorter period
        this one adds up (a quarter's months), which the difference would give back.
        ``shares`` (numerator, denominator): where a numerator hidden to protect another has a
        shown denominator, its share is still published (cell ``<numerator>~share``) as a whole
        percentage when the denominator is at least ROUNDED_SHARE_BASE, to the nearest 5% ("≈")
        when it is at least 60: either way at least three numerators fit it, and the audit
        knows just that much.
        ``service`` (numerator, denominator): service measures (DOMAIN.md): what the team did,
        not a fact about a person. Where the denominator is above the threshold, the numerator
        and its rest are shown exactly however small, and never hidden to protect another.
        ``earlier``: key -> shown text of this period's first publication; the audit also plays
        the attacker who reads both and takes an unchanged text for an unchanged count.
        ``given``: what is known of unpublished cells from other reports (suppression_parts.py);
        a small one its own report already showed exactly (a service measure) needs nothing."""
        given = dict(given or {})
        need = min(PROTECTION, self.threshold - 1)
        small = {k for k, v in self.values.items() if is_small(v, self.threshold)}
        exempt = self._service_cells(service)
        small -= exempt | {k for k, (low, high) in given.items() if high - low < need}
        forced = {k for k in forced if k in self.published and k not in small}
        protects = {k for k in forced if self.values[k] > self.threshold}
        whole_line = forced - protects  # zeros: "suppressed" claims no size
        given_up: set[str] = set()
        fixed = set(anchors) | exempt
        self.known: dict[str, tuple[int, int]] = given
        self.earlier = dict(earlier or {})
        self._hide_until_safe(small, protects, whole_line, given_up, fixed)
        rounded = {}
        for num, den in shares:
            base = self.values.get(den, 0)
            step = 1 if base >= ROUNDED_SHARE_BASE else 5 if base >= 20 * (PROTECTION + 1) else 0
            if (step and num in protects and den in self.published
                    and den not in small | protects | whole_line):
                percent = percent_half_up(self.values[num], base, step)
                self.known[num] = share_interval(percent, base, step)
                rounded[num] = (percent, den, step)
        if rounded:
            self._hide_until_safe(small, protects, whole_line, given_up, fixed)
        cells = self._cells(small, protects, whole_line)
        self._decided = (small, protects, whole_line)
        for num, (percent, den, step) in rounded.items():
            if not cells[den].suppressed:  # "≈" marks a share to the nearest 5%
                cells[f"{num}~share"] = Cell(value=percent, shown=f"{'≈' if step > 1 else ''}"
                                                                   f"{percent}%", reason="rounded")
        return cells

    def view(self) -> dict[str, tuple[int, int]]:
        """After ``solve``: what a reader of the published cells can tell of every cell."""
        return self.bounds(*self._decided)

    def _service_cells(self, service: Iterable[tuple[str, str]]) -> set[str]:
        """The numerators (and rests) of service measures whose denominator is above the
        threshold: published exactly, as the programs publish them."""
        exempt: set[str] = set()
        for num, den in service:
            if self.values.get(den, 0) > self.threshold and num in self.values:
                exempt |= {num} | ({f"{num}~rest"} & self.values.keys())
        return exempt

    def _hide_until_safe(self, small: set[str], protects: set[str], whole_line: set[str],
                         given_up: set[str], fixed: set[str]) -> None:
        while self.threshold > 0:
            weak = self._weakest(small, protects, whole_line, given_up)
            if weak is None:
                break
            hidden = small | protects | whole_line
            partner = self._partner(weak, hidden, fixed)
            if partner is not None:
                protects.add(partner)
                continue
            # Only zeros and small counts near it (a small total split into ones, where the
            # number of "1-N" cells alone pins the total): every cell of its lines, small ones
            # and zeros too, becomes "suppressed", which claims no range at all.
            line = {k for t, parts in self.lines if weak in (t, *parts) for k in (t, *parts)
                    if k in self.published and k not in fixed}
            rest = line - protects - whole_line
            # Failing that, a cell hidden to protect on its lines is labelled like them: its
            # reason then no longer says it is above the threshold.
            relabel = line & protects if not rest else set()
            if rest or relabel:
                protects -= relabel
                whole_line.update(rest | relabel)
            else:
                given_up.add(weak)  # cannot happen with a total above the threshold

    def _cells(self, small: set[str], protects: set[str], whole_line: set[str]) -> dict[str, Cell]:
        cells = {}
        for key in self.published:
            if key in whole_line:
                cells[key] = Cell(value=None, shown=SUPPRESSED, reason="line")
            elif key in small:
                cells[key] = hidden_cell(self.threshold)
            elif key in protects:
                cells[key] = protecting_cell()
            else:
                cells[key] = shown_cell(self.values[key])
        return cells

    def bounds(self, small: set[str], protects: set[str],
               whole_line: set[str] = frozenset()) -> dict[str, tuple[int, int]]:  # type: ignore[assignment]
        """What an attacker who knows this design can tell about every cell."""
        known: dict[str, tuple[int, int]] = {}
        for key, value in self.values.items():
            if key not in self.published or key in whole_line:
                known[key] = (0, UNBOUNDED)
            elif key in small:
                known[key] = (1, self.threshold)
            elif key in protects:
                known[key] = (self.threshold + 1, UNBOUNDED)
            else:
                known[key] = (value, value)
        for key, (low, high) in getattr(self, "known", {}).items():
            known[key] = (max(known[key][0], low), min(known[key][1], high))
        known = propagate(known, self.lines)
        if getattr(self, "earlier", None):
            known = propagate(with_earlier(known, self._texts(small, protects, whole_line),
                                           self.earlier, self.lines, self.threshold),
                              self.lines)
        return known

    def _texts(self, small: set[str], protects: set[str], whole_line: set[str]) -> dict[str, str]:
        """The shown text of every published cell as decided so far."""
        return {key: cell.shown for key, cell in self._cells(small, protects, whole_line).items()}

    def _weakest(self, small: set[str], protects: set[str], whole_line: set[str],
                 given_up: set[str]) -> str | None:
        known = self.bounds(small, protects, whole_line)
        need = min(PROTECTION, self.threshold - 1)
        for key in sorted(small - given_up):  # a small cell, even one now labelled "line"
            low, high = known[key]
            if high - low < need:
                return key
        for key in sorted(protects - given_up):  # a cell hidden to protect must stay hidden
            low, high = known[key]
            if low == high:
                return key
        for key in sorted(whole_line - small - given_up):  # zero or more: as wide as a small one
            low, high = known[key]
            if high - low < need:
                return key
        return self._small_hidden_sum(known, small - given_up)

    def _small_hidden_sum(self, known: dict[str, tuple[int, int]], small: set[str]) -> str | None:
        """A small cell on a line whose total is known exactly while its hidden parts add up to
        the threshold or less: together they would still be a small count."""
        for total, parts in self.lines:
            if known[total][0] != known[total][1]:
                continue
            hidden = [p for p in parts if known[p][0] != known[p][1]]
            weak = sorted(p for p in hidden if p in small)
            if weak and sum(self.values[p] for p in hidden) <= self.threshold:
                return weak[0]
        return None

    def _partner(self, weak: str, hidden: set[str], fixed: set[str]) -> str | None:
        """The smallest shown count above the threshold on the nearest line reaching ``weak``
        through hidden cells (breadth first), or None."""
        seen_cells, frontier, used = {weak}, [weak], set()
        while frontier:
            lines = [i for i, (t, parts) in enumerate(self.lines)
                     if i not in used and ({t, *parts} & set(frontier))]
            used.update(lines)
            terms = {k for i in lines for k in (self.lines[i][0], *self.lines[i][1])}
            candidates = [k for k in terms if k in self.published and k not in hidden
                          and k not in fixed and self.values[k] > self.threshold]
            if candidates:
                return min(candidates, key=lambda k: (self.values[k], k))
            frontier = [k for k in terms if k not in seen_cells and (k in hidden
                                                                     or k not in self.published)]
            seen_cells.update(frontier)
        return None


def share_interval(percent: int, base: int, step: int = 1) -> tuple[int, int]:
    """The numerators a percentage rounded half up to ``step`` of ``base`` can come from."""
    return (math.ceil((percent - step / 2) * base / 100),
            math.ceil((percent + step / 2) * base / 100) - 1)


def rate(numerator: Cell, denominator: Cell) -> Measure:
    """numerator / denominator as a whole percentage (half up); hidden when either is hidden."""
    if numerator.suppressed or denominator.suppressed:
        return Measure(value=None, shown=SUPPRESSED, suppressed=True, reason="base_hidden")
    if not denominator.value:
        return Measure(value=None, shown=NOT_APPLICABLE, suppressed=False)
    part, whole = numerator.value or 0, denominator.value
    return Measure(value=part / whole, shown=f"{percent_half_up(part, whole)}%", suppressed=False)


def percentile_allowed(n: int, p: float, threshold: int) -> bool:
    """More than ``threshold`` values on each side of the p-th percentile: otherwise it tells
    how few were late (a 90th percentile over 11-19 arrivals shows exactly one). Nearest rank."""
    if threshold <= 0:
        return True  # suppression turned off
    rank = math.ceil(p / 100 * n)
    return min(rank - 1, n - rank) > threshold


def statistic(value: float | None, base: Cell, shown: Callable[[float], str], *,
              p: float = 50, threshold: int = 0) -> Measure:
    """A percentile (``p``; 50 = the median) over ``base`` records: hidden when the base is hidden
    or too few values lie beyond it on either side."""
    if base.suppressed:
        return Measure(value=None, shown=SUPPRESSED, suppressed=True, reason="base_hidden")
    if value is None:
        return Measure(value=None, shown=NOT_APPLICABLE, suppressed=False)
    if not percentile_allowed(base.value or 0, p, threshold):
        return Measure(value=None, shown=SUPPRESSED, suppressed=True, reason="few_values")
    return Measure(value=value, shown=shown(value), suppressed=False)
