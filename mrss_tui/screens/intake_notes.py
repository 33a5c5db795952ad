"""What the intake shows under its fields as they are answered: the risk bar, the callback
number as it will be dialled, the town's county and team, the out-of-area transfer steps.

Each is worked out in domain/ or workflow/ and only shown here; the risk bar uses the same
words as every other screen (domain/risk_summary.py, widgets/risk_text.py).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Input, Static

from mrss_tui.domain.enums import RiskLevel, Triage
from mrss_tui.domain.phones import check_phone
from mrss_tui.domain.risk_summary import RiskSummary, others_reading, self_reading, summarize_risk
from mrss_tui.screens.intake_matches import show_note
from mrss_tui.widgets.choice import ChoiceField, CssrsField
from mrss_tui.widgets.intake_program import transfer_note
from mrss_tui.widgets.risk_text import risk_summary_text
from mrss_tui.workflow.intake import resolve_town, town_info


class IntakeNotes:
    """For IntakeScreen: it provides ``session``, ``query_one`` and ``_present``."""

    session: Any
    query_one: Any
    _present: Any

    def _show_risk(self) -> None:
        bar, summary = self.query_one("#risk-bar", Static), self._summary()
        bar.set_class(summary.level is RiskLevel.HIGH, "high")
        bar.set_class(summary.level is RiskLevel.MODERATE, "moderate")
        if summary.level is RiskLevel.HIGH:
            who = " TO OTHERS" if summary.top_who() == "others" else ""
            bar.update(Text(f" !! RISK{who}: HIGH !! emergent response suggested; "
                            "consider 911/EMS ", style="bold"))
        else:
            bar.update(Text.assemble(" ", risk_summary_text(summary, self.session.config.zone),
                                     ("  (updates as you answer)", "dim")))

    def _summary(self) -> RiskSummary:
        """The risk as the answers so far give it: the words every other screen will show."""
        now = self.session.now()
        others_field = self._present("#risk_others")
        others = others_field.answers if others_field is not None else None
        return summarize_risk(self_reading(None, self.query_one("#cssrs", CssrsField).answers,
                                           now),
                              others_reading(None, others, now), screens_others=others is not None)

    def _show_phone(self, text: str) -> None:
        note = self.query_one("#phone-note", Static)
        check = check_phone(text) if text.strip() else None
        if check is None:
            show_note(note, "")
        elif check.problem and not check.e164:
            show_note(note, Text(f"  ! {check.problem}", style="bold yellow"))
        elif not check.valid:
            show_note(note, Text(f"  ! {check.display}: {check.problem}", style="bold yellow"))
        else:
            show_note(note, Text(f"  {check.display}", style="green"))

    def _show_transfer(self) -> None:
        """Out of area: the provider's number, the county and the transfer steps."""
        note = self._present("#transfer-note")
        if note is None:
            return
        config = self.session.config
        out = self.query_one("#triage", ChoiceField).value is Triage.OUT_OF_AREA
        show_note(note, Text(transfer_note(
            config, self.query_one("#transferred_to", Input).value,
            self.query_one("#town", Input).value) if out else "", style="cyan"))

    def _show_town(self) -> None:
        note = self.query_one("#town-note", Static)
        text = self.query_one("#town", Input).value
        town = resolve_town(self.session.config, text)
        police = self.query_one("#police_needed", ChoiceField).value
        if town is None:
            hint = ("; triage o transfers it out of area"
                    if self.session.config.program.out_of_area_providers else "")
            show_note(note, Text(f"  not a town this line serves{hint}" if text.strip() else "",
                             style="yellow"))
        else:
            show_note(note, Text(f"  {town.name}: {town_info(self.session.config, town, police)}",
                             style="cyan"))
