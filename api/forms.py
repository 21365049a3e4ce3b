"""What the pages' forms offer: the topics and jurisdictions the graph defines."""

from __future__ import annotations

from typing import Any

from kg import locale, vocabulary
from kg.store import Store


def choices(store: Store) -> dict[str, Any]:
    """(code, label, the label's language) for the topic and jurisdiction pickers, in the
    page's language where the graph has it."""
    lang = locale.current()
    topics = vocabulary.topics(store)
    return {
        "topics": [_choice(n, topics[n].labels, lang) for n in sorted(topics)],
        "jurisdictions": [
            _choice(j.code, j.labels, lang)
            for j in sorted(vocabulary.jurisdictions(store).values(), key=lambda j: j.code)
        ],
    }


def _choice(code: str, labels: dict[str, str], lang: str) -> tuple[str, str, str]:
    label, label_lang = vocabulary.pick_label_and_language(labels, lang) or (code, "")
    return code, label, label_lang
