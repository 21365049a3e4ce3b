"""legislation.gov.uk XML: CLML (format `clml`) and Akoma Ntoso (format `akn`).

Both are what legislation.gov.uk serves for a provision or an act (`…/section/22/data.xml`,
`…/data.akn`). One ProvisionText is made per section (CLML `P1`, AKN `section`; also
`article`/`regulation`/`rule` in AKN secondary legislation), not nested in another one and
not quoted inside an amendment (`BlockAmendment` / `quotedStructure`).

Choices:

- Instrument: the act's URI without host and `/id/`: `http://www.legislation.gov.uk/id/
  ukpga/2026/2` → `uk/ukpga/2026/2` (CLML `IdURI`, else `DocumentURI`; AKN `FRBRWork/FRBRuri`,
  else `dc:identifier`). Provision path: the section's own URI below the act, without a
  version suffix (`section/22`; `…/section/1/2012-11-16` → `section/1`), else its `id`/`eId`.
- valid_from: the `RestrictStartDate` nearest to the section (on its `P1group`, else an
  ancestor, else the root), falling back to `dct:valid`. `dct:valid` is the point in time
  the whole view was asked for, which can be later than the section's current text: in the
  FSMA s. 91 sample `dct:valid` is 2024-11-22 while the section's text applies from
  2024-01-30. `RestrictStartDate` is the start of the version of that text, which is what
  `valid_from` means. AKN carries the same data as restrictions pointing at temporal
  groups (`#period-from-…`); the section's own period wins, then an ancestor's, then
  `FRBRExpression/FRBRdate[@name="validFrom"]`, then `dct:valid`. valid_until: the
  section's own `RestrictEndDate` / period end only; an ancestor's end date is about that
  ancestor's version (the Part changes), not about the section.
- Jurisdiction: extents are mapped to legal jurisdictions: E, W or E+W → `UK-EW`
  (England and Wales is one jurisdiction); S → `UK-SCT`; N.I. → `UK-NI`; anything spanning
  more than one → `UK`. The section's extent is the nearest `RestrictExtent`; the document's
  jurisdiction is the sections' one when they all agree (s. 22 of the Sentencing Act 2026
  extends to E+W only although the act extends to the UK), else the act's. With no extent,
  Welsh, Scottish and NI legislation types (mwa, anaw, asp, nia…) give their jurisdiction;
  legislation of the UK Parliament whose extent is not given (a local Act, `ukla`, often
  has none) is `UK`, the legislature's reach, rather than nothing.
- Language: the one the file declares (`xml:lang` on the root, AKN `FRBRlanguage`), so a
  Welsh text (`cy`) is not labelled English; English when nothing is declared.
- Text: each section as plain text, one line per block; subsection and paragraph numbers
  kept as `(1) …`, `(a) …`. Amendment wrappers (`Addition`, `Substitution`, `Repeal`) are
  read once as ordinary inline text; `CommentaryRef`/`noteRef` markers and footnotes are
  dropped (commentaries are editorial notes, not the provision). Whitespace is collapsed;
  indentation inserted by pretty-printing inside quotes (`“\\n  education body\\n  ”`) is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from kg.errors import ParseError
from kg.ingest.model import Document, ProvisionText
from kg.ingest.parsers.reading import TextBuilder, clean_space, iso_date, parse_xml
from kg.ingest.parsers.registry import register
from kg.locale import mark

CLML = "http://www.legislation.gov.uk/namespaces/legislation"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
DC = "http://purl.org/dc/elements/1.1/"
DCT = "http://purl.org/dc/terms/"
UKM = "http://www.legislation.gov.uk/namespaces/metadata"

_URI = re.compile(
    r"^https?://(?:www\.)?legislation\.gov\.uk/(?:id/)?"
    r"(?P<act>[a-z]+/(?:\d{4}|[A-Z][A-Za-z]*\d*/[\d-]+)/\d+)(?:/(?P<rest>[^?#]*))?"
)
_VERSION_SEGMENT = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|enacted|made|created|adopted|prospective|welsh|english|data\.\w+)$"
)
_TYPE_JURISDICTION = {
    "mwa": "UK-EW", "anaw": "UK-EW", "asc": "UK-EW", "wsi": "UK-EW", "nawm": "UK-EW",
    "asp": "UK-SCT", "ssi": "UK-SCT", "aosp": "UK-SCT",
    "nia": "UK-NI", "nisr": "UK-NI", "nisi": "UK-NI", "apni": "UK-NI", "mnia": "UK-NI",
}  # fmt: skip
_UK_PARLIAMENT = frozenset({"ukpga", "ukla", "ukppa", "uksi", "ukcm", "gbla", "gbppa", "ukmo"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LANGUAGES = {"en": "en", "eng": "en", "cy": "cy", "cym": "cy", "wel": "cy", "fr": "fr",
              "fra": "fr", "fre": "fr", "sv": "sv", "swe": "sv", "gd": "gd", "gla": "gd"}  # fmt: skip


def declared_language(*values: str | None) -> str:
    """The first declared language among `values` ("en-GB" → en, "cym" → cy), else en."""
    for value in values:
        code = (value or "").strip().lower().replace("_", "-").split("-")[0]
        if code in _LANGUAGES:
            return _LANGUAGES[code]
    return "en"


@dataclass
class _Section:
    display: str  # the number as printed: "22"
    path: str  # section/22
    heading: str | None
    blocks: list[str]
    extent: str | None
    valid_from: str | None
    valid_until: str | None


# --------------------------------------------------------------------------------- shared


def local(element: etree._Element) -> str:
    """The element's name without namespace ("" for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def split_uri(uri: str | None) -> tuple[str | None, str | None]:
    """(`uk/ukpga/2026/2`, `section/22`) from a legislation.gov.uk URI; Nones if not one."""
    match = _URI.match((uri or "").strip())
    if not match:
        return None, None
    segments = [s for s in (match.group("rest") or "").split("/") if s]
    while segments and _VERSION_SEGMENT.match(segments[-1]):
        segments.pop()
    return "uk/" + match.group("act"), "/".join(segments) or None


