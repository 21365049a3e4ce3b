"""Running an expensive pattern only where it can match.

A pattern whose every match contains an anchor word (a penalty names "emprisonnement",
"fängelse" or "imprisonment"; a Council of Europe convention's name holds "onvention") is run
only in windows around the anchors, found first by a cheap scan. Windows closer than their
margins are merged, so each match is found once and the cost follows the number of anchors,
not the text's length times the pattern's complexity. Lookbehinds still see the text before
a window; a window ends `after` characters past its last anchor, further than any match
containing that anchor reaches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def windows(
    text: str, anchor: re.Pattern[str], before: int, after: int
) -> Iterator[tuple[int, int]]:
    """Merged (start, end) windows around every anchor match."""
    current: list[int] | None = None
    for match in anchor.finditer(text):
        start, end = max(0, match.start() - before), min(len(text), match.end() + after)
        if current is not None and start <= current[1]:
            current[1] = max(current[1], end)
            continue
        if current is not None:
            yield current[0], current[1]
        current = [start, end]
    if current is not None:
        yield current[0], current[1]


def finditer(
    pattern: re.Pattern[str], text: str, anchor: re.Pattern[str], before: int, after: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` restricted to the windows around `anchor` (see above)."""
    for start, end in windows(text, anchor, before, after):
        yield from pattern.finditer(text, start, end)


_WORD_START = re.compile(r"(?<!\w)\w")


def anchored(
    pattern: re.Pattern[str], text: str, anchor: re.Pattern[str], before: int, after: int
) -> Iterator[re.Match[str]]:
    """Matches of `pattern` that start at a word at most `before` characters before an anchor
    and run through it (reaching at most `after` past it), in text order, without overlaps.

    For a pattern that ends near its anchor word (a penalty: "sept ans d'emprisonnement"),
    this tries a handful of starting words per anchor instead of every position of a window.
    """
    last_end = -1
    for found in anchor.finditer(text):
        if found.start() < last_end:
            continue
        low = max(0, found.start() - before, last_end)
        for start in _WORD_START.finditer(text, low, found.start() + 1):
            m = pattern.match(text, start.start(), min(len(text), found.end() + after))
            if m is not None and m.end() >= found.end():
                yield m
                last_end = m.end()
                break
