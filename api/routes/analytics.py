"""Graph analytics: regime similarity between jurisdictions and paths between resources."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.params import At, OptionalJurisdictions
from kg.analysis import analytics

router = APIRouter(tags=["analysis"])


@router.get(
    "/api/similarity",
    summary="Regime similarity matrix between jurisdictions (Jaccard over features + penalties)",
)
def similarity_endpoint(
    store: StoreDep, at: At = None, jurisdiction: OptionalJurisdictions = None
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
