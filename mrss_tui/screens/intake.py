"""Intake: one keyboard-driven screen in the order a call goes.

Callback number first (in case the call drops), line, caller, person, location, situation,
dispatch essentials, C-SSRS, acuity, triage. Every change is saved as a draft within a second;
ctrl+s records the call and, for a mobile dispatch, opens "Page team".
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from mrss_tui.domain.cssrs import suggested_acuity
from mrss_tui.domain.enums import Acuity, Line, RiskLevel, Triage, label
from mrss_tui.domain.phones import check_phone
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.base import MrssScreen
from mrss_tui.widgets.choice import YES_NO, ChoiceField, CssrsField, FieldInput, Option
from mrss_tui.widgets.format import risk_text
from mrss_tui.workflow.intake import (
    IntakeForm,
    IntakeResult,
    Match,
    discard_draft,
    find_matches,
    load_draft,
    new_form,
    record_call,
    resolve_town,
    save_draft,
    screener_state,
    town_info,
)
from mrss_tui.workflow.permissions import Action

DRAFT_SAVE_SECONDS = 0.5  # a change reaches the database within a second
LOOKUP_DELAY_SECONDS = 0.3

LINE_OPTIONS = [Option("1", Line.L988, "988"), Option("2", Line.L211, "2-1-1"),
                Option("9", Line.L911, "911"), Option("d", Line.DIRECT, "Direct"),
                Option("w", Line.WALK_IN, "Walk-in"), Option("o", Line.OTHER, "Other")]
ACUITY_OPTIONS = [Option("e", Acuity.EMERGENT, "Emergent"), Option("u", Acuity.URGENT, "Urgent"),
                  Option("r", Acuity.ROUTINE, "Routine")]
TRIAGE_OPTIONS = [Option("m", Triage.MOBILE_DISPATCH, "Mobile"),
                  Option("p", Triage.PHONE_ONLY, "Phone only"),
                  Option("t", Triage.TRANSFER_911, "To 911/EMS"),
                  Option("r", Triage.REFERRAL_ONLY, "Referral"),
                  Option("i", Triage.INFORMATION, "Info")]
TEXT_FIELDS = ["callback_number", "caller_name", "caller_relation", "person_name", "born_or_age",
               "address", "town", "situation", "hazards", "incident_number"]
YES_NO_FIELDS = ["weapons", "violence_history", "substance_use", "police_needed"]


def _note(widget: Static, text: Text | str) -> None:
    """Notes and problems take a line only while they have something to say."""
    widget.update(text)
    widget.display = bool(str(text))


class IntakeScreen(MrssScreen):
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
        Binding("ctrl+d", "discard", "Discard", id="intake.discard",
                tooltip="Throw this intake away (asks first)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.person_id: int | None = None
        self.received_at = ""
        self._saving = True  # drafts are written until the call is recorded or discarded
        self._dirty = False
        self._risk: RiskLevel | None = None
        self._acuity_chosen = False
        self._matches: list[Match] = []
        self._lookup_timer = None

    # -- layout -------------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        config = self.session.config
        yield Static(id="risk-bar")
        with VerticalScroll(id="intake-form"):
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
                                 placeholder="2011-04-02, 4/2/2011 or an age: 14"), "born_or_age")
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
            yield Static("C-SSRS screener (past month)  [dim]y / n; backspace undoes[/]",
                         classes="section")
            yield CssrsField(id="cssrs")
            yield Static(id="problem-cssrs", classes="problem")
            yield from self._row("Acuity", ChoiceField(ACUITY_OPTIONS, id="acuity",
                                 hint="enter keeps"), "acuity")
            yield from self._row("Triage", ChoiceField(TRIAGE_OPTIONS, id="triage"), "triage")
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
        # The response clock starts when the intake opens; the coordinator may type at once.
        blank = new_form(self.session)
        self.received_at = blank.received_at
        self.query_one("#line", ChoiceField).set_reactive(ChoiceField.value, blank.line)
        self.query_one("#matches").display = False
        self._show_risk()
        self.set_interval(DRAFT_SAVE_SECONDS, self._save_draft_if_changed)
        self.run_db(load_draft, self._offer_draft, group="intake-load")
        self.query_one("#callback_number", Input).focus()

    def refresh_data(self) -> None:
        """Nothing to reload: the form is the user's own input."""

    # -- drafts ---------------------------------------------------------------------------------------
    def _offer_draft(self, found: tuple[IntakeForm, datetime] | None) -> None:
        """Offer an unfinished call; without one, leave alone whatever is being typed."""
        if found is None or found[0].is_blank():
            return
        form, saved_at = found

        def decided(resume: bool | None) -> None:
            if resume:
                self._restore(form)
                self.notify("Unfinished call restored.", timeout=4)
            else:
                self.app.run_db(self.app, discard_draft)  # type: ignore[attr-defined]

        self.app.push_screen(ResumeDraftModal(self.local(saved_at, with_day=True)), decided)

    def _restore(self, form: IntakeForm) -> None:
        self.received_at = form.received_at
        self.person_id = form.person_id
        for name in TEXT_FIELDS:
            if self.query(f"#{name}"):
                self.query_one(f"#{name}", Input).value = getattr(form, name)
        for name in ["line", "acuity", "triage", *YES_NO_FIELDS]:
            self.query_one(f"#{name}", ChoiceField).value = getattr(form, name)
        self.query_one(CssrsField).answers = form.cssrs
        self._acuity_chosen = form.acuity is not None
        self._show_link()

    def current_form(self) -> IntakeForm:
        values: dict[str, object] = {"received_at": self.received_at, "person_id": self.person_id}
        for name in TEXT_FIELDS:
            if self.query(f"#{name}"):
                values[name] = self.query_one(f"#{name}", Input).value
        for name in ["line", "acuity", "triage", *YES_NO_FIELDS]:
            values[name] = self.query_one(f"#{name}", ChoiceField).value
        values["cssrs"] = self.query_one(CssrsField).answers
        return IntakeForm.model_validate(values)

    def _changed(self) -> None:
        self._dirty = True

    def _save_draft_if_changed(self) -> None:
        if not (self._dirty and self._saving):
            return
        self._dirty = False
        form = self.current_form()
        # On the app, not the screen: a save started just before leaving still completes.
        self.app.run_db(self.app, lambda s: save_draft(s, form),  # type: ignore[attr-defined]
                        group="intake-draft")

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
        self._changed()

    def on_cssrs_field_changed(self, event: CssrsField.Changed) -> None:
        self._clear_problem("cssrs")
        risk, _next = screener_state(event.answers)
        became_high = risk is RiskLevel.HIGH and self._risk is not RiskLevel.HIGH
        self._risk = risk
        self._show_risk()
        if risk is not None and not self._acuity_chosen:
            acuity = self.query_one("#acuity", ChoiceField)
            acuity.set_reactive(ChoiceField.value, suggested_acuity(risk))
            acuity.refresh()
        if became_high:
            self.app.bell()
        self._changed()

    def _show_risk(self) -> None:
        bar = self.query_one("#risk-bar", Static)
        risk = self._risk
        bar.set_class(risk is RiskLevel.HIGH, "high")
        bar.set_class(risk is RiskLevel.MODERATE, "moderate")
        if risk is RiskLevel.HIGH:
            bar.update(Text(" RISK: HIGH - emergent response suggested; consider 911/EMS ",
                            style="bold"))
        else:
            bar.update(Text.assemble(" Risk: ", risk_text(risk),
                                     ("  (C-SSRS, updates as you answer)", "dim")))

    def _show_phone(self, text: str) -> None:
        note = self.query_one("#phone-note", Static)
        check = check_phone(text) if text.strip() else None
        if check is None:
            _note(note, "")
        elif check.problem and not check.e164:
            _note(note, Text(f"  ! {check.problem}", style="bold yellow"))
        elif not check.valid:
            _note(note, Text(f"  ! {check.display}: {check.problem}", style="bold yellow"))
        else:
            _note(note, Text(f"  {check.display}", style="green"))

    def _show_town(self) -> None:
        note = self.query_one("#town-note", Static)
        text = self.query_one("#town", Input).value
        town = resolve_town(self.session.config, text)
        police = self.query_one("#police_needed", ChoiceField).value
        if town is None:
            _note(note, Text("  not a town this line serves" if text.strip() else "",
                             style="yellow"))
        else:
            _note(note, Text(f"  {town.name}: {town_info(self.session.config, town, police)}",
                             style="cyan"))

    # -- earlier records ----------------------------------------------------------------------------------
    def _schedule_lookup(self) -> None:
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
        self._lookup_timer = self.set_timer(LOOKUP_DELAY_SECONDS, self._lookup)

    def _lookup(self) -> None:
        callback = self.query_one("#callback_number", Input).value
        name = self.query_one("#person_name", Input).value
        self.run_db(lambda s: find_matches(s, callback=callback, name=name), self._show_matches,
                    group="intake-lookup")

    def _show_matches(self, matches: list[Match]) -> None:
        self._matches = matches
        box = self.query_one("#matches")
        box.display = bool(matches)
        options = self.query_one("#match-list", OptionList)
        options.clear_options()
        for match in matches:
            options.add_option(ListOption(self._describe(match), id=str(match.person.id)))

    def _describe(self, match: Match) -> Text:
        person = match.person
        age = f", born {person.birth_date}" if person.birth_date else (
            f", ~{person.stated_age}" if person.stated_age is not None else "")
        text = Text.assemble((person.display_name, "bold"), age, f", {person.town or '?'}",
                             (f"  [{match.why}]", "dim"))
        if match.last_call is not None:
            text.append(f"  last call {match.last_call.ref} "
                        f"{self.local(match.last_call.received_at, with_day=True)}")
        for episode in match.open_episodes:
            text.append(f"  OPEN {episode.ref} ({label(episode.phase)})", style="bold magenta")
        return text

    def action_matches(self) -> None:
        if self._matches:
            self.query_one("#match-list", OptionList).focus()
        else:
            self.notify("No earlier records match the number or name typed.", timeout=3)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "match-list":
            return
        match = next(m for m in self._matches if str(m.person.id) == event.option.id)
        self.person_id = match.person.id
        name = self.query_one("#person_name", Input)
        if not name.value.strip() and match.person.name:
            name.value = match.person.name
        born = self.query_one("#born_or_age", Input)
        if not born.value.strip():
            born.value = (match.person.birth_date.isoformat() if match.person.birth_date else
                          str(match.person.stated_age or ""))
        self._show_link()
        self._changed()
        born.focus()

    def _show_link(self) -> None:
        note = self.query_one("#link-note", Static)
        if self.person_id is None:
            _note(note, "")
        else:
            _note(note, Text(f"  Linked to earlier person #{self.person_id} (no duplicate is "
                             "made; ctrl+l to change)", style="bold cyan"))

    # -- recording --------------------------------------------------------------------------------------------
    def action_record(self) -> None:
        form = self.current_form()

        def work(session):
            try:
                return record_call(session, form)
            except ValidationFailed as exc:
                return exc

        self.run_db(work, self._recorded, group="intake-record")

    def _recorded(self, outcome: IntakeResult | ValidationFailed) -> None:
        if isinstance(outcome, ValidationFailed):
            self._show_problems(outcome)
            return
        self._saving = False  # the draft went with the recorded call; do not write it again
        call = outcome.call
        self.notify(f"Call {call.ref} recorded ({label(call.triage)}).", timeout=5)
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
            _note(self.query_one("#phone-note", Static), "")  # the problem says it already
        first = None
        for field, problem in exc.problems.items():
            target = self.query(f"#problem-{field}")
            if target:
                _note(target.first(Static), Text(f"  ! {problem}", style="bold red"))
                first = first or field
        self.notify(str(exc), title="Not recorded yet", severity="warning", timeout=5)
        if first is not None and self.query(f"#{first}"):
            self.query_one(f"#{first}").focus()
            self.query_one(f"#{first}").scroll_visible()

    def _clear_problem(self, field: str) -> None:
        for problem in self.query(f"#problem-{field}").results(Static):
            _note(problem, "")

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
                self.app.run_db(self.app, discard_draft)  # type: ignore[attr-defined]
                self.app.action_go("board")  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmModal("Throw this intake away? Nothing of it is kept.",
                                          "d", "Discard"), decided)


