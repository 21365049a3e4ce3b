"""Bytes → text for the text-like parsers (plain text, Markdown, HTML, AN questions).

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
import re

from kg.errors import ParseError
from kg.locale import mark

_LATIN1_LABELS = {"latin_1", "iso8859_1", "ascii", "cp1252"}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_TYPOGRAPHIC = set("’‘“”„–—…«»°€£§·×÷¡¿ªº±²³µ¶¹¼½¾\xa0\xad©®™•†‡‰‹›")
_MAX_CONTROL_RATIO = 0.02
_MAX_LATIN1_RATIO = 0.3


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> str:
    """The text of `data` under the decoding policy of the module docstring, with LF line
    endings and without stray control characters. Raises ParseError for empty or binary
    input, or bytes that are neither UTF-8 nor plausible Latin-1."""
    if not data or not data.strip():
        raise ParseError(mark("{name}: empty input"), name=name)
    text = _decode(data, name, declared)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\v", "\n")
    controls = len(CONTROL_CHARACTERS.findall(text))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise ParseError(
            mark("{name}: binary data, not text ({controls} control characters)"),
            name=name,
            controls=controls,
        )
    text = CONTROL_CHARACTERS.sub("", text)
    if not text.strip():
        raise ParseError(mark("{name}: empty input"), name=name)
    return text


def _decode(data: bytes, name: str, declared: str | None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        declared = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError(
                mark("{name}: invalid UTF-16 after a UTF-16 byte-order mark"), name=name
            ) from error
    if b"\x00" in data:
        raise ParseError(mark("{name}: binary data, not text (NUL bytes)"), name=name)
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
    if declared:
        raise ParseError(
            mark(
                "{name}: undecodable text: neither UTF-8 nor Latin-1/windows-1252 text "
                "(declared {declared})"
            ),
            name=name,
            declared=declared,
        )
    raise ParseError(
        mark("{name}: undecodable text: neither UTF-8 nor Latin-1/windows-1252 text"), name=name
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
