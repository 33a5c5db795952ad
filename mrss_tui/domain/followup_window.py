"""The program's service window for follow-ups (Connecticut: the family is met for up to six
weeks). A follow-up dated after it is kept only with a reason.

The window ends where stabilization ends: during stabilization its own end; during crisis the
end stabilization would have if it began when the crisis window closes (from the face-to-face
response, else from the opening: a team that has not met the person yet plans inside it too).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mrss_tui.config import WindowsConfig
from mrss_tui.domain.deadlines import crisis_window_end, stabilization_end
from mrss_tui.domain.enums import Phase
from mrss_tui.domain.models import Episode

MIN_REASON = 3


def service_window_end(episode: Episode, windows: WindowsConfig, zone: ZoneInfo) -> datetime | None:
    if episode.phase is Phase.STABILIZATION:
        return stabilization_end(episode.phase_started_at, windows.stabilization_days, zone)
    if episode.phase is Phase.CRISIS:
        start = max(episode.face_to_face_at or episode.opened_at, episode.phase_started_at)
        return stabilization_end(crisis_window_end(start, windows.crisis_hours),
                                 windows.stabilization_days, zone)
    return None


def window_problem(due_at: datetime, end: datetime | None, reason: str, zone: ZoneInfo) -> str:
    """'' when the follow-up may be planned; else what to do (give the reason to keep it)."""
    if end is None or due_at <= end or len(reason.strip()) >= MIN_REASON:
        return ""
    return (f"this is after the program's window, which ends "
            f"{end.astimezone(zone):%a %d %b %Y %H:%M}: give a reason to keep it, or choose an "
            "earlier time")
