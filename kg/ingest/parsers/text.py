"""Plain texts, Markdown pages, generic HTML pages and regeringen.se metadata → `Document`.

The reading helpers live in kg.ingest.parsers.decoding (bytes → text) and kg.ingest.parsers.html (HTML →
text); Markdown links and the document type are decided here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import yaml
from lxml import etree

from kg.errors import ParseError
from kg.ingest.model import Document
from kg.ingest.parsers.decoding import decode_bytes
from kg.ingest.parsers.html import (
    collapse,
    html_metadata,
    html_to_text,
    parse_html_tree,
)
from kg.ingest.parsers.language import detect
from kg.ingest.parsers.registry import register
from kg.locale import mark

T = TypeVar("T")


# --------------------------------------------------------------------------- Markdown

_MD_IMAGE_OR_LINK = re.compile(
    r"!?\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # visible text, one level of nested brackets
    r"(?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"  # (url "title")
    r"|\[[^\[\]\n]*\])"  # or [reference]
)
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_MD_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S+.*(?:\n|$)", re.M)
_INLINE_TAG = re.compile(r"</?(?:sup|sub|span|b|i|em|strong|u|small|abbr)(?:\s[^<>]*)?>", re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def strip_markdown_links(text: str) -> str:
    """Links and images reduced to their visible text (`[Mme X](#)` → `Mme X`), link
    definitions removed: URLs are not prose and would break sentence-level extraction."""
    text = _MD_LINK_DEFINITION.sub("", text)
    previous = None
    while previous != text:  # a link's text may itself hold an image: [![alt](img)](url)
        previous = text
        text = _MD_IMAGE_OR_LINK.sub(lambda match: match.group(1), text)
    return _MD_AUTOLINK.sub(lambda match: match.group(1), text)


def strip_inline_tags(text: str) -> str:
    """Inline HTML left in Markdown (`1<sup>re</sup>`) reduced to its text."""
    return _INLINE_TAG.sub("", text)


def first_heading(text: str) -> str | None:
    match = re.search(r"^#[ \t]+(.+?)[ \t#]*$", text, re.M)
    return match.group(1).strip() if match else None


# --------------------------------------------------------------------------- document type

_ANSWER_CUES = re.compile(
    r"\b(?:monsieur|madame) l[ae] (?:député|députée|sénateur|sénatrice)\b"
    r"|\bmesdames(?:,)? (?:et )?messieurs les (?:député|sénateur)s\b"
    r"|\bl'honorable parlementaire\b"
    r"|\b(?:herr|fru) talman\b"
    r"|\bminister of state\b|\bparliamentary under-secretary\b|\banswered by\b"
    r"|\bi thank the hon(?:ourable|\.)? (?:member|lady|gentleman|friend)\b",
    re.I,
)
_QUESTION_OPENING = re.compile(r"^\s*(?:#+\s*)?(?:to ask\b|question écrite\b)", re.I)


def document_type(text: str) -> str:
    """ "ministerial-answer" when the text addresses parliament the way a minister's reply
    does ("monsieur le député", "herr talman", "Minister of State…"), else "text". A text
    that opens as a question ("To ask the Secretary of State…") stays "text"."""
    if _QUESTION_OPENING.match(text):
        return "text"
    return "ministerial-answer" if _ANSWER_CUES.search(text) else "text"


def short_first_line(text: str, limit: int = 120) -> str | None:
    """The first line as a title when it is short and more text follows; None otherwise
    (a long first line is the start of the prose, not a heading)."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    first = first.strip().lstrip("#").strip()
    if not first or not rest.strip() or len(first) > limit:
        return None
    return first


# --------------------------------------------------------------------------- guard


def guarded(name: str, function: Callable[[], T]) -> T:
    """Run a parser body so that only ParseError escapes: a malformed structure that
    slipped past the explicit checks becomes a ParseError naming the file."""
    try:
        return function()
    except ParseError:
        raise
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        RecursionError,
        UnicodeError,
        etree.LxmlError,
        yaml.YAMLError,
    ) as error:
        raise ParseError(
            mark("{name}: unreadable document ({kind}: {error})"),
            name=name,
            kind=type(error).__name__,
            error=error,
        ) from error


# --------------------------------------------------------------------------- parsers


