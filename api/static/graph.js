// Draws a policykg network view (/graph?view=…) with vis-network.
// The data comes from the <script type="application/json" id="graph-data"> block; nothing
// from it is ever parsed as HTML: tooltips are DOM elements filled with textContent, labels
// are painted on the canvas. State for tests: #graph[data-state] and #graph[data-drawn].
(function () {
  "use strict";

  function tooltip(node) {
    // A DOM element, not a string: vis-network would render a string title as HTML.
    const box = document.createElement("div");
    box.className = "graph-tooltip";
    const rows = [
      ["", node.full_label],
      ["kind", node.kind],
      ["jurisdiction", node.jurisdiction || "—"],
      ["topics", (node.topics || []).join(", ") || "—"],
      ["in force", node.valid_from ? node.valid_from + " → " + (node.valid_until || "…") : "—"],
      ["IRI", node.id],
    ];
    for (const [name, value] of rows) {
      const line = document.createElement("div");
      if (name) {
        const key = document.createElement("span");
        key.className = "key";
        key.textContent = name + ": ";
        line.appendChild(key);
      } else {
        line.className = "title";
      }
      line.appendChild(document.createTextNode(value));
      box.appendChild(line);
    }
    return box;
  }

  function start() {
    const container = document.getElementById("graph");
    const data = JSON.parse(document.getElementById("graph-data").textContent);
    // Interface words come translated from the page (kg.locale catalogues), never from here.
    const messages = JSON.parse(document.getElementById("graph-messages").textContent);
    // Tooltips are built when the pointer first reaches a node (hoverNode, below): building
    // thousands of DOM boxes up front delayed large views by a second.
    const nodes = new vis.DataSet(data.nodes);
    const edges = new vis.DataSet(data.edges.map((e, i) => Object.assign({ id: i }, e)));
    const filters = { jurisdiction: "", kind: "", topic: "" };
    // A node without topics (an instrument, a provision, a topic) is structure: the topic
    // filter only hides facts that say they are about something else. The date is the
    // server's (the as-of form below re-requests the view with &at=).
    const onTopic = (n) =>
      !filters.topic || !(n.topics || []).length || n.topics.includes(filters.topic);
    const view = new vis.DataView(nodes, {
      filter: (n) =>
        (!filters.jurisdiction || n.jurisdiction === filters.jurisdiction) &&
        (!filters.kind || n.kind === filters.kind) &&
        onTopic(n),
    });
    const network = new vis.Network(container, { nodes: view, edges: edges }, data.options);

    function countDrawn() {
      const drawn = view.length;
      container.dataset.drawn = String(drawn);
      document.getElementById("drawn-count").textContent = String(drawn);
    }

    function ready() {
      container.dataset.state = "ready";
    }

    function open(id) {
      const node = nodes.get(id);
      if (node && node.href) {
        window.location.assign(node.href);
      }
    }

    function choose(node) {
      network.selectNodes([node.id]);
      network.focus(node.id, { scale: 1.2, animation: false });
      const link = document.getElementById("selected-link");
      link.textContent = messages.open.replace("{label}", node.full_label);
      if (node.href) {
        link.href = node.href;
        link.hidden = false;
      } else {
        link.hidden = true;
      }
      const expand = document.getElementById("expand-link");
      expand.href = neighbourhood(node.id);
      expand.hidden = false;
    }

    function neighbourhood(id) {
      return "/graph?view=neighbourhood&depth=1&iri=" + encodeURIComponent(id);
    }

    // Labels of secondary nodes are drawn while the pointer is on them (tooltips say more).
    network.on("hoverNode", (params) => {
      const node = nodes.get(params.node);
      if (!node) return;
      const change = { id: node.id };
      if (!node.title) change.title = tooltip(node); // before vis-network's tooltip delay ends
      if (!node.label) Object.assign(change, { label: node.short_label, hovered: true });
      nodes.update(change);
    });
    network.on("blurNode", (params) => {
      const node = nodes.get(params.node);
      if (node && node.hovered) nodes.update({ id: node.id, label: "", hovered: false });
    });

    // Large views: the unlabelled nodes of one kind and jurisdiction become one cluster,
    // drawn where its members were; a click opens it.
    function cluster() {
      const groups = new Map();
      for (const n of data.nodes) {
        if (n.label) continue;
        const key = n.kind + "\u0000" + n.jurisdiction;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(n);
      }
      let made = 0;
      for (const members of groups.values()) {
        if (members.length < data.cluster_min) continue;
        const first = members[0];
        const ids = new Set(members.map((m) => m.id));
        const label = messages.cluster
          .replace("{count}", String(members.length))
          .replace("{kind}", first.kind)
          .replace("{jurisdiction}", first.jurisdiction || "—");
        network.cluster({
          joinCondition: (n) => ids.has(n.id),
          clusterNodeProperties: {
            id: "cluster:" + made,
            label: label,
            shape: first.shape,
            size: 18,
            borderWidth: 3,
            color: first.color,
            font: { size: 13 },
          },
        });
        made += 1;
      }
      container.dataset.clusters = String(made);
    }

    network.on("click", (params) => {
      if (params.nodes.length !== 1) return;
      const id = params.nodes[0];
      if (network.isCluster(id)) {
        network.openCluster(id);
        container.dataset.clusters = String(Number(container.dataset.clusters) - 1);
      } else {
        open(id);
      }
    });
    network.on("doubleClick", (params) => {
      if (params.nodes.length === 1) {
        window.location.assign(neighbourhood(params.nodes[0]));
      }
    });
    for (const name of ["jurisdiction", "kind", "topic"]) {
      document.getElementById("filter-" + name).addEventListener("change", (event) => {
        filters[name] = event.target.value;
        view.refresh();
        countDrawn();
      });
    }

    asOf();

    const options = document.getElementById("search-options");
    for (const n of data.nodes) {
      const option = document.createElement("option");
      option.value = n.full_label;
      options.appendChild(option);
    }
    document.getElementById("search").addEventListener("change", (event) => {
      const wanted = event.target.value.trim().toLowerCase();
      if (!wanted) return;
      const found =
        view.get({ filter: (n) => n.full_label.toLowerCase() === wanted })[0] ||
        view.get({ filter: (n) => n.full_label.toLowerCase().includes(wanted) })[0];
      if (found) choose(found);
    });

    if (data.options.physics && data.options.physics.enabled && data.nodes.length > 1) {
      network.once("stabilizationIterationsDone", () => {
        network.setOptions({ physics: { enabled: false } }); // nodes stay where they settled
        ready();
      });
    } else {
      if (data.cluster_min && data.nodes.length > data.cluster_above) {
        cluster();
        network.fit({ animation: false });
      }
      network.once("afterDrawing", ready);
    }
    countDrawn();
    window.policykgGraph = { network: network, nodes: nodes, view: view, open: open, choose: choose };
  }

  // The as-of form: a day, or a year on the slider (its 31 December, today for this year),
  // re-requests the view with &at=; the server keeps what is in force on that day.
  function asOf() {
    const form = document.getElementById("as-of");
    if (!form) return;
    const day = document.getElementById("as-of-date");
    const year = document.getElementById("as-of-year");
    const shown = document.getElementById("as-of-year-shown");
    const submit = () => (form.requestSubmit ? form.requestSubmit() : form.submit());
    year.addEventListener("input", () => {
      shown.textContent = year.value;
    });
    year.addEventListener("change", () => {
      const last = year.value + "-12-31";
      day.value = last < year.dataset.today ? last : year.dataset.today;
      submit();
    });
    day.addEventListener("change", () => {
      if (day.value) submit();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
