// Draws a policykg network view (/graph?view=…) with vis-network.
// The data comes from the <script type="application/json" id="graph-data"> block; nothing
// from it is ever parsed as HTML: tooltips are DOM elements filled with textContent, labels
// are painted on the canvas. State for tests: #graph[data-state] and #graph[data-drawn].
(function () {
  "use strict";

  function tooltip(node, messages) {
    // A DOM element, not a string: vis-network would render a string title as HTML. Its
    // words (row names, kinds, the colon's typography) come from the page's catalogue.
    const box = document.createElement("div");
    box.className = "graph-tooltip";
    const words = messages.tooltip;
    const rows = [
      ["", node.full_label],
      [words.kind, messages.kinds[node.kind] || node.kind],
      [words.jurisdiction, node.jurisdiction || "—"],
      [words.topics, (node.topics || []).join(", ") || "—"],
      [words.in_force, node.valid_from ? node.valid_from + " → " + (node.valid_until || "…") : "—"],
      [words.iri, node.id],
    ];
    for (const [name, value] of rows) {
      const line = document.createElement("div");
      if (name) {
        const key = document.createElement("span");
        key.className = "key";
        key.textContent = name + messages.colon + " ";
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
      if (!node.title) change.title = tooltip(node, messages); // before vis-network's tooltip delay ends
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
          .replace("{kind}", messages.kinds[first.kind] || first.kind)
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
        // vis-network puts a cluster at its members' mean, often between two rows and over
        // their labels: put it in the slot of the member nearest that mean instead.
        const mx = members.reduce((sum, m) => sum + m.x, 0) / members.length;
        const my = members.reduce((sum, m) => sum + m.y, 0) / members.length;
        const slot = members.reduce((a, b) =>
          (b.x - mx) ** 2 + (b.y - my) ** 2 < (a.x - mx) ** 2 + (a.y - my) ** 2 ? b : a
        );
        network.moveNode("cluster:" + made, slot.x, slot.y);
        made += 1;
      }
      container.dataset.clusters = String(made);
    }

    // A drawing fitted whole into the frame can have labels of a few pixels. When the fitted
    // scale would draw them smaller than READABLE_PX (DESKTOP_PX on a screen of PHONE_PX or
    // more), the view opens at that size instead, where the frame then holds the most
    // labelled nodes (with the node the view is about on screen, when there is one); the
    // whole drawing is one click away (#fit-whole), and #fit-readable comes back here.
    const READABLE_PX = 10;
    const DESKTOP_PX = 11;
    const PHONE_PX = 600;
    const LAYER_GAP = 300; // kg/publish/network.py LAYER_GAP: canvas units between columns
    const LABEL_HALF_WIDTH = 120; // kg/publish/network.py: half a label of 32 characters
    let opening = null; // where a large view opened: { position, scale }
    function readable() {
      const fontSize = (data.options.nodes && data.options.nodes.font.size) || 14;
      const phone = container.clientWidth < PHONE_PX;
      const least = (phone ? READABLE_PX : DESKTOP_PX) / fontSize;
      if (network.getScale() >= least) return;
      const labelled = data.nodes.filter((n) => n.label);
      if (!labelled.length) return;
      // a labelled node counts when its label (centred under it) is on screen too
      const halfWidth = container.clientWidth / least / 2 - LABEL_HALF_WIDTH;
      const halfHeight = container.clientHeight / least / 2 - 30;
      // The frame never runs past the drawing's edge when the drawing is larger than it:
      // a frame centred on the leftmost column would show half a screen of nothing.
      const xs = data.nodes.map((n) => n.x);
      const ys = data.nodes.map((n) => n.y);
      const bounds = {
        // labels are centred under their node: half of one (32 characters) each side
        left: Math.min(...xs) - LABEL_HALF_WIDTH, right: Math.max(...xs) + LABEL_HALF_WIDTH,
        top: Math.min(...ys) - 30, bottom: Math.max(...ys) + 30,
      };
      const clamp = (v, low, high) =>
        low > high ? (low + high) / 2 : Math.min(Math.max(v, low), high);
      const frameWidth = container.clientWidth / least / 2; // half the frame, canvas units
      const frameHeight = container.clientHeight / least / 2;
      const inside = (p) => ({
        x: clamp(p.x, bounds.left + frameWidth, bounds.right - frameWidth),
        y: clamp(p.y, bounds.top + frameHeight, bounds.bottom - frameHeight),
      });
      const sees = (p, n) =>
        Math.abs(n.x - p.x) <= halfWidth && Math.abs(n.y - p.y) <= halfHeight;
      const holds = (p) => labelled.filter((n) => sees(p, n)).length;
      const most = (points) =>
        points.reduce((a, b) => (holds(b) > holds(a) ? b : a), points[0]);
      const about = data.nodes.find((n) => n.id === data.centre);
      let best = null;
      if (about) {
        // The node the view is about in the middle (a topic compared: the jurisdictions on
        // both sides), or on a phone half a column beside it (its neighbours), if the frame
        // then holds a few labels; a frame never runs past the drawing's edge, so a node at
        // the edge (a neighbourhood's resource) is seen with what lies beside it.
        const offsets = phone ? [0, LAYER_GAP / 2, -LAYER_GAP / 2] : [0];
        best = most(offsets.map((dx) => inside({ x: about.x + dx, y: about.y })));
        if (holds(best) < 3) best = null;
      }
      if (!best) {
        // else the labelled node around which the frame holds the most labels (ties: the
        // one nearest the middle of them all); at most 300 candidates
        const mx = labelled.reduce((sum, n) => sum + n.x, 0) / labelled.length;
        const my = labelled.reduce((sum, n) => sum + n.y, 0) / labelled.length;
        const step = Math.max(1, Math.floor(labelled.length / 300));
        const candidates = labelled.filter((_n, i) => i % step === 0).map(inside);
        candidates.sort((a, b) => (a.x - mx) ** 2 + (a.y - my) ** 2 - ((b.x - mx) ** 2 + (b.y - my) ** 2));
        best = most(candidates);
      }
      opening = { position: { x: best.x, y: best.y }, scale: least, animation: false };
      network.moveTo(opening);
      container.dataset.zoomed = "readable";
      document.getElementById("fit-readable").hidden = true;
    }

    // The whole drawing in the frame, and back to the readable opening.
    const whole = document.getElementById("fit-whole");
    const back = document.getElementById("fit-readable");
    whole.addEventListener("click", () => {
      network.fit({ animation: false });
      container.dataset.zoomed = "whole";
      back.hidden = !opening;
    });
    back.addEventListener("click", () => {
      if (opening) network.moveTo(opening);
      container.dataset.zoomed = "readable";
      back.hidden = true;
    });

    // A large view comes as the server's clusters (kg/publish/network.py cluster_graph): a
    // click asks the server for the view with that cluster open too (&open=…, kept in the
    // address) and draws the answer in place, framed on what the cluster held.
    let opened = data.opened || [];
    if (data.clusters) container.dataset.clusters = String(data.clusters);
    const status = document.getElementById("cluster-status");
    function expand(id) {
      if (container.dataset.state === "loading") return;
      container.dataset.state = "loading";
      status.textContent = messages.opening;
      status.hidden = false;
      const params = new URLSearchParams(window.location.search);
      params.delete("format");
      params.set("open", opened.concat([id]).join(","));
      const before = new Set(nodes.getIds());
      fetch("/graph.json?" + params.toString(), { headers: { Accept: "application/json" } })
        .then((response) => {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then((fresh) => {
          opened = fresh.opened;
          data.nodes = fresh.nodes;
          data.edges = fresh.edges;
          nodes.clear();
          edges.clear();
          nodes.add(fresh.nodes);
          edges.add(fresh.edges.map((e, i) => Object.assign({ id: i }, e)));
          const added = fresh.nodes.filter((n) => !before.has(n.id));
          if (added.length) {
            const x = added.reduce((sum, n) => sum + n.x, 0) / added.length;
            const y = added.reduce((sum, n) => sum + n.y, 0) / added.length;
            network.moveTo({ position: { x: x, y: y }, scale: network.getScale(), animation: false });
          }
          window.history.replaceState(null, "", "?" + params.toString());
          container.dataset.clusters = String(fresh.clusters);
          summarise(fresh);
          status.textContent = "";
          status.hidden = true;
          resetSuggestions();
          countDrawn();
          network.once("afterDrawing", ready);
          network.redraw();
        })
        .catch((error) => {
          status.textContent = messages.failed.replace("{error}", error.message);
          ready();
        });
    }

    // The summary above the drawing follows what is drawn after a cluster opened.
    function summarise(fresh) {
      document.getElementById("graph-counts").textContent = messages.counts
        .replace("{nodes}", String(fresh.nodes.length))
        .replace("{edges}", String(fresh.edges.length));
      const note = document.getElementById("cluster-note");
      if (note) {
        note.textContent = messages.clusters.replace("{clusters}", String(fresh.clusters));
        note.hidden = !fresh.clusters;
      }
    }

    network.on("click", (params) => {
      if (params.nodes.length !== 1) return;
      const id = params.nodes[0];
      if (network.isCluster(id)) {
        network.openCluster(id);
        container.dataset.clusters = String(Number(container.dataset.clusters) - 1);
      } else if ((nodes.get(id) || {}).cluster) {
        expand(id);
      } else {
        open(id);
      }
    });
    network.on("doubleClick", (params) => {
      if (params.nodes.length === 1 && !(nodes.get(params.nodes[0]) || {}).cluster) {
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

    // The search box's suggestions are built when it is first used: thousands of <option>
    // elements delayed the first drawing of a large view.
    const search = document.getElementById("search");
    let suggested = false;
    const suggest = () => {
      if (suggested) return;
      suggested = true;
      const options = document.createDocumentFragment();
      for (const n of data.nodes) {
        const option = document.createElement("option");
        option.value = n.full_label;
        options.appendChild(option);
      }
      document.getElementById("search-options").appendChild(options);
    };
    function resetSuggestions() {
      suggested = false;
      document.getElementById("search-options").replaceChildren();
    }
    search.addEventListener("focus", suggest);
    search.addEventListener("input", suggest);
    search.addEventListener("change", (event) => {
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
        readable();
        ready();
      });
    } else {
      if (data.cluster_min && data.nodes.length > data.cluster_above) {
        cluster();
        network.fit({ animation: false });
      }
      readable();
      network.once("afterDrawing", ready);
    }
    countDrawn();
    window.policykgGraph = {
      network: network,
      nodes: nodes,
      view: view,
      open: open,
      choose: choose,
      fontSize: (data.options.nodes && data.options.nodes.font.size) || 14,
    };
  }

  const PHONE_WIDTH = 600; // CSS pixels of window width

  // The as-of form: a day, or a year on the slider (its 31 December, today for this year),
  // re-requests the view with &at=; the server keeps what is in force on that day.
  function asOf() {
    // On a phone the date and filters start folded, so the drawing is on the first screen
    // (the title says the day when there is one).
    const folder = document.getElementById("graph-options");
    if (folder && window.innerWidth < PHONE_WIDTH) folder.open = false;
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
