"""Weekly county report use cases: make it, write it, and the Monday job that files and e-mails it.

The job is idempotent through ``report_runs``: whichever process claims a week writes it; the
others (and later runs) find the row and do nothing, except retry an e-mail that failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from mrss_tui.config import Config
from mrss_tui.domain.report_period import ADJECTIVE, KINDS, Period, current_period
from mrss_tui.domain.report_week import IsoWeek, last_full_week
from mrss_tui.errors import MrssError, ValidationFailed
from mrss_tui.reports.model import Report, figure_texts, published_key
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.files import output_folder, output_place, unused_path, write_private_bytes
from mrss_tui.workflow.jobs import Job
from mrss_tui.workflow.permissions import Action

Format = Literal["text", "csv", "pdf"]
PageSize = Literal["Letter", "A4"]
SUFFIX = {"text": ".txt", "csv": ".csv", "pdf": ".pdf"}


class ReportNotWritten(MrssError):
    exit_code = 12


def parse_period(kind: str, text: str | None, session: Session) -> Period:
    """'2026-11' as a month etc.; the last full period when ``text`` is None, the current
    (unfinished, provisional) one when it is 'current'. Later periods are refused."""
    if kind not in KINDS:
        raise ValidationFailed(f"'{kind}' is not a period; use week, month, quarter or year",
                               {"period": "unknown"})
    now, zone = session.now(), session.config.zone
    current = current_period(kind, now, zone)  # type: ignore[arg-type]
    if text is None:
        return current.shift(-1)
    if text.strip().lower() == "current":
        return current
    try:
        period = Period.parse(kind, text)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ValidationFailed(str(exc), {"period": str(exc)}) from None
    if period > current:
        raise ValidationFailed(f"{kind} {period} has not begun yet; the current {kind} is "
                               f"{current} (its report is provisional)", {"period": "future"})
    return period


def weekly_report(session: Session, week: IsoWeek | Period) -> Report:
    """The report of one period (the name stays: the weekly one is the usual), with the
    figures that differ from its first publication marked as revised."""
    session.require(Action.VIEW_REPORTS)
    from mrss_tui.reports.compute import compute_report

    period = week if isinstance(week, Period) else Period.of_week(week)
    first = session.store.published_figures.first(published_key(period.kind, str(period)))
    report = compute_report(session.store, session.config, period, session.now(),
                            earlier=figure_texts(first))
    revised = [key for key, text in report.published_figures().items()
               if key in first and first[key] != text]
    return report.model_copy(update={"revised": revised}) if revised else report


def mark_published(session: Session, report: Report) -> None:
    """Remember what a written report published (not for a provisional one: it will change)."""
    session.require(Action.VIEW_REPORTS)
    if not report.provisional:
        session.store.published_figures.record(session.actor.login, report.published_key,
                                               report.published_figures(), session.now())


def render(report: Report, fmt: Format, page_size: PageSize = "Letter") -> bytes:
    if fmt == "pdf":
        from mrss_tui.reports.pdf import render_pdf

        return render_pdf(report, page_size)
    from mrss_tui.reports.text import render_csv, render_text

    return (render_csv(report) if fmt == "csv" else render_text(report)).encode("utf-8")


def default_file_name(week: IsoWeek | Period | str, fmt: Format) -> str:
    kind = week.kind if isinstance(week, Period) else "week"
    return f"mrss-{ADJECTIVE[kind].lower()}-{week}{SUFFIX[fmt]}"


def write_file(path: Path, data: bytes) -> Path:
    """Write through a temporary name and rename, so a reader never sees half a report."""
    path = path.expanduser()
    if not path.parent.is_dir():
        raise ReportNotWritten(f"folder {path.parent} does not exist")
    try:
        return write_private_bytes(path, data)
    except OSError as exc:
        raise ReportNotWritten(f"cannot write {path}: {exc.strerror}") from None


def save_report(session: Session, week: IsoWeek | Period, fmt: Format, folder: Path,
                page_size: PageSize = "Letter") -> Path:
    """Make the week's report and write it into ``folder`` under its usual name, or a numbered
    one when that is taken: a report already written is never replaced."""
    report = weekly_report(session, week)
    path = write_file(new_report_path(folder, week, fmt), render(report, fmt, page_size))
    mark_published(session, report)
    return path


def new_report_path(folder: Path, week: IsoWeek | Period | str, fmt: Format) -> Path:
    name = Path(default_file_name(week, fmt))
    return unused_path(folder, name.stem, name.suffix)


def report_folder(session: Session, *, filed: bool) -> Path:
    """Where a report goes: the worker's filed reports, or those a person writes (separate
    folders, workflow/files.py decides both)."""
    kind = "filed-reports" if filed else "reports"
    try:
        return output_folder(session.config.paths, session.store.path, kind)
    except OSError as exc:
        raise ReportNotWritten(f"cannot make the report folder "
                               f"{output_place(session.config.paths, session.store.path, kind)}: "
                               f"{exc.strerror}") from None


# -- the scheduled job -------------------------------------------------------------------------------
def run_weekly_report_job(session: Session) -> str:
    """File last week's report (PDF and CSV) in the filed-reports folder ([paths]) and e-mail it if configured.

    Returns what it did, for the worker's log (never personal data: there is none in a report).
    """
    session.require(Action.VIEW_REPORTS)
    folder = report_folder(session, filed=True)
    week = last_full_week(session.now(), session.config.zone)
    key = str(week)
    runs = session.store.report_runs
    actor = session.actor.login
    done = runs.get(key)
    if done is None or not done["path"]:
        if not runs.claim(actor, key, session.now()):
            return f"weekly report {key} is being made by another process"
        try:
            pdf_path = save_report(session, week, "pdf", folder)
            save_report(session, week, "csv", folder)
        except BaseException:
            runs.release(actor, key)
            raise
        runs.written(actor, key, str(pdf_path), session.now())
        done = runs.get(key)
    assert done is not None
    url = session.config.report.email_url
    if not url or done["emailed"]:
        return f"weekly report {key} filed in {folder}"
    send_report_email(url, session.config, key, Path(done["path"]))
    runs.emailed(actor, key)
    return f"weekly report {key} filed in {folder} and e-mailed"


def send_report_email(url: str, config: Config, week: str, pdf_path: Path) -> None:
    """Send the PDF through apprise; ReportNotWritten (retried at the next run) on failure."""
    import apprise

    if not pdf_path.is_file():
        raise ReportNotWritten(f"weekly report {week}: {pdf_path} is missing, cannot e-mail it")
    notifier = apprise.Apprise()
    if not notifier.add(url):
        raise ReportNotWritten("report.email_url is not a notification URL apprise understands")
    attachment = apprise.AppriseAttachment()
    attachment.add(str(pdf_path))
    sent = notifier.notify(
        title=f"{config.program.name}: weekly county report {week}",
        body=f"The weekly county report for {week} is attached (aggregates only, small counts "
             "suppressed).",
        attach=attachment)
    if not sent:
        raise ReportNotWritten(f"weekly report {week} was filed but the e-mail was not sent; "
                               "it is retried at the next run")


def _monday_trigger(config: Config) -> dict[str, Any]:
    return {"trigger": "cron", "day_of_week": config.report.weekday, "hour": config.report.at.hour,
            "minute": config.report.at.minute, "timezone": config.program.timezone}


JOBS = [Job(id="weekly_report", run=run_weekly_report_job, trigger=_monday_trigger,
            description="File last week's county report and e-mail it", run_at_start=True,
            headless_only=True)]
