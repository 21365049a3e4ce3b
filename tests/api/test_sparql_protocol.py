"""The SPARQL 1.1 Protocol endpoint as real clients see it: SPARQLWrapper and rdflib against
a served `policykg`, datasets, CORS, the query timeout and the result-size cap."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Iterator
from urllib.error import HTTPError

import httpx
import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse
from pyoxigraph import Store as OxStore
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from api.app import create_app
from kg.config import Settings
from kg.formats.results import MediaChoice
from kg.publish.query_pool import Dataset, QueryPool, declares_dataset
from kg.store import EmbeddedStore, Store, dump, replace_graph
from tests.conftest import serve

CODES = ["CoE", "EU", "FR", "SE", "UK", "UK-EW", "UK-NI", "UK-SCT"]
SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
FR = "https://w3id.org/policykg/id/jurisdiction/FR"
FR_GRAPH = "https://w3id.org/policykg/graph/data/jurisdictions/FR"
SELECT = "SELECT ?code WHERE { ?j a pkg:Jurisdiction ; skos:notation ?code } ORDER BY ?code"
ASK = "ASK { ?s a pkg:Offence }"
CONSTRUCT = (
    "CONSTRUCT { ?j skos:notation ?code } WHERE { ?j a pkg:Jurisdiction ; skos:notation ?code }"
)
DESCRIBE = f"DESCRIBE <{FR}>"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
OFFENCES = "SELECT DISTINCT ?o {from} WHERE {{ ?o a pkg:Offence }}"


def wrapper(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


# --- SPARQLWrapper against the served application ----------------------------------------


def _codes(fmt: str, converted: object) -> list[str]:
    """The ?code column of a converted SPARQLWrapper SELECT answer, whatever its format."""
    if fmt == JSON:
        return [b["code"]["value"] for b in converted["results"]["bindings"]]  # type: ignore[index]
    if fmt == XML:
        return [n.firstChild.data for n in converted.getElementsByTagName("literal")]  # type: ignore[attr-defined]
    text = converted.decode("utf-8")  # type: ignore[attr-defined]
    if fmt == CSV:
        return [row["code"] for row in csv.DictReader(io.StringIO(text))]
    header, *rows = text.splitlines()
    assert header == "?code"
    return [row.strip('"') for row in rows]


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(live_server, fmt):
    assert _codes(fmt, wrapper(live_server, SELECT, fmt).query().convert()) == CODES


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask(live_server, fmt):
    converted = wrapper(live_server, ASK, fmt).query().convert()
    if fmt == JSON:
        assert converted["boolean"] is True
    elif fmt == XML:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert converted.strip() == b"true"


def _triples(fmt: str, client: SPARQLWrapper) -> set[tuple[str, str, str]]:
    """The converted CONSTRUCT/DESCRIBE answer as (s, p, o) strings (rdflib parses RDF/XML
    and JSON-LD itself; Turtle and N-Triples come back as bytes, parsed here)."""
    response = client.query()
    content_type = response.response.headers["Content-Type"]
    converted = response.convert()
    if fmt in (RDFXML, JSONLD):
        return {(str(s), str(p), str(o)) for s, p, o in converted}
    rdf_format = RdfFormat.N_TRIPLES if fmt == N3 else RdfFormat.TURTLE
    assert content_type.startswith(rdf_format.media_type)
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in parse(converted, format=rdf_format)
    }


def _graph_client(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = wrapper(endpoint, query, fmt)
    if fmt == N3:  # SPARQLWrapper has no N-Triples format: ask for it by content negotiation
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", "application/n-triples")
    return client


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_construct(live_server, fmt):
    triples = _triples(fmt, _graph_client(live_server, CONSTRUCT, fmt))
    assert sorted(o for _, p, o in triples if p == SKOS_NOTATION) == CODES


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_describe(live_server, fmt):
    triples = _triples(fmt, _graph_client(live_server, DESCRIBE, fmt))
    assert (FR, SKOS_NOTATION, "FR") in triples
    assert {s for s, _, _ in triples} == {FR}


def test_sparqlwrapper_update_is_refused(live_server):
    client = SPARQLWrapper(live_server + "/sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert not wrapper(live_server, "ASK { <urn:a> ?p ?o }", JSON).query().convert()["boolean"]


def test_sparqlwrapper_syntax_error_is_400_with_the_message(live_server):
    with pytest.raises(QueryBadFormed) as bad:
        wrapper(live_server, "SELECT ?x WHERE { ?x", JSON).query()
    assert "QuerySyntaxError" in str(bad.value)
    response = httpx.get(live_server + "/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400 and response.json()["message"]


# --- rdflib's SPARQLStore -----------------------------------------------------------------


def test_rdflib_sparqlstore_select_and_construct(live_server):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=live_server + "/sparql")
    graph = Graph(store)  # a blank-node name: rdflib sends no dataset, the union is queried
    rows = graph.query(
        "PREFIX pkg: <https://w3id.org/policykg/ontology#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + SELECT
    )
    assert [str(row[0]) for row in rows] == CODES
    constructed = graph.query(
        "PREFIX pkg: <https://w3id.org/policykg/ontology#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + CONSTRUCT
    ).graph
    assert sorted(str(o) for o in constructed.objects()) == CODES
    # A Graph named after a graph IRI: rdflib sends it as default-graph-uri.
    fr_only = Graph(
        SPARQLStore(query_endpoint=live_server + "/sparql"), identifier=URIRef(FR_GRAPH)
    )
    offences = fr_only.query(
        "SELECT DISTINCT ?o WHERE { ?o a <https://w3id.org/policykg/ontology#Offence> }"
    )
    assert offences and all("/offence/fr/" in str(row[0]) for row in offences)


# --- datasets -----------------------------------------------------------------------------


def _offences(endpoint: str, **params: str) -> list[str]:
    response = httpx.get(endpoint + "/sparql", params=params)
    assert response.status_code == 200, response.text
    return [b["o"]["value"] for b in response.json()["results"]["bindings"]]


def test_from_in_the_query_narrows_the_default_graph(live_server):
    everywhere = _offences(live_server, query=OFFENCES.format(**{"from": ""}))
    in_fr = _offences(live_server, query=OFFENCES.format(**{"from": f"FROM <{FR_GRAPH}>"}))
    assert len(everywhere) > len(in_fr) > 0
    assert all("/offence/fr/" in o for o in in_fr)


def test_default_graph_uri_parameter(live_server):
    query = OFFENCES.format(**{"from": ""})
    by_get = _offences(live_server, query=query, **{"default-graph-uri": FR_GRAPH})
    assert by_get and all("/offence/fr/" in o for o in by_get)
    by_post = httpx.post(
        live_server + "/sparql",
        data={"query": query, "default-graph-uri": FR_GRAPH},
    ).json()["results"]["bindings"]
    # The same solutions; their order is the engine's (no ORDER BY): a GET may be answered
    # by a front worker from the in-memory copy while a POST reads the disk store
    assert sorted(b["o"]["value"] for b in by_post) == sorted(by_get)


def test_from_named_and_graph(live_server):
    query = f"SELECT DISTINCT ?g FROM NAMED <{FR_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    response = httpx.get(live_server + "/sparql", params={"query": query}).json()
    assert [b["g"]["value"] for b in response["results"]["bindings"]] == [FR_GRAPH]
    by_parameter = httpx.get(
        live_server + "/sparql",
        params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": FR_GRAPH,
        },
    ).json()
    assert [b["g"]["value"] for b in by_parameter["results"]["bindings"]] == [FR_GRAPH]


def test_a_bad_graph_iri_is_400(live_server):
    response = httpx.get(
        live_server + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"SELECT * FROM <{FR_GRAPH}> WHERE {{ ?s ?p ?o }}", True),
        ("select * from named <urn:g> { graph ?g { ?s ?p ?o } }", True),
        ("SELECT * FROM pkg:g WHERE { ?s ?p ?o }", True),
        ('SELECT * WHERE { ?s ?p "from <urn:x>" }', False),
        ("SELECT ?from WHERE { ?from ?p ?o } # FROM <urn:x>", False),
        ("SELECT * WHERE { ?s <http://example.org/FROM> <urn:x> }", False),
    ],
)
def test_declares_dataset(query, expected):
    assert declares_dataset(query) is expected


# --- CORS -----------------------------------------------------------------------------------


def test_cors_preflight_and_simple_request(live_server):
    preflight = httpx.options(
        live_server + "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "https://yasgui.example")
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    simple = httpx.get(
        live_server + "/sparql",
        params={"query": ASK},
        headers={"Origin": "https://yasgui.example"},
    )
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "content-type" in simple.headers["access-control-expose-headers"].lower()
    api = httpx.get(live_server + "/api/topics", headers={"Origin": "https://yasgui.example"})
    assert api.headers["access-control-allow-origin"] == "*"


def test_cors_does_not_allow_cross_origin_authorised_writes(live_server):
    preflight = httpx.options(
        live_server + "/api/documents",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 400


# --- the timeout ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_server(store: Store, tmp_path_factory) -> Iterator[str]:
    """`policykg serve` with POLICYKG_QUERY_TIMEOUT=2, on a copy of the session's graph
    (bulk-loaded from its dump: much quicker than a second `policykg build`)."""
    folder = tmp_path_factory.mktemp("slow") / "store"
    copy = OxStore(str(folder))
    copy.bulk_load(input=dump(store, RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    copy.flush()
    del copy
    with serve({"POLICYKG_STORE": str(folder), "POLICYKG_QUERY_TIMEOUT": "2"}) as base:
        # Warm the pool up: worker start-up is not query time, but keeps the timing honest.
        assert httpx.get(base + "/sparql", params={"query": ASK}, timeout=60).status_code == 200
        yield base


def test_a_runaway_query_is_stopped_and_others_are_served(slow_server):
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        outcome["response"] = httpx.get(
            slow_server + "/sparql", params={"query": RUNAWAY}, timeout=30
        )
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive(), "the runaway query should still be running"
    health = httpx.get(slow_server + "/healthz", timeout=2)
    assert health.status_code == 200
    quick = httpx.get(slow_server + "/sparql", params={"query": ASK}, timeout=2)
    assert quick.json()["boolean"] is True  # served by the other worker meanwhile
    thread.join(timeout=20)
    response = outcome["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "QueryTimeout" and body["status"] == 503
    assert "stopped after 2." in body["message"]
    assert outcome["seconds"] >= 2  # type: ignore[operator]  # not stopped before its limit
    # The killed worker was replaced: the endpoint keeps answering.
    again = httpx.get(slow_server + "/sparql", params={"query": ASK}, timeout=30)
    assert again.json()["boolean"] is True


# --- the result-size cap and snapshot freshness, in process -------------------------------

SMALL_GRAPH = NamedNode("urn:policykg:test:small")


@pytest.fixture(scope="module")
def small_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    replace_graph(
        store,
        SMALL_GRAPH,
        [Triple(NamedNode(f"urn:s{i}"), NamedNode("urn:p"), Literal(i)) for i in range(5)],
    )
    yield store


@pytest.fixture(scope="module")
def capped(small_store: EmbeddedStore) -> Iterator[TestClient]:
    app = create_app(
        Settings(store="memory"), store=small_store, max_result_rows=3, query_workers=1
    )
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
        "application/sparql-results+xml",
    ],
)
def test_select_over_the_cap_is_truncated(capped, accept):
    response = capped.get(
        "/sparql",
        params={"query": "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"},
        headers={"Accept": accept},
    )
    assert response.status_code == 200
    assert response.headers["x-result-truncated"] == "true"
    assert response.headers["content-type"].startswith(accept)
    if accept.endswith("json"):
        values = [b["o"]["value"] for b in response.json()["results"]["bindings"]]
        assert values == ["0", "1", "2"]
    elif accept.endswith("xml"):
        assert response.text.count("<result>") == 3
    else:
        assert len(response.text.strip().splitlines()) == 1 + 3


def test_construct_over_the_cap_is_truncated(capped):
    response = capped.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.headers["x-result-truncated"] == "true"
    assert len(list(parse(response.content, format=RdfFormat.N_TRIPLES))) == 3


def test_at_the_cap_nothing_is_truncated(capped):
    response = capped.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"})
    assert len(response.json()["results"]["bindings"]) == 3
    assert "x-result-truncated" not in response.headers


def test_snapshot_follows_writes():
    """The workers' snapshot follows a write to the store. The test writes, so it has its
    own store and app: the module's shared ones must stay as the other tests expect."""
    store = EmbeddedStore()
    app = create_app(Settings(store="memory"), store=store, max_result_rows=3, query_workers=1)
    with TestClient(app) as client:
        ask = {"query": "ASK { <urn:new> ?p ?o }"}
        assert client.get("/sparql", params=ask).json()["boolean"] is False
        replace_graph(
            store,
            NamedNode("urn:policykg:test:new"),
            [Triple(NamedNode("urn:new"), NamedNode("urn:p"), Literal(1))],
        )
        assert client.get("/sparql", params=ask).json()["boolean"] is True


