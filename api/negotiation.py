"""Accept-header negotiation with q-values (RFC 9110 §12.5.1) over explicit type tables."""

from __future__ import annotations

from collections.abc import Iterable


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def choose(header: str | None, offered: Iterable[str]) -> str | None:
    """The offered type the client prefers; None if it accepts none of them.

    The first offered type is the default for */* and for a header naming nothing we have.
    """
    offers = list(offered)
    for media, q in parse_accept(header):
        if q <= 0:
            continue
        if media == "*/*":
            return offers[0]
        if media.endswith("/*"):
            major = media[:-1]
            match = next((o for o in offers if o.startswith(major)), None)
            if match:
                return match
        elif media in offers:
            return media
    return None


def wants_html(header: str | None) -> bool:
    """A browser navigation: text/html preferred over JSON and SPARQL types."""
    if not header:
        return False
    best = parse_accept(header)[0][0]
    return best in ("text/html", "application/xhtml+xml")
