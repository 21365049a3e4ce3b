// The SPARQL editor page: catalogue of example questions, run in place, results as a table,
// download links and a shareable link (#query=…). No library, nothing fetched off-site.
// Every value from the graph is written with textContent, never parsed as HTML.
"use strict";

(function () {
  const BASE = "https://w3id.org/policykg/";
  const PREFIXES = {
    "pkg:": "https://w3id.org/policykg/ontology#",
    "topic:": "https://w3id.org/policykg/concept/topic/",
    "j:": "https://w3id.org/policykg/id/jurisdiction/",
    "id:": "https://w3id.org/policykg/id/",
    "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd:": "http://www.w3.org/2001/XMLSchema#",
    "owl:": "http://www.w3.org/2002/07/owl#",
    "skos:": "http://www.w3.org/2004/02/skos/core#",
    "dcterms:": "http://purl.org/dc/terms/",
    "eli:": "http://data.europa.eu/eli/ontology#",
    "prov:": "http://www.w3.org/ns/prov#",
    "oa:": "http://www.w3.org/ns/oa#",
  };
  // Interface words come translated from the page (kg.locale catalogues): {name} is filled in.
  let MESSAGES = {};
  function t(key, values) {
    let text = MESSAGES[key] || key;
    for (const [name, value] of Object.entries(values || {})) text = text.split("{" + name + "}").join(String(value));
    return text;
  }
  // Longest namespace first, so j: wins over id: for jurisdictions.
  const ORDERED = Object.entries(PREFIXES).sort((a, b) => b[1].length - a[1].length);
  const RESULT_DOWNLOADS = [["CSV", "text/csv", "csv"], ["JSON", "application/sparql-results+json", "json"], ["TSV", "text/tab-separated-values", "tsv"]];
  const GRAPH_DOWNLOADS = [["Turtle", "text/turtle", "ttl"], ["JSON-LD", "application/ld+json", "jsonld"], ["N-Triples", "application/n-triples", "nt"]];

  const $ = (id) => document.getElementById(id);

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function shorten(iri) {
    for (const [prefix, ns] of ORDERED) {
      if (iri.startsWith(ns) && !iri.slice(ns.length).includes("/")) return prefix + iri.slice(ns.length);
    }
    return iri;
  }

  // policykg's own IRIs have a page on this server; anyone else's stay text.
  function localHref(iri) {
    if (!iri.startsWith(BASE)) return null;
    const rest = iri.slice(BASE.length);
    return /^(id\/|concept\/|ontology)/.test(rest) ? "/" + rest : null;
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = localHref(term.value);
      td.appendChild(href ? el("a", shorten(term.value), { href: href, title: term.value }) : el("span", shorten(term.value), { title: term.value }));
    } else if (term.type === "bnode") {
      td.appendChild(el("span", "_:" + term.value));
    } else {
      td.appendChild(el("span", term.value));
      const tag = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype && !term.datatype.endsWith("#string") ? shorten(term.datatype) : null;
      if (tag) td.appendChild(el("span", tag, { class: "tag" }));
    }
    return td;
  }

  function renderTable(json) {
    const vars = json.head.vars || [];
    const rows = json.results.bindings;
    const table = el("table", null, { id: "results-table" });
    const head = table.createTHead().insertRow();
    for (const v of vars) head.appendChild(el("th", v, { scope: "col" }));
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v]));
    }
    return [table, t(rows.length === 1 ? "{n} row" : "{n} rows", { n: rows.length })];
  }

  function downloads(query, kinds) {
    const nav = $("downloads");
    nav.replaceChildren(el("span", t("Download:")));
    for (const [label, media, ext] of kinds) {
      const href = "/sparql?query=" + encodeURIComponent(query) + "&format=" + encodeURIComponent(media);
      nav.appendChild(el("a", label, { href: href, download: "results." + ext, "data-format": ext }));
    }
    nav.hidden = false;
  }

  function shareHref(query) {
    return "#query=" + encodeURIComponent(query);
  }

  function updateShare() {
    $("share").setAttribute("href", shareHref($("query").value));
  }

  async function run() {
    const query = $("query").value;
    const status = $("status");
    const results = $("results");
    status.className = "muted";
    status.textContent = t("Running…");
    results.replaceChildren();
    $("downloads").hidden = true;
    history.replaceState(null, "", shareHref(query));
    updateShare();
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: new URLSearchParams({ query: query }),
      });
    } catch (error) {
      return fail(t("The server could not be reached: {error}", { error: error }));
    }
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      let message = await response.text();
      try { message = JSON.parse(message).message; } catch (ignored) { /* plain text */ }
      return fail(response.status + ": " + message);
    }
    const ms = Math.round(performance.now() - started);
    if (type.includes("sparql-results+json")) {
      const json = await response.json();
      if ("boolean" in json) {
        results.appendChild(el("p", String(json.boolean), { id: "ask-result" }));
        status.textContent = t("ASK answered in {ms} ms", { ms: ms });
      } else {
        const [table, count] = renderTable(json);
        results.appendChild(table);
        status.textContent = t("{count} in {ms} ms", { count: count, ms: ms });
      }
      downloads(query, RESULT_DOWNLOADS);
    } else {
      results.appendChild(el("pre", await response.text(), { id: "graph-result" }));
      status.textContent = t("Graph (Turtle) in {ms} ms", { ms: ms });
      downloads(query, GRAPH_DOWNLOADS);
    }
  }

  function fail(message) {
    const status = $("status");
    status.className = "error";
    status.textContent = message;
  }

  function choose(entry, button) {
    $("query").value = entry.example_sparql || entry.sparql;
    const params = entry.parameters.map((p) => p.name + " (" + p.type + (p.required ? "" : ", " + t("optional")) + ")");
    const about = $("query-description");
    // the query's own words (in the catalogue's language), then interface text
    about.replaceChildren(el("span", entry.title + ". " + entry.description, { lang: button.getAttribute("lang") || "en" }));
    if (params.length) about.append(" " + t("Parameters, bound in the VALUES block: {names}.", { names: params.join(", ") }));
    about.hidden = false;
    for (const other of document.querySelectorAll("#catalogue button")) other.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-pressed", "true");
    updateShare();
    $("query").focus();
  }

  async function loadCatalogue() {
    const list = $("catalogue");
    try {
      // titles come from the query files, in en, fr or sv (English for any other page language)
      const page = document.documentElement.lang;
      const lang = ["en", "fr", "sv"].includes(page) ? page : "en";
      const response = await fetch("/api/queries?lang=" + lang, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      const entries = (await response.json()).queries;
      list.replaceChildren();
      for (const entry of entries) {
        const button = el("button", entry.title, { type: "button", title: entry.description, lang: lang, "data-name": entry.name, "aria-pressed": "false" });
        button.addEventListener("click", () => choose(entry, button));
        const item = el("li");
        item.appendChild(button);
        list.appendChild(item);
      }
    } catch (error) {
      list.replaceChildren(el("li", t("The catalogue could not be loaded: {error}", { error: error }), { class: "error" }));
    }
  }

  // A shared link carries the query in the fragment: #query=<percent-encoded text>.
  function fromFragment() {
    const hash = location.hash;
    if (!hash.startsWith("#query=")) return false;
    try {
      $("query").value = decodeURIComponent(hash.slice("#query=".length));
    } catch (error) {
      fail(t("The link's query is not valid percent-encoding"));
      return false;
    }
    updateShare();
    return true;
  }

  document.addEventListener("DOMContentLoaded", () => {
    MESSAGES = JSON.parse(document.getElementById("sparql-messages").textContent);
    $("run").addEventListener("click", run);
    $("query").addEventListener("input", updateShare);
    $("query").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    });
    $("share").addEventListener("click", (event) => {
      event.preventDefault();
      history.replaceState(null, "", shareHref($("query").value));
      updateShare();
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
      $("status").className = "muted";
      $("status").textContent = t("This page's address now holds the query: copy it to share.");
    });
    window.addEventListener("hashchange", () => { if (fromFragment()) run(); });
    updateShare();
    loadCatalogue();
    if (fromFragment()) run();
  });
})();
