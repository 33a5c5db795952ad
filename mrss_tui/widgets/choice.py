"""Single-key fields for forms: a choice among a few options, and the C-SSRS screener.

Both are focusable one-line (or few-line) widgets; pressing an option's key sets the value and
moves focus on, so a coordinator on a call answers with one key per question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

from mrss_tui.domain.cssrs import QUESTIONS, CssrsAnswers, questions_to_ask
from mrss_tui.widgets.laid_out_width import LaidOutWidth
from mrss_tui.widgets.question_list import QuestionList


@dataclass(frozen=True)
class Option:
    key: str
    value: Any
    label: str


class ChoiceField(LaidOutWidth, Widget, can_focus=True):
    """One of a few options, chosen with its key. Backspace clears; enter keeps the value."""

    DEFAULT_CSS = """
    ChoiceField { height: auto; min-height: 1; width: 1fr; padding: 0 1; }
    ChoiceField:focus { background: $boost; text-style: bold; }
    """
    BINDINGS = [
        Binding("enter", "keep", "Keep", show=False, id="choice.keep", priority=True,
                tooltip="Keep the shown choice and go to the next field"),
        Binding("backspace", "clear", "Clear", show=False, id="choice.clear", priority=True,
                tooltip="Clear the choice"),
    ]

    value: reactive[Any] = reactive(None, init=False)

    class Changed(Message):
        def __init__(self, field: "ChoiceField", value: Any) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> "ChoiceField":
            return self.field

    def __init__(self, options: list[Option], *, value: Any = None, id: str | None = None,
                 hint: str = "") -> None:
        super().__init__(id=id)
        self.options = options
        self.hint = hint
        self._answered = False  # an option whose value is None (Unknown) was chosen
        self.set_reactive(ChoiceField.value, value)
        # Option keys are priority bindings (not on_key): the app runs those itself before it
        # hands the next key on, so keys typed quickly (or bunched by a slow SSH link) land in
        # the next field instead of racing the focus change.
        for index, option in enumerate(options):
            self._bindings.bind(option.key, f"choose({index})", option.label, show=False,
                                priority=True)

    def render(self) -> Text:
        # The focus shows as a glyph, not only as a background a tired eye or NO_COLOR loses.
        text = Text("▶ " if self.has_focus else "  ", style="bold")
        width, used = self.wrap_width, 2
        for option in self.options:
            chosen = option.value == self.value and (self.value is not None or self.answered)
            style = "bold reverse" if chosen else ""
            shown = len(option.key) + 1 + len(option.label)
            if width and used + shown > width:
                # Wrap between options, never inside one ("o Out of area" stays whole).
                text.append("\n  ")
                used = 2
            text.append(f"{option.key}", style="bold underline" if not chosen else style)
            text.append(f" {option.label}", style=style)
            text.append("  ")
            used += shown + 2
        if self.hint and self.has_focus:
            text.append(self.hint, style="dim italic")
        return text

    def watch_value(self, value: Any) -> None:
        self.post_message(self.Changed(self, value))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    @property
    def answered(self) -> bool:
        """True once an option was chosen, "u Unknown" (value None) included."""
        return self._answered or self.value is not None

    def action_choose(self, index: int) -> None:
        self._answered = True
        self.value = self.options[index].value
        self.refresh()
        self.screen.focus_next()

    def action_keep(self) -> None:
        self.screen.focus_next()

    def action_clear(self) -> None:
        self._answered = False
        self.value = None
        self.refresh()


class FieldInput(Input):
    """A one-line form input: enter moves to the next field at once (a priority binding, for
    the reason given in ChoiceField)."""

    BINDINGS = [
        Binding("enter", "next_field", "Next field", show=False, id="field.next", priority=True,
                tooltip="Go to the next field"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Valid from the start, as Textual marks an input without validators at its first
        # change: marking it then restyles it, once per field of a form typed in a burst.
        self.set_class(not self.validators, "-valid", update=False)

    def action_next_field(self) -> None:
        # Keys typed just before enter may still be queued for this input, so handlers of
        # Submitted should read ``event.input.value`` (final by then), not ``event.value``.
        self.post_message(self.Submitted(self, self.value))
        self.screen.focus_next()


YES_NO = [Option("y", True, "Yes"), Option("n", False, "No"), Option("u", None, "Unknown")]


class CssrsField(QuestionList):
    """The C-SSRS screener: the skip rule decides the questions; y/n answer the current one."""

    DEFAULT_CSS = """
    CssrsField { height: auto; width: 1fr; padding: 0 1; }
    CssrsField:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="cssrs.yes", priority=True,
                tooltip="Answer yes"),
        Binding("n", "answer(False)", "No", id="cssrs.no", priority=True, tooltip="Answer no"),
        Binding("u", "unknown", "Unknown", id="cssrs.unknown", priority=True,
                tooltip="The caller cannot say: the risk shows as incomplete (at least ...) "
                "and the first face-to-face contact asks again"),
        Binding("backspace", "undo", "Undo", id="cssrs.undo", priority=True,
                tooltip="Take back the last answer"),
        Binding("enter", "skip", "Next field", show=False, id="cssrs.next", priority=True,
                tooltip="Leave the screener (it can be finished later)"),
    ]

    answers: reactive[CssrsAnswers] = reactive(CssrsAnswers, init=False)

    class Changed(Message):
        def __init__(self, field: "CssrsField", answers: CssrsAnswers) -> None:
            super().__init__()
            self.field = field
            self.answers = answers

        @property
        def control(self) -> "CssrsField":
            return self.field

    def __init__(self, answers: CssrsAnswers | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(CssrsField.answers, answers or CssrsAnswers())
        self._order: list[str] = []  # questions in the order they were answered, for undo

    COMPLETE = "Screener complete"

    def asked(self) -> list[str]:
        return questions_to_ask(self.answers)

    def wording(self, question: str) -> str:
        return QUESTIONS[question]

    def label(self, question: str) -> str:
        number = "6b" if question == "q6_recent" else question[1:]
        return f"{number:>2} "


