"""Small-cell suppression (domain/suppression.py) on its own, at every boundary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrss_tui.domain.suppression import (
    PROTECTION,
    Cell,
    Suppressor,
    hidden_cell,
    percent_half_up,
    percentile_allowed,
    rate,
    round_half_up,
    shown_cell,
    statistic,
)
from mrss_tui.domain.intervals import UNBOUNDED
from mrss_tui.domain.suppression_revisions import with_earlier


def suppress_count(count: int, threshold: int) -> Cell:
    """One count on its own (no line it could be worked out from)."""
    s = Suppressor(threshold)
    s.add("x", count)
    return s.solve()["x"]


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


def breakdown(counts: dict[str, int], threshold: int, *, anchor: bool = False) -> dict[str, Cell]:
    s = Suppressor(threshold)
    s.add("total", sum(counts.values()))
    s.line("total", [s.add(k, v) for k, v in counts.items()])
    return s.solve(anchors={"total"} if anchor else ())


def shown(cells: dict[str, Cell]) -> dict[str, str]:
    return {k: c.shown for k, c in cells.items()}


def test_a_cell_hidden_to_protect_another_says_suppressed_never_a_range() -> None:
    # total 60 is shown: 'b' = 60 - 20 - 30 - 0 would be worked out, so the smallest other
    # count above the threshold (a = 20) is hidden too, labelled 'suppressed' (it is not 1-10).
    cells = breakdown({"a": 20, "b": 10, "c": 30, "d": 0}, 10)
    assert shown(cells) == {"total": "60", "a": "suppressed", "b": "1-10", "c": "30", "d": "0"}
    assert (cells["a"].reason, cells["b"].reason, cells["c"].reason) == ("protects", "small", "")


def test_two_hidden_ones_beside_a_shown_total_are_not_left_as_all_ones() -> None:
    # 13 = 1 + 1 + 11: hiding the ones alone pins each to 1; hiding 11 as well still leaves
    # 1 + 1 (11 is known to be above 10), so the total goes too.
    cells = breakdown({"a": 1, "b": 1, "c": 11}, 10)
    assert shown(cells) == {"total": "suppressed", "a": "1-10", "b": "1-10", "c": "suppressed"}


def test_hidden_cells_of_a_line_with_a_known_total_add_up_to_more_than_the_threshold() -> None:
    # 5 + 5 beside 30 of 40: each keeps 1..9, but together they would be known to be 10.
    cells = breakdown({"a": 5, "b": 5, "c": 30}, 10, anchor=True)
    assert shown(cells) == {"total": "40", "a": "1-10", "b": "1-10", "c": "suppressed"}


def test_a_small_difference_is_protected_like_a_cell() -> None:
    s = Suppressor(10)
    s.add("whole", 30)
    s.part_and_rest("part", 27, "whole")  # the rest, 3, is never printed but must not be pinned
    cells = s.solve(anchors={"whole"})
    assert shown(cells) == {"whole": "30", "part": "suppressed"}


def test_nothing_small_nothing_hidden() -> None:
    cells = breakdown({"a": 11, "b": 0, "c": 12}, 10)
    assert not any(c.suppressed for c in cells.values())


def test_small_total_hides_every_nonzero_cell() -> None:
    cells = breakdown({"a": 4, "b": 0}, 10)
    assert cells["a"].shown == "1-10" and cells["total"].shown == "1-10"
    assert cells["b"].shown == "0"


def test_an_anchor_is_never_hidden_to_protect() -> None:
    cells = breakdown({"a": 20, "b": 10, "c": 30}, 10, anchor=True)
    assert cells["total"].shown == "60" and cells["a"].shown == "suppressed"


def test_chains_of_lines_are_followed() -> None:
    # Two breakdowns of one total: hiding a partner in the first must not leave the second
    # able to give it back.
    s = Suppressor(5)
    s.add("total", 40)
    s.line("total", [s.add("x.a", 3), s.add("x.b", 17), s.add("x.c", 20)])
    s.line("total", [s.add("y.a", 30), s.add("y.b", 10)])
    cells = s.solve(anchors={"total"})
    small, protects = set(), set()
    for key, cell in cells.items():
        (small if cell.reason == "small" else protects if cell.reason == "protects" else set()).add(key)
    known = s.bounds(small, protects)
    assert known["x.a"][1] - known["x.a"][0] >= PROTECTION


@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 40), min_size=1),
       st.integers(2, 12))
def test_no_small_cell_is_ever_narrowed_below_the_protection(
        counts: dict[str, int], threshold: int) -> None:
    s = Suppressor(threshold)
    s.add("total", sum(counts.values()))
    s.line("total", [s.add(k, v) for k, v in counts.items()])
    cells = s.solve()
    small = {k for k, c in cells.items() if c.reason == "small"}
    protects = {k for k, c in cells.items() if c.reason == "protects"}
    whole = {k for k, c in cells.items() if c.reason == "line"}
    known = s.bounds(small, protects, whole)
    for key, cell in cells.items():
        if not cell.suppressed:  # shown cells are exact
            assert cell.value == s.values[key]
        if 1 <= s.values[key] <= threshold:
            assert known[key][1] - known[key][0] >= min(PROTECTION, threshold - 1)
        assert key not in protects or s.values[key] > threshold  # never a false range
        assert cell.reason != "small" or 1 <= s.values[key] <= threshold
    hidden_parts = [k for k in counts if cells[k].suppressed]
    if not cells["total"].suppressed and any(cells[k].reason == "small" for k in hidden_parts):
        assert sum(counts[k] for k in hidden_parts) > threshold


def test_a_small_total_split_into_ones_hides_its_whole_line() -> None:
    # 5 = 1+1+1+1+1 at threshold 5: five "1-5" cells would say the total is 5 and each is 1.
    cells = breakdown({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 0}, 5)
    assert {c.shown for c in cells.values()} == {"suppressed"}
    assert {c.reason for c in cells.values()} == {"line"}


@pytest.mark.parametrize(("value", "rounded"), [(44.5, 45), (62.5, 63), (0.5, 1), (44.49, 44)])
def test_round_half_up(value: float, rounded: int) -> None:
    assert round_half_up(value) == rounded


def test_a_share_rounds_half_up() -> None:
    assert rate(shown_cell(5), shown_cell(8)).shown == "63%"  # 62.5%


@pytest.mark.parametrize(("n", "p", "allowed"), [
    (23, 50, True), (22, 50, False), (109, 90, False), (110, 90, True), (19, 90, False)])
def test_percentiles_need_more_than_the_threshold_on_each_side(n: int, p: float,
                                                               allowed: bool) -> None:
    assert percentile_allowed(n, p, 10) is allowed


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
    few = statistic(42.0, shown_cell(12), str, p=90, threshold=10)
    assert (few.shown, few.reason) == ("suppressed", "few_values")


@pytest.mark.parametrize(("base", "part", "shown"), [
    (400, 317, "79%"),  # a whole percentage: 79% of 400 fits 314..317
    (120, 95, "≈80%"),  # to the nearest 5%: 77.5% .. 82.5% of 120 fits 93..98
    (50, 40, None)])  # too few for even that
def test_a_forced_numerator_keeps_a_rounded_share(base: int, part: int, shown: str | None) -> None:
    s = Suppressor(10)
    s.add("whole", base)
    s.part_and_rest("part", part, "whole")
    cells = s.solve(anchors={"whole"}, forced={"part"}, shares=[("part", "whole")])
    assert cells["part"].shown == "suppressed"
    assert (cells["part~share"].shown if "part~share" in cells else None) == shown


def test_share_interval_matches_half_up_rounding() -> None:
    from mrss_tui.domain.suppression import share_interval

    for base in (60, 123, 400):
        for step in (1, 5):
            for part in range(base + 1):
                percent = step * round_half_up(100 * part / base / step)
                low, high = share_interval(percent, base, step)
                assert low <= part <= high


def _line_of_four(a: int, b: int, c: int, d: int) -> Suppressor:
    s = Suppressor(10)
    s.add("t", a + b + c + d)
    s.line("t", [s.add("a", a), s.add("b", b), s.add("c", c), s.add("d", d)])
    return s


def test_a_revision_is_suppressed_with_the_first_publication_in_view() -> None:
    """Issue 23: published with a = 0, c hidden (5) and d protecting it; a correction moves one
    record from b to a. Read alone the re-run hides a well, but a reader of both who takes the
    unchanged texts of c and d for unchanged counts gets a = 0 + (25 - 24) = 1."""
    first = {k: c.shown for k, c in _line_of_four(0, 25, 5, 15).solve().items()}
    assert first == {"t": "45", "a": "0", "b": "25", "c": "1-10", "d": "suppressed"}
    alone = {k: c.shown for k, c in _line_of_four(1, 24, 5, 15).solve().items()}
    assert alone == {"t": "45", "a": "1-10", "b": "24", "c": "1-10", "d": "suppressed"}
    s = _line_of_four(1, 24, 5, 15)
    known = with_earlier({"t": (45, 45), "a": (1, 10), "b": (24, 24), "c": (1, 10),
                          "d": (11, UNBOUNDED)}, alone, first, s.lines, 10)
    assert known["a"] == (1, 1)  # the route
    revised = {k: c.shown for k, c in s.solve(earlier=first).items()}
    assert revised["a"] == "1-10" and revised["b"] == "suppressed"
    # With b hidden too, its change is unknown: the two publications leave a three values.
    closed = with_earlier({"t": (45, 45), "a": (1, 10), "b": (11, UNBOUNDED), "c": (1, 10),
                           "d": (11, UNBOUNDED)}, revised, first, s.lines, 10)
    assert closed["a"][1] - closed["a"][0] >= 2


def test_an_unchanged_re_run_hides_nothing_more() -> None:
    first = {k: c.shown for k, c in _line_of_four(0, 25, 5, 15).solve().items()}
    again = {k: c.shown for k, c in _line_of_four(0, 25, 5, 15).solve(earlier=first).items()}
    assert again == first


@pytest.mark.parametrize(("part", "whole", "shown"), [
    (69, 120, 58), (1, 8, 13), (5, 8, 63), (1, 3, 33), (2, 3, 67), (0, 7, 0), (7, 7, 100)])
def test_shares_are_rounded_half_up_in_integers(part: int, whole: int, shown: int) -> None:
    # 69 / 120 * 100 is 57.4999... as a float; 57.5 exactly, so 58.
    assert percent_half_up(part, whole) == shown
    assert rate(Cell(value=part, shown=""), Cell(value=whole, shown="")).shown == f"{shown}%"


def test_a_service_measure_is_shown_however_small_its_rest() -> None:
    s = Suppressor(10)
    s.add("arrivals", 77)
    s.part_and_rest("within", 68, "arrivals")  # 9 late: small, but a fact about the team
    assert s.solve()["within"].shown == "suppressed"
    s = Suppressor(10)
    s.add("arrivals", 77)
    s.part_and_rest("within", 68, "arrivals")
    assert s.solve(service=[("within", "arrivals")])["within"].shown == "68"
    s = Suppressor(10)
    s.add("arrivals", 9)  # a denominator within the threshold: no exemption
    s.part_and_rest("within", 4, "arrivals")
    assert s.solve(service=[("within", "arrivals")])["within"].shown == "1-10"
