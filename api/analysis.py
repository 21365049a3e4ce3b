"""The drafter's analyses: gaps, timeline, brief, regime similarity and graph paths (JSON).

Every route is a plain `def`: the work is synchronous store queries, which FastAPI runs in
its thread pool. Errors are policykg errors (unknown code or document 404, bad date 400),
turned into the API's JSON error shape by the app.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import Lang, StoreDep
from kg.analysis import analytics
from kg.analysis.brief import brief
from kg.analysis.gaps import gaps
from kg.analysis.timeline import timeline

router = APIRouter(tags=["analysis"])

At = Annotated[str | None, Query(description="YYYY-MM-DD; default today")]


@router.get(
    "/api/gaps",
    summary="What the reference regime has that the target lacks or has weaker, with evidence",
)
def gaps_endpoint(
    store: StoreDep,
    reference: Annotated[str, Query(description="reference jurisdiction code; UK expands")],
    target: Annotated[str, Query(description="target jurisdiction code; UK expands")],
    at: At = None,
    lang: Lang = "en",
) -> dict[str, Any]:
    return gaps(store, reference, target, at, lang)


@router.get(
    "/api/timeline",
    summary="What changed and when: offences, penalties and absences as dated events",
)
def timeline_endpoint(
    store: StoreDep,
    jurisdiction: Annotated[str, Query(description="jurisdiction code; UK expands")],
    topic: Annotated[
        str | None, Query(description="topic notation, e.g. purchase-sex-minor; default all")
    ] = None,
    lang: Lang = "en",
) -> dict[str, Any]:
    return timeline(store, jurisdiction, topic, lang)


@router.get(
    "/api/brief",
    summary="A brief on a parliamentary question (facts per ask) or a ministerial answer "
    "(claims checked)",
)
def brief_endpoint(
    store: StoreDep,
    document: Annotated[str, Query(description="document id, as listed by GET /api/documents")],
    at: At = None,
    jurisdiction: Annotated[
        list[str] | None,
        Query(description="jurisdictions a question is answered for; default FR, SE, UK"),
    ] = None,
    lang: Lang = "en",
) -> dict[str, Any]:
    return brief(store, document, at, jurisdiction, lang)


@router.get(
    "/api/similarity",
    summary="Regime similarity matrix between jurisdictions (Jaccard over features + penalties)",
)
def similarity_endpoint(
    store: StoreDep,
    at: At = None,
    jurisdiction: Annotated[
        list[str] | None, Query(description="jurisdiction codes; default FR, SE, UK (expanded)")
    ] = None,
) -> dict[str, Any]:
    return analytics.similarity(store, jurisdiction, at)


@router.get("/api/paths", summary="How is A related to B: shortest paths between two resources")
def paths_endpoint(
    store: StoreDep,
    source: Annotated[str, Query(alias="from", description="IRI of the first resource")],
    target: Annotated[str, Query(alias="to", description="IRI of the second resource")],
    max_hops: Annotated[
        int, Query(alias="max", description=f"most edges on a path (1-{analytics.MAX_HOPS})")
    ] = 3,
) -> dict[str, Any]:
    return analytics.paths(store, source, target, max_hops)
