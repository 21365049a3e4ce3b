"""Mentions of jurisdictions, countries, topics, bodies, plans and instruments, found by the
graph's own names (the graph is its own gazetteer).

Every label kind counts: skos:prefLabel, altLabel and hiddenLabel, rdfs:label, eli:title, in
any language; data/names/ adds the names people write (acronyms, short and inflected forms).
Names are matched as people write them:

- word by word, whatever the spacing, line breaks, case and apostrophe (’ or '): "mission
  interministérielle pour la protection des femmes…" matches the label with its capital;
- a label "Full name (ACRONYM)" is also its full name alone and its acronym alone (not
  a parenthesis holding a year or a description);
- acronyms and names of three letters or fewer keep their case ("GRETA" is not "Greta",
  "Brå" is not "brå");
- a Swedish name also matches its genitive ("Jämställdhetsmyndighetens", "Brås"), an English
  one its possessive ("the Home Office's": the "'s" is a word of its own), a French one after
  an elided article ("l'OFMIN").

The longest name wins where several start at the same word. A name shared by several
entities (the "plan national de lutte contre la traite" of each period) is read on the
document's date: the entities in force that day, else those begun before it, else all.

Matching is word-indexed: the text is cut into words once and each word looks up the names
that start with it, so the cost grows with the text, not with the number of names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.facts import in_force as in_force_on
from kg.ingest.model import Mention
from kg.queries import Queryable

_WORD = re.compile(r"\w+|[^\w\s]")
_PARENTHESIS = re.compile(r"^(?P<name>.+?)\s*\((?P<inner>[^()]+)\)\s*$")
# What a parenthesis may hold to be a name of its own: an acronym or short name ("MIPROF",
# "Brå", "GRETA", "OFMIN"), not a year, a period or a description ("2014-2016", "skr. …").
_ACRONYM = re.compile(r"[A-ZÅÄÖÉ][\w&.'’-]{1,15}(?:\s[A-ZÅÄÖÉ][\w&.'’-]{1,15}){0,2}")
_MIN_LENGTH = 3


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str
    iri: str
    language: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]  # casefolded
    exact: tuple[str, ...] | None  # the words as written, when case must match
    genitive: bool  # the last word may take a Swedish genitive -s
    entries: tuple[Entry, ...]


def _fold(word: str) -> str:
    """Lower case with one apostrophe: the same length as the word (offsets stay valid)."""
    return word.replace("’", "'").lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("’", "'"))


def variants(label: str) -> list[str]:
    """The label, and for "Full name (ACRONYM)" the full name and the acronym alone."""
    found = [label]
    match = _PARENTHESIS.match(label.strip())
    if match:
        found.append(match["name"])
        inner = match["inner"].strip()
        if _ACRONYM.fullmatch(inner):
            found.append(inner)
    return found


def _case_sensitive(words: list[str]) -> bool:
    joined = "".join(w for w in words if w.isalnum())
    return len(joined) <= 3 or (len(words) == 1 and joined.isupper())


class Gazetteer:
    """Word-indexed names → entries; see the module docstring for how names match."""

    def __init__(self, entries: list[Entry]) -> None:
        by_words: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
        exact: dict[tuple[str, ...], tuple[str, ...] | None] = {}
        swedish: dict[tuple[str, ...], bool] = {}
        ordered = sorted(entries, key=lambda e: (e.kind != "jurisdiction", e.iri))
        for entry in ordered:
            for name in variants(entry.label):
                words = _words(name)
                if len("".join(words)) < _MIN_LENGTH or not words:
                    continue
                key = tuple(_fold(w) for w in words)
                if entry not in by_words[key]:
                    by_words[key].append(entry)
                sensitive = _case_sensitive(words)
                exact[key] = tuple(words) if sensitive and exact.get(key, ()) is not None else None
                swedish[key] = swedish.get(key, False) or entry.language == "sv"
        self._by_first: dict[str, list[_Name]] = defaultdict(list)
        for key, found in by_words.items():
            same_kind = tuple(
                {e.iri: e for e in found if e.kind == found[0].kind}.values()
            )  # jurisdiction first, one entry per entity
            self._by_first[key[0]].append(
                _Name(key, exact.get(key), swedish.get(key, False), same_kind)
            )
        for names in self._by_first.values():
            names.sort(key=lambda n: len(n.words), reverse=True)
        self._size = len(by_words)

    def __len__(self) -> int:
        return self._size

    def entries(self, kind: str | None = None) -> list[Entry]:
        """Every entry (of one kind), once."""
        seen: dict[tuple[str, str], Entry] = {}
        for names in self._by_first.values():
            for name in names:
                for entry in name.entries:
                    if kind is None or entry.kind == kind:
                        seen.setdefault((entry.iri, entry.label), entry)
        return list(seen.values())

    def find(self, text: str, date: str | None = None) -> list[Mention]:
        found: list[Mention] = []
        for start, end in _chunks(text):
            self._find_in(text, start, end, date, found)
        return found

    def _find_in(
        self, text: str, low: int, high: int, date: str | None, found: list[Mention]
    ) -> None:
        chunk = text[low:high]
        lowered = _fold(chunk)
        if len(lowered) != len(chunk):  # a letter whose lower case is longer ("İ")
            lowered = "".join(_fold(c) if len(_fold(c)) == 1 else c for c in chunk)
        matches = list(_WORD.finditer(lowered))
        spans = [(m.start() + low, m.end() + low) for m in matches]
        folded = [m.group(0) for m in matches]
        by_first = self._by_first
        i = 0
        while i < len(folded):
            first = folded[i]
            if first not in by_first and not (first.endswith("s") and first[:-1] in by_first):
                i += 1
                continue
            hit = self._longest(spans, folded, i, text)
            if hit is None:
                i += 1
                continue
            name, length = hit
            start, end = spans[i][0], spans[i + length - 1][1]
            for entry in _on_date(name.entries, date):
                found.append(Mention(text[start:end], start, end, entry.kind, entry.iri))
            i += length

    def _longest(
        self, spans: list[tuple[int, int]], folded: list[str], i: int, text: str
    ) -> tuple[_Name, int] | None:
        first = folded[i]
        candidates = list(self._by_first.get(first, []))
        if first.endswith("s"):  # a one-word Swedish name in the genitive
            candidates += [n for n in self._by_first.get(first[:-1], []) if len(n.words) == 1]
        for name in candidates:
            length = len(name.words)
            if i + length > len(folded):
                continue
            if not _same(name, spans, folded, i, text):
                continue
            return name, length
        return None


_CHUNK = 65_536


def _chunks(text: str) -> list[tuple[int, int]]:
    """The text cut at paragraph breaks into pieces of about 64 KB (names do not run across
    paragraphs), so that a large document is tokenised piece by piece."""
    chunks = []
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        chunks.append((start, end))
        start = end
    return chunks


def _same(name: _Name, spans: list[tuple[int, int]], folded: list[str], i: int, text: str) -> bool:
    last = len(name.words) - 1
    for k, word in enumerate(name.words):
        text_word = folded[i + k]
        if k > 0 and "\n\n" in text[spans[i + k - 1][1] : spans[i + k][0]]:
            return False  # a name does not run across paragraphs
        genitive = k == last and name.genitive and text_word == word + "s"
        if text_word != word and not genitive:
            return False
        if name.exact is not None:
            start = spans[i + k][0]
            if text[start : start + len(name.exact[k])] != name.exact[k]:
                return False
    return True


def _on_date(entries: tuple[Entry, ...], date: str | None) -> tuple[Entry, ...]:
    """A name shared by several entities, read on the document's date."""
    if len(entries) == 1 or not date:
        return entries
    in_force = tuple(e for e in entries if in_force_on(e.valid_from, e.valid_until, date))
    if in_force:
        return in_force
    begun = tuple(e for e in entries if e.valid_from and e.valid_from <= date)
    return begun or entries


def load_gazetteer(store: Queryable) -> Gazetteer:
    entries = []
    for row in queries.run(store, "gazetteer"):
        entity, label, kind = row["entity"], row["label"], row["kind"]
        if not (
            isinstance(entity, NamedNode)
            and isinstance(label, Literal)
            and isinstance(kind, Literal)
        ):
            continue
        valid_from, valid_until = row.get("from"), row.get("until")
        entries.append(
            Entry(
                label.value,
                kind.value,
                entity.value,
                label.language,
                valid_from.value if isinstance(valid_from, Literal) else None,
                valid_until.value if isinstance(valid_until, Literal) else None,
            )
        )
    return Gazetteer(entries)
