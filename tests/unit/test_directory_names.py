"""Directory names at 80 columns are shortened at word boundaries, never mid-word (issue 15)."""

from __future__ import annotations

import pytest

from mrss_tui.widgets.directory import NAME_WIDTH, _fit


@pytest.mark.parametrize("name, shown", [
    ("Family support and advocacy - Prairie", "Family support… - Prairie"),
    ("Family support and advocacy - Riverbend", "Family… - Riverbend"),
    ("Transportation - Bridge", "Transportation - Bridge"),
    ("Crisis respite and stabilization center - Cascade Behavioral",
     "Crisis respite and…"),
    ("Supercalifragilisticexpialidocious services", "Supercalifragilisticexpi…"),
])
def test_names_are_cut_between_words(name: str, shown: str) -> None:
    assert _fit(name, NAME_WIDTH) == shown
    assert len(_fit(name, NAME_WIDTH)) <= NAME_WIDTH
    words = set(name.replace(" - ", " ").split())
    for part in shown.replace("…", " ").replace(" - ", " ").split():
        assert part in words or len(name.split()[0]) > NAME_WIDTH  # whole words only
