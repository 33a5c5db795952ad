"""Counts for the weekly county report, and the record of scheduled report runs.

Every query takes a [start, end) range in UTC (local Monday 00:00 to local Monday 00:00) and
selects only categories and counts: no name, phone, address, birth date, free text or record id
ever leaves these queries. Indexes: see migrations v0001 and v0004.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from mrss_tui.domain.report_tallies import (
    CallResponses,
    CallTallies,
    CareTallies,
    EpisodeTallies,
    WeekTallies,
)
from mrss_tui.store.db import iso, parse_iso
from mrss_tui.store.repos import Repo

UNKNOWN = "unknown"

NOT_ARRIVED = "~"  # sorts after any time: a team sent that has not arrived
SENT = "status <> 'awaiting'"  # a dispatch still awaiting a team sent nobody (yet)

# Due in the period and not cancelled before it fell due (closing cancels what is still open).
FOLLOWUP_DUE = ("due_at >= :start AND due_at < :end "
                "AND (cancelled_at IS NULL OR cancelled_at > due_at)")
# Made in the period: its first status beyond "suggested" (index v0010 referral_events_made).
REFERRAL_MADE = (
    "r.id IN (SELECT referral_id FROM referral_events WHERE status <> 'suggested' "
    "AND at >= :start AND at < :end) AND (SELECT min(e.at) FROM referral_events e "
    "WHERE e.referral_id = r.id AND e.status <> 'suggested') >= :start")


# A screener with an "unknown" answer gives only a floor (domain/risk_summary.py): below HIGH
# it is counted as incomplete, never as the level it reached. Stored answers are already
# cleaned by the skip rule, so any stored unknown is one the rule asks.
RISK_KEY = ("CASE WHEN risk_level <> 'high' AND json_array_length(cssrs, '$.unknown') > 0 "
            "THEN 'incomplete' ELSE risk_level END")


class ReportCounts(Repo):
    def week(self, start: datetime, end: datetime) -> WeekTallies:
        span = {"start": iso(start), "end": iso(end)}
        with self.s.read_snapshot():
            return WeekTallies(
                calls=self._calls(span),
                dispatches=self.s.scalar(
                    "SELECT count(*) FROM dispatches WHERE paged_at >= :start AND paged_at < :end "
                    f"AND cancelled_at IS NULL AND {SENT}", span),
                # Once per call: a duplicated dispatch or a recorded co-response adds no second.
                le_coresponses=self.s.scalar(
                    "SELECT count(*) FROM calls c WHERE c.received_at >= :start "
                    "AND c.received_at < :end AND (EXISTS (SELECT 1 FROM dispatches d "
                    "WHERE d.call_id = c.id AND d.cancelled_at IS NULL AND d.le_coresponse = 1 "
                    f"AND d.{SENT}) OR EXISTS (SELECT 1 FROM le_coresponse l "
                    "WHERE l.call_id = c.id AND l.on_scene = 1))", span),
                episodes=self._episodes(span),
                followups_due=self.s.scalar(
                    f"SELECT count(*) FROM followups WHERE {FOLLOWUP_DUE}", span),
                followups_on_time=self.s.scalar(
                    f"SELECT count(*) FROM followups WHERE {FOLLOWUP_DUE} "
                    "AND done_at IS NOT NULL AND done_at <= due_at", span),
                alerts_by_kind=self._grouped(
                    "SELECT kind, count(*) FROM alerts WHERE raised_at >= :start "
                    "AND raised_at < :end GROUP BY kind", span),
                referrals_by_category=self._grouped(
                    f"SELECT r.category, count(*) FROM referrals r WHERE {REFERRAL_MADE} "
                    "GROUP BY r.category", span),
                referrals_connected=self.s.scalar(
                    f"SELECT count(*) FROM referrals r WHERE {REFERRAL_MADE} "
                    "AND (r.status = 'connected' OR EXISTS (SELECT 1 FROM referral_events e "
                    "WHERE e.referral_id = r.id AND e.status = 'connected'))", span),
                care=self._care(span),
            )

    def call_responses(self, start: datetime, end: datetime) -> CallResponses:
        """Per call received in [start, end): whether a team (a dispatch not cancelled) was sent
        and the seconds to the first arrival, worked out by SQLite (times are stored to the
        second, so julianday differences are whole seconds once rounded).

        The calls come from the covering index on received_at; their teams from the call-id
        range they span (covering index v0004 dispatches_call_arrival), grouped once. Ids
        outside the window are ignored, so this is exact even if ids are not in time order.
        """
        window = (iso(start), iso(end))
        ids = self.s.one("SELECT min(id), max(id) FROM calls WHERE received_at >= ? "
                         "AND received_at < ?", window)
        responses = CallResponses()
        if ids is None or ids[0] is None:
            return responses
        # The clock starts when the originating line (988, 2-1-1, 911) got the call, if known.
        rows = self.s.all(
            "SELECT c.received_at, coalesce(c.county, ?), t.first IS NOT NULL, "
            f"  CASE WHEN t.first IS NOT NULL AND t.first <> '{NOT_ARRIVED}' THEN CAST(round("
            "    (julianday(t.first) - julianday(coalesce(c.origin_received_at, c.received_at)))"
            "    * 86400) AS INTEGER) END, coalesce(t.sent, 0), coalesce(t.with_le, 0) "
            "FROM calls c LEFT JOIN ("
            f"  SELECT call_id, min(coalesce(arrived_at, '{NOT_ARRIVED}')) AS first, "
            "  count(*) AS sent, sum(le_coresponse) AS with_le FROM dispatches "
            f"  WHERE call_id BETWEEN ? AND ? AND cancelled_at IS NULL AND {SENT} GROUP BY call_id"
            ") t ON t.call_id = c.id WHERE c.received_at >= ? AND c.received_at < ? "
            "ORDER BY c.received_at", (UNKNOWN, ids[0], ids[1], *window))
        if rows:
            (responses.received_at, responses.county, responded, responses.arrival_seconds,
             responses.teams, responses.le_teams) = (list(column) for column in zip(*rows))
            responses.responded = [bool(r) for r in responded]
        return responses

    def not_additive(self, start: datetime, end: datetime) -> tuple[int, int]:
        """The two counts of a period that are not the sum of its months': distinct persons
        the calls were about, and episodes open at some time in it."""
        span = {"start": iso(start), "end": iso(end)}
        with self.s.read_snapshot():
            return self._persons(span), self._open_time(span)[0]

    def category_labels(self) -> dict[str, str]:
        """Referral category code -> directory name (taxonomy), for readable report rows."""
        return {r[0]: r[1] for r in self.s.all(
            "SELECT code, name FROM taxonomy_terms WHERE code <> ''")}

    # -- parts ---------------------------------------------------------------------------------
    def _grouped(self, sql: str, params: dict[str, str]) -> dict[str, int]:
        return {(key or UNKNOWN): n for key, n in self.s.all(sql, params)}

    def _calls(self, span: dict[str, str]) -> CallTallies:
        tallies = CallTallies()
        rows = self.s.all(
            f"SELECT line, age_band, county, triage, {RISK_KEY}, lower(trim(caller_relation)), "
            "count(*) FROM calls WHERE received_at >= :start AND received_at < :end "
            "GROUP BY 1, 2, 3, 4, 5, 6", span)
        for line, band, county, triage, risk, relation, n in rows:
            tallies.total += n
            for counter, key in ((tallies.by_line, line), (tallies.by_age_band, band),
                                 (tallies.by_county, county), (tallies.by_triage, triage),
                                 (tallies.by_risk, risk), (tallies.by_relation, relation)):
                key = key or UNKNOWN
                counter[key] = counter.get(key, 0) + n
        tallies.persons = self._persons(span)
        return tallies

    def _persons(self, span: dict[str, str]) -> int:
        return self.s.scalar(
            "SELECT count(DISTINCT person_id) FROM calls WHERE received_at >= :start "
            "AND received_at < :end AND person_id IS NOT NULL", span)

    def _care(self, span: dict[str, str]) -> CareTallies:
        """Face-to-face responses of the period (index v0010) and what followed within 24 h;
        repeat episodes; successful contacts and their minutes by mode."""
        f2f, plans, followups = self.s.one(
            "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM safety_plans p "
            "  WHERE p.episode_id = e.id AND julianday(p.created_at) "
            "  <= julianday(e.face_to_face_at) + 1)), 0), "
            "coalesce(sum(EXISTS (SELECT 1 FROM followups f WHERE f.episode_id = e.id "
            "  AND f.done_at >= e.face_to_face_at "
            "  AND julianday(f.done_at) <= julianday(e.face_to_face_at) + 1)), 0) "
            "FROM episodes e WHERE e.face_to_face_at >= :start AND e.face_to_face_at < :end",
            span)
        repeat_30, repeat_90 = self.s.one(
            "SELECT coalesce(sum(gap <= 30), 0), coalesce(sum(gap <= 90), 0) FROM ("
            "  SELECT julianday(e.opened_at) - (SELECT max(julianday(p.opened_at)) FROM episodes p "
            "    WHERE p.person_id = e.person_id AND p.opened_at < e.opened_at) AS gap "
            "  FROM episodes e WHERE e.opened_at >= :start AND e.opened_at < :end "
            "  AND e.person_id IS NOT NULL)", span)
        contacts = self.s.all(
            "SELECT mode, count(*), sum(minutes) FROM contacts WHERE at >= :start AND at < :end "
            "AND successful = 1 GROUP BY mode", span)
        return CareTallies(face_to_face=f2f, safety_plan_24h=plans, followup_24h=followups,
                           repeat_30=repeat_30, repeat_90=repeat_90,
                           contacts_by_mode={m: n for m, n, _ in contacts},
                           minutes_by_mode={m: minutes or 0 for m, _, minutes in contacts})

    def _latest_close(self, end: str) -> str:
        """An upper bound on the closing time of any episode open at ``end``: no episode was
        ever longer than the longest one (found in O(log n) through v0004's episodes_length).
        Without it, finding the episodes open at the end of an old week would read every
        episode closed since."""
        longest = self.s.scalar("SELECT max(julianday(closed_at) - julianday(opened_at)) "
                                "FROM episodes") or 0.0
        bound = datetime.fromisoformat(end.replace("Z", "+00:00")) + timedelta(days=longest)
        return iso(bound + timedelta(seconds=1))  # julianday is a float: one second of slack

    def _episodes(self, span: dict[str, str]) -> EpisodeTallies:
        """Opened, closed and open time from the phase history as it stood in the period: a later
        reopening or closing does not rewrite it."""
        opened = self.s.scalar(
            "SELECT count(*) FROM episodes WHERE opened_at >= :start AND opened_at < :end", span)
        closings = self.s.all(
            "SELECT p.episode_id, p.started_at, e.closed_at, e.disposition, "
            "  julianday(p.started_at) - julianday((SELECT min(q.started_at) FROM episode_phases q "
            "    WHERE q.episode_id = p.episode_id AND q.phase = 'stabilization' "
            "    AND q.started_at < p.started_at)) "
            "FROM episode_phases p JOIN episodes e ON e.id = p.episode_id "
            "WHERE p.phase = 'closed' AND p.started_at >= :start AND p.started_at < :end", span)
        closed: dict[str, int] = {}
        for episode_id, at, closed_at, disposition, _days in closings:
            if closed_at != at:  # reopened since: that closing's disposition is in the audit
                disposition = self._past_disposition(episode_id, at)
            key = disposition or UNKNOWN
            closed[key] = closed.get(key, 0) + 1
        episodes, open_days = self._open_time(span)
        return EpisodeTallies(opened=opened, closed=len(closings), closed_by_disposition=closed,
                              open_episodes=episodes, open_days_by_phase=open_days,
                              period_days=(parse_iso(span["end"]) - parse_iso(span["start"]))
                              .total_seconds() / 86400,
                              stabilization_days=[r[4] for r in closings if r[4] is not None])

    def _past_disposition(self, episode_id: int, closed_at: str) -> str | None:
        for (detail,) in self.s.all(
                "SELECT detail FROM audit WHERE entity = 'episode' AND entity_id = ? "
                "AND action = 'episode.phase'", (str(episode_id),)):
            after = json.loads(detail).get("after", {})
            if after.get("closed_at") == closed_at:
                return after.get("disposition")
        return None

    def _open_time(self, span: dict[str, str]) -> tuple[int, dict[str, float]]:
        """Episodes open at some time in the period, and the episode-days spent in each phase
        within it, from each episode's phase history (a phase lasts until the episode's next
        one), summed by SQLite. Candidates: opened before the end and not closed (for good)
        before the start, in two index ranges (see _latest_close)."""
        rows = self.s.all(
            "WITH phases AS (SELECT p.episode_id, p.phase, p.started_at, lead(p.started_at) "
            "  OVER (PARTITION BY p.episode_id ORDER BY p.started_at, p.id) AS until "
            "  FROM episode_phases p WHERE p.episode_id IN ("
            "    SELECT id FROM episodes WHERE closed_at >= :start AND closed_at < :latest_close "
            "    AND opened_at < :end "
            "    UNION ALL "
            "    SELECT id FROM episodes WHERE closed_at IS NULL AND opened_at < :end"
            "  ) AND p.started_at < :end), "
            "overlaps AS (SELECT episode_id, phase, "
            "  min(CAST(strftime('%s', coalesce(until, :end)) AS INTEGER), :end_s) "
            "  - max(CAST(strftime('%s', started_at) AS INTEGER), :start_s) AS seconds "
            "  FROM phases WHERE phase <> 'closed') "
            "SELECT phase, sum(seconds), NULL FROM overlaps WHERE seconds > 0 GROUP BY phase "
            "UNION ALL "
            "SELECT NULL, NULL, count(DISTINCT episode_id) FROM overlaps WHERE seconds > 0",
            {**span, "latest_close": self._latest_close(span["end"]),
             "start_s": int(parse_iso(span["start"]).timestamp()),
             "end_s": int(parse_iso(span["end"]).timestamp())})
        days = {phase: total / 86400 for phase, total, _n in rows if phase is not None}
        return next(n for phase, _t, n in rows if phase is None), days


class ReportRuns(Repo):
    """One row per report week made by the scheduled job, so it runs once however many
    processes (TUI sessions, ``mrss worker``) schedule it."""

    STALE_CLAIM = timedelta(minutes=15)

    def get(self, week: str) -> dict | None:
        row = self.s.one("SELECT * FROM report_runs WHERE week = ?", (week,))
        return dict(row) if row else None

    def claim(self, actor: str, week: str, now: datetime) -> bool:
        """Take the week for this process; False if another has it (or finished it). A claim
        left unfinished for STALE_CLAIM (a crashed process) may be taken over."""
        with self.s.atomic():
            taken = self.s.conn.execute(
                "INSERT OR IGNORE INTO report_runs(week, generated_at, path, emailed) "
                "VALUES (?, ?, '', 0)", (week, iso(now))).rowcount
            if not taken:
                taken = self.s.conn.execute(
                    "UPDATE report_runs SET generated_at = ? WHERE week = ? AND path = '' "
                    "AND generated_at < ?", (iso(now), week, iso(now - self.STALE_CLAIM))).rowcount
            if taken:
                self.s.audit(actor, "report.claim", "report_run", week)
        return bool(taken)

    def release(self, actor: str, week: str) -> None:
        """Give up an unfinished claim (the report could not be written) so a later run retries."""
        with self.s.atomic():
            if self.s.conn.execute("DELETE FROM report_runs WHERE week = ? AND path = ''",
                                   (week,)).rowcount:
                self.s.audit(actor, "report.release", "report_run", week)

    def written(self, actor: str, week: str, path: str, now: datetime) -> None:
        with self.s.atomic():
            self.s.conn.execute("UPDATE report_runs SET path = ?, generated_at = ? WHERE week = ?",
                                (path, iso(now), week))
            self.s.audit(actor, "report.write", "report_run", week, path=path)

    def emailed(self, actor: str, week: str) -> None:
        with self.s.atomic():
            self.s.conn.execute("UPDATE report_runs SET emailed = 1 WHERE week = ?", (week,))
            self.s.audit(actor, "report.email", "report_run", week)


class PublishedFigures(Repo):
    """What was first published for each period ('2026-W47', 'month 2026-11'...), figure by
    figure, as printed: aggregates only."""

    def first(self, period: str) -> dict[str, str]:
        """Every figure first published for the period ('section|figure key' -> text)."""
        return dict(self.s.all("SELECT key, shown FROM report_figures WHERE period = ?",
                               (period,)))


    def record(self, actor: str, period: str, shown: dict[str, str], now: datetime) -> None:
        """Keep the first publication of each figure (later runs do not overwrite it)."""
        with self.s.atomic():
            inserted = 0
            for key, text in shown.items():
                inserted += self.s.conn.execute(
                    "INSERT OR IGNORE INTO report_figures(period, key, shown, published_at) "
                    "VALUES (?, ?, ?, ?)", (period, key, text, iso(now))).rowcount
            if inserted:
                self.s.audit(actor, "report.publish", "report_run", period, figures=inserted)


REPOS = {"report_counts": ReportCounts, "report_runs": ReportRuns,
         "published_figures": PublishedFigures}
