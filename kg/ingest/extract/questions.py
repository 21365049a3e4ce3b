"""The sub-questions of a parliamentary question → `SubQuestion` items.

A written question usually asks several things: direct questions ending with "?" ("Quels moyens
supplémentaires seront … ?", "Avser ministern att …?") and indirect ones ("Enfin, elle
souhaiterait savoir si …", "il lui demande de bien vouloir …", "To ask the Secretary of State
…"). Each becomes one item spanning its sentence, from the sentence's start (list markers and
spaces trimmed) to its "?" or full stop, so the brief can answer them one by one.

Sentences end at ".", "!" or "?" followed by a space and not after a known abbreviation ("M.",
"art.", "kap."), and at blank lines and Markdown headings: a question never runs over a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.ingest.extract import patterns as p
from kg.ingest.model import SubQuestion

_TRIGGER_RE = re.compile(
    rf"(?<!\w)(?:{p.words_pattern(list(p.INDIRECT_QUESTION_TRIGGERS))})(?!\w)", re.IGNORECASE
)
_BREAK_RE = re.compile(
    r"[.!?](?=[\s\u00a0\u202f\"'»”)\]]|$)|\n[ \t]*\n|\n(?=[ \t]*(?:#|[-*•]\s|\d+[.)]\s))"
)
_LEADING_RE = re.compile(r"(?:\s|[-*•>#]+\s|\d+[.)]\s|\*\*)*")
_ABBREVIATION_RE = re.compile(
    rf"(?<![\w.])(?:{'|'.join(re.escape(a[:-1]) for a in p.ABBREVIATIONS)})$"
)


def find_questions(text: str, language: str | None = None) -> list[SubQuestion]:
    """Direct ("…?") and indirect ("souhaiterait savoir si…") sub-questions, in order.

    `language` is accepted for a uniform signature: the triggers of all three languages are
    distinct enough to run together.
    """
    del language
    found = []
    for start, end in _sentences(text):
        sentence = text[start:end]
        if sentence.rstrip().endswith("?"):
            found.append(_sub_question(text, start, end, direct=True))
        elif _TRIGGER_RE.search(sentence):
            found.append(_sub_question(text, start, end, direct=False))
    return [q for q in found if q.text]


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text` (shared with the claim extractor)."""
    return _sentences(text)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, its end including the final punctuation."""
    start = 0
    for m in _BREAK_RE.finditer(text):
        mark = m.group(0)
        if mark == "." and _ABBREVIATION_RE.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        end = m.end() if mark in ".!?" else m.start()
        yield start, end
        start = end
    if start < len(text):
        yield start, len(text)


def _sub_question(text: str, start: int, end: int, *, direct: bool) -> SubQuestion:
    """A sub-question over the sentence, trimmed of list markers, emphasis and spaces."""
    lead = _LEADING_RE.match(text, start, end)
    if lead:
        start = lead.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return SubQuestion(text[start:end], start, end, direct)
