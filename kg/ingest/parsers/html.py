"""HTML → readable text and page metadata, with lxml (scripts and styles dropped, paragraph
breaks kept, nothing fetched)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from kg.errors import ParseError
from kg.ingest.parsers.decoding import CONTROL_CHARACTERS, decode_bytes
from kg.locale import mark

_SKIPPED = {"script", "style", "noscript", "template", "head", "object", "iframe", "svg"}
_PARAGRAPH_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl",
    "section", "article", "header", "footer", "nav", "main", "aside", "form", "hr",
    "center", "figure", "address", "fieldset", "body",
}  # fmt: skip
_LINE_BLOCKS = {"div", "li", "dt", "dd", "tr", "br", "caption", "option", "legend", "figcaption"}
_CELLS = {"td", "th"}
_CELL_MARK = "\x1f"
_END_BR = re.compile(r"</br\s*>", re.I)  # HTML parsing rules: "</br>" acts as "<br>"
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML/XML page declares in its first bytes, if any."""
    head = data[:4096]
    match = _XML_ENCODING.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")) or _CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def parse_html_tree(data: bytes, name: str) -> etree._Element:
    """The lxml tree of an HTML page, decoded under the module's policy."""
    text = decode_bytes(data, name, declared_charset(data))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with a declaration
    text = _END_BR.sub("<br>", text)
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(
            mark("{name}: unreadable HTML ({error})"), name=name, error=error
        ) from error


def html_fragment_to_text(markup: str) -> str:
    """Readable text of an HTML fragment (an answer's CDATA), tolerant of bad markup."""
    if "<" not in markup and "&" not in markup:
        return _tidy(markup)
    cleaned = _END_BR.sub("<br>", CONTROL_CHARACTERS.sub("", markup))
    try:
        root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", cleaned))
    return html_to_text(root)


def html_to_text(root: etree._Element) -> str:
    """Visible text with paragraph breaks kept: blocks become blank lines, <br>/<div>/<tr>
    line breaks, table cells " | "; scripts, styles and <head> are dropped; source line
    breaks are spaces, as in a browser. Iterative so that deeply nested pages cannot
    exhaust the Python stack."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, True)]
    cells = 0  # inside a table cell, line breaks are spaces so that a row stays one line
    while stack:
        element, opening = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if opening:
            stack.append((element, False))
            if tag is None or tag in _SKIPPED:
                continue
            parts.append(_break_for(tag, cells))
            if tag in _CELLS:
                parts.append(_CELL_MARK)
                cells += 1
            if element.text:
                parts.append(_HTML_SPACE.sub(" ", element.text))
            stack.extend((child, True) for child in reversed(element))
        else:
            if tag is not None and tag not in _SKIPPED:
                cells -= tag in _CELLS
                parts.append(_break_for(tag, cells))
            if element.tail:
                parts.append(_HTML_SPACE.sub(" ", element.tail))
    joined = _BREAKS.sub(_break_text, "".join(parts))
    return _tidy(joined)


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_PARAGRAPH_MARK = "\x1d"
_LINE_MARK = "\x1e"
_BREAKS = re.compile(r"[ ]*(?:[\x1d\x1e][ ]*)+")


def _break_text(match: re.Match[str]) -> str:
    return "\n\n" if _PARAGRAPH_MARK in match.group(0) else "\n"


def _break_for(tag: str, cells: int = 0) -> str:
    if cells > 0 and (tag in _PARAGRAPH_BLOCKS or tag in _LINE_BLOCKS):
        return " "
    if tag in _PARAGRAPH_BLOCKS:
        return _PARAGRAPH_MARK
    if tag in _LINE_BLOCKS:
        return _LINE_MARK
    return ""


def _tidy(text: str) -> str:
    """Collapse runs of spaces inside lines and of blank lines between paragraphs."""
    lines = []
    for line in text.split("\n"):
        if _CELL_MARK in line:
            cells = [collapse(cell) for cell in line.split(_CELL_MARK)]
            line = " | ".join(cell for cell in cells if cell)
        lines.append(collapse(line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def collapse(text: str) -> str:
    return re.sub(r"[^\S\n]+", " ", text).strip()


def html_metadata(root: etree._Element) -> dict[str, Any]:
    """`<meta name=… content=…>` values of interest. The AN dossier template publishes
    machine-readable facts there (the promulgated law and its Légifrance link, the list
    of the dossier's documents); `|`-separated lists become Python lists."""
    found: dict[str, Any] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip()
        content = meta.get("content")
        if not key or content is None:
            continue
        value = collapse(content.replace("\xa0", " "))
        if key.upper() in _LIST_META:
            found[key.upper()] = [collapse(item) for item in value.split("|") if item.strip()]
        elif key.upper() in _SCALAR_META:
            found[key.upper()] = value
        elif key.lower() in _GENERIC_META:
            found[key.lower()] = value
    session = found.get("LEGISLATURE_SESSION")
    if isinstance(session, str) and (match := re.match(r"(\d+)", session)):
        found["legislature"] = match.group(1)
    return found


_LIST_META = {"TITRES_DOC", "URLS_DOC"}
_SCALAR_META = {
    "LOI_PROMULGUEE", "LIEN_LOI_PROMULGUEE", "LEGISLATURE_SESSION", "TYPE_DOCUMENT",
    "ORIGINE_DOCUMENT", "URL_DOSSIER", "DISCUTE_SEANCE",
}  # fmt: skip
_GENERIC_META = {"description", "keywords", "author", "dc.title", "dc.date", "og:title"}
