"""The database file's quick_check runs in the background once the first frame is out
(store/damage.py); saves wait for it. Should it find damage, the app says so plainly and for
good: every save is refused from then on, reading still works."""

from __future__ import annotations

from typing import Any

from mrss_tui.workflow.context import begin_file_check, file_check_finding

LOOK_EVERY_SECONDS = 0.5


def watch_file_check(app: Any) -> None:
    begin_file_check(app.session)
    timer = None

    def report() -> bool:
        done, problem = file_check_finding(app.session)
        if done and timer is not None:
            timer.stop()
        if problem is not None:
            app.notify(f"{problem}. You can still read; nothing you save will be kept.",
                       title="Database damaged", severity="error", timeout=24 * 3600)
        return done

    if not report():
        timer = app.set_interval(LOOK_EVERY_SECONDS, report)
