"""Issue 20's paging goal with real processes: benchmarks/page_senders.py run small (3 sender
processes at once, a receiver down then back, a sender killed mid-send), counted per page id at
a real receiver on 127.0.0.1. The script exits non-zero when a goal is missed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "page_senders.py"


def test_the_page_goal_holds_with_real_sender_processes():
    result = subprocess.run([sys.executable, str(SCRIPT), "24"], capture_output=True, text=True,
                            timeout=600)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "duplicates   0" in result.stdout and "MISSED" not in result.stdout