def offer_unfinished_intake(screen: MrssScreen) -> None:
    """Once per start: if this staff member left a call unfinished, reopen intake to resume it."""
    app = screen.app
    if getattr(app, "_intake_draft_checked", False) or not app.may(Action.TAKE_CALL):  # type: ignore[attr-defined]
        return
    app._intake_draft_checked = True  # type: ignore[attr-defined]

    def found(draft: tuple[IntakeForm, datetime] | None) -> None:
        if draft is not None and not draft[0].is_blank():
            app.action_go("intake")  # type: ignore[attr-defined]

    screen.run_db(load_draft, found, group="intake-draft-check")


class ResumeDraftModal(ModalScreen[bool]):
    """Offered when an unfinished intake of this staff member is found."""

    BINDINGS = [
        Binding("enter", "dismiss(True)", "Resume", id="draft.resume",
                tooltip="Continue the unfinished call with everything typed so far"),
        Binding("n", "dismiss(False)", "New call", id="draft.new",
                tooltip="Start a new call; the unfinished one is thrown away"),
    ]

    def __init__(self, saved_at: str) -> None:
        super().__init__()
        self.saved_at = saved_at

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text.assemble(("Unfinished call", "bold"),
                                       f"\nYou were taking a call (last saved {self.saved_at}).\n",
                                       ("enter", "bold"), " resume it    ",
                                       ("n", "bold"), " start a new one (throws it away)"))


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "dismiss(False)", "Keep", id="confirm.no", tooltip="Do nothing"),
    ]

    def __init__(self, question: str, key: str, verb: str) -> None:
        super().__init__()
        self.question = question
        self.key = key
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text.assemble((self.question, "bold"), "\n", (self.key, "bold"),
                                       f" {self.verb.lower()}    ", ("escape", "bold"), " keep"))

    def on_key(self, event) -> None:
        if event.key == self.key:
            event.stop()
            self.dismiss(True)