def jurisdiction_of(extent: str | None) -> str | None:
    """`E+W` → UK-EW, `S` → UK-SCT, `N.I.` → UK-NI, several jurisdictions → UK."""
    parts = {p.strip().upper().replace(".", "") for p in (extent or "").split("+") if p.strip()}
    if not parts or not parts <= {"E", "W", "S", "NI"}:
        return None
    if parts <= {"E", "W"}:
        return "UK-EW"
    if parts == {"S"}:
        return "UK-SCT"
    if parts == {"NI"}:
        return "UK-NI"
    return "UK"


def _raw_inline(element: etree._Element, skip: frozenset[str]) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and local(child) not in skip:
            parts.append(_raw_inline(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def inline(element: etree._Element | None, skip: frozenset[str]) -> str:
    """The text of an element as one line, without the skipped (marker) elements."""
    return "" if element is None else clean_space(_raw_inline(element, skip))


def _has_direct_text(element: etree._Element) -> bool:
    return bool((element.text or "").strip()) or any(
        (child.tail or "").strip() for child in element
    )


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if local(c) == name), None)


def _top_units(
    root: etree._Element, names: frozenset[str], barriers: frozenset[str]
) -> Iterator[etree._Element]:
    """Elements named `names` with no ancestor among `names` or `barriers`."""
    for element in root.iter():
        if local(element) in names and not any(
            local(a) in names or local(a) in barriers for a in element.iterancestors()
        ):
            yield element


def _numbered(num: str, blocks: list[str]) -> list[str]:
    if not num:
        return blocks
    if not blocks:
        return [num]
    return [f"{num} {blocks[0]}", *blocks[1:]]