def test_format_parameter_short_names(capped):
    query = {"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"}
    assert (
        capped.get("/sparql", params=query | {"format": "csv"})
        .headers["content-type"]
        .startswith("text/csv")
    )
    graph = {"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "application/sparql-results+json"}
    assert capped.get("/sparql", params=graph).headers["content-type"].startswith("text/turtle")


def test_pool_directly_times_out_and_recovers(store):
    pool = QueryPool(store, timeout=1, workers=1)
    choice = MediaChoice("application/sparql-results+json", "text/turtle")
    try:
        from kg.publish.query_pool import QueryTimeout

        with pytest.raises(QueryTimeout) as stopped:
            pool.run(RUNAWAY, Dataset(), choice)
        assert stopped.value.elapsed >= 1  # stopped at its limit, not before (speed: bench/)
        assert b'"boolean":true' in pool.run(ASK, Dataset(), choice).body
    finally:
        pool.close()


def test_remote_store_forwards_datasets_and_maps_its_timeout(live_server, slow_server):
    """With POLICYKG_STORE a SPARQL server's URL there is no pool: the query, its dataset
    parameters included, goes to that server, and its slowness becomes our 503."""
    remote = create_app(Settings(store=live_server + "/sparql"))
    with TestClient(remote) as client:
        query = {"query": OFFENCES.format(**{"from": ""}), "default-graph-uri": FR_GRAPH}
        bindings = client.get("/sparql", params=query).json()["results"]["bindings"]
        assert bindings and all("/offence/fr/" in b["o"]["value"] for b in bindings)
        turtle = client.get("/sparql", params={"query": CONSTRUCT})
        assert turtle.headers["content-type"].startswith("text/turtle")
        assert len(list(parse(turtle.content, format=RdfFormat.TURTLE))) == len(CODES)
    impatient = create_app(Settings(store=slow_server + "/sparql", query_timeout=0.5))
    with TestClient(impatient) as client:
        response = client.get("/sparql", params={"query": RUNAWAY})
        assert response.status_code == 503
        assert response.json()["error"] == "QueryTimeout"


@pytest.mark.parametrize(
    "media", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]
)
@pytest.mark.parametrize("max_rows", [1, 4, 5, 50, 100_000])
def test_an_answer_written_directly_is_the_one_counted_through_tsv(media, max_rows):
    """`answer` with `again` writes short answers straight in the type asked for; the body
    and the truncation flag are those of the TSV count, whatever the cap."""
    from kg.formats.results import answer

    store = OxStore()
    for n in range(5):
        store.update(f'INSERT DATA {{ <urn:s{n}> <urn:p> "v{n}" }}')
    query = "SELECT ?s ?o WHERE { ?s <urn:p> ?o } ORDER BY ?s"
    choice = MediaChoice(media, None)
    direct = answer(store.query(query), choice, max_rows, 1 << 20, lambda: store.query(query))
    counted = answer(store.query(query), choice, max_rows, 1 << 20)
    assert direct == counted
    assert direct.truncated == (max_rows < 5)
