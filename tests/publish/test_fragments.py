"""Triple Pattern Fragments at /fragments: patterns, paging, metadata, controls, formats.

A TPF client trusts the metadata to plan queries and the controls to navigate, so the tests
check them against the store itself (SPARQL COUNTs), and a tiny client walks the pages the
way Comunica would: build a fragment IRI from the `hydra:search` template, then follow
`hydra:next` to the end.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
)

from api.app import create_app
from kg.errors import BadRequest
from kg.ns import ELI, ID, PKG, RDF, XSD, graph_iri
from kg.publish.fragments import FOAF, HYDRA, PAGE_SIZE, VOID, as_iri, parse_term, term_text
from kg.store import EmbeddedStore, Store, replace_graph

TRIG = {"Accept": "application/trig"}
TOPIC = PKG + "topic"


def fetch_quads(client: TestClient, url: str, params: dict[str, str] | None = None) -> list[Quad]:
    """GET a fragment as TriG and parse it; the answer must be 200 and vary on Accept."""
    response = client.get(url, params=params, headers=TRIG)
    assert response.status_code == 200, response.text
    assert "Accept" in response.headers["vary"]
    return list(parse(response.content, format=RdfFormat.TRIG))


def data(quads: list[Quad]) -> list[Triple]:
    """The fragment's data: the default graph of the TriG answer."""
    return [q.triple for q in quads if isinstance(q.graph_name, DefaultGraph)]


def page_iri(quads: list[Quad]) -> NamedNode:
    """The page the metadata graph is about (its foaf:primaryTopic), as Comunica finds it."""
    topics = [q.object for q in quads if q.predicate == NamedNode(FOAF + "primaryTopic")]
    assert len(topics) == 1
    assert isinstance(topics[0], NamedNode)
    return topics[0]


def meta(quads: list[Quad], predicate: str) -> list[NamedNode | BlankNode | Literal]:
    """Values of one metadata property of the page, read from the metadata graph only."""
    page = page_iri(quads)
    graph = NamedNode(page.value + "#metadata")
    return [
        q.object
        for q in quads
        if q.graph_name == graph and q.subject == page and q.predicate == NamedNode(predicate)
    ]


def one_int(quads: list[Quad], predicate: str) -> int:
    (value,) = meta(quads, predicate)
    assert isinstance(value, Literal)
    return int(value.value)


def sparql_count(store: Store, where: str) -> int:
    """An independent count, straight from the store, to check hydra:totalItems against."""
    result = store.query(f"SELECT (COUNT(DISTINCT *) AS ?n) WHERE {{ {where} }}")
    assert isinstance(result, QuerySolutions)
    return int(next(iter(result))["n"].value)


# --- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("?s", None),
        (TOPIC, NamedNode(TOPIC)),
        (f"<{TOPIC}>", NamedNode(TOPIC)),
        ("pkg:topic", NamedNode(TOPIC)),
        ('"Code pénal"@fr', Literal("Code pénal", language="fr")),
        ('"plain"', Literal("plain")),
        ('"say "hi""', Literal('say "hi"')),
        (f'"5"^^<{XSD}decimal>', Literal("5", datatype=NamedNode(XSD + "decimal"))),
        (f'"5"^^{XSD}integer', Literal("5", datatype=NamedNode(XSD + "integer"))),
    ],
)
def test_parameters_parse_as_the_spec_writes_them(text, expected):
    assert parse_term(text, "object") == expected


@pytest.mark.parametrize(
    "text",
    ['"unterminated', '"x"trailing', "not an iri", "relative/path", "_:b0", '"x"@not a tag',
     f'"x"^^<{RDF}langString>', '"x"^^<no scheme>'],
)  # fmt: skip
def test_malformed_parameters_are_refused_with_a_reason(text):
    with pytest.raises(BadRequest, match="object"):
        parse_term(text, "object")


@pytest.mark.parametrize(
    "term",
    [
        NamedNode(TOPIC),
        Literal("Code pénal", language="fr"),
        Literal('a "quoted" text'),
        Literal("5", datatype=NamedNode(XSD + "decimal")),
    ],
)
def test_term_text_round_trips(term):
    assert parse_term(term_text(term), "object") == term


# --- the HTTP interface ---------------------------------------------------------------------


def test_unbound_fragment_pages_the_whole_graph(client, store):
    quads = fetch_quads(client, "/fragments")
    assert len(data(quads)) == PAGE_SIZE
    total = sparql_count(store, "?s ?p ?o")
    assert one_int(quads, HYDRA + "totalItems") == total
    assert one_int(quads, VOID + "triples") == total
    assert one_int(quads, HYDRA + "itemsPerPage") == PAGE_SIZE
    (following,) = meta(quads, HYDRA + "next")
    assert following == NamedNode("http://testserver/fragments?page=2")
    assert meta(quads, HYDRA + "previous") == []