def _document(
    fmt: str,
    title: str | None,
    instrument: str | None,
    sections: list[_Section],
    act_extent: str | None,
    metadata: dict[str, str | None],
    language: str = "en",
) -> Document:
    builder = TextBuilder()
    if title:
        builder.add(title)
    provisions: list[ProvisionText] = []
    extents: dict[str, str | None] = {}
    for section in sections:
        if builder.length:
            builder.add("\n\n")
        builder.add(" ".join(x for x in (section.display, section.heading) if x) + "\n")
        start, end = builder.add("\n".join(section.blocks))
        number = " ".join(section.path.split("/"))
        extents[number] = section.extent
        provisions.append(
            ProvisionText(
                number=number,
                path=section.path,
                start=start,
                end=end,
                heading=section.heading,
                valid_from=section.valid_from,
                valid_until=section.valid_until,
            )
        )
    found = {jurisdiction_of(e) for e in extents.values()} - {None}
    kind = instrument.split("/")[1] if instrument else ""
    jurisdiction = (
        found.pop()
        if len(found) == 1
        else jurisdiction_of(act_extent)
        or _TYPE_JURISDICTION.get(kind)
        or ("UK" if found or kind in _UK_PARLIAMENT else None)
    )
    return Document(
        text=builder.text(),
        type="statute",
        language=language,
        title=title,
        source_format=fmt,
        metadata={**metadata, "extent": act_extent, "provision_extent": extents},
        instrument=instrument,
        jurisdiction=jurisdiction,
        provisions=provisions,
    )


# ----------------------------------------------------------------------------------- CLML

_CLML_MARKERS = frozenset({"CommentaryRef", "FootnoteRef", "MarginNoteRef", "Footnote"})
_CLML_NUMBERED = frozenset({"P2", "P3", "P4", "P5", "P6", "P7", "P"})
_CLML_SKIP_BLOCKS = _CLML_MARKERS | {"Pnumber", "Title", "Number"}


def _clml_blocks(element: etree._Element) -> list[str]:
    blocks: list[str] = []
    for child in element:
        name = local(child)
        if not name or name in _CLML_SKIP_BLOCKS:
            continue
        if name == "Text" or _has_direct_text(child):
            text = inline(child, _CLML_MARKERS)
            if text:
                blocks.append(text)
        elif name in _CLML_NUMBERED or name == "P1":  # a P1 here is quoted in an amendment
            num = inline(_child(child, "Pnumber"), _CLML_MARKERS)
            if num and name != "P1" and not num.startswith("("):
                num = f"({num})"
            blocks.extend(_numbered(num, _clml_blocks(child)))
        else:
            if name.endswith("group"):
                title = inline(_child(child, "Title"), _CLML_MARKERS)
                if title:
                    blocks.append(title)
            blocks.extend(_clml_blocks(child))
    return blocks


def _nearest(element: etree._Element, attribute: str) -> str | None:
    for node in [element, *element.iterancestors()]:
        value = node.get(attribute)
        if value:
            return value
    return None


def _clml_section(p1: etree._Element, valid: str | None) -> _Section:
    group = p1.getparent()
    outer = group if group is not None and local(group) == "P1group" else p1
    _, path = split_uri(p1.get("DocumentURI") or p1.get("IdURI"))
    display = inline(_child(p1, "Pnumber"), _CLML_MARKERS)
    if not path:
        path = (p1.get("id") or "").replace("-", "/") or f"section/{display or '?'}"
    heading = inline(_child(outer, "Title"), _CLML_MARKERS) if outer is group else ""
    end = p1.get("RestrictEndDate") or outer.get("RestrictEndDate")
    return _Section(
        display=display,
        path=path,
        heading=heading or None,
        blocks=_clml_blocks(p1),
        extent=_nearest(outer, "RestrictExtent"),
        valid_from=iso_date(_nearest(outer, "RestrictStartDate")) or valid,
        valid_until=iso_date(end),
    )


def _meta_text(meta: etree._Element | None, tag: str) -> str | None:
    element = meta.find(tag) if meta is not None else None
    if element is None:
        return None
    return clean_space("".join(element.itertext())) or None


def _meta_value(meta: etree._Element | None, tag: str, attribute: str) -> str | None:
    element = meta.find(f".//{tag}") if meta is not None else None
    return element.get(attribute) if element is not None else None


