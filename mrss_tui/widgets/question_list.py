"""A screener as one keyboard field: the questions to ask follow the answers so far (skip rules),
y / n answer the current one, u records that the caller cannot say, backspace takes the last answer back, enter leaves it unfinished.

The C-SSRS (widgets/choice.py) and the risk-to-others screen (widgets/risk_others_field.py) are
both this; a subclass says which questions are asked, how each reads and how an answer is set.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Region
from textual.widget import Widget

from mrss_tui.widgets.laid_out_width import LaidOutWidth


class QuestionList(LaidOutWidth, Widget, can_focus=True):
    COMPLETE = "Screen complete"

    # -- what a subclass says --------------------------------------------------------------------
    def asked(self) -> list[str]:
        raise NotImplementedError

    def wording(self, question: str) -> str:
        raise NotImplementedError

    def label(self, question: str) -> str:
        """Text before the wording (a question number), if any."""
        return ""

    def given(self, question: str) -> bool:
        answers = self.answers  # type: ignore[attr-defined]
        return getattr(answers, question) is not None or answers.is_unknown(question)

    def mark(self, question: str) -> str:
        if self.answers.is_unknown(question):  # type: ignore[attr-defined]
            return "? "
        answer = getattr(self.answers, question)  # type: ignore[attr-defined]
        return "  " if answer is None else ("Y " if answer else "N ")

    # -- shared behaviour ------------------------------------------------------------------------
    def current(self) -> str | None:
        return next((q for q in self.asked() if not self.given(q)), None)

    def render(self) -> Text:
        text = Text()
        current = self.current()
        width = max(self.wrap_width - 8, 20)
        for index, question in enumerate(self.asked()):
            answer = getattr(self.answers, question)  # type: ignore[attr-defined]
            wording = self.wording(question)
            if len(wording) > width:
                wording = wording[: width - 1] + "…"
            is_current = question == current
            style = "bold" if is_current and self.has_focus else (
                "dim" if not self.given(question) else "")
            if index:
                text.append("\n")
            text.append("▶ " if is_current else "  ", style="bold yellow")
            text.append(self.mark(question), style="bold red" if answer else "bold")
            text.append(self.label(question) + wording, style=style)
        if current is None:
            text.append(f"\n  {self.COMPLETE} (backspace to change the last answer)", style="dim")
        return text

    def watch_answers(self, answers: Any) -> None:
        self.refresh(layout=True)
        self.post_message(self.Changed(self, answers))  # type: ignore[attr-defined]
        if self.has_focus:
            self.call_after_refresh(self.show_current)

    def on_focus(self) -> None:
        self.refresh()
        self.call_after_refresh(self.show_current)

    def show_current(self) -> None:
        """Scroll the question being answered (and the line after it) into view: the field
        grows as the skip rules add questions, and a question answered unseen is a guess."""
        asked = self.asked()
        current = self.current()
        line = asked.index(current) if current is not None else len(asked)
        container = self.parent
        if not isinstance(container, Widget) or not container.is_scrollable:
            self.scroll_visible(animate=False)
            return
        area = self.virtual_region
        container.scroll_to_region(
            Region(area.x, area.y + line, area.width, min(2, max(area.height - line, 1))),
            animate=False, immediate=True)

    def on_blur(self) -> None:
        self.refresh()

    def _answer_current(self, answered: Any) -> None:
        """``answered(answers, question)`` gives the new answers; then on to the next field
        once nothing is left to ask."""
        question = self.current()
        if question is None:
            self.screen.focus_next()
            return
        self._order.append(question)  # type: ignore[attr-defined]
        self.answers = answered(self.answers, question)  # type: ignore[attr-defined]
        if self.current() is None:
            self.screen.focus_next()

    def action_answer(self, value: bool) -> None:
        self._answer_current(lambda answers, question: answers.set(question, value))

    def action_unknown(self) -> None:
        self._answer_current(lambda answers, question: answers.set_unknown(question))

    def action_undo(self) -> None:
        asked = self.asked()
        order = self._order  # type: ignore[attr-defined]
        answered = [q for q in order if q in asked and self.given(q)]
        if not answered:
            answered = [q for q in asked if self.given(q)]
        if answered:
            last = answered[-1]
            if last in order:
                order.remove(last)
            self.answers = self.answers.set(last, None)  # type: ignore[attr-defined]

    def action_skip(self) -> None:
        self.screen.focus_next()
