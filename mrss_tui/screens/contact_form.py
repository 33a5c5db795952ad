"""Log a contact: when, mode, staff, services, minutes, reached or not, the follow-up it
completes, an optional C-SSRS re-assessment, the paramedic's medical screen, a note."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Collapsible,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from mrss_tui.domain.cssrs import QUESTIONS, SHORT
from mrss_tui.domain.risk_summary import contact_risk_words
from mrss_tui.domain.enums import ContactMode, Role, Service, label
from mrss_tui.domain.models import Contact
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.form_base import FormModal, show_failure, submit
from mrss_tui.widgets.contact_extras import compose_extras, read_extras
from mrss_tui.widgets.episode_format import kind_text
from mrss_tui.widgets.marks import MarkedCheckbox, MarkedSelectionList
from mrss_tui.workflow.episodes import EpisodeDetail, log_contact

YES_NO = [("Yes", "yes"), ("No", "no")]
YES_NO_UNKNOWN = [*YES_NO, ("Unknown (cannot say)", "unknown")]
TIME_FORMAT = "%Y-%m-%d %H:%M"
VITALS = [("heart_rate", "Heart rate"), ("systolic", "BP systolic"), ("diastolic", "BP diastolic"),
          ("resp_rate", "Resp. rate"), ("spo2", "SpO2 %"), ("glucose_mg_dl", "Glucose mg/dL")]


class ContactFormScreen(FormModal):
    PROBLEM_FIELDS = {"at": "#c-at", "mode": "#c-mode", "staff_id": "#c-staff",
                      "minutes": "#c-minutes", "services": "#c-services",
                      "followup_id": "#c-followup", "cssrs": "#c-cssrs", "medical": "#c-medical",
                      "note": "#c-note"}
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="contact.cancel",
                tooltip="Close; what you typed is kept as a draft for next time"),
        Binding("ctrl+s", "save", "Save", id="contact.save", tooltip="Save the contact"),
    ]

    def __init__(self, detail: EpisodeDetail) -> None:
        super().__init__()
        self.detail = detail
        ref = detail.episode.ref
        self.draft_form = f"contact:{detail.episode.id}"
        self.draft_title = f"Contact for {ref}"
        self.draft_how = f"open episode {ref} and press c"

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        detail, zone = self.detail, session.config.zone
        staff = detail.contact_staff
        me = session.actor.staff_id if session.actor.staff_id in {s.id for s in staff} else None
        first_visit = detail.awaits_response  # the response: face to face, outcome asked
        with VerticalScroll(id="contact-box", classes="form-box"):
            yield Static(f"Log a contact: {detail.episode.ref}  [dim](ctrl+s saves, escape "
                         "cancels)[/]", classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("When", classes="form-label")
                # Only what a time is written with: a letter typed while the form opened (a
                # second c) is refused, not kept as a time nobody meant.
                yield Input(session.now().astimezone(zone).strftime(TIME_FORMAT), id="c-at",
                            placeholder="YYYY-MM-DD HH:MM", max_length=16, compact=True,
                            restrict=r"[0-9 :-]*")
            with Horizontal(classes="form-row"):
                yield Label("Mode", classes="form-label")
                yield Select([(label(m), m.value) for m in ContactMode], allow_blank=False,
                             id="c-mode", compact=True,
                             value=(ContactMode.FACE_TO_FACE if first_visit else ContactMode.PHONE).value)
            with Horizontal(classes="form-row"):
                yield Label("Staff", classes="form-label")
                yield Select([(f"{s.name} ({label(s.role)})", s.id) for s in staff], id="c-staff",
                             compact=True,
                             value=me if me is not None else Select.NULL, prompt="Who made it")
            yield from compose_extras(staff, response=first_visit,
                                      assessment_needed=session.config.profile == "okc-crt",
                                      others=session.config.response.screen_risk_to_others)
            with Horizontal(classes="form-row"):
                yield Label("Minutes", classes="form-label")
                yield Input(id="c-minutes", type="integer", max_length=4, placeholder="e.g. 45", compact=True)
                yield MarkedCheckbox("Reached them", True, id="c-reached", compact=True)
            yield Label("Services (space toggles)")
            yield MarkedSelectionList[str](*[(label(s), s.value, s is Service.ASSESSMENT and first_visit)
                                       for s in Service], id="c-services", compact=True)
            pending = [(f"{kind_text(f.kind, f.note)} due {f.due_at.astimezone(zone):%a %d %b %H:%M}", f.id)
                       for f in detail.pending]
            with Horizontal(classes="form-row"):
                yield Label("Completes", classes="form-label")
                # Focusable even with nothing due: the form has the same stops for Tab either
                # way, so a practised run of Tabs never ends one stop further on (the Save
                # button, where the note was meant to go).
                yield Select(pending, id="c-followup", prompt="No follow-up", compact=True)
            reassess = detail.reassess_screener
            with Collapsible(title="C-SSRS risk re-assessment" + (
                    " - asked: the call's screener had unknown answers" if reassess
                    else " (optional)"), collapsed=not reassess, id="c-cssrs"):
                for question in QUESTIONS:
                    with Horizontal(classes="form-row"):
                        yield Label(SHORT[question], classes="form-label-wide")
                        yield Select(YES_NO_UNKNOWN, id=f"c-{question}", prompt="-",
                                     compact=True)
            if detail.needs_medical_screen or any(s.role is Role.PARAMEDIC for s in staff):
                yield from self._medical_screen(detail.needs_medical_screen)
            yield Label("Note")
            yield TextArea(id="c-note", classes="form-note", compact=True, tab_behavior="focus")
            yield Static(classes="form-problem")
            yield Button("Save contact (ctrl+s)", id="c-save", variant="primary", compact=True)

    @staticmethod
    def _medical_screen(required: bool) -> ComposeResult:
        """Vitals, clearance and transport: only where a paramedic is on the team (okc-crt)."""
        with Collapsible(title="Medical screen (paramedic)" + (
                " - required with the first face-to-face contact" if required else ""),
                collapsed=not required, id="c-medical"):
            for field, text in VITALS:
                with Horizontal(classes="form-row"):
                    yield Label(text, classes="form-label-wide")
                    yield Input(id=f"m-{field}", type="integer", max_length=4, compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Medically cleared", classes="form-label-wide")
                yield Select(YES_NO, id="m-cleared", prompt="-", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Transport needed", classes="form-label-wide")
                yield Select(YES_NO, id="m-transport", prompt="-", compact=True)

    def on_mount(self) -> None:
        self.query_one("#c-at", Input).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.action_save()

    # -- reading the form ----------------------------------------------------------------------------
    def _value(self, selector: str) -> Any:
        value = self.query_one(selector, Select).value
        return None if value == Select.NULL else value

    def _yes_no(self, selector: str) -> bool | None:
        value = self._value(selector)
        return None if value in (None, "unknown") else value == "yes"

    def _int(self, selector: str) -> int | None:
        text = self.query_one(selector, Input).value.strip()
        return int(text) if text.lstrip("-").isdigit() else None

    def _at(self) -> datetime:
        session = self.app.session  # type: ignore[attr-defined]
        text = self.query_one("#c-at", Input).value.strip()
        try:
            naive = datetime.strptime(text, TIME_FORMAT)
        except ValueError:
            raise ValidationFailed("write the time as YYYY-MM-DD HH:MM",
                                   {"at": "write the time as YYYY-MM-DD HH:MM"}) from None
        return naive.replace(tzinfo=session.config.zone)

    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "at": self._at(), "mode": self._value("#c-mode"), "staff_id": self._value("#c-staff"),
            "services": list(self.query_one("#c-services", SelectionList).selected),
            "minutes": self._int("#c-minutes"),
            "successful": self.query_one("#c-reached", Checkbox).value,
            "note": self.query_one("#c-note", TextArea).text,
            "followup_id": self._value("#c-followup"),
        }
        answers: dict[str, Any] = {q: self._yes_no(f"#c-{q}") for q in QUESTIONS}
        unknown = [q for q in QUESTIONS if self._value(f"#c-{q}") == "unknown"]
        if unknown or any(v is not None for v in answers.values()):
            data["cssrs"] = {**answers, "unknown": unknown}
        if self.query("#c-medical"):
            vitals = {field: self._int(f"#m-{field}") for field, _ in VITALS}
            cleared, transport = self._yes_no("#m-cleared"), self._yes_no("#m-transport")
            if (cleared is not None or transport is not None
                    or any(v is not None for v in vitals.values())):
                data["medical"] = {**vitals, "medically_cleared": cleared,
                                   "transport_needed": transport}
        data.update(read_extras(self))
        return {k: v for k, v in data.items() if v is not None}

    def action_save(self) -> None:
        try:
            data = self._data()
        except ValidationFailed as exc:
            show_failure(self, exc)
            return
        episode_id = self.detail.episode.id

        def done(contact: Contact) -> None:
            risk = contact_risk_words(contact)
            extra = f"; {risk}" if risk else ""
            self.dismiss(f"Contact saved ({label(contact.mode)}, {contact.minutes} min{extra})")

        submit(self, lambda session: log_contact(session, episode_id, data), done)

