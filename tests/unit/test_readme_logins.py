"""The README lists the demo logins right below its first command (issue 15: the ones `mrss
demo` prints vanish behind the app). They must be the logins the demo really makes."""

from __future__ import annotations

import re
from pathlib import Path

from mrss_tui.workflow.demo import DemoOptions, generate_demo

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_demo_login_near_the_top(store, config) -> None:
    result = generate_demo(store, config, DemoOptions(seed=7))
    text = README.read_text()
    start = text.index("The demo logins")
    listed = set(re.findall(r"`([a-z0-9]+)`", text[start:text.index("Install the test", start)]))
    assert listed == set(result.logins)
    assert start < 1200  # right below the first command, not pages further down