def _ukm_metadata(meta: etree._Element | None) -> dict[str, str | None]:
    return {
        "identifier": _meta_text(meta, f"{{{DC}}}identifier"),
        "valid": iso_date(_meta_text(meta, f"{{{DCT}}}valid")),
        "modified": iso_date(_meta_text(meta, f"{{{DC}}}modified")),
        "document_main_type": _meta_value(meta, f"{{{UKM}}}DocumentMainType", "Value"),
        "document_status": _meta_value(meta, f"{{{UKM}}}DocumentStatus", "Value"),
        "year": _meta_value(meta, f"{{{UKM}}}Year", "Value"),
        "enactment_date": iso_date(_meta_value(meta, f"{{{UKM}}}EnactmentDate", "Date")),
    }


@register("clml")
def parse_clml(data: bytes, name: str) -> Document:
    """A legislation.gov.uk CLML document (`data.xml`) → one provision per section."""
    root = parse_xml(data, name)
    if root.tag != f"{{{CLML}}}Legislation":
        raise ParseError(
            mark("{name}: root element is <{tag}>, not CLML <Legislation>"), name=name, tag=root.tag
        )
    meta = root.find(f"{{{UKM}}}Metadata")
    metadata = _ukm_metadata(meta)
    instrument = next(
        filter(None, (split_uri(root.get(a))[0] for a in ("IdURI", "DocumentURI"))),
        split_uri(metadata["identifier"])[0],
    )
    valid = metadata["valid"]
    sections = [
        _clml_section(p1, valid)
        for p1 in _top_units(
            root, frozenset({"P1"}), frozenset({"BlockAmendment", "Commentaries", "Metadata"})
        )
    ]
    title = _meta_text(meta, f"{{{DC}}}title")
    language = declared_language(root.get(_XML_LANG), _meta_text(meta, f"{{{DC}}}language"))
    return _document(
        "clml", title, instrument, sections, root.get("RestrictExtent"), metadata, language
    )


# ------------------------------------------------------------------------------------ AKN

_AKN_MARKERS = frozenset({"noteRef", "authorialNote", "eol", "eop"})
_AKN_UNITS = frozenset({"section", "article", "regulation", "rule"})
_AKN_EMBEDDED = frozenset({"quotedStructure", "embeddedStructure"})
_AKN_BARRIERS = _AKN_EMBEDDED | {"meta", "notes"}


def _akn_blocks(element: etree._Element, top: bool = False) -> list[str]:
    blocks: list[str] = []
    for child in element:
        name = local(child)
        if not name or name in _AKN_MARKERS or name == "num":
            continue
        if name in ("heading", "subheading"):
            text = "" if top else inline(child, _AKN_MARKERS)
            if text:
                blocks.append(text)
        elif name == "p" or _has_direct_text(child):
            text = inline(child, _AKN_MARKERS | _AKN_EMBEDDED)
            if text:
                blocks.append(text)
            for embedded in (c for c in child if local(c) in _AKN_EMBEDDED):
                blocks.extend(_akn_blocks(embedded))
        elif _child(child, "num") is not None:
            num = inline(_child(child, "num"), _AKN_MARKERS)
            blocks.extend(_numbered(num, _akn_blocks(child)))
        else:
            blocks.extend(_akn_blocks(child))
    return blocks


@dataclass
class _AknRestrictions:
    extent: dict[str, str]  # eId ("" for the whole document) → "E+W"
    period: dict[str, tuple[str | None, str | None]]  # eId → (start, end)

    def nearest_extent(self, element: etree._Element) -> str | None:
        for eid in _eids(element):
            if eid in self.extent:
                return self.extent[eid]
        return self.extent.get("")

    def start(self, element: etree._Element) -> str | None:
        for eid in [*_eids(element), ""]:
            start = self.period.get(eid, (None, None))[0]
            if start:
                return start
        return None


def _eids(element: etree._Element) -> list[str]:
    """The eIds of the element and its ancestors, nearest first."""
    return [eid for node in [element, *element.iterancestors()] if (eid := node.get("eId"))]


