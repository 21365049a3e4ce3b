"""The routes, one module per group; each holds an HTML page and its JSON twin together.

home (/, /healthz, vocabulary), compare, coverage, gaps, timeline, recommendations, brief, analytics,
documents, sparql (/sparql), queries (/api/queries/…), linked (/id/…, /ontology),
fragments (/fragments), views (/graph), assets (JavaScript from installed packages).
May import: api.deps, api.params, api.forms, api.templating and any kg package.
"""

from fastapi import APIRouter

from api.routes import (
    analytics,
    assets,
    brief,
    compare,
    coverage,
    documents,
    fragments,
    gaps,
    home,
    linked,
    queries,
    recommendations,
    sparql,
    timeline,
    views,
)

ROUTERS: list[APIRouter] = [
    module.router
    for module in (
        home,
        compare,
        coverage,
        gaps,
        timeline,
        recommendations,
        brief,
        analytics,
        documents,
        sparql,
        queries,
        linked,
        fragments,
        views,
        assets,
    )
]
