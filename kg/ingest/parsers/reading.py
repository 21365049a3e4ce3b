"""Reading statute files: strict UTF-8 text, safe XML, and building a text while recording
offsets. Shared by the statute parsers (frcode, legi, ukleg, sfs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from kg.errors import ParseError
from kg.locale import mark

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class TextBuilder:
    """Builds `Document.text` piece by piece, returning each piece's offsets as it goes."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is tolerated) with `\\n` line ends; ParseError when it is not text."""
    if not data.strip():
        raise ParseError(mark("{name}: the file is empty"), name=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(
            mark("{name}: not UTF-8 text (byte {start}: {reason})"),
            name=name,
            start=error.start,
            reason=error.reason,
        ) from error
    if "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise ParseError(mark("{name}: binary data, not text"), name=name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of an XML document, parsed without DTDs, entities or network."""
    if not data.strip():
        raise ParseError(mark("{name}: the file is empty"), name=name)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ParseError(
            mark("{name}: not well-formed XML ({msg})"), name=name, msg=error.msg
        ) from error
    except (etree.LxmlError, ValueError, LookupError) as error:
        raise ParseError(
            mark("{name}: unreadable XML ({error})"), name=name, error=error
        ) from error
    if root is None:
        raise ParseError(mark("{name}: no XML root element"), name=name)
    return root


_PRETTY_BEFORE = re.compile(r"\s*\n\s*(?=[”’),.;:])")
_PRETTY_AFTER = re.compile(r"(?<=[“‘(])\s*\n\s*")
_PRETTY_BETWEEN = re.compile(r"(?<=\))\s*\n\s*(?=\()")  # "(4)\n  (a)" → "(4)(a)"
_SPACES = re.compile(r"\s+")


def clean_space(text: str) -> str:
    """Collapse whitespace; drop the indentation that pretty-printing put inside quotes."""
    text = _PRETTY_BEFORE.sub("", text)
    text = _PRETTY_AFTER.sub("", text)
    text = _PRETTY_BETWEEN.sub("", text)
    return _SPACES.sub(" ", text).strip()


def iso_date(value: str | None) -> str | None:
    """`value` if it is an ISO date (yyyy-mm-dd), else None."""
    if not value:
        return None
    value = value.strip()[:10]
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None
