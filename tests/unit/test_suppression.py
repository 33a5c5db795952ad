"""Small-cell suppression (domain/suppression.py) on its own, at every boundary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrss_tui.domain.suppression import (
    hidden_cell,
    rate,
    shown_cell,
    statistic,
    suppress_breakdown,
    suppress_count,
    suppress_table,
)


@pytest.mark.parametrize(("count", "shown", "hidden"), [
    (0, "0", False), (1, "1-10", True), (10, "1-10", True), (11, "11", False),
    (1234, "1,234", False)])
def test_counts_from_one_to_threshold_are_hidden(count: int, shown: str, hidden: bool) -> None:
    cell = suppress_count(count, 10)
    assert (cell.shown, cell.suppressed) == (shown, hidden)
    assert cell.value == (None if hidden else count)


def test_threshold_is_configurable() -> None:
    assert suppress_count(5, 5).shown == "1-5"
    assert suppress_count(6, 5).shown == "6"
    assert suppress_count(1, 0).shown == "1"  # 0 turns suppression off


def test_negative_counts_are_a_bug() -> None:
    with pytest.raises(ValueError):
        suppress_count(-1, 10)


def test_single_hidden_cell_gets_the_smallest_nonzero_partner() -> None:
    # total 60 is shown: 'b' = 60 - 20 - 30 - 0 would be worked out, so the smallest other
    # non-zero cell (a = 20) is hidden too; zero stays shown (hiding it would claim 1-10).
    cells = suppress_breakdown({"a": 20, "b": 10, "c": 30, "d": 0}, 10)
    assert {k: c.shown for k, c in cells.items()} == {"a": "1-10", "b": "1-10", "c": "30", "d": "0"}


def test_two_hidden_cells_need_no_partner() -> None:
    cells = suppress_breakdown({"a": 3, "b": 4, "c": 50}, 10)
    assert {k: c.shown for k, c in cells.items()} == {"a": "1-10", "b": "1-10", "c": "50"}


def test_nothing_small_nothing_hidden() -> None:
    cells = suppress_breakdown({"a": 11, "b": 0, "c": 12}, 10)
    assert not any(c.suppressed for c in cells.values())


def test_small_total_hides_every_nonzero_cell() -> None:
    cells = suppress_breakdown({"a": 4, "b": 0}, 10)
    assert cells["a"].suppressed and not cells["b"].suppressed


def test_two_way_table_hides_a_partner_in_row_and_column_until_stable() -> None:
    # Row x has one small cell (x,p = 2): its row partner is x,q (the smallest other, 20).
    # That leaves column q with one hidden cell, so y,q (30) goes too; row y now has one
    # hidden cell, so y,p (40) goes; column p then has two. Stable.
    table = {"x": {"p": 2, "q": 20, "r": 50}, "y": {"p": 40, "q": 30, "r": 60}}
    cells = suppress_table(table, 10)
    hidden = {(r, c) for r, cols in cells.items() for c, cell in cols.items() if cell.suppressed}
    assert hidden == {("x", "p"), ("x", "q"), ("y", "q"), ("y", "p")}


def test_without_published_column_totals_only_rows_count() -> None:
    table = {"x": {"p": 2, "q": 20}, "y": {"p": 40, "q": 30}}
    cells = suppress_table(table, 10, columns_have_totals=False)
    hidden = {(r, c) for r, cols in cells.items() for c, cell in cols.items() if cell.suppressed}
    assert hidden == {("x", "p"), ("x", "q")}


@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 40), min_size=1),
       st.integers(1, 12))
def test_no_line_ever_has_exactly_one_hidden_cell_beside_a_shown_total(
        counts: dict[str, int], threshold: int) -> None:
    cells = suppress_breakdown(counts, threshold)
    hidden = [k for k, c in cells.items() if c.suppressed]
    total_shown = not (1 <= sum(counts.values()) <= threshold)
    if total_shown:
        assert len(hidden) != 1
    for key, cell in cells.items():  # shown cells are exact; hidden ones are really small or partners
        if not cell.suppressed:
            assert cell.value == counts[key]
        assert counts[key] > 0 or not cell.suppressed


def test_rate_is_hidden_when_numerator_or_denominator_is() -> None:
    assert rate(hidden_cell(10), shown_cell(50)).shown == "suppressed"
    assert rate(shown_cell(20), hidden_cell(10)).suppressed
    shown = rate(shown_cell(20), shown_cell(50))
    assert (shown.shown, shown.value, shown.suppressed) == ("40%", 0.4, False)
    assert rate(shown_cell(0), shown_cell(0)).shown == "n/a"


def test_statistic_follows_its_base() -> None:
    assert statistic(42.0, hidden_cell(10), str).suppressed
    assert statistic(None, shown_cell(0), str).shown == "n/a"
    assert statistic(42.0, shown_cell(12), lambda v: f"{v:.0f} min").shown == "42 min"
