"""Interactive network views (pyvis data drawn by vis-network), served offline.

`/graph?view=…` is a page whose graph travels as JSON in a `<script type="application/json">`
block (the Content-Security-Policy forbids inline code) and is drawn by /static/graph.js with
the vis-network script shipped inside the installed pyvis package, served here at a
versioned URL. `/graph.json?view=…` returns the same nodes and edges.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pyoxigraph import NamedNode

from api.deps import StoreDep, get_settings
from api.routes.assets import VIS
from api.templating import templates
from kg import vocabulary
from kg.errors import BadRequest, NotFound
from kg.ingest.pipeline import document_exists
from kg.locale import _, current
from kg.publish import exports, network
from kg.publish.describe import exists
from kg.store import Store
from kg.store.memo import Memo

router = APIRouter(tags=["network views"])

VIEWS = ("regime", "alignment", "comparison", "neighbourhood", "document", "recommendations")

ViewName = Annotated[
    str,
    Query(description="regime, alignment, comparison, neighbourhood, document or recommendations"),
]
Topic = Annotated[str | None, Query(description="comparison: a topic code (purchase-sex-minor…)")]
Jurisdictions = Annotated[
    str | None,
    Query(
        description="alignment, comparison: jurisdiction codes, comma-separated (UK = its parts)"
    ),
]
Jurisdiction = Annotated[
    str | None, Query(description="regime, recommendations: a jurisdiction code (FR…)")
]
Iri = Annotated[str | None, Query(description="neighbourhood: the resource's IRI")]
Depth = Annotated[int, Query(ge=1, le=3, description="neighbourhood: hops, 1 to 3")]
DocumentId = Annotated[str | None, Query(alias="id", description="document: its id")]
Format = Annotated[
    str,
    Query(
        pattern="^(html|gexf|graphml|cyjs|jsonld)$",
        description="html (the page), gexf, graphml, cyjs (Cytoscape.js) or jsonld",
    ),
]
At = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="YYYY-MM-DD: only the facts in force on that day (start inclusive, end exclusive)",
    ),
]
Limit = Annotated[
    int,
    Query(ge=1, description="most nodes drawn (default 500; at most POLICYKG_VIEW_MAX_NODES)"),
]
Opened = Annotated[
    str | None,
    Query(
        alias="open",
        max_length=20000,
        description="a large view's clusters to draw open: their ids, comma-separated",
    ),
]

#: Views that may be drawn as clusters (a limit above POLICYKG_VIEW_CLUSTER_ABOVE), as first
#: drawn and prepared (capped, annotated), until the store's next write: loading the page
#: again, or opening one of its clusters, does not query and annotate thousands of nodes
#: again.
_PREPARED: Memo[network.View] = Memo(kept=2)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a view is assembled: a 5,000-node view
    makes some hundred thousand short-lived objects, and the collections they set off
    (full ones included) cost a fifth of its CPU time; what is left over is collected after.
    Concurrent requests at worst leave it on early."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@_collector_paused()
def build_view(
    store: Store,
    view: str,
    jurisdiction: str | None,
    iri: str | None,
    depth: int,
    document_id: str | None,
    limit: int,
    topic: str | None = None,
    codes: str | None = None,
    at: str | None = None,
    clustering: network.Clustering | None = None,
) -> network.View:
    """The named view, after checking that what it is asked about exists (404 otherwise);
    with `at`, only what is in force on that day. (Assembled with the collector paused.)"""
    kw: dict[str, Any] = {"clustering": clustering}
    if at is not None:
        try:
            date.fromisoformat(at)
        except ValueError as exc:
            raise BadRequest(_("Not a date: {text!r}; use YYYY-MM-DD", text=at)) from exc
    if view == "regime":
        code = _required(jurisdiction, "jurisdiction", view)
        if code not in vocabulary.jurisdictions(store):
            raise NotFound(_("No jurisdiction {code!r}", code=code))
        return network.regime(store, code, limit, at, **kw)
    if view == "recommendations":
        code = _required(jurisdiction, "jurisdiction", view)
        if code not in vocabulary.jurisdictions(store):
            raise NotFound(_("No jurisdiction {code!r}", code=code))
        return network.recommendations(store, code, limit, at, **kw)
    chosen = _jurisdictions(store, codes)
    if view == "alignment":
        return network.alignment(store, chosen, limit=limit, at=at, **kw)
    if view == "comparison":
        name = _required(topic, "topic", view)
        vocabulary.resolve_topic(store, name)  # 404 with the known topics
        return network.comparison(store, name, chosen, limit, at, **kw)
    if view == "neighbourhood":
        resource = _required(iri, "iri", view)
        try:
            NamedNode(resource)
        except ValueError as exc:
            raise BadRequest(_("Not an IRI: {value!r}", value=resource)) from exc
        if not exists(store, resource):
            raise NotFound(_("The graph says nothing about <{iri}>", iri=resource))
        return network.neighbourhood(store, resource, depth, limit, at, **kw)
    if view == "document":
        ident = _required(document_id, "id", view)
        if not document_exists(store, ident):
            raise NotFound(_("No ingested document {id!r}", id=ident))  # before any IRI is built
        return network.document(store, ident, limit, at, **kw)
    raise NotFound(_("No view {view!r}; views: {known}", view=view, known=", ".join(VIEWS)))


def drawn_view(
    request: Request,
    store: Store,
    args: tuple[Any, ...],
    limit: int,
    opened: str | None,
    whole: bool = False,
) -> network.View:
    """The view of `args` (build_view's, less the limit) as the page draws it: above
    POLICYKG_VIEW_CLUSTER_ABOVE nodes as clusters, those of `opened` open (from the view
    remembered when it was first drawn); `whole` (the exports): never clustered."""
    settings = get_settings(request)
    if limit > settings.view_max_nodes:
        raise BadRequest(
            _(
                "A view draws at most {most} nodes (POLICYKG_VIEW_MAX_NODES), not {limit}",
                most=settings.view_max_nodes,
                limit=limit,
            )
        )
    above = 0 if whole else settings.view_cluster_above
    ids = frozenset(i for i in (opened or "").split(",") if i.startswith("cluster:"))
    # today's date too: a document view without `at` checks its claims as of today
    key = (*args, limit, above, current(), date.today())
    view, jurisdiction, iri, depth, document_id, topic, codes, at = args

    def build() -> network.View:
        return build_view(
            store,
            view,
            jurisdiction,
            iri,
            depth,
            document_id,
            limit,
            topic,
            codes,
            at,
            clustering=network.Clustering(above),
        )

    if not above or limit <= above:  # never drawn as clusters: nothing to remember
        return build()
    base = _PREPARED.get(store, key, build)
    if not ids or base.prepared is None:
        return base
    with _collector_paused():
        return network.render(base.prepared, network.Clustering(above, ids))


def _jurisdictions(store: Store, codes: str | None) -> tuple[str, ...]:
    """The jurisdictions asked for (a composite one by its parts), else the usual five."""
    if not codes:
        return network.ALIGNED
    listed = [c.strip() for c in codes.split(",") if c.strip()]
    return tuple(j.code for j in vocabulary.expand_jurisdictions(store, listed))


def _required(value: str | None, name: str, view: str) -> str:
    if not value:
        raise BadRequest(_("The {view} view needs the parameter {name!r}", view=view, name=name))
    return value


@router.get(
    "/graph",
    response_class=HTMLResponse,
    summary="A network view as an interactive page or a download",
)
def graph_page(
    request: Request,
    store: StoreDep,
    view: ViewName,
    jurisdiction: Jurisdiction = None,
    iri: Iri = None,
    depth: Depth = 1,
    document_id: DocumentId = None,
    limit: Limit = network.DEFAULT_LIMIT,
    topic: Topic = None,
    jurisdictions: Jurisdictions = None,
    at: At = None,
    format: Format = "html",
    opened: Opened = None,
) -> Response:
    """The interactive page of a view (filters, search, legend, plain-text tooltips), or
    with `format=` the same view as a GEXF, GraphML, Cytoscape.js or JSON-LD download
    (whole: never as clusters)."""
    args = (view, jurisdiction, iri, depth, document_id, topic, jurisdictions, at)
    built = drawn_view(request, store, args, limit, opened, whole=format != "html")
    if format != "html":
        return export(built, format)
    return templates.TemplateResponse(
        request,
        "graph.html",
        {
            "title": built.title,
            "graph": built,
            "data": script_json(built.as_json()),  # serialised once, compactly
            "years": _years(built),
            "all_dates": urlencode(
                [(k, v) for k, v in request.query_params.multi_items() if k != "at"]
            ),
            "vendor": VIS,
            "topics": _topic_choices(store, {t for node in built.nodes for t in node["topics"]}),
            "kind_words": {
                k["kind"]: _(network.KIND_WORDS[k["kind"]])
                for k in built.legend.get("kinds", [])
                if k["kind"] in network.KIND_WORDS
            },
            "most": get_settings(request).view_max_nodes,
        },
    )


def _topic_choices(store: Store, notations: set[str]) -> list[tuple[str, str, str]]:
    """(notation, label, the label's language) of the topics a view's nodes are about, the
    label in the reader's language where the data has one, sorted by label: the filter's
    values stay the notations the nodes carry."""
    known = vocabulary.topics(store)
    choices = []
    for notation in notations:
        topic = known.get(notation)
        picked = vocabulary.pick_label_and_language(topic.labels, current()) if topic else None
        choices.append((notation, *(picked or (notation, "zxx"))))
    return sorted(choices, key=lambda choice: choice[1].casefold())


@router.get("/graph.json", summary="A network view's nodes, edges and drawing options as JSON")
def graph_json(
    request: Request,
    store: StoreDep,
    view: ViewName,
    jurisdiction: Jurisdiction = None,
    iri: Iri = None,
    depth: Depth = 1,
    document_id: DocumentId = None,
    limit: Limit = network.DEFAULT_LIMIT,
    topic: Topic = None,
    jurisdictions: Jurisdictions = None,
    at: At = None,
    opened: Opened = None,
) -> JSONResponse:
    """The nodes, edges and vis-network options of a view, as the page receives them (a
    large view as clusters, those of `open` open)."""
    args = (view, jurisdiction, iri, depth, document_id, topic, jurisdictions, at)
    built = drawn_view(request, store, args, limit, opened)
    return JSONResponse(built.as_json())


def _years(built: network.View) -> dict[str, Any]:
    """The as-of slider's range: from the earliest start the view shows to this year."""
    today = date.today()
    starts = [int(n["valid_from"][:4]) for n in built.nodes if n["valid_from"][:4].isdigit()]
    shown = int(built.at[:4]) if built.at else today.year
    return {
        "first": min([*starts, shown, today.year - 10]),
        "last": today.year,
        "shown": shown,
        "today": today.isoformat(),
    }


def script_json(value: Any) -> Markup:
    """JSON for a `<script type="application/json">` block, escaped by Jinja's own
    `htmlsafe_json_dumps` (what `tojson` calls) but compact and without sorting keys."""
    return htmlsafe_json_dumps(value, ensure_ascii=False, separators=(",", ":"))


def export(built: network.View, name: str) -> Response:
    """One view in an export format, offered as a file named after the view."""
    media_type, extension = exports.FORMATS[name]
    if name == "gexf":
        body = exports.gexf(built)
    elif name == "graphml":
        body = exports.graphml(built)
    else:
        maker = exports.cytoscape if name == "cyjs" else exports.jsonld
        body = bytes(JSONResponse(maker(built)).body)
    disposition = f'attachment; filename="policykg-{built.name}.{extension}"'
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})
