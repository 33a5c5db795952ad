"""The episode's printed record for the team and the chart: who, the intake facts, the risk
screens and every timeline step in full (contact notes, vitals, assessments, outcomes), each
with who recorded it. Written as text and PDF under the database's own prints folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mrss_tui.domain.enums import label
from mrss_tui.domain.risk_summary import risk_words
from mrss_tui.domain.call_facts import call_facts_lines
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.episodes import EpisodeDetail, episode_detail


def episode_lines(session: Session, detail: EpisodeDetail, width: int = 90) -> list[str]:
    zone = session.config.zone
    episode = detail.episode
    name = detail.person.display_name if detail.person else "(unnamed)"
    team = ", ".join(f"{s.name} ({label(s.role)})" for s in detail.team) or "no team"
    lines = [f"{session.config.program.name}: episode {episode.ref} ({label(episode.phase)})",
             f"{name} · {detail.town or '-'} · call {detail.call_ref} · team: {team}", ""]
    lines += textwrap.wrap(risk_words(detail.risk, zone), width)
    if detail.facts is not None:
        for name, value in call_facts_lines(detail.facts):
            lines += textwrap.wrap(f"{name}: {value}", width, subsequent_indent="  ")
    lines.append("")
    lines.append("Timeline")
    for entry in detail.timeline:
        when = entry.at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
        head = f"{when}  {entry.text}" + (f"  [{entry.by}]" if entry.by else "")
        lines += textwrap.wrap(head, width, subsequent_indent=" " * 23) or [head]
    return lines


def export_episode(session: Session, episode_id: int) -> tuple[Path, Path]:
    """Write the episode's record (text and PDF); an earlier print is never replaced."""
    from mrss_tui.reports.document import new_document
    from mrss_tui.workflow.files import make_private, output_folder, unused_path, write_private_text

    detail = episode_detail(session, episode_id)  # checks who may see it
    lines = episode_lines(session, detail)
    folder = output_folder(session.config.paths, session.store.path, "prints")
    stamp = session.now().astimezone(session.config.zone).strftime("%Y%m%d-%H%M")
    text_path = unused_path(folder, f"episode-{detail.episode.ref}-{stamp}", ".txt")
    write_private_text(text_path, "\n".join(lines) + "\n")
    pdf = new_document(f"Episode {detail.episode.ref}", session.config.program.name,
                       session.now().astimezone(session.config.zone))
    pdf.set_font("body", "", 9)
    for line in lines:
        pdf.multi_cell(0, 4.5, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf_path = text_path.with_suffix(".pdf")
    pdf.output(str(pdf_path))
    make_private(pdf_path)
    session.store.audit_log.record_view(session.actor.login, "episode_print", episode_id,
                                        detail.episode.person_id)
    return text_path, pdf_path
