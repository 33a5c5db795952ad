"""Printable PDFs (fpdf2) with an embedded Unicode TrueType font.

fpdf2's core fonts cannot print an en dash, curly quotes or a town like "Ñuñoa", so every
document embeds DejaVu Sans (Debian: fonts-dejavu-core) or the font named by MRSS_FONT.
Used by safety plans, referral lists and county reports.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from mrss_tui.domain.plain_text import strip_controls
from mrss_tui.errors import MrssError

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
)


class FontMissing(MrssError):
    exit_code = 11


def find_unicode_font() -> tuple[Path, Path | None]:
    """(regular, bold or None). MRSS_FONT (a .ttf path) wins over the usual places."""
    env = os.environ.get("MRSS_FONT")
    candidates = (env,) if env else FONT_CANDIDATES
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            bold = path.with_name(path.stem + "-Bold" + path.suffix)
            return path, (bold if bold.is_file() else None)
    if env:
        raise FontMissing(f"MRSS_FONT points to {env}, which is not a font file")
    raise FontMissing("no Unicode TrueType font found for PDFs; install Debian's "
                      "fonts-dejavu-core or set MRSS_FONT to a .ttf file")


def new_document(title: str, program: str, generated_at: datetime,
                 page_size: Literal["Letter", "A4"] = "Letter"):
    """A document with the program name and title in the header and 'Page N of M' below."""
    from fpdf import FPDF

    regular, bold = find_unicode_font()

    class MrssPdf(FPDF):
        def header(self) -> None:
            self.set_font("body", "B" if bold else "", 9)
            self.cell(0, 5, f"{program} – {title}", new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(160, 160, 160)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.ln(3)

        # Every PDF mrss prints goes through these two: stored text loses control characters.
        def cell(self, w=None, h=None, text="", *args, **kwargs):  # type: ignore[override]
            return super().cell(w, h, strip_controls(str(text)), *args, **kwargs)

        def multi_cell(self, w, h=None, text="", *args, **kwargs):  # type: ignore[override]
            return super().multi_cell(w, h, strip_controls(str(text)), *args, **kwargs)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("body", "", 8)
            self.cell(0, 5, f"Generated {generated_at:%Y-%m-%d %H:%M %Z}", align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    pdf = MrssPdf(format=page_size, unit="mm")
    pdf.add_font("body", "", str(regular))
    if bold:
        pdf.add_font("body", "B", str(bold))
    pdf.set_title(title)
    pdf.set_creator("mrss-tui")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("body", "", 10)
    return pdf
