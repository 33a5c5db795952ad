"""A period published before and re-run after corrections: what a reader of both publications
can tell. Pure.

The report marks a figure revised only when its text changed, so the reader takes an unchanged
text for an unchanged count; the changes add up along every line as the counts do. With the
total unchanged, a "Medical" that went from 0 to "1-10" while every other text of its line stayed
the same would be the one record that moved: ``with_earlier`` narrows the re-run's cells by
that reading, and the suppressor hides more until it gives nothing back.
"""

from __future__ import annotations

from collections.abc import Mapping

from mrss_tui.domain.intervals import UNBOUNDED, hidden_range, propagate


def text_bounds(text: str | None, threshold: int) -> tuple[int, int]:
    """What a published text says of its count: exact, "1-N", or nothing ("suppressed")."""
    digits = (text or "").replace(",", "")
    if digits.isdigit():
        return int(digits), int(digits)
    if text == hidden_range(threshold):
        return 1, threshold
    return 0, UNBOUNDED


def with_earlier(known: dict[str, tuple[int, int]], texts: Mapping[str, str],
                 earlier: Mapping[str, str], lines: list[tuple[str, tuple[str, ...]]],
                 threshold: int) -> dict[str, tuple[int, int]]:
    """``known`` narrowed by an earlier publication of the same period. The attacker takes each
    count's change since then as an unknown, zero where the text is unchanged (a figure not
    marked revised), exact where both texts are; the changes add up along every line as the
    counts do. A count now hidden but exact before is then the earlier count plus its change."""
    before = {key: text_bounds(earlier.get(key), threshold) if key in earlier else (0, UNBOUNDED)
              for key in known}
    change = {}
    for key, (low, high) in known.items():
        if key in texts and earlier.get(key) == texts[key]:
            change[key] = (0, 0)
        else:
            change[key] = (low - before[key][1], high - before[key][0])
    change = propagate(change, lines)
    narrowed = {}
    for key, (low, high) in known.items():
        new = (max(low, before[key][0] + change[key][0]), min(high, before[key][1] + change[key][1]))
        narrowed[key] = new if new[0] <= new[1] else (low, high)  # an assumption proved wrong
    return narrowed
