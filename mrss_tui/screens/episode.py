"""One episode: phase and countdown, team, safety plan, next follow-up, and the timeline of
everything that happened (who and when). Keys log a contact, open the safety plan, move on,
close or reopen."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from mrss_tui.domain.enums import Phase, label
from mrss_tui.domain.records import episode_ref
from mrss_tui.screens.base import WRITING_HOLDS_NO_KEYS, MrssScreen
from mrss_tui.widgets.episode_format import countdown, due_text, kind_text, phase_badge
from mrss_tui.widgets.call_facts import CallFactsView
from mrss_tui.widgets.risk_text import risk_summary_text
from mrss_tui.widgets.quiet import show_if_changed
from mrss_tui.workflow.disclosures import record_episode_screen
from mrss_tui.workflow.episodes import EpisodeDetail, episode_detail
from mrss_tui.workflow.permissions import Action
from mrss_tui.widgets.safe import SafeTable, plain

class EpisodeScreen(MrssScreen):
    CSS_PATH = "episodes.tcss"
    AUTO_FOCUS = "#ep-timeline"  # the call facts above it scroll too, but only when tabbed to
    BINDINGS = [
        Binding("escape", "back", "Back", id="episode.back", tooltip="Back to the list"),
        Binding("c", "contact", "Contact", id="episode.contact",
                tooltip="Record a contact (mode, staff, services, minutes, risk, note)"),
        Binding("s", "safety_plan", "Plan", id="episode.safety_plan",
                tooltip="Open the safety plan editor (every save is a new version)"),
        Binding("f", "followup", "Follow-up", id="episode.followup",
                tooltip="Plan a follow-up by hand (the rules plan the usual ones)"),
        Binding("n", "move_on", "Stabilize", id="episode.move_on",
                tooltip="Move from crisis to stabilization"),
        Binding("x", "close_episode", "Close", id="episode.close",
                tooltip="Close the episode with its disposition"),
        Binding("o", "reopen", "Reopen", id="episode.reopen", tooltip="Reopen a closed episode"),
        Binding("p", "page_team", "Page team", id="episode.page",
                tooltip="Page the on-call team for this episode (proposes who is on call now)"),
        Binding("r", "refer", "Refer", id="episode.refer",
                tooltip="Suggest services that fit this person's age band and county, and refer"),
        Binding("R", "referrals", "Referrals", id="episode.referrals", show=False,
                tooltip="Referrals of this episode: change status, print the list"),
        Binding("ctrl+o", "print_episode", "Print", id="episode.print", show=False,
                tooltip="Write the episode's record (intake, timeline, vitals) as text and PDF"),
    ]

    def __init__(self, episode_id: int) -> None:
        super().__init__()
        self.episode_id = episode_id
        self.detail: EpisodeDetail | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="ep-head")
        yield Static(id="ep-who")
        yield Static(id="ep-care")
        yield CallFactsView(id="ep-intake")
        yield SafeTable(id="ep-timeline", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="ep-entry-box"):  # a long note scrolls, never loses its end
            yield Static(id="ep-entry")

    def on_mount(self) -> None:
        table = self.query_one("#ep-timeline", DataTable)
        table.add_column("When", key="when", width=16)
        table.add_column("What", key="what", width=40)
        table.add_column("Who", key="who", width=12)
        self.run_db(self._record_view, group="episode-view")
        super().on_mount()
        self.set_interval(30.0, self._tick)

    def _record_view(self, session) -> None:
        """Opening an episode shows a person's record: that access is audited, once per visit."""
        record_episode_screen(session, self.episode_id, "episode")

    def refresh_data(self) -> None:
        self.run_db(lambda s: episode_detail(s, self.episode_id), self.show_detail,
                    group="episode")

    def show_detail(self, detail: EpisodeDetail) -> None:
        if detail == self.detail:
            return  # another session wrote elsewhere: nothing here to redraw
        self.detail = detail
        self._header()
        table = self.query_one("#ep-timeline", SafeTable)
        keep = table.cursor_row
        now = self.session.now()
        with table.filling():
            table.clear()
            for entry in detail.timeline:
                when = self.local(entry.at, with_day=True)
                style = "dim" if entry.at > now else ""
                table.add_row(Text(when, style=style), Text(entry.text, style=style), entry.by)
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)) if keep else
                          self._now_row(detail))
        self._show_entry(table.cursor_row)  # now, not only when the highlight event arrives
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_entry(event.cursor_row)

    def _show_entry(self, row: int) -> None:
        """The whole of the chosen entry (notes and vitals do not fit a table cell)."""
        if self.detail is None or not 0 <= row < len(self.detail.timeline):
            return
        entry = self.detail.timeline[row]
        self.query_one("#ep-entry", Static).update(
            plain(Text(f"{entry.text}" + (f"  (recorded by {entry.by})" if entry.by else ""))))

    def _now_row(self, detail: EpisodeDetail) -> int:
        """Open on the last thing that happened (future follow-ups come after it, dimmed)."""
        now = self.session.now()
        past = [i for i, entry in enumerate(detail.timeline) if entry.at <= now]
        return past[-1] if past else 0

    def _header(self) -> None:
        detail = self.detail
        if detail is None:
            return
        episode, config, now = detail.episode, self.session.config, self.session.now()
        warn = (timedelta(hours=config.followups.crisis_ending_warn_hours)
                if episode.phase is Phase.CRISIS
                else timedelta(days=config.followups.stabilization_ending_warn_days))
        head = Text.assemble((episode_ref(episode.id), "bold"), " ", phase_badge(episode.phase), " ")
        if episode.phase is Phase.CLOSED:
            head.append(f"closed {self.local(episode.closed_at, with_day=True)}: "
                        f"{label(episode.disposition) if episode.disposition else '-'}")
        else:
            head.append_text(countdown(detail.deadline, now, warn=warn))
            if detail.deadline is not None:
                head.append(f"  ends {self.local(detail.deadline, with_day=True)}", style="dim")
        show_if_changed(self.query_one("#ep-head", Static), head)
        name = detail.person.display_name if detail.person else "(unnamed)"
        team = ", ".join(f"{s.name} ({label(s.role)})" for s in detail.team) or "no team yet"
        show_if_changed(self.query_one("#ep-who", Static), plain(Text.assemble(
            (name, "bold"), f" · {detail.town or '-'} · {detail.call_ref} · ", ("Team: ", "dim"),
            team)))
        show_if_changed(self.query_one("#ep-care", Static), self._care_line(detail))
        self.query_one(CallFactsView).show(detail.facts)

    def _care_line(self, detail: EpisodeDetail) -> Text:
        now, zone = self.session.now(), self.session.config.zone
        plan = (Text(f"Safety plan v{detail.plan.version_no}", style="green") if detail.plan
                else Text("NO SAFETY PLAN", style="bold yellow"))
        line = risk_summary_text(detail.risk, zone)
        line.append("\n")
        line.append_text(plan)
        line.append(" · ")
        if detail.pending:
            first = detail.pending[0]
            line.append(f"Next: {kind_text(first.kind, first.note)} ")
            line.append_text(due_text(first.due_at, now, zone))
            if len(detail.pending) > 1:
                line.append(f" (+{len(detail.pending) - 1} more)", style="dim")
        else:
            line.append("No follow-up planned", style="dim")
        if detail.needs_medical_screen:
            line.append(" · medical screen due with the first face-to-face contact", style="yellow")
        if detail.reassess_screener:
            line.append(" · C-SSRS re-assessment due (the call's screener had unknowns)",
                        style="bold yellow")
        return line

    def _tick(self) -> None:
        self._header()

    # -- actions -----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the phase allows (hidden keys are not shown in the footer)."""
        if self.detail is None:
            return True
        phase = self.detail.episode.phase
        if action in ("contact", "followup", "move_on", "close_episode"):
            if phase is Phase.CLOSED:
                return False
            if action == "move_on":
                return phase is Phase.CRISIS
        if action == "reopen":
            return phase is Phase.CLOSED
        if action == "page_team":
            return phase is not Phase.CLOSED and self.app.may(Action.PAGE_TEAM)
        if action == "refer":
            return phase is not Phase.CLOSED and self.app.may(Action.REFER)
        if action == "referrals":
            return self.app.may(Action.REFER)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_contact(self) -> None:
        from mrss_tui.screens.contact_form import ContactFormScreen

        if self.detail is not None:
            self.app.push_screen(ContactFormScreen(self.detail), self._after_change)

    def action_safety_plan(self) -> None:
        from mrss_tui.screens.safety_plan import SafetyPlanScreen

        self.app.push_screen(SafetyPlanScreen(self.episode_id))

    def action_followup(self) -> None:
        from mrss_tui.screens.followup_form import FollowupFormScreen

        if self.detail is not None:
            self.app.push_screen(FollowupFormScreen(self.detail.episode), self._after_change)

    def _phase(self, to: Phase) -> None:
        from mrss_tui.screens.phase_form import PhaseFormScreen

        if self.detail is not None:
            self.app.push_screen(PhaseFormScreen(self.detail.episode, to), self._after_change)

    def action_move_on(self) -> None:
        self._phase(Phase.STABILIZATION)

    def action_close_episode(self) -> None:
        self._phase(Phase.CLOSED)

    def action_reopen(self) -> None:
        self._phase(Phase.CRISIS)

    def action_page_team(self) -> None:
        from mrss_tui.screens.page_team import PageTeamModal

        if self.detail is None:
            return
        call_id = self.detail.episode.call_id
        self.run_db(lambda session: session.store.calls.get(call_id),
                    lambda call: self.app.push_screen(PageTeamModal(call, self.episode_id),
                                                      self._after_paging))

    def _after_paging(self, result: object) -> None:
        if result is not None:
            self.app.data_written()  # type: ignore[attr-defined]

    def action_refer(self) -> None:
        from mrss_tui.screens.refer import ReferScreen

        self.app.push_screen(ReferScreen(self.episode_id), self._after_paging)

    def action_referrals(self) -> None:
        from mrss_tui.screens.refer import EpisodeReferralsScreen

        self.app.push_screen(EpisodeReferralsScreen(self.episode_id), self._after_paging)

    def action_print_episode(self) -> None:
        from mrss_tui.workflow.episode_print import export_episode

        self.run_db(lambda s: export_episode(s, self.episode_id),
                    lambda paths: self.notify(f"Episode record written:\n{paths[1]}", timeout=10),
                    group="episode-print", hold_keys=WRITING_HOLDS_NO_KEYS)

    def _after_change(self, message: str | None) -> None:
        if message:
            self.notify(message, title=episode_ref(self.episode_id))
            self.app.data_written()  # type: ignore[attr-defined]
