"""The risk-to-others screen as a keyboard field beside the C-SSRS: y / n answer the current
item (the six Brøset Violence Checklist behaviours, then the dispatcher's violence questions),
u records that the caller cannot say (the level then reads "incomplete (at least ...)"), backspace takes the last answer back, enter leaves it unfinished."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from mrss_tui.domain.risk_others import BVC_ITEMS, QUESTIONS, RiskOthersAnswers
from mrss_tui.widgets.question_list import QuestionList

WORDING = {**BVC_ITEMS, **QUESTIONS}


def items_to_ask(answers: RiskOthersAnswers) -> list[str]:
    """Every item in order; 'plan or intent' only after a yes to violent thoughts."""
    order = list(BVC_ITEMS) + ["violent_ideation"]
    if answers.violent_ideation is True:
        order.append("plan_or_intent")
    return order + ["recent_violence", "weapons_access", "command_hallucinations"]


class RiskOthersField(QuestionList):
    DEFAULT_CSS = """
    RiskOthersField { height: auto; width: 1fr; padding: 0 1; }
    RiskOthersField:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="others.yes", priority=True, tooltip="Present / yes"),
        Binding("n", "answer(False)", "No", id="others.no", priority=True, tooltip="Absent / no"),
        Binding("u", "unknown", "Unknown", id="others.unknown", priority=True,
                tooltip="The caller cannot say: the risk to others shows as incomplete "
                        "(at least ...)"),
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

    def asked(self) -> list[str]:
        return items_to_ask(self.answers)

    def wording(self, question: str) -> str:
        return WORDING[question]