def test_predicate_fragment_is_exactly_the_topic_triples(client, store):
    quads = fetch_quads(client, "/fragments", {"predicate": TOPIC})
    total = one_int(quads, HYDRA + "totalItems")
    assert total == sparql_count(store, f"?s <{TOPIC}> ?o")
    got = data(quads)
    while following := meta(quads, HYDRA + "next"):  # follow the pages to the last one
        url = following[0].value.removeprefix("http://testserver")
        quads = fetch_quads(client, url)
        got += data(quads)
    expected = store.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{TOPIC}> ?o }}")
    assert isinstance(expected, QuerySolutions)
    wanted = {Triple(row["s"], NamedNode(TOPIC), row["o"]) for row in expected}
    assert set(got) == wanted and len(got) == len(wanted) == total
    assert any("/offence/" in t.subject.value for t in got)


def test_literal_object_patterns_match(client):
    quads = fetch_quads(client, "/fragments", {"object": '"Code pénal"@fr'})
    code_penal = Triple(
        NamedNode(ID + "act/fr/code-penal"),
        NamedNode(ELI + "title"),
        Literal("Code pénal", language="fr"),
    )
    assert code_penal in data(quads)
    assert all(t.object == code_penal.object for t in data(quads))


def test_a_typed_literal_found_in_the_data_can_be_asked_for(client, store):
    """Whatever typed literal the graph has, its TPF text finds its triple again."""
    result = store.query(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && datatype(?o) = xsd:integer) } "
        "LIMIT 1"
    )
    assert isinstance(result, QuerySolutions)
    row = next(iter(result))
    params = {"subject": row["s"].value, "object": term_text(row["o"])}
    assert Triple(row["s"], row["p"], row["o"]) in data(fetch_quads(client, "/fragments", params))


def test_a_literal_subject_is_an_empty_fragment_not_an_error(client):
    """A client joining on a literal may ask for it as a subject; nothing matches."""
    quads = fetch_quads(client, "/fragments", {"subject": '"Code pénal"@fr'})
    assert data(quads) == []
    assert one_int(quads, HYDRA + "totalItems") == 0


@pytest.mark.parametrize(
    "params",
    [
        {"subject": "not an iri"},
        {"object": '"x'},
        {"predicate": "_:b"},
        {"page": "0"},
        {"page": "x"},
    ],
)
def test_malformed_request_is_a_400_with_the_reason(client, params):
    response = client.get("/fragments", params=params, headers=TRIG)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "BadRequest"
    assert next(iter(params)) in body["message"]


def test_trig_has_the_metadata_graph_and_the_search_template(client):
    quads = fetch_quads(client, "/fragments", {"predicate": TOPIC})
    page = page_iri(quads)
    assert page.value == "http://testserver/fragments?predicate=" + quote(TOPIC, safe="")
    graph = NamedNode(page.value + "#metadata")
    in_graph = [q.triple for q in quads if q.graph_name == graph]
    assert all(q.graph_name in (graph, DefaultGraph()) for q in quads)
    (template,) = [t.subject for t in in_graph if t.object == NamedNode(HYDRA + "IriTemplate")]
    dataset = NamedNode("http://testserver/fragments#dataset")
    assert Triple(dataset, NamedNode(HYDRA + "search"), template) in in_graph
    (text,) = [
        t.object
        for t in in_graph
        if t.subject == template and t.predicate == NamedNode(HYDRA + "template")
    ]
    assert text.value == "http://testserver/fragments{?subject,predicate,object}"
    mappings = [
        t.object
        for t in in_graph
        if t.subject == template and t.predicate == NamedNode(HYDRA + "mapping")
    ]
    properties = {
        t.object.value: value(in_graph, t.subject, HYDRA + "variable")
        for t in in_graph
        if t.subject in mappings and t.predicate == NamedNode(HYDRA + "property")
    }
    assert properties == {
        RDF + "subject": "subject",
        RDF + "predicate": "predicate",
        RDF + "object": "object",
    }


def value(triples: list[Triple], subject: object, predicate: str) -> str:
    (found,) = [
        t.object for t in triples if t.subject == subject and t.predicate == NamedNode(predicate)
    ]
    return found.value


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("*/*", RdfFormat.TRIG),
        ("application/n-quads", RdfFormat.N_QUADS),
        ("application/ld+json", RdfFormat.JSON_LD),
        ("text/turtle", RdfFormat.TURTLE),
        ("application/n-triples", RdfFormat.N_TRIPLES),
    ],
)
def test_every_rdf_format_parses_and_carries_the_counts(client, accept, fmt):
    response = client.get("/fragments", params={"predicate": TOPIC}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type)
    assert "Accept" in response.headers["vary"]
    quads = list(parse(response.content, format=fmt))
    topic_triples = [q for q in quads if q.predicate == NamedNode(TOPIC)]
    assert topic_triples and all(isinstance(q.graph_name, DefaultGraph) for q in topic_triples)
    assert any(q.predicate == NamedNode(HYDRA + "totalItems") for q in quads)
    named = {q.graph_name for q in quads if not isinstance(q.graph_name, DefaultGraph)}
    assert len(named) == (1 if fmt.supports_datasets else 0)


