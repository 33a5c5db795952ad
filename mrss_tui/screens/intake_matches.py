"""Intake's earlier records: as the callback number or the name is typed, earlier persons with
their last call and open episodes are looked up and listed; ctrl+l then enter links the call
to one of them instead of making a duplicate person. Mixed into IntakeScreen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from mrss_tui.domain.enums import label
from mrss_tui.workflow.intake import Match, find_matches
from mrss_tui.domain.plain_text import strip_controls
from mrss_tui.widgets.safe import plain

LOOKUP_DELAY_SECONDS = 0.3


def show_note(widget: Static, text: Text | str) -> None:
    """Notes and problems take a line only while they have something to say."""
    widget.update(plain(text))
    widget.display = bool(str(text))


class EarlierRecords:
    """Needs on the screen: ``person_id``, ``_matches``, ``_lookup_timer``, ``_saving`` (False
    once recorded or discarded), ``_people_shown`` (everyone this intake's look-ups showed, and
    so recorded), ``_changed()``, and the widgets #callback_number, #person_name, #born_or_age,
    #matches, #match-list, #link-note."""

    def _schedule_lookup(self) -> None:
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
        self._lookup_timer = self.set_timer(LOOKUP_DELAY_SECONDS, self._lookup)

    def _lookup(self) -> None:
        if not self._saving:  # recorded or discarded: nothing left to link (the board is coming)
            return
        callback = self.query_one("#callback_number", Input).value
        name = self.query_one("#person_name", Input).value
        shown = frozenset(self._people_shown)
        # Shown beside the form while typing: the keys need not wait for it.
        self.run_db(lambda s: find_matches(s, callback=callback, name=name,
                                           already_recorded=shown),
                    self._show_matches, group="intake-lookup", hold_keys="none")

    def _show_matches(self, matches: list[Match]) -> None:
        self._matches = matches
        self._people_shown.update(m.person.id for m in matches)
        box = self.query_one("#matches")
        box.display = bool(matches)
        options = self.query_one("#match-list", OptionList)
        options.clear_options()
        for match in matches:
            options.add_option(ListOption(plain(self._describe(match)), id=str(match.person.id)))

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
            name.value = strip_controls(match.person.name)
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
            show_note(note, "")
        else:
            show_note(note, Text(f"  Linked to earlier person #{self.person_id} (no duplicate is "
                             "made; ctrl+l to change)", style="bold cyan"))
