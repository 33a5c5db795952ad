"""The family's printed copy of a safety plan: plain text and a PDF.

The copy names the episode reference, the version and the date, not the person: it is handed to
the family, who know whose plan it is, and a lost sheet should identify no one.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from mrss_tui.domain.models import SAFETY_PLAN_SECTIONS, SafetyPlan
from mrss_tui.domain.records import episode_ref
from mrss_tui.domain.program_words import crisis_line, crisis_numbers, program_contact
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.episodes import require_episode
from mrss_tui.workflow.files import (
    output_folder,
    private_dir,
    write_private_bytes,
    write_private_text,
)


def _heading(session: Session, plan: SafetyPlan) -> tuple[str, str]:
    saved = plan.created_at.astimezone(session.config.zone).strftime("%d %b %Y %H:%M")
    return ("My safety plan",
            f"{episode_ref(plan.episode_id)} · version {plan.version_no} · {saved}")


def plan_text(session: Session, plan: SafetyPlan, width: int = 72) -> str:
    title, sub = _heading(session, plan)
    lines = [title, sub, "", program_contact(session.config), ""]
    for field, heading in SAFETY_PLAN_SECTIONS.items():
        lines.append(heading)
        body = getattr(plan, field).strip() or "(blank)"
        for paragraph in body.splitlines():
            lines += textwrap.wrap(paragraph, width, initial_indent="  ",
                                   subsequent_indent="  ") or [""]
        lines.append("")
    lines += ["Crisis numbers", *[f"  {n}" for n in crisis_numbers(session.config)], "",
              crisis_line(session.config)]
    return "\n".join(lines) + "\n"


def write_plan_pdf(session: Session, plan: SafetyPlan, path: Path) -> Path:
    from mrss_tui.reports.document import new_document

    title, sub = _heading(session, plan)
    pdf = new_document(title, session.config.program.name,
                       session.now().astimezone(session.config.zone))
    pdf.set_font("body", "", 16)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 10)
    pdf.cell(0, 6, sub, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 12)
    pdf.multi_cell(0, 7, program_contact(session.config), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for field, heading in SAFETY_PLAN_SECTIONS.items():
        pdf.set_font("body", "B" if "bodyB" in pdf.fonts else "", 12)
        pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 11)
        pdf.multi_cell(0, 6, getattr(plan, field).strip() or " ", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("body", "B" if "bodyB" in pdf.fonts else "", 12)
    pdf.cell(0, 7, "Crisis numbers", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 12)
    for number in crisis_numbers(session.config):
        pdf.multi_cell(0, 7, number, new_x="LMARGIN", new_y="NEXT")
    return write_private_bytes(path, bytes(pdf.output()))


def export_plan(session: Session, episode_id: int, folder: Path | None = None,
                *, to_printer: bool = False) -> tuple[Path, Path]:
    """Write the latest version as text and PDF into ``folder`` (default: this database's
    safety-plans folder) and, with ``to_printer``, print the PDF with lp; returns both paths."""
    from mrss_tui.errors import NotFound
    from mrss_tui.workflow.printing import PrintFailed, find_lp, send_to_printer

    episode = require_episode(session, episode_id)
    plan = session.store.safety_plans.latest(episode_id)
    if plan is None:
        raise NotFound(f"{episode_ref(episode_id)} has no safety plan yet; write one first")
    saved = f"The safety plan is saved (version {plan.version_no})"
    try:
        lp = find_lp() if to_printer else None  # before any file is written
    except PrintFailed as exc:
        raise PrintFailed(f"{saved}; nothing was printed: {exc}") from None
    if folder is None:
        folder = output_folder(session.config.paths, session.store.path, "safety-plans")
    private_dir(folder)
    stem = folder / f"safety-plan-{episode_ref(episode_id)}-v{plan.version_no}"
    text_path = stem.with_suffix(".txt")
    write_private_text(text_path, plan_text(session, plan))
    pdf_path = write_plan_pdf(session, plan, stem.with_suffix(".pdf"))
    session.store.audit_log.record_access(session.actor.login, "safety_plan.print",
                                          "safety_plan", plan.id, [episode.person_id])
    if lp is not None:
        try:
            send_to_printer(lp, pdf_path,
                            f"Safety plan {episode_ref(episode_id)} v{plan.version_no}")
        except PrintFailed as exc:
            raise PrintFailed(f"{saved} and its copy written to {pdf_path}; printing failed: "
                              f"{exc}") from None
    return text_path, pdf_path
