"""A period made of shorter published ones (a quarter of its months, a year of its quarters).
Pure.

A reader holds both reports: every count of the quarter is the sum of its months' counts, and
each month's report already told what can be known of them. ``link_parts`` puts the months'
counts into the quarter's suppressor as unpublished cells, each with what its own report let an
attacker know, on a line to the quarter's count; the quarter's audit then protects the months'
small counts too (a quarter's "1-10" and its months' shown counts can pin a month's hidden one).
"""

from __future__ import annotations

from collections.abc import Collection

from mrss_tui.domain.suppression import Suppressor


def link_parts(whole: Suppressor, parts: list[Suppressor],
               skip: Collection[str] = ()) -> dict[str, tuple[int, int]]:
    """Register the parts' counts in ``whole``; returns what is known of each, for ``solve``."""
    given: dict[str, tuple[int, int]] = {}
    if not parts:
        return given
    views = [part.view() for part in parts]
    for key in list(whole.values):
        if key in skip or "@" in key or any(key not in part.values for part in parts):
            continue
        if sum(part.values[key] for part in parts) != whole.values[key]:
            continue  # not a sum over the parts (a count of distinct things)
        names = []
        for index, (part, view) in enumerate(zip(parts, views)):
            name = whole.add(f"{key}@{index}", part.values[key], published=False)
            given[name] = view[key]
            names.append(name)
        whole.line(key, names)
    return given
