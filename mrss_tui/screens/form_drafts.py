"""Nothing typed into a form is lost: every form keeps a draft the way intake does.

``DraftedForm`` is mixed into a form screen. It reads and restores every input widget of the
form by its id (Input, TextArea, Select, Checkbox, SelectionList), so a form needs no code of its
own: it names its draft (``draft_form``, e.g. "contact:144" - one per form and record) and says
how the login notice should describe it (``draft_title``, ``draft_how``).

- A change is saved within a second, in a worker; the idle lock saves it at once (DraftHolder).
- Opening the form again restores the draft (keys typed meanwhile wait: they go in after it).
- Escape keeps what was typed as a draft and says so; a successful save deletes the draft.
- At the next login the drafts notice lists it with ``draft_title`` and ``draft_how``.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from mrss_tui.domain.records import Draft
from mrss_tui.screens.draft_order import DraftOrder
from mrss_tui.workflow.drafts import discard_draft, load_draft, save_draft

AUTOSAVE_SECONDS = 1.0
FIELDS = (Input, TextArea, Select, Checkbox, SelectionList)


def _value(widget: Widget) -> Any:
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return None if widget.value == Select.NULL else widget.value
    if isinstance(widget, SelectionList):
        return list(widget.selected)
    return widget.value  # Input, Checkbox


def _restore(widget: Widget, value: Any) -> None:
    if isinstance(widget, TextArea):
        widget.text = str(value or "")
    elif isinstance(widget, Select):
        try:
            if value is None:
                widget.clear()
            else:
                widget.value = value
        except Exception:  # noqa: BLE001 - no blank allowed, or the option is gone since
            pass
    elif isinstance(widget, SelectionList):
        widget.deselect_all()
        for chosen in value or []:
            try:
                widget.select(chosen)
            except Exception:  # noqa: BLE001 - an option no longer offered
                pass
    elif isinstance(widget, Checkbox):
        widget.value = bool(value)
    else:
        widget.value = str(value or "")


class DraftedForm:
    """Mix into a Screen before the Textual class: ``class F(DraftedForm, ModalScreen)``."""

    draft_form: str = ""  # empty: this form keeps no draft
    draft_title: str = ""  # "Contact for E000144"
    draft_how: str = ""  # "open episode E000144 and press c"

    # -- values ------------------------------------------------------------------------------------
    def form_values(self) -> dict[str, Any]:
        return {w.id: _value(w) for w in self.query("*").results()  # type: ignore[attr-defined]
                if isinstance(w, FIELDS) and w.id}

    def restore_values(self, values: dict[str, Any]) -> None:
        for widget in self.query("*").results():  # type: ignore[attr-defined]
            if isinstance(widget, FIELDS) and widget.id in values:
                _restore(widget, values[widget.id])

    def draft_dirty(self) -> bool:
        return self.form_values() != getattr(self, "_draft_initial", self.form_values())

    def _payload(self) -> dict[str, Any]:
        return {"values": self.form_values(), "_title": self.draft_title, "_how": self.draft_how}

    # -- life cycle ----------------------------------------------------------------------------------
    def start_drafts(self) -> None:
        """Call at the end of on_mount, once the form shows its starting values."""
        self._draft_initial = self.form_values()
        self._draft_timer = None
        self._draft_ready = False
        if self.draft_form:
            name = self.draft_form
            self.app.run_db(self, lambda s: load_draft(s, name),  # type: ignore[attr-defined]
                            self._draft_loaded, group="form-draft-load", hold_keys="load")

    def _draft_loaded(self, draft: Draft | None) -> None:
        self._draft_ready = True
        values = (draft.payload.get("values") if draft is not None else None) or {}
        if values and values != self._draft_initial:
            self.restore_values(values)
            self.notify(f"Restored what you typed here before "  # type: ignore[attr-defined]
                        f"(saved {self.local_time(draft.updated_at)}). Escape keeps it as a "
                        "draft; saving uses it.", title="Draft restored", timeout=6)

    def local_time(self, value: Any) -> str:
        from mrss_tui.widgets.format import local_time

        return local_time(value, self.app.session.config.zone, True)  # type: ignore[attr-defined]

    def _draft_changed(self) -> None:
        if not self.draft_form or not getattr(self, "_draft_ready", False):
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(AUTOSAVE_SECONDS,  # type: ignore[attr-defined]
                                           self._save_draft_in_worker)

    def _save_draft_in_worker(self) -> None:
        name, payload, dirty = self.draft_form, self._payload(), self.draft_dirty()
        number, order = self._draft_order.take(), self._draft_order
        self.app.run_db(self.app, (  # type: ignore[attr-defined]
            lambda s: order.write(number, (lambda: save_draft(s, name, payload)) if dirty
                                  else (lambda: discard_draft(s, name)))), group=f"draft-{name}")

    def save_draft(self) -> None:
        """Now, on this thread (the idle lock and escape call it before the form goes)."""
        if self.draft_form and self.draft_dirty():
            session = self.app.session  # type: ignore[attr-defined]
            name, payload = self.draft_form, self._payload()
            self._draft_order.write(self._draft_order.take(),
                                    lambda: save_draft(session, name, payload))

    @property
    def _draft_order(self) -> DraftOrder:
        """The timer's saves and the idle lock's (or escape's), in order (draft_order.py)."""
        order = getattr(self, "_draft_saves_in_order", None)
        if order is None:
            order = self._draft_saves_in_order = DraftOrder()
        return order

    def stop_drafts(self) -> None:
        if getattr(self, "_draft_timer", None) is not None:
            self._draft_timer.stop()
        self._draft_ready = False

    def keep_as_draft(self) -> bool:
        """Escape: keep what was typed; True when there was something to keep."""
        self.stop_drafts()
        if not (self.draft_form and self.draft_dirty()):
            return False
        self.save_draft()
        self.notify(f"Kept as a draft: {self.draft_how} to finish it.",  # type: ignore[attr-defined]
                    title=self.draft_title, timeout=6)
        return True

    # -- every kind of change --------------------------------------------------------------------------
    def on_input_changed(self, _event: Input.Changed) -> None:
        self._draft_changed()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._draft_changed()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._draft_changed()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self._draft_changed()

    def on_selection_list_selected_changed(self, _event: SelectionList.SelectedChanged) -> None:
        self._draft_changed()
