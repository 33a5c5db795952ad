"""The risk-to-others screen as a keyboard field beside the C-SSRS: y / n answer the current
item (the six Brøset Violence Checklist behaviours, then the dispatcher's violence questions),
backspace takes the last answer back, enter leaves it unfinished."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from mrss_tui.domain.risk_others import BVC_ITEMS, QUESTIONS, RiskOthersAnswers

WORDING = {**BVC_ITEMS, **QUESTIONS}


def items_to_ask(answers: RiskOthersAnswers) -> list[str]:
    """Every item in order; 'plan or intent' only after a yes to violent thoughts."""
    order = list(BVC_ITEMS) + ["violent_ideation"]
    if answers.violent_ideation is True:
        order.append("plan_or_intent")
    return order + ["recent_violence", "weapons_access", "command_hallucinations"]


def next_item(answers: RiskOthersAnswers) -> str | None:
    return next((i for i in items_to_ask(answers) if getattr(answers, i) is None), None)


class RiskOthersField(Widget, can_focus=True):
    DEFAULT_CSS = """
    RiskOthersField { height: auto; width: 1fr; padding: 0 1; }
    RiskOthersField:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="others.yes", priority=True, tooltip="Present / yes"),
        Binding("n", "answer(False)", "No", id="others.no", priority=True, tooltip="Absent / no"),
        Binding("backspace", "undo", "Undo", id="others.undo", priority=True,
                tooltip="Take back the last answer"),
        Binding("enter", "skip", "Next field", show=False, id="others.next", priority=True,
                tooltip="Leave the screen (it can be finished later)"),
    ]

    answers: reactive[RiskOthersAnswers] = reactive(RiskOthersAnswers, init=False)

    class Changed(Message):
        def __init__(self, field: "RiskOthersField", answers: RiskOthersAnswers) -> None:
            super().__init__()
            self.field = field
            self.answers = answers

        @property
        def control(self) -> "RiskOthersField":
            return self.field

    def __init__(self, answers: RiskOthersAnswers | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(RiskOthersField.answers, answers or RiskOthersAnswers())
        self._order: list[str] = []

    def render(self) -> Text:
        text = Text()
        current = next_item(self.answers)
        width = max(self.size.width - 8, 20)
        for index, item in enumerate(items_to_ask(self.answers)):
            answer = getattr(self.answers, item)
            mark = "  " if answer is None else ("Y " if answer else "N ")
            wording = WORDING[item]
            if len(wording) > width:
                wording = wording[: width - 1] + "…"
            is_current = item == current
            style = "bold" if is_current and self.has_focus else ("dim" if answer is None else "")
            if index:
                text.append("\n")
            text.append("▶ " if is_current else "  ", style="bold yellow")
            text.append(mark, style="bold red" if answer else "bold")
            text.append(wording, style=style)
        if current is None:
            text.append("\n  Screen complete (backspace to change the last answer)", style="dim")
        return text

    def watch_answers(self, answers: RiskOthersAnswers) -> None:
        self.refresh(layout=True)
        self.post_message(self.Changed(self, answers))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_answer(self, value: bool) -> None:
        item = next_item(self.answers)
        if item is None:
            self.screen.focus_next()
            return
        self._order.append(item)
        self.answers = self.answers.set(item, value)
        if next_item(self.answers) is None:
            self.screen.focus_next()

    def action_undo(self) -> None:
        asked = items_to_ask(self.answers)
        answered = [i for i in self._order if i in asked and getattr(self.answers, i) is not None]
        if not answered:
            answered = [i for i in asked if getattr(self.answers, i) is not None]
        if answered:
            last = answered[-1]
            if last in self._order:
                self._order.remove(last)
            self.answers = self.answers.set(last, None)

    def action_skip(self) -> None:
        self.screen.focus_next()
