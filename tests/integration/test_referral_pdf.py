"""The family's referral list as a PDF, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.referrals import print_referral_list, refer, refer_context, suggestions
from tests.conftest import T0


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_referral_list_pdf_reads_back(demo_db: Path) -> None:
    session = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    try:
        episode = int(session.store.scalar("SELECT id FROM episodes WHERE phase = 'crisis' LIMIT 1"))
        service = suggestions(session, refer_context(session, episode), "cat-counseling")[0].service
        refer(session, episode, service.id, "cat-counseling")
        text_path, pdf_path = print_referral_list(session, episode)
        detail = session.store.directory.get(service.id)
    finally:
        session.store.close()
    assert pdf_path.parent == demo_db.parent / f"{demo_db.stem}-files" / "prints"
    assert oct(pdf_path.parent.stat().st_mode & 0o777) == "0o700"
    read = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True,
                          text=True, check=True, timeout=30).stdout
    for expected in (detail.summary.name, detail.phones[0].number, detail.addresses[0].city, "988"):
        assert expected in read
    assert detail.summary.name in text_path.read_text()
