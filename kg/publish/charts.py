"""Chart series derived from analysis documents (the timeline page's prison-term chart)."""

from __future__ import annotations

from typing import Any

from kg.analysis.penalties import Custody
from kg.locale import format_years, gettext


def max_prison_series(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per jurisdiction, the highest maximum prison term in force after each change.

    Replays the penalty events: a version starts (set/raised/…), replaces `previous`, or
    ends. Life imprisonment is not a number of years: its points have `y` None and `life`
    True, and the page draws them on a separate "life" row above the years axis.
    """
    series: dict[str, dict[str, Any]] = {}
    active: dict[str, dict[str, dict[str, Any]]] = {}
    for event in events:
        if not event["kind"].startswith("penalty-"):
            continue
        code = event["jurisdiction"]
        in_force = active.setdefault(code, {})
        _retire(in_force, event)
        if event["kind"] == "penalty-ended":
            in_force.pop(event["subject"]["iri"], None)
        elif event.get("after"):
            in_force[event["subject"]["iri"]] = event["after"] | {"_offence": event["offence"]}
        values = [
            (Custody.of(p["max_prison_years"], p["life_imprisonment"]).rank, p["life_imprisonment"])
            for p in in_force.values()
        ]
        known = [v for v in values if v[0] is not None]
        top = max(known) if known else (None, False)
        line = series.setdefault(code, {"name": code, "x": [], "y": [], "text": [], "life": []})
        if line["x"] and line["x"][-1] == event["date"]:
            line["x"].pop(), line["y"].pop(), line["text"].pop(), line["life"].pop()
        line["x"].append(event["date"])
        line["y"].append(None if top[1] else top[0])
        line["life"].append(bool(top[1]))
        line["text"].append(
            gettext("life imprisonment")
            if top[1]
            else gettext("no prison (fine only)")
            if top[0] == 0
            else format_years(top[0])
            if top[0] is not None
            else gettext("none")
        )
    return list(series.values())


def _retire(in_force: dict[str, dict[str, Any]], event: dict[str, Any]) -> None:
    """Drop the version a change replaces. The timeline emits no event for a version that
    kept the same values, so `previous` may name that silent version: then drop the entry
    of the same offence holding the old values."""
    previous = event.get("previous")
    if not previous or in_force.pop(previous, None) is not None:
        return
    for iri, penalty in list(in_force.items()):
        old = {k: v for k, v in penalty.items() if k != "_offence"}
        if penalty["_offence"] == event["offence"] and old == event["before"]:
            del in_force[iri]
            return