def _akn_restrictions(meta: etree._Element) -> _AknRestrictions:
    def ref(value: str | None) -> str:
        return (value or "").lstrip("#")

    dates = {e.get("eId"): e.get("date") for e in meta.iter(f"{{{AKN}}}eventRef")}
    locations = {e.get("eId"): e.get("showAs") for e in meta.iter(f"{{{AKN}}}TLCLocation")}
    periods: dict[str, tuple[str | None, str | None]] = {}
    for group in meta.iter(f"{{{AKN}}}temporalGroup"):
        interval = group.find(f"{{{AKN}}}timeInterval")
        if interval is not None:
            periods[group.get("eId") or ""] = (
                iso_date(dates.get(ref(interval.get("start")))),
                iso_date(dates.get(ref(interval.get("end")))),
            )
    result = _AknRestrictions({}, {})
    for restriction in meta.iter(f"{{{AKN}}}restriction"):
        target, refers = ref(restriction.get("href")), ref(restriction.get("refersTo"))
        location = locations.get(refers)
        if location:
            result.extent[target] = location
        elif refers in periods:
            result.period[target] = periods[refers]
    return result


def _frbr(meta: etree._Element, level: str, tag: str, attribute: str) -> str | None:
    element = meta.find(f"{{{AKN}}}identification/{{{AKN}}}{level}/{{{AKN}}}{tag}")
    return element.get(attribute) if element is not None else None


def _akn_section(
    unit: etree._Element, restrictions: _AknRestrictions, default_start: str | None
) -> _Section:
    display = inline(_child(unit, "num"), _AKN_MARKERS)
    eid = unit.get("eId") or ""
    path = eid.replace("-", "/") if eid else f"{local(unit)}/{display.strip('().') or '?'}"
    own = restrictions.period.get(eid, (None, None)) if eid else (None, None)
    return _Section(
        display=display,
        path=path,
        heading=inline(_child(unit, "heading"), _AKN_MARKERS) or None,
        blocks=_akn_blocks(unit, top=True),
        extent=restrictions.nearest_extent(unit),
        valid_from=restrictions.start(unit) or default_start,
        valid_until=own[1],
    )


@register("akn")
def parse_akn(data: bytes, name: str) -> Document:
    """Akoma Ntoso from legislation.gov.uk (`data.akn`) → one provision per section."""
    root = parse_xml(data, name)
    if root.tag != f"{{{AKN}}}akomaNtoso":
        raise ParseError(
            mark("{name}: root element is <{tag}>, not <akomaNtoso> (AKN 3.0)"),
            name=name,
            tag=root.tag,
        )
    document = next((c for c in root if local(c)), None)
    meta = document.find(f"{{{AKN}}}meta") if document is not None else None
    if document is None or meta is None:
        raise ParseError(
            mark("{name}: no document with a <meta> block under <akomaNtoso>"), name=name
        )
    proprietary = meta.find(f"{{{AKN}}}proprietary")
    metadata = _ukm_metadata(proprietary)
    work_uri = _frbr(meta, "FRBRWork", "FRBRuri", "value")
    instrument = split_uri(work_uri)[0] or split_uri(metadata["identifier"])[0]
    expression_date = _frbr(meta, "FRBRExpression", "FRBRdate", "date")
    is_version = _frbr(meta, "FRBRExpression", "FRBRdate", "name") == "validFrom"
    default_start = (iso_date(expression_date) if is_version else None) or metadata["valid"]
    restrictions = _akn_restrictions(meta)
    body = _child(document, "body")
    units = _top_units(body, _AKN_UNITS, _AKN_BARRIERS) if body is not None else iter(())
    sections = [_akn_section(u, restrictions, default_start) for u in units]
    title = _meta_text(proprietary, f"{{{DC}}}title") or _frbr(
        meta, "FRBRWork", "FRBRname", "value"
    )
    metadata["frbr_name"] = _frbr(meta, "FRBRWork", "FRBRname", "value")
    language = declared_language(
        root.get(_XML_LANG),
        document.get(_XML_LANG),
        _frbr(meta, "FRBRExpression", "FRBRlanguage", "language"),
    )
    return _document(
        "akn", title, instrument, sections, restrictions.extent.get(""), metadata, language
    )