def test_unacceptable_type_is_a_406(client):
    assert client.get("/fragments", headers={"Accept": "image/png"}).status_code == 406


def test_later_pages_link_back_and_past_the_end_is_empty(client):
    second = fetch_quads(client, "/fragments", {"page": "2"})
    assert meta(second, HYDRA + "previous") == [NamedNode("http://testserver/fragments")]
    assert meta(second, HYDRA + "first") == [NamedNode("http://testserver/fragments")]
    beyond = fetch_quads(client, "/fragments", {"predicate": TOPIC, "page": "9"})
    assert data(beyond) == [] and meta(beyond, HYDRA + "next") == []
    assert one_int(beyond, HYDRA + "totalItems") > 0


def expand(template: str, bindings: dict[str, str]) -> str:
    """RFC 6570 form-style query expansion of `…{?subject,predicate,object}`, as clients do."""
    base, _, names = template.partition("{?")
    pairs = [(n, bindings[n]) for n in names.rstrip("}").split(",") if n in bindings]
    return base + ("?" + "&".join(f"{n}={quote(v, safe='')}" for n, v in pairs) if pairs else "")


def walk(client: TestClient, url: str) -> tuple[list[Triple], int]:
    """A tiny TPF client: follow hydra:next until there is none; all data and void:triples."""
    triples: list[Triple] = []
    announced: set[int] = set()
    for _ in range(1000):
        quads = fetch_quads(client, url)
        triples += data(quads)
        announced.add(one_int(quads, VOID + "triples"))
        following = meta(quads, HYDRA + "next")
        if not following:
            break
        url = following[0].value
    assert len(announced) == 1, "every page announces the same count"
    return triples, announced.pop()


def test_a_client_walking_the_controls_gets_every_triple_once(store, settings):
    """Over France's curated graph (a few thousand triples, tens of pages: paging works the
    same at any size, and walking the whole graph would cost a thousand requests)."""
    france = graph_iri("data", "jurisdictions/FR")
    small = EmbeddedStore()
    replace_graph(small, france, [q.triple for q in store.quads() if q.graph_name == france])
    with TestClient(create_app(settings, store=small)) as client:
        start = fetch_quads(client, "/fragments")
        (template,) = [
            q.object.value for q in start if q.predicate == NamedNode(HYDRA + "template")
        ]
        for bindings in ({}, {"predicate": RDF + "type"}):
            triples, announced = walk(client, expand(template, bindings))
            assert len(triples) == announced
            named = [t for t in triples if not isinstance(t.subject, BlankNode)]
            assert len(set(named)) == len(named), "no triple on two pages"
    assert announced == sparql_count(small, "?s a ?o")
    assert sparql_count(small, "?s ?p ?o") > 10 * PAGE_SIZE  # many pages were walked


def test_html_page_lists_the_triples_and_escapes_values(settings):
    """A literal full of markup must come out as text, in the table and in the form."""
    store = EmbeddedStore()
    nasty = '<script>alert("x")</script> & <b>'
    subject = NamedNode(ID + "test/escaping")
    replace_graph(
        store,
        graph_iri("test"),
        [Triple(subject, NamedNode(ELI + "title"), Literal(nasty, language="en"))],
    )
    with TestClient(create_app(settings, store=store)) as client:
        response = client.get(
            "/fragments",
            params={"object": f'"{nasty}"@en'},
            headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert 'title="https://w3id.org/policykg/id/test/escaping"' in page
    assert "</code>: 1 triple" in page


def test_html_page_has_paging_links(client):
    page = client.get("/fragments", params={"page": "2"}, headers={"Accept": "text/html"}).text
    assert 'href="/fragments?page=3" rel="next"' in page
    assert 'href="/fragments" rel="prev"' in page


def test_a_request_url_with_raw_quotes_still_names_the_page():
    """curl sends `"` and `<` unescaped; the page IRI must stay a valid IRI."""
    raw = 'http://h/fragments?object="x"@fr&subject=<http://a/b>'
    assert as_iri(raw) == "http://h/fragments?object=%22x%22@fr&subject=%3Chttp://a/b%3E"
    kept = "http://h/fragments?predicate=https%3A%2F%2Fx"
    assert as_iri(kept) == kept
