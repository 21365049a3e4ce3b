"""Plain texts, Markdown pages, generic HTML pages and regeringen.se metadata → `Document`.

Also the shared reading helpers of the other text-like parsers (kg.ingest.question):
decoding bytes to text, HTML to readable text, Markdown links to their visible text.

Decoding policy (one place, so every parser treats bytes alike):
1. A UTF-8 BOM is dropped; a UTF-16 BOM is honoured (Windows tools still write it).
2. NUL bytes without a UTF-16 BOM mean binary data (or BOM-less UTF-16): ParseError.
3. A declared encoding (HTML `<meta charset>`, XML declaration) is tried first when given.
   "ISO-8859-1"/"latin1"/"ascii" labels are read as windows-1252, as every browser does
   (WHATWG Encoding Standard): the AN pages declare ISO-8859-1 but contain 0x92 for "’".
   One exception: bytes that are valid UTF-8 are read as UTF-8 even under a Latin-1
   label, because real Latin-1 prose is practically never valid UTF-8 while pages that
   were re-saved as UTF-8 often keep their old declaration.
4. Then strict UTF-8.
5. Then UTF-8 with U+FFFD for a few corrupt bytes, when the rest is clearly UTF-8
   (many valid multi-byte characters, at most one bad byte in twenty of them).
6. Then windows-1252 (or Latin-1 where 1252 leaves bytes undefined), but only when the
   result looks like Western-European text: few non-ASCII characters, nearly all of them
   letters or typographic punctuation. Anything else (Shift-JIS, random bytes, a PDF…)
   is a ParseError rather than silent mojibake in the graph.
7. Text with more than a few control characters is binary: ParseError. Isolated control
   characters are removed (lxml refuses them and they carry no meaning).
Line endings are normalised to LF so offsets do not depend on the producing platform.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import yaml
from lxml import etree
from lxml import html as lxml_html

from kg.errors import ParseError
from kg.ingest import register
from kg.ingest.language import detect
from kg.ingest.model import Document

_LATIN1_LABELS = {"latin_1", "iso8859_1", "ascii", "cp1252"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_TYPOGRAPHIC = set("’‘“”„–—…«»°€£§·×÷¡¿ªº±²³µ¶¹¼½¾\xa0\xad©®™•†‡‰‹›")
_MAX_CONTROL_RATIO = 0.02
_MAX_LATIN1_RATIO = 0.3

T = TypeVar("T")

# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> str:
    """The text of `data` under the decoding policy of the module docstring, with LF line
    endings and without stray control characters. Raises ParseError for empty or binary
    input, or bytes that are neither UTF-8 nor plausible Latin-1."""
    if not data or not data.strip():
        raise ParseError(f"{name}: empty input")
    text = _decode(data, name, declared)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\v", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise ParseError(f"{name}: binary data, not text ({controls} control characters)")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise ParseError(f"{name}: empty input")
    return text


def _decode(data: bytes, name: str, declared: str | None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        declared = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError(f"{name}: invalid UTF-16 after a UTF-16 byte-order mark") from error
    if b"\x00" in data:
        raise ParseError(f"{name}: binary data, not text (NUL bytes)")
    try:
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    codec = _codec_name(declared)
    if codec is not None and not (codec == "cp1252" and utf8 is not None):
        decoded = _try_codec(data, codec)
        if decoded is not None:
            return decoded
    if utf8 is not None:
        return utf8
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return damaged
    decoded = _windows_1252(data)
    if _plausible_western(decoded):
        return decoded
    raise ParseError(
        f"{name}: undecodable text: neither UTF-8 nor Latin-1/windows-1252 text"
        + (f" (declared {declared})" if declared else "")
    )


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few corrupt bytes (a bad copy, a cut multi-byte character), with
    U+FFFD marking them: rejecting a whole page for one byte would lose real text. Latin-1
    text never gets here, as it holds almost no valid multi-byte sequences."""
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    genuine = sum(1 for char in text if ord(char) >= 0x80) - damaged
    return text if genuine >= 3 and damaged <= 0.05 * genuine else None


def _codec_name(label: str | None) -> str | None:
    """Python codec for a declared label, or None if unknown."""
    if not label:
        return None
    try:
        codec = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if codec.startswith(("utf-16", "utf-32")):  # a page cannot declare these in ASCII
        return "utf-8"
    if not getattr(codecs.lookup(codec), "_is_text_encoding", True):
        return None  # rot13, base64…: not a character encoding
    return "cp1252" if codec.replace("-", "_") in _LATIN1_LABELS else codec


def _try_codec(data: bytes, codec: str) -> str | None:
    if codec == "cp1252":
        return _windows_1252(data)
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _windows_1252(data: bytes) -> str:
    """windows-1252, except that the five bytes it leaves undefined read as Latin-1."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _plausible_western(text: str) -> bool:
    """True when text decoded as windows-1252 reads like fr/sv/en prose, not like binary
    or another encoding: accented letters are a minority and sit among ASCII letters."""
    high = [char for char in text if ord(char) >= 0x80]
    if not high or len(high) > _MAX_LATIN1_RATIO * len(text):
        return False
    plausible = sum(1 for char in high if char.isalpha() or char in _TYPOGRAPHIC)
    return plausible >= 0.95 * len(high)


# --------------------------------------------------------------------------- HTML

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
        raise ParseError(f"{name}: unreadable HTML ({error})") from error


def html_fragment_to_text(markup: str) -> str:
    """Readable text of an HTML fragment (an answer's CDATA), tolerant of bad markup."""
    if "<" not in markup and "&" not in markup:
        return _tidy(markup)
    cleaned = _END_BR.sub("<br>", _CONTROL.sub("", markup))
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
            cells = [_collapse(cell) for cell in line.split(_CELL_MARK)]
            line = " | ".join(cell for cell in cells if cell)
        lines.append(_collapse(line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _collapse(text: str) -> str:
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
        value = _collapse(content.replace("\xa0", " "))
        if key.upper() in _LIST_META:
            found[key.upper()] = [_collapse(item) for item in value.split("|") if item.strip()]
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
            f"{name}: unreadable document ({type(error).__name__}: {error})"
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
            raise ParseError(f"{name}: no text after the front matter")
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
        title = _collapse(title_element.text_content()) if title_element is not None else ""
        text = html_to_text(root)
        if not text and not title:
            raise ParseError(f"{name}: HTML without any text")
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
            raise ParseError(f"{name}: first article has neither title nor summary")
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
        raise ParseError(f"{name}: invalid or truncated JSON ({error})") from error


def _json_array(data: bytes, name: str) -> list[dict[str, Any]]:
    value = load_json(data, name)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not value or not isinstance(value[0], dict):
        raise ParseError(f"{name}: expected a JSON array of article objects")
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
