"""Which parser reads a file: from the Content-Type, the file name and the first bytes.

Decisions go from the most to the least specific evidence: an XML root element or a JSON
shape beats a file extension, which beats a Content-Type (clients often send text/plain for
everything).
"""

from __future__ import annotations

import json
import re

from kg.errors import UnsupportedFormat
from kg.ingest.parsers.dossier import looks_like as _dossier_looks_like
from kg.ingest.parsers.legalize import looks_like as _is_legalize
from kg.locale import mark

_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_VERSIONED_ARTICLE = re.compile(r"^# Article [LRDA]?\.?\s*\d", re.M)
_ARTICLE_HEADINGS = re.compile(r"^#{1,6}[ \t]+Article[ \t]+[LRDA]?\.?[ \t]?\d", re.M)
_SFS_FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n(?:.*\n)*?beteckning:", re.M)


def detect(data: bytes, name: str = "", content_type: str | None = None) -> str:
    """The format name of `data` (a key of kg.ingest.PARSERS)."""
    lowered = name.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or (head.startswith(b"<") and not _looks_like_html(head)):
        return _xml_format(head, lowered)
    if head[:1] in (b"{", b"["):
        return _json_format(data, name)
    if _looks_like_html(head) or lowered.endswith((".html", ".htm", ".asp", ".xhtml")):
        page = data[:200_000].decode("utf-8", "ignore")
        if _is_an_question(page[:20000]):
            return "an-question-html"
        return "an-dossier-html" if _is_an_dossier(data[:200_000]) else "html"
    text = data[:20000].decode("utf-8", "ignore")
    if _is_legalize(text):
        return "legalize-md"
    if _SFS_FRONT_MATTER.search(text):
        return "sfs-md"
    if (
        _VERSIONED_ARTICLE.search(text[:200])
        or re.match(r"^# (Section|Chapitre|Titre|Livre) ", text)
        or len(_ARTICLE_HEADINGS.findall(text)) >= 2
    ):
        return "fr-code-md"
    if _is_an_question(text):
        return "an-question-text"
    if lowered.endswith((".md", ".markdown")) or text.lstrip().startswith("# "):
        return "markdown"
    if content_type and "html" in content_type:
        return "html"
    return "text"


def _looks_like_html(head: bytes) -> bool:
    start = head[:200].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start


def _is_an_dossier(head: bytes) -> bool:
    """An Assemblée nationale dossier page (both templates; the older ones are Latin-1)."""
    if b"ssembl" not in head:
        return False
    return any(
        _dossier_looks_like(head.decode(encoding, "replace")) for encoding in ("utf-8", "cp1252")
    )


def _is_an_question(text: str) -> bool:
    return "Question écrite n°" in text or "Texte de la question" in text or "Question N°" in text


def _xml_format(head: bytes, name: str) -> str:
    for match in _XML_ROOT.finditer(head):
        root = match.group(1).decode("ascii", "ignore")
        if root in ("xml", "xml-stylesheet") or root.startswith("!"):
            continue
        if root == "QUESTION":
            return "an-question-xml"
        if root == "Legislation":
            return "clml"
        if root == "akomaNtoso":
            return "akn"
        if root in ("ARTICLE", "TEXTE_VERSION", "TEXTELR", "SECTION_TA"):
            return "legi-xml"
        if root == "html":
            return "html"
        break
    if name.endswith(".akn.xml"):
        return "akn"
    raise UnsupportedFormat(
        mark("{value}: XML of an unknown kind; use --format"), value=name or "the document"
    )


def _json_format(data: bytes, name: str) -> str:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "an-question-json" if b'"question"' in data[:200] else "text"
    if isinstance(value, dict) and "question" in value:
        return "an-question-json"
    if isinstance(value, list) and value and isinstance(value[0], dict) and "url" in value[0]:
        return "regeringen-json"
    raise UnsupportedFormat(
        mark("{value}: JSON of an unknown kind; use --format"), value=name or "the document"
    )
