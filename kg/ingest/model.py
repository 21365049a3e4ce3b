"""What parsers and extractors produce: plain dataclasses, no RDF.

Every extracted item carries `start`/`end`: character offsets into `Document.text`, the text
as stored (so `text[start:end] == item.text` always holds and can be highlighted).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DOCUMENT_TYPES = ("parliamentary-question", "ministerial-answer", "statute", "text")
QUALIFIERS = ("exactly", "more-than", "less-than", "up-to", "about", "increase")
MENTION_KINDS = ("jurisdiction", "body", "plan", "instrument", "topic", "date", "country")
METADATA_KEYS = (
    "number", "author", "group", "constituency", "ministry", "answering_ministry",
    "published", "answered", "page", "rubric", "legislature",
)  # fmt: skip


@dataclass
class Fine:
    amount: float | None = None
    currency: str | None = None  # EUR, FRF, SEK, GBP
    unlimited: bool = False
    kind: str | None = None  # fixed, day-fines, statutory-maximum, unlimited


@dataclass
class SubQuestion:
    text: str
    start: int
    end: int
    direct: bool = True  # False for an indirect question ("souhaiterait savoir si…")


@dataclass
class Citation:
    """A reference to law as written in the text, and what it points at in the graph."""

    text: str
    start: int
    end: int
    jurisdiction: str | None = None  # FR, SE, UK-EW, EU… when the citation says so
    instrument: str | None = (
        None  # id path below id/act/: fr/code-penal, uk/ukpga/2003/42, se/sfs/1962/700, eu/dir/2011/36
    )
    provision: str | None = (
        None  # path below the instrument: article/225-12-1, section/47, kap/6/par/9
    )
    resolved: str | None = None  # IRI of the provision or instrument in the graph, or None
    law_title: str | None = None  # the instrument as written, when no id is known for it
    version: str | None = None  # IRI of the provision's version in force on the document's date
    reason: str | None = None  # why `resolved` is None ("not in the graph", "no instrument"…)


@dataclass
class Penalty:
    text: str
    start: int
    end: int
    max_prison_years: float | None = None
    min_prison_years: float | None = None
    life_imprisonment: bool = False
    max_fine: Fine | None = None
    procedure: str | None = None  # summary / indictment where the text says so
    provision: str | None = None  # IRI of the provision the penalty belongs to, or None
    condition: str | None = None  # the part of the provision it belongs to ("I", "II")
    change: str | None = None  # "increase" ("portées à…") or "reduction" ("ramenée à…")
    reference: str | None = None  # where a penalty given by reference is ("article/225-5", "same")
    reason: str | None = None  # why a penalty by reference has no values


@dataclass
class Figure:
    text: str
    start: int
    end: int
    value: float
    unit: str | None = None  # what is counted ("mineurs", "victims", "%")
    qualifier: str = "exactly"  # one of QUALIFIERS
    attributed_to: str | None = None  # who says it, as written ("les services de l'État")


@dataclass
class Mention:
    text: str
    start: int
    end: int
    kind: str  # one of MENTION_KINDS
    iri: str | None = None
    value: str | None = None  # normalised value, e.g. an ISO date for kind=date
    precision: str | None = None  # for dates: day, month or year, as written
    reason: str | None = None  # why `iri` is None (an instrument the graph has no node for)
    refers_to: dict[str, Any] | None = None  # for dates: the mention it dates (text, start, end)


@dataclass
class Claim:
    """A statement of an answer or a report, typed by its wording (kg/ingest/extract/claims.py):
    what it is about in the graph is filled in when the document is linked to the graph;
    whether it still holds is judged on demand (kg/analysis/claims.py)."""

    text: str
    start: int
    end: int
    kind: str  # a notation of the claim-kind scheme (ontology/claims.ttl)
    stage: str = "current"  # done, pending (under way, announced) or current
    cues: list[str] = field(default_factory=list)  # the words that gave the kind and stage
    subject: str | None = None  # what the cue names: circular, plan…
    years: list[int] = field(default_factory=list)  # years the wording names
    resources: list[str] = field(default_factory=list)  # graph IRIs the claim is about
    unresolved: list[str] = field(default_factory=list)  # names read but not in the graph
    topics: list[str] = field(default_factory=list)  # topic IRIs of the claim (or document)
    jurisdiction: str | None = None  # whose law or policy the claim speaks of
    carried_from: int | None = None  # index of the claim whose resources it inherits
    figure: dict[str, Any] | None = None  # for kind=figure: value, unit, qualifier


@dataclass
class ProvisionText:
    """One provision (article, section, §) found in a statute, with its validity."""

    number: str  # as cited: "225-12-1", "section 47", "6 kap. 9 §"
    path: str  # below the instrument: article/225-12-1, section/47, kap/6/par/9
    start: int
    end: int
    heading: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    iri: str | None = None  # set by the pipeline from instrument + path


@dataclass
class Document:
    """A parsed (and later extracted) document."""

    text: str
    type: str = "text"  # one of DOCUMENT_TYPES
    language: str | None = None  # fr, sv, en
    title: str | None = None
    source_format: str = "text"
    metadata: dict[str, Any] = field(default_factory=dict)
    instrument: str | None = None  # for statutes: the id path of the act (fr/code-penal…)
    jurisdiction: str | None = None  # for statutes: FR, SE, UK-EW…
    questions: list[SubQuestion] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    provisions: list[ProvisionText] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def check_spans(self) -> None:
        """Every item's text is exactly the document text at its offsets."""
        spans: list[SubQuestion | Citation | Penalty | Figure | Mention | Claim] = [
            *self.questions,
            *self.citations,
            *self.penalties,
            *self.figures,
            *self.mentions,
            *self.claims,
        ]
        for item in spans:
            if self.text[item.start : item.end] != item.text:
                raise AssertionError(f"span {item.start}-{item.end} does not hold {item.text!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
