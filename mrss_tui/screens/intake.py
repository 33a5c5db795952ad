"""Intake: one keyboard-driven screen in the order a call goes.

Callback number first (in case the call drops), line, caller, person, location, situation,
dispatch essentials, C-SSRS, acuity, triage. Every change is saved as a draft within a second;
ctrl+s records the call and, for a mobile dispatch, opens "Page team".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static

from mrss_tui.domain.risk_others import INSTRUMENT as OTHERS_INSTRUMENT, others_level
from mrss_tui.domain.risk_others import suggested_acuity as both_acuity
from mrss_tui.domain.enums import Acuity, Line, RiskLevel, Triage, label
from mrss_tui.errors import AlreadyRecorded, ValidationFailed
from mrss_tui.screens.base import MrssScreen
from mrss_tui.screens.draft_order import DraftOrder
from mrss_tui.screens.intake_dialogs import ConfirmModal
from mrss_tui.screens.intake_matches import EarlierRecords, show_note
from mrss_tui.screens.intake_notes import IntakeNotes
from mrss_tui.widgets.choice import YES_NO, ChoiceField, CssrsField, FieldInput, Option
from mrss_tui.widgets.form_scroll import FormScroll
from mrss_tui.widgets.intake_program import age_note, age_placeholder, triage_options
from mrss_tui.widgets.risk_others_field import RiskOthersField
from mrss_tui.workflow.duplicates import RepeatCall
from mrss_tui.workflow.intake import (
    IntakeForm,
    IntakeResult,
    Match,
    discard_draft,
    new_form,
    record_call,
    resolve_town,
    save_draft,
    screener_state,
)
from mrss_tui.workflow.permissions import Action
from mrss_tui.domain.plain_text import strip_controls

DRAFT_SAVE_SECONDS = 0.5  # a change reaches the database within a second

LINE_OPTIONS = [Option("1", Line.L988, "988"), Option("2", Line.L211, "2-1-1"),
                Option("9", Line.L911, "911"), Option("d", Line.DIRECT, "Direct"),
                Option("w", Line.WALK_IN, "Walk-in"), Option("o", Line.OTHER, "Other")]
ACUITY_OPTIONS = [Option("e", Acuity.EMERGENT, "Emergent"), Option("u", Acuity.URGENT, "Urgent"),
                  Option("r", Acuity.ROUTINE, "Routine")]
TEXT_FIELDS = ["callback_number", "caller_name", "caller_relation", "person_name", "born_or_age",
               "address", "town", "situation", "hazards", "incident_number", "transferred_to"]
YES_NO_FIELDS = ["weapons", "violence_history", "substance_use", "police_needed"]


class IntakeScreen(EarlierRecords, IntakeNotes, MrssScreen):
    letter_nav = False  # a form: letters are typed, not used to jump screens
    nav_id = "intake"
    CSS_PATH = "intake.tcss"
    BINDINGS = [
        Binding("ctrl+s", "record", "Record call", id="intake.record",
                tooltip="Check and record the call; a mobile dispatch then pages the team"),
        Binding("ctrl+l", "matches", "Earlier records", id="intake.matches",
                tooltip="Go to the earlier persons and calls that match, to link this call"),
        Binding("escape", "leave", "Board", id="intake.leave",
                tooltip="Back to the board; this call stays as a draft"),
        # Priority: a text field has the focus nearly always, and its own ctrl+d (delete the
        # character to the right) took the key, so Discard never happened. Not in the footer
        # (a priority key would come first there, pushing F2 off an 80-column line); ? lists it.
        Binding("ctrl+d", "discard", "Discard", id="intake.discard", priority=True, show=False,
                tooltip="Throw this intake away (asks first)"),
    ]

    def __init__(self, resume: IntakeForm | None = None, *, spare: bool = False) -> None:
        """``spare``: built ahead in idle time (screens/intake_spare.py); the call begins when
        ``begin_call`` is called, just before it is shown."""
        super().__init__()
        self._resume = resume  # the unfinished call to go on with, or None for a new one
        self._begun = not spare
        self.person_id: int | None = None
        self.received_at = ""
        self.draft_id = ""  # this intake's id: it can become a call only once
        self._saving = True  # drafts are written until the call is recorded or discarded
        self._dirty = False
        self._draft_order = DraftOrder()  # the timer's saves and a hang-up's, in order
        self._risk: RiskLevel | None = None
        self._others: RiskLevel | None = None
        self._acuity_chosen = False
        self._matches: list[Match] = []
        self._lookup_timer = None
        self._people_shown: set[int] = set()
        self._missing: set[str] = set()  # fields this program's form does not have

    # -- layout -------------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        config = self.session.config
        yield Static(id="risk-bar")
        with FormScroll(id="intake-form"):
            yield from self._row("Callback #", FieldInput(id="callback_number",
                                 placeholder="the number to call back, first"), "callback_number")
            yield Static(id="phone-note", classes="note")
            yield from self._row("Line", ChoiceField(LINE_OPTIONS, id="line"), "line")
            if config.response.record_911_incident:
                yield from self._row("911 incident", FieldInput(id="incident_number"),
                                     "incident_number")
            yield from self._row("Caller", FieldInput(id="caller_name", placeholder="name"),
                                 "caller_name")
            yield from self._row("Relation", FieldInput(id="caller_relation",
                                 placeholder="mother, school, self, police..."), "caller_relation")
            yield from self._row("Person", FieldInput(id="person_name",
                                 placeholder="name, or 'unknown'"), "person_name")
            yield Static(id="link-note", classes="note")
            yield from self._row("Born / age", FieldInput(id="born_or_age",
                                 placeholder=age_placeholder(config)), "born_or_age")
            yield Static(id="age-note", classes="note")
            yield from self._row("Address", FieldInput(id="address",
                                 placeholder="street, or how to get there"), "address")
            yield from self._row("Town", FieldInput(id="town", suggester=SuggestFromList(
                [t.name for t in config.towns], case_sensitive=False)), "town")
            yield Static(id="town-note", classes="note")
            yield from self._row("Situation", FieldInput(id="situation",
                                 placeholder="presenting behaviour (goes on the team's page)"),
                                 "situation")
            yield from self._row("Weapons", ChoiceField(YES_NO, id="weapons"), "weapons")
            yield from self._row("Dogs/hazards", FieldInput(id="hazards"), "hazards")
            yield from self._row("Violence hx", ChoiceField(YES_NO, id="violence_history"),
                                 "violence_history")
            yield from self._row("Substances", ChoiceField(YES_NO, id="substance_use"),
                                 "substance_use")
            yield from self._row("Police needed", ChoiceField(YES_NO, id="police_needed"),
                                 "police_needed")
            yield Static("C-SSRS screener (past month)  [dim]y / n / u unknown; backspace "
                         "undoes[/]",
                         classes="section")
            yield CssrsField(id="cssrs")
            yield Static(id="problem-cssrs", classes="problem")
            if config.response.screen_risk_to_others:
                yield Static(f"Risk to others: {OTHERS_INSTRUMENT}  [dim]y / n / u unknown[/]",
                             classes="section")
                yield RiskOthersField(id="risk_others")
            yield from self._row("Acuity", ChoiceField(ACUITY_OPTIONS, id="acuity",
                                 hint="enter keeps"), "acuity")
            yield from self._row("Triage", ChoiceField(triage_options(config), id="triage"),
                                 "triage")
            if config.program.out_of_area_providers:
                yield from self._row("Transferred to", FieldInput(
                    id="transferred_to", placeholder="out of area: the provider it went to",
                    suggester=SuggestFromList(config.program.provider_names,
                                              case_sensitive=False)), "transferred_to")
                yield Static(id="transfer-note", classes="note")
            yield Static(id="problem-received_at", classes="problem")
        with Vertical(id="matches"):
            yield Static("Earlier records  [dim]ctrl+l, then enter links this call[/]",
                         id="matches-title")
            yield OptionList(id="match-list")

    def _row(self, title: str, control: Widget, field: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(title, classes="field-label")
            yield control
        yield Static(id=f"problem-{field}", classes="problem")

    def on_mount(self) -> None:
        try:
            self.query_one("#matches").display = False
            self._show_risk()
            if self._begun:
                self._begin()
        except NoMatches:
            # The app is ending (a hang-up, a quit) while a spare form was still being built:
            # its widgets are being taken down before it was ever shown. Nothing to set up.
            if not (getattr(self.app, "_exit", False) or self._closing):
                raise

    def begin_call(self, resume: IntakeForm | None = None) -> None:
        """A spare form (never shown, nothing typed into it) becomes this call's form."""
        if self._begun:
            raise RuntimeError("an intake form takes one call only")
        self._begun = True
        self._resume = resume
        self._begin()

    def _begin(self) -> None:
        # The response clock starts when the intake opens; the coordinator may type at once.
        blank = new_form(self.session)
        self.received_at = blank.received_at
        self.draft_id = blank.draft_id
        self.set_interval(DRAFT_SAVE_SECONDS, self._save_draft_if_changed)
        line = self.query_one("#line", ChoiceField)
        line.set_reactive(ChoiceField.value, blank.line)
        line.refresh()
        # An unfinished call was looked up (and the resume question asked) before this form
        # was shown: screens/intake_open.py.
        if self._resume is not None:
            self._restore(self._resume)
        self.query_one("#callback_number", Input).focus()

    def refresh_data(self) -> None:
        """Nothing to reload: the form is the user's own input."""

    when_left: Callable[[], None] | None = None  # called once the form is gone (it is removed)

    def on_unmount(self) -> None:
        if self.when_left is not None:
            self.when_left()

    # -- drafts ---------------------------------------------------------------------------------------
    def _restore(self, form: IntakeForm) -> None:
        self.received_at = form.received_at
        self.draft_id = form.draft_id or self.draft_id  # drafts from before ids had none
        self.person_id = form.person_id
        for name in TEXT_FIELDS:
            if (field := self._present(f"#{name}")) is not None:
                field.value = strip_controls(getattr(form, name))
        for name in ["line", "acuity", "triage", *YES_NO_FIELDS]:
            self.query_one(f"#{name}", ChoiceField).value = getattr(form, name)
        self.query_one(CssrsField).answers = form.cssrs
        if (others := self._present("#risk_others")) is not None:
            others.answers = form.risk_others
        self._acuity_chosen = form.acuity is not None
        self._show_link()

    def current_form(self) -> IntakeForm:
        values: dict[str, object] = {"received_at": self.received_at, "person_id": self.person_id,
                                     "draft_id": self.draft_id}
        for name in TEXT_FIELDS:
            if (field := self._present(f"#{name}")) is not None:
                values[name] = field.value
        for name in ["line", "acuity", "triage", *YES_NO_FIELDS]:
            values[name] = self.query_one(f"#{name}", ChoiceField).value
        values["cssrs"] = self.query_one("#cssrs", CssrsField).answers
        if (others := self._present("#risk_others")) is not None:
            values["risk_others"] = others.answers
        return IntakeForm.model_validate(values)

    def _changed(self) -> None:
        self._dirty = True

    def _save_draft_if_changed(self) -> None:
        if not (self._dirty and self._saving):
            return
        self._dirty = False
        form, number = self.current_form(), self._draft_order.take()
        # On the app, not the screen: a save started just before leaving still completes.
        self.app.run_db(self.app,  # type: ignore[attr-defined]
                        lambda s: self._draft_order.write(number, lambda: save_draft(s, form)),
                        self._draft_saved, group="intake-draft")

    def save_draft(self) -> None:
        """Now, on this thread: the idle lock or a dropped link (screens/hang_up.py)."""
        if self._saving and not (form := self.current_form()).is_blank():
            self._dirty = False
            number = self._draft_order.take()
            self._draft_order.write(number, lambda: save_draft(self.session, form))

    def _draft_saved(self, recorded_as: str | None) -> None:
        if recorded_as is not None and self._saving:
            self._already_recorded(AlreadyRecorded(recorded_as))

    def _already_recorded(self, exc: AlreadyRecorded) -> None:
        """Another session (or this one, before its link froze) recorded this intake."""
        self._saving = False
        self.notify(str(exc), title="Already recorded", severity="warning", timeout=10)

    # -- reacting to input ------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        self._clear_problem(field)
        if field == "callback_number":
            self._show_phone(event.value)
            self._schedule_lookup()
        elif field == "person_name":
            self._schedule_lookup()
        elif field == "town":
            self._show_town()
            self._show_transfer()
        elif field == "transferred_to":
            self._show_transfer()
        elif field == "born_or_age":
            show_note(self.query_one("#age-note", Static), Text(
                age_note(self.session.config, event.value, self.session.now()), style="yellow"))
        self._changed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "town":
            # The input's value now, not the event's: with fast typing, enter is handled before
            # the last characters reach the input (see FieldInput).
            typed = event.input.value
            town = resolve_town(self.session.config, typed)
            if town is not None and town.name != typed:
                event.input.value = town.name

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        field = event.field.id or ""
        self._clear_problem(field)
        if field == "acuity":
            self._acuity_chosen = event.value is not None
        if field == "police_needed":
            self._show_town()
        if field == "triage":
            self._show_transfer()
        self._changed()

    def on_cssrs_field_changed(self, event: CssrsField.Changed) -> None:
        self._clear_problem("cssrs")
        risk, _next = screener_state(event.answers)
        self._risks_changed(risk, self._others)

    def on_risk_others_field_changed(self, event: RiskOthersField.Changed) -> None:
        others = others_level(event.answers) if event.answers.answered() else None
        self._risks_changed(self._risk, others)

    def _risks_changed(self, risk: RiskLevel | None, others: RiskLevel | None) -> None:
        """Either screen moved: the bar, the acuity preset (from the higher) and the bell."""
        high = RiskLevel.HIGH
        became_high = (high in (risk, others)) and high not in (self._risk, self._others)
        self._risk, self._others = risk, others
        self._show_risk()
        preset = both_acuity(risk, others)
        if preset is not None and not self._acuity_chosen:
            acuity = self.query_one("#acuity", ChoiceField)
            acuity.set_reactive(ChoiceField.value, preset)
            acuity.refresh()
        if became_high:
            self.app.bell()
        self._changed()

    # -- recording --------------------------------------------------------------------------------------------
    def action_record(self, choice: dict | None = None) -> None:
        form = self.current_form()
        if choice:  # the coordinator's answer about a repeat call
            form = form.model_copy(update=choice)

        def work(session):
            try:
                return record_call(session, form)
            except (ValidationFailed, AlreadyRecorded) as exc:
                return exc

        # Keys typed while the call is saved (ctrl+s then p) go to Page team, or are dropped.
        self.run_db(work, self._recorded, group="intake-record", hold_keys="save")

    def _recorded(self, outcome: IntakeResult | ValidationFailed | AlreadyRecorded) -> None:
        if isinstance(outcome, AlreadyRecorded):
            self._already_recorded(outcome)
            return
        if isinstance(outcome, RepeatCall):
            from mrss_tui.screens.repeat_call import RepeatCallModal

            self.app.push_screen(RepeatCallModal(outcome),
                                 lambda choice: choice and self.action_record(choice))
            return
        if isinstance(outcome, ValidationFailed):
            self._show_problems(outcome)
            return
        self._saving = False  # the draft went with the recorded call; do not write it again
        call = outcome.call
        self.notify(f"Call {call.ref} recorded ({label(call.triage)}).", timeout=5)
        for warning in outcome.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self.app.data_written()  # type: ignore[attr-defined]
        if call.triage is Triage.MOBILE_DISPATCH and self.app.may(Action.PAGE_TEAM):  # type: ignore[attr-defined]
            from mrss_tui.screens.page_team import PageTeamModal

            self.app.push_screen(PageTeamModal(call, outcome.episode.id if outcome.episode
                                               else None), self._after_paging)
        else:
            self.app.action_go("board")  # type: ignore[attr-defined]

    def _after_paging(self, _result: object) -> None:
        self.app.action_go("board")  # type: ignore[attr-defined]

    def _show_problems(self, exc: ValidationFailed) -> None:
        if "callback_number" in exc.problems:
            show_note(self.query_one("#phone-note", Static), "")  # the problem says it already
        first = None
        for field, problem in exc.problems.items():
            target = self.query(f"#problem-{field}")
            if target:
                show_note(target.first(Static), Text(f"  ! {problem}", style="bold red"))
                first = first or field
        self.notify(str(exc), title="Not recorded yet", severity="warning", timeout=5)
        if first is not None and self.query(f"#{first}"):
            self.query_one(f"#{first}").focus()
            self.query_one(f"#{first}").scroll_visible()

    def _clear_problem(self, field: str) -> None:
        problem = self._present(f"#problem-{field}")
        if problem is not None and problem.display:  # hidden: it says nothing already
            show_note(problem, "")

    def _present(self, selector: str) -> Any:
        """The widget, if the program's form has it. Run on every change while typing: a
        found widget is cached by Textual, a missing one here; ``self.query`` walks the form."""
        if selector in self._missing:
            return None
        try:
            return self.query_one(selector)
        except NoMatches:
            self._missing.add(selector)
            return None

    # -- leaving ------------------------------------------------------------------------------------------
    def action_leave(self) -> None:
        self._save_draft_if_changed()
        if not self.current_form().is_blank():
            self.notify("The call is kept as a draft: F2 comes back to it.", timeout=4)
        self.app.action_go("board")  # type: ignore[attr-defined]

    def action_discard(self) -> None:
        def decided(discard: bool | None) -> None:
            if discard:
                self._saving = False
                number, order = self._draft_order.take(), self._draft_order
                self.app.run_db(self.app, lambda s: order.write(  # type: ignore[attr-defined]
                    number, lambda: discard_draft(s)))
                self.app.action_go("board")  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmModal("Throw this intake away? Nothing of it is kept.",
                                          "d", "Discard"), decided)


