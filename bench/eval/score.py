"""Scoring an extraction against a hand annotation: precision and recall per kind.

An annotation (YAML, one per corpus document) lists what a careful reader finds in the text.
Each gold item names its words (`text`), found in the document as written: the only
occurrence, the `occurrence`-th one (1-based), or, with `all: true`, every whole-word
occurrence. A predicted item matches a gold item when their spans overlap and the values
the kind is judged on agree; each item matches at most once.

Kinds and what must agree:
- citations: the law (`law`, an id below id/act/, or `law_title` for an act the project does
  not know, compared with the citation's `law_title`) and the provision (`provision`, or
  none for a citation of a whole instrument). Predictions inside an `ignore_citations` span
  (the articles a range implies, a document's own title) count neither way.
- resolution: of the gold citations whose provision or instrument the graph holds (or the
  document itself holds), how many were resolved to exactly that IRI.
- penalties: life or the maximum prison term (years, 0.01 tolerance), the minimum when the
  gold gives one, and the fine: its amount and currency, or its kind (day-fines,
  statutory-maximum, unlimited, standard-scale-level-N); a gold penalty without a fine wants
  none.
- figures: the value (sign aside: a decrease is stored as a negative change).
- bodies, plans: the IRI of the mention.
- dates: the normalised value (2015, 2022-01, 2019-11-14, 2021/2023).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.model import Document
from kg.ns import ID

Span = tuple[int, int]


@dataclass
class Tally:
    """Counts for one kind over the corpus, and the items that went wrong (for --verbose)."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched_predicted / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched_gold / self.gold if self.gold else None

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched_gold += other.matched_gold
        self.matched_predicted += other.matched_predicted
        self.misses += other.misses
        self.false_positives += other.false_positives


class AnnotationError(ValueError):
    """An annotation that does not fit its document (text not found, ambiguous…)."""


def locate(text: str, item: dict[str, Any]) -> list[Span]:
    """The span(s) of a gold item in the document text."""
    words = item["text"]
    if item.get("all"):
        pattern = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        if not spans:
            raise AnnotationError(f"{words!r} does not occur in the document")
        return spans
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    if not starts:
        raise AnnotationError(f"{words!r} does not occur in the document")
    occurrence = item.get("occurrence")
    if occurrence is None:
        if len(starts) > 1:
            raise AnnotationError(f"{words!r} occurs {len(starts)} times: give an occurrence")
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise AnnotationError(f"{words!r} has no occurrence {occurrence}")
    start = starts[occurrence - 1]
    return [(start, start + len(words))]


def gold_items(text: str, items: Iterable[dict[str, Any]]) -> list[tuple[Span, dict[str, Any]]]:
    return [(span, item) for item in items for span in locate(text, item)]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match(
    gold: list[tuple[Span, dict[str, Any]]],
    predicted: list[tuple[Span, Any]],
    agrees: Callable[[dict[str, Any], Any], bool],
    describe: Callable[[Any], str],
    label: str,
    ignore: list[Span] | None = None,
) -> tuple[Tally, dict[int, int]]:
    """Greedy one-to-one matching by position; returns the tally and gold→predicted."""
    tally = Tally(gold=len(gold))
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for g, (gspan, item) in enumerate(gold):
        for p, (pspan, pred) in enumerate(predicted):
            if p not in used and _overlaps(gspan, pspan) and agrees(item, pred):
                used.add(p)
                pairs[g] = p
                break
        else:
            tally.misses.append(f"{label}: missed {item['text']!r} {_gold_values(item)}")
    ignored = {
        p
        for p, (pspan, _) in enumerate(predicted)
        if p not in used and any(_overlaps(pspan, span) for span in ignore or [])
    }
    tally.predicted = len(predicted) - len(ignored)
    tally.matched_gold = tally.matched_predicted = len(pairs)
    for p, (_, pred) in enumerate(predicted):
        if p not in used and p not in ignored:
            tally.false_positives.append(f"{label}: extra {describe(pred)}")
    return tally, pairs


def _gold_values(item: dict[str, Any]) -> str:
    return str({k: v for k, v in item.items() if k not in ("text", "occurrence", "all")})


# --- kinds --------------------------------------------------------------------------------------


def _norm_title(title: str | None) -> str:
    return re.sub(r"\s+", " ", (title or "").replace("’", "'")).strip().lower()


def citation_agrees(item: dict[str, Any], pred: Any) -> bool:
    if (item.get("provision") or None) != (pred.provision or None):
        return False
    if "law" in item:
        return pred.instrument == item["law"]
    wanted = _norm_title(item.get("law_title"))
    return bool(wanted) and _norm_title(getattr(pred, "law_title", None)) == wanted


