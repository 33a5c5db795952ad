"""Small-cell suppression for county reports. Pure: counts in, shown cells out.

Rules (DOMAIN.md, Privacy):
- a count from 1 to the threshold is hidden and shown as the range "1-<threshold>"; zero is shown;
- where a line of cells (a row or a column) adds up to a total that is shown, one hidden cell
  alone could be worked out by subtraction, so a second cell of that line is hidden too (the
  smallest shown non-zero one); this is repeated until no line has exactly one hidden cell,
  since a complementary cell can itself leave another line with a single hidden cell;
- a rate (or any statistic) is hidden when its numerator or denominator is hidden.

A suppressed cell keeps no number at all, so no renderer can leak it by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


class Cell(BaseModel):
    """A count as it may be published: ``value`` is None exactly when it is suppressed."""

    model_config = ConfigDict(frozen=True)

    value: int | None
    shown: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


class Measure(BaseModel):
    """A share (0..1) or a statistic (e.g. a median) as it may be published; ``value`` is None
    when it is suppressed or undefined (nothing to measure)."""

    model_config = ConfigDict(frozen=True)

    value: float | None
    shown: str
    suppressed: bool


def hidden_range(threshold: int) -> str:
    return f"1-{threshold}"


def is_small(count: int, threshold: int) -> bool:
    if count < 0:
        raise ValueError("counts cannot be negative")
    return 1 <= count <= threshold


def shown_cell(count: int) -> Cell:
    return Cell(value=count, shown=f"{count:,}")


def hidden_cell(threshold: int) -> Cell:
    return Cell(value=None, shown=hidden_range(threshold))


def suppress_count(count: int, threshold: int) -> Cell:
    """One stand-alone count (no total it could be worked out from)."""
    return hidden_cell(threshold) if is_small(count, threshold) else shown_cell(count)


def suppress_table(
    table: Mapping[R, Mapping[C, int]], threshold: int, *,
    rows_have_totals: bool = True, columns_have_totals: bool = True,
) -> dict[R, dict[C, Cell]]:
    """Primary and complementary suppression of a two-way table of counts.

    ``rows_have_totals``/``columns_have_totals`` say whether each row's (column's) total is
    published, which is what lets a single hidden cell of that line be worked out.
    """
    hidden = {(r, c) for r, cols in table.items() for c, n in cols.items() if is_small(n, threshold)}
    lines: list[list[tuple[R, C]]] = []
    if rows_have_totals:
        lines += [[(r, c) for c in cols] for r, cols in table.items()]
    if columns_have_totals:
        columns: dict[C, list[tuple[R, C]]] = {}
        for r, cols in table.items():
            for c in cols:
                columns.setdefault(c, []).append((r, c))
        lines += list(columns.values())
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in hidden) != 1:
                continue
            partner = _complement(line, hidden, table)
            if partner is not None:
                hidden.add(partner)
                changed = True
    return {r: {c: (hidden_cell(threshold) if (r, c) in hidden else shown_cell(n))
                for c, n in cols.items()}
            for r, cols in table.items()}


def _complement(line: Sequence[tuple[R, C]], hidden: set[tuple[R, C]],
                table: Mapping[R, Mapping[C, int]]) -> tuple[R, C] | None:
    """The smallest shown non-zero cell of the line (hiding a zero would misstate it as 1-N).

    None when there is none: then every other cell is zero, the total equals the hidden cell
    and is small itself, so the caller's total is hidden by the same rule.
    """
    candidates = [key for key in line if key not in hidden and table[key[0]][key[1]] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda key: table[key[0]][key[1]])


def suppress_breakdown(counts: Mapping[K, int], threshold: int) -> dict[K, Cell]:
    """A one-way breakdown whose total is published (e.g. calls by line, plus all calls)."""
    return suppress_table({"_": dict(counts)}, threshold, columns_have_totals=False)["_"]


SUPPRESSED = "suppressed"
NOT_APPLICABLE = "n/a"


def rate(numerator: Cell, denominator: Cell) -> Measure:
    """numerator / denominator as a whole percentage; hidden when either part is hidden."""
    if numerator.suppressed or denominator.suppressed:
        return Measure(value=None, shown=SUPPRESSED, suppressed=True)
    if not denominator.value:
        return Measure(value=None, shown=NOT_APPLICABLE, suppressed=False)
    share = numerator.value / denominator.value  # type: ignore[operator]
    return Measure(value=share, shown=f"{share * 100:.0f}%", suppressed=False)


def statistic(value: float | None, base: Cell, shown: Callable[[float], str]) -> Measure:
    """A statistic over ``base`` records (e.g. a median time): hidden when the base is hidden,
    since a median of a few records can describe one person."""
    if base.suppressed:
        return Measure(value=None, shown=SUPPRESSED, suppressed=True)
    if value is None:
        return Measure(value=None, shown=NOT_APPLICABLE, suppressed=False)
    return Measure(value=value, shown=shown(value), suppressed=False)