@register("text")
def parse_text(data: bytes, name: str) -> Document:
    """Any plain text in fr/sv/en, e.g. a minister's answer pasted from a transcript."""

    def run() -> Document:
        text = decode_bytes(data, name).strip()
        return Document(
            text=text,
            type=document_type(text),
            language=detect(text),
            title=short_first_line(text),
            source_format="text",
        )

    return guarded(name, run)


@register("markdown")
def parse_markdown(data: bytes, name: str) -> Document:
    """A Markdown page (regeringen.se article as mirrored by g0vse). YAML front matter is
    read into metadata["front_matter"] when it parses; links keep only their text."""

    def run() -> Document:
        text = decode_bytes(data, name)
        metadata: dict[str, Any] = {}
        front = _FRONT_MATTER.match(text)
        if front:
            metadata["front_matter"] = _front_matter(front.group(0))
            text = text[front.end() :]
        text = strip_inline_tags(strip_markdown_links(text)).strip()
        if not text:
            raise ParseError(mark("{name}: no text after the front matter"), name=name)
        return Document(
            text=text,
            type=document_type(text),
            language=detect(text),
            title=first_heading(text),
            source_format="markdown",
            metadata=metadata,
        )

    return guarded(name, run)


def _front_matter(block: str) -> dict[str, Any] | None:
    """Front matter as a dict, or None when it is not valid YAML (it often is not)."""
    body = block.strip().strip("-.").strip()
    try:
        value = yaml.safe_load(body)
    except yaml.YAMLError:
        return None
    return value if isinstance(value, dict) else None


@register("html")
def parse_html(data: bytes, name: str) -> Document:
    """A generic HTML page: visible text, <title>, and the <meta> facts of interest."""

    def run() -> Document:
        root = parse_html_tree(data, name)
        title_element = root.find(".//title")
        title = collapse(title_element.text_content()) if title_element is not None else ""
        text = html_to_text(root)
        if not text and not title:
            raise ParseError(mark("{name}: HTML without any text"), name=name)
        language = detect(text) or _html_language(root)
        return Document(
            text=text,
            type=document_type(text),
            language=language,
            title=title or None,
            source_format="html",
            metadata=html_metadata(root),
        )

    return guarded(name, run)


def _html_language(root: etree._Element) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    code = lang.strip().lower()[:2]
    return code if code in ("fr", "sv", "en") else None


@register("regeringen-json")
def parse_regeringen_json(data: bytes, name: str) -> Document:
    """regeringen.se `artiklar.json` (g0vse): an array of article records. One Document per
    file, describing the first article (the summary is the only prose in the record);
    metadata["articles"] counts the records so a caller can tell a listing was cut."""

    def run() -> Document:
        records = _json_array(data, name)
        first = records[0]
        title = _string(first.get("title"))
        summary = _string(first.get("summary"))
        text = summary or title
        if not text:
            raise ParseError(mark("{name}: first article has neither title nor summary"), name=name)
        url = _string(first.get("url"))
        metadata: dict[str, Any] = {
            "published": _iso_date(first.get("published")),
            "updated": _iso_date(first.get("updated")),
            "url": url or None,
            "absolute_url": f"https://www.regeringen.se{url}"
            if url.startswith("/")
            else url or None,
            "types": _string_list(first.get("types")),
            "senders": _string_list(first.get("senders")),
            "categories": _string_list(first.get("categories")),
            "articles": len(records),
        }
        return Document(
            text=text,
            type=document_type(text),
            language=detect(text) or "sv",
            title=title or None,
            source_format="regeringen-json",
            metadata=metadata,
        )

    return guarded(name, run)


def load_json(data: bytes, name: str) -> Any:
    """JSON value of `data` (UTF-8, BOM tolerated), or ParseError with the reason."""
    text = decode_bytes(data, name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(
            mark("{name}: invalid or truncated JSON ({error})"), name=name, error=error
        ) from error


def _json_array(data: bytes, name: str) -> list[dict[str, Any]]:
    value = load_json(data, name)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not value or not isinstance(value[0], dict):
        raise ParseError(mark("{name}: expected a JSON array of article objects"), name=name)
    return value


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _string_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(item) for item in value if isinstance(item, str | int)]


def _iso_date(value: Any) -> str | None:
    """yyyy-mm-dd from an ISO date or date-time string; None for anything else, including
    impossible dates ("2024-13-45")."""
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