def penalty_agrees(item: dict[str, Any], pred: Any) -> bool:
    if bool(item.get("life")) != bool(pred.life_imprisonment):
        return False
    if not _same_number(item.get("prison"), pred.max_prison_years):
        return False
    if "min_prison" in item and not _same_number(item["min_prison"], pred.min_prison_years):
        return False
    fine = pred.max_fine
    if "fine" in item:
        return (
            fine is not None
            and fine.amount == item["fine"]
            and fine.currency == item.get("currency", fine.currency)
        )
    if "fine_kind" in item:
        return fine is not None and fine.kind == item["fine_kind"]
    return fine is None


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 0.01


def figure_agrees(item: dict[str, Any], pred: Any) -> bool:
    return abs(abs(float(pred.value)) - abs(float(item["value"]))) < 1e-6 * max(
        1.0, abs(float(item["value"]))
    )


def mention_agrees(item: dict[str, Any], pred: Any) -> bool:
    return pred.iri == ID + item["iri"]


def date_agrees(item: dict[str, Any], pred: Any) -> bool:
    return str(pred.value) == str(item["value"])


def expected_iri(item: dict[str, Any]) -> str | None:
    if "law" not in item:
        return None
    return f"{ID}act/{item['law']}" + (f"/{item['provision']}" if item.get("provision") else "")


def score_document(
    doc: Document, annotation: dict[str, Any], held: Callable[[list[str]], set[str]], name: str
) -> dict[str, Tally]:
    """Tallies per kind for one document; `held` says which IRIs the graph holds."""
    text = doc.text
    spans = lambda xs: [((x.start, x.end), x) for x in xs]  # noqa: E731
    result: dict[str, Tally] = {}

    gold = gold_items(text, annotation.get("citations") or [])
    ignore = [
        s for words in annotation.get("ignore_citations") or [] for s in _all_spans(text, words)
    ]
    predicted = spans(doc.citations)
    tally, pairs = match(
        gold, predicted, citation_agrees, _describe_citation, f"{name} citation", ignore
    )
    result["citations"] = tally

    own = {p.iri for p in doc.provisions if p.iri}
    wanted = {g: expected_iri(item) for g, (_, item) in enumerate(gold)}
    known = held([iri for iri in wanted.values() if iri]) | own
    resolution = Tally()
    for g, iri in wanted.items():
        if iri is None or iri not in known:
            continue
        resolution.gold += 1
        p = pairs.get(g)
        if p is not None and predicted[p][1].resolved == iri:
            resolution.matched_gold += 1
        else:
            resolution.misses.append(
                f"{name} resolution: {gold[g][1]['text']!r} not resolved to {iri}"
            )
    resolution.predicted, resolution.matched_predicted = resolution.gold, resolution.matched_gold
    result["resolution"] = resolution

    gold = gold_items(text, annotation.get("penalties") or [])
    tally, pairs = match(
        gold, spans(doc.penalties), penalty_agrees, _describe_penalty, f"{name} penalty"
    )
    result["penalties"] = tally
    tied = Tally(gold=sum(1 for _, item in gold if item.get("provision")))
    for g, (_, item) in enumerate(gold):
        if not item.get("provision") or g not in pairs:
            continue
        holder = doc.penalties[pairs[g]].provision or ""
        if holder.endswith("/" + item["provision"]):
            tied.matched_gold += 1
        else:
            tied.misses.append(f"{name} penalty provision: {item['text']!r} tied to {holder!r}")
    tied.predicted, tied.matched_predicted = tied.gold, tied.matched_gold
    result["penalty provisions"] = tied

    gold = gold_items(text, annotation.get("figures") or [])
    result["figures"], _ = match(
        gold, spans(doc.figures), figure_agrees, _describe_figure, f"{name} figure"
    )
    for kind, key in (("body", "bodies"), ("plan", "plans")):
        gold = gold_items(text, annotation.get(key) or [])
        mentions = spans([m for m in doc.mentions if m.kind == kind])
        if key == "plans" and "plans" not in annotation:
            continue
        result[key], _ = match(gold, mentions, mention_agrees, _describe_mention, f"{name} {kind}")
    gold = gold_items(text, annotation.get("dates") or [])
    dates = spans([m for m in doc.mentions if m.kind == "date"])
    result["dates"], _ = match(gold, dates, date_agrees, _describe_mention, f"{name} date")
    return result


def _all_spans(text: str, words: str) -> list[Span]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(words), text)]


def _describe_citation(c: Any) -> str:
    law = c.instrument or f"title={getattr(c, 'law_title', None)!r}"
    return f"{c.text!r} → {law} {c.provision or ''}".rstrip()


def _describe_penalty(p: Any) -> str:
    prison = "life" if p.life_imprisonment else p.max_prison_years
    fine = (p.max_fine.amount or p.max_fine.kind) if p.max_fine else None
    return f"{p.text!r} prison={prison} min={p.min_prison_years} fine={fine}"


def _describe_figure(f: Any) -> str:
    return f"{f.text!r} = {f.value} {f.unit or ''} ({f.qualifier})"


def _describe_mention(m: Any) -> str:
    return f"{m.text!r} → {m.iri or m.value}"
