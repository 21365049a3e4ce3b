"""Documents a drafter can edit: one small model (headings, paragraphs, tables, numbered
source notes) written as Markdown with footnotes (`[^1]`) or as DOCX (python-docx).

The brief and the comparison are turned into this model once (`kg.formats.brief_document`),
so both formats say the same thing. python-docx has no footnote API, so the DOCX carries
endnote-style notes: a superscript number after the sourced text and a numbered "Sources"
list at the end, which Word and LibreOffice open and edit as ordinary text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field


@dataclass
class Run:
    """Some text; `note` is the number of the source note it cites (shown after it)."""

    text: str
    bold: bool = False
    italic: bool = False
    lang: str | None = None
    note: int | None = None


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    runs: list[Run]
    bullet: bool = False
    quote: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[list[list[Run]]]


@dataclass
class Document:
    """A title, blocks in order, and the numbered source notes the runs cite."""

    title: str
    lang: str
    blocks: list[Heading | Paragraph | Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notes_heading: str = "Sources"

    def note(self, text: str | None) -> int | None:
        """The number of the note `text` (added once; None for no text)."""
        if not text:
            return None
        if text not in self.notes:
            self.notes.append(text)
        return self.notes.index(text) + 1

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def paragraph(self, *runs: Run | str, bullet: bool = False, quote: bool = False) -> None:
        self.blocks.append(
            Paragraph([r if isinstance(r, Run) else Run(r) for r in runs], bullet, quote)
        )


# ------------------------------------------------------------------ Markdown


def _md_escape(text: str) -> str:
    """Text that Markdown shows as written (no stray emphasis, links or table cells)."""
    for char in ("\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"):
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _md_runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = _md_escape(run.text)
        if run.bold and text.strip():
            text = f"**{text}**"
        if run.italic and text.strip():
            text = f"*{text}*"
        if run.note:
            text += f"[^{run.note}]"
        out.append(text)
    return "".join(out)


def to_markdown(document: Document) -> str:
    """The document as CommonMark with GitHub-style tables and footnotes."""
    lines = [f"# {_md_escape(document.title)}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {_md_escape(block.text)}", ""]
        elif isinstance(block, Paragraph):
            prefix = "- " if block.bullet else "> " if block.quote else ""
            lines.append(prefix + _md_runs(block.runs))
            if not block.bullet:
                lines.append("")
        else:
            lines += [
                "| " + " | ".join(_md_escape(h) for h in block.header) + " |",
                "|" + "---|" * len(block.header),
            ]
            lines += [
                "| " + " | ".join(_md_runs(cell) for cell in row) + " |" for row in block.rows
            ]
            lines.append("")
    if document.notes:
        lines.append("")
        lines += [f"[^{n}]: {_md_escape(text)}" for n, text in enumerate(document.notes, 1)]
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------ DOCX


def _docx_runs(paragraph: object, runs: list[Run]) -> None:
    for run in runs:
        written = paragraph.add_run(run.text)  # type: ignore[attr-defined]
        written.bold = run.bold or None
        written.italic = run.italic or None
        if run.note:
            marker = paragraph.add_run(str(run.note))  # type: ignore[attr-defined]
            marker.font.superscript = True


def to_docx(document: Document) -> bytes:
    """The document as a .docx file (Word 2007+), headings as Word headings, tables with
    borders, sources as a numbered list at the end."""
    from docx import Document as new_docx  # python-docx and lxml (~12 MB): loaded on the first DOCX
    from docx.shared import Pt

    out = new_docx()
    out.core_properties.title = document.title
    out.core_properties.language = document.lang
    out.styles["Normal"].font.size = Pt(10.5)
    out.add_heading(document.title, level=0)
    for block in document.blocks:
        if isinstance(block, Heading):
            out.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            style = "List Bullet" if block.bullet else "Quote" if block.quote else None
            _docx_runs(out.add_paragraph(style=style), block.runs)
        else:
            table = out.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, runs in zip(cells, row, strict=True):
                    cell.text = ""
                    _docx_runs(cell.paragraphs[0], runs)
            out.add_paragraph()
    if document.notes:
        out.add_heading(document.notes_heading, level=1)
        for number, text in enumerate(document.notes, 1):
            paragraph = out.add_paragraph()
            paragraph.add_run(f"{number}. ").bold = True
            paragraph.add_run(text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
