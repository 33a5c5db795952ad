"""At login, offer the drafts a person left behind (a dropped link, an idle end, a quit).

A draft's form name is the nav id of the screen that restores it (see workflow/drafts.py), so
the notice can name the screen and its key without knowing any form; a form of one record (a
contact for an episode) stores its own title and how to reopen it (screens/form_drafts.py).
"""

from __future__ import annotations

from mrss_tui.domain.records import Draft
from mrss_tui.screens.host import AppHost
from mrss_tui.screens.intake_dialogs import asks_about_unfinished_call
from mrss_tui.screens.nav import entry
from mrss_tui.widgets.format import local_time
from mrss_tui.workflow.drafts import INTAKE_FORM, my_drafts



def offer_drafts(app: "AppHost") -> None:
    app.run_db(app, my_drafts, lambda drafts: _notify(app, drafts), group="drafts-notice")


def _notify(app: "AppHost", drafts: list[Draft]) -> None:
    zone = app.session.config.zone
    lines = []
    for draft in drafts:
        if draft.form == INTAKE_FORM and asks_about_unfinished_call(app):
            continue  # the start asks about it, once (offer_unfinished_intake)
        nav = entry(draft.form)
        saved = local_time(draft.updated_at, zone, True)
        if nav is not None and app.may(nav.needs):
            lines.append(f"{nav.title}: saved {saved} (press {nav.key})")
        elif nav is None and draft.payload.get("_title"):  # a form of a record (DraftedForm)
            lines.append(f"{draft.payload['_title']}: saved {saved} "
                         f"({draft.payload.get('_how', '')})")
    if lines:
        app.notify("\n".join(lines), title="Unfinished drafts", timeout=20)
