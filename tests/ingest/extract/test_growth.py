"""Extraction grows linearly with the document (issue 11): eight times the text costs about
eight times the work, never sixty-four (function calls are counted exactly, so their bound is tight: 9).

Two measures, both compared between a document and the same document repeated eight times:
the number of Python function calls (exact, whatever the machine's load) and the CPU time
of this process (catches work hidden inside one call, such as slicing the rest of the text
at every match), with a generous bound (20, where linear is 8 and quadratic 64). The
absolute timings are in bench/extraction.py and docs/ingestion.md, not here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from kg.ingest.extract.gazetteer import load_gazetteer
from kg.ingest.extract.steps import extract_text_items, link
from kg.ingest.model import Document

BLOCK = """La traite des êtres humains est punie de sept ans d'emprisonnement et de 150 000 € \
d'amende. Les peines prévues au second alinéa de l'article 225-12-1 sont portées à dix ans \
d'emprisonnement et à 150 000 euros d'amende ; voir les articles 222-23 à 222-31, 225-7 (1°) \
et 227-22 du code pénal. Après des circulaires adressées aux parquets en 2015 et 2016, la \
MIPROF coordonne le plan national de lutte contre la traite ; plus de 11 000 mineurs seraient \
concernés selon les services de l'État, soit une augmentation de plus de 100 % depuis janvier 2022.
Enligt Brå har fler än 200 barn utnyttjats. Brott enligt 6 kap. 9 och 10 §§ brottsbalken döms \
till fängelse i lägst sex månader och högst fyra år. Jämställdhetsmyndigheten får fyra miljoner.
A person guilty of an offence under section 47 of the Sexual Offences Act 2003 is liable on \
summary conviction, to imprisonment for a term not exceeding 6 months or a fine not exceeding \
the statutory maximum or both; 4,524 potential victims were referred to the Home Office (4,134).

"""
SMALL = 12  # copies of the block: about 18 KB
FACTOR = 8


def _document(copies: int) -> Document:
    return Document(text=BLOCK * copies, type="text", language=None)


def _calls(run: Callable[[], object]) -> int:
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def _cpu(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def _assert_linear(step: Callable[[Document], object]) -> None:
    small = lambda: step(_document(SMALL))  # noqa: E731
    large = lambda: step(_document(SMALL * FACTOR))  # noqa: E731
    small()  # once first: name tables and compiled patterns are loaded on first use
    call_ratio = _calls(large) / _calls(small)
    assert call_ratio < 9, f"function calls grew {call_ratio:.2f}× for {FACTOR}× the text"
    cpu_ratio = _cpu(large, 2) / max(_cpu(small, 5), 1e-3)
    assert cpu_ratio < 20, f"CPU time grew {cpu_ratio:.1f}× for {FACTOR}× the text"


def test_text_extraction_is_near_linear():
    _assert_linear(extract_text_items)


def test_linking_is_near_linear(store):
    gazetteer = load_gazetteer(store)

    def step(doc: Document) -> None:
        extract_text_items(doc)
        link(store, doc, gazetteer)

    _assert_linear(step)
