"""An interactive, offline HTML page of the projection (vis-network, inlined).

pyvis builds the node, edge and physics options (``pyvis.network.Network``:
``add_node``, ``add_edge``, ``force_atlas_2based``, ``get_network_data``); the
page itself comes from the template below, not from pyvis's own template,
because pyvis's templates load Bootstrap and vis-network from CDNs even in its
"local" and "in_line" modes, switch to an innerHTML popup when a title
contains "href", and insert ``heading=`` and ``select_menu`` raw.

Safety: every string taken from the articles travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped, is read with ``JSON.parse`` and shown with ``textContent`` (or drawn
on the canvas by vis-network). Popups are DOM elements, never HTML strings. A
Content-Security-Policy allows only the page's own inline scripts (by hash),
no network fetch of any kind and no inline event handlers.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import tempfile
from pathlib import Path

from summitkg.errors import UserError

from .projection import CLASS_LABELS, CLASSES, find_node, resolve_type

VIS_VERSION = "9.1.2"

# class -> (shape, colour); the legend shows these
STYLE = {
    "Person": ("dot", "#f28e2b"),
    "State": ("diamond", "#4e79a7"),
    "Organization": ("square", "#59a14f"),
    "Company": ("square", "#59a14f"),
    "FinancialInstitution": ("square", "#edc948"),
    "GovernmentBody": ("square", "#76b7b2"),
    "InternationalOrganization": ("square", "#9c755f"),
    "Agreement": ("triangle", "#e15759"),
    "Accord": ("triangleDown", "#ff9da7"),
    "Commodity": ("hexagon", "#bab0ac"),
    "Event": ("star", "#b07aa1"),
    "Summit": ("star", "#b07aa1"),
    "Meeting": ("star", "#d4a6c8"),
}
MAX_LABEL = 48


def _vis_assets() -> tuple[str, str]:
    import pyvis

    base = Path(pyvis.__file__).resolve().parent
    for d in (base / "templates" / "lib" / f"vis-{VIS_VERSION}", base / "lib" / f"vis-{VIS_VERSION}"):
        js, css = d / "vis-network.min.js", d / "vis-network.css"
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise UserError(f"vis-network {VIS_VERSION} is not in the installed pyvis package ({base}); "
                    "reinstall pyvis>=0.3.2", exit_code=1)


def select(graph, focus: str | None = None, depth: int = 2, types=None):
    """The subgraph to draw: the ``depth``-hop neighbourhood of ``focus`` (a name), then only ``types``.

    ``types`` is an iterable of class names (``Company``, ``organisation``,
    ``Person``...); a node is kept when its class or a superclass is named.
    The focus node is always kept. Returns ``(subgraph, focus_node_id)``.
    """
    import networkx as nx

    focus_id = None
    nodes = set(graph.nodes)
    if focus:
        if depth < 0:
            raise UserError("--depth must be 0 or more")
        focus_id = find_node(graph, focus)
        lengths = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), focus_id, cutoff=depth)
        nodes = set(lengths)
    if types:
        wanted = {resolve_type(t) for t in types}
        nodes = {n for n in nodes if wanted & set(graph.nodes[n]["classes"]) or n == focus_id}
    return graph.subgraph(nodes).copy(), focus_id


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"


def _network(sub):
    """The pyvis Network holding the vis nodes, edges and options for ``sub``."""
    from pyvis.network import Network

    n = sub.number_of_nodes()
    net = Network(directed=True, height="100%", width="100%")
    for node in sorted(sub.nodes, key=lambda x: int(x[1:]) if x[1:].isdigit() else x):
        d = sub.nodes[node]
        shape, colour = STYLE.get(d["class"], ("dot", "#999999"))
        deg = sub.degree(node)
        net.add_node(
            node, label=_short(d["label"]), shape=shape, color=colour,
            size=round(10 + 4 * math.sqrt(deg), 1),
            # custom fields, read by the page script (shown with textContent)
            fullLabel=d["label"], cls=d["class"], classLabel=CLASS_LABELS.get(d["class"], d["class"]),
            iri=d["iri"], facts=d.get("facts", []),
            evidence=[{k: ev[k] for k in ("quote", "sentence", "article")} for ev in d.get("evidence", [])],
        )
    for i, (s, o, rel, data) in enumerate(sub.edges(keys=True, data=True), 1):
        net.add_edge(
            s, o, id=f"e{i}", label=data.get("label", rel), relation=rel, facts=data.get("facts", []),
            evidence=[{k: ev[k] for k in ("quote", "sentence", "article")} for ev in data.get("evidence", [])],
        )
    # physics: forceAtlas2Based with a bounded stabilisation, then the page turns physics off
    net.force_atlas_2based(gravity=-60, central_gravity=0.015, spring_length=110, spring_strength=0.06,
                           damping=0.55, overlap=0)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    opts = json.loads(options)
    big = n > 150
    opts["physics"].update({
        "minVelocity": 1.0 if big else 0.75,
        "maxVelocity": 60,
        "timestep": 0.5,
        "adaptiveTimestep": True,
        "stabilization": {"enabled": True, "iterations": 250 if big else 400, "updateInterval": 50,
                          "fit": True, "onlyDynamicEdges": False},
    })
    opts["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#333333", "inherit": False},
        "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "strokeColor": "#ffffff", "align": "middle"},
        "smooth": {"enabled": not big, "type": "continuous"},
        "width": 1,
    }
    opts["nodes"] = {"font": {"size": 12, "face": "sans-serif"}, "borderWidth": 1}
    opts["interaction"] = {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                           "navigationButtons": False, "keyboard": False, "multiselect": False}
    opts["layout"] = {"randomSeed": 7, "improvedLayout": n <= 100}
    opts["configure"] = {"enabled": False}
    return net, nodes, edges, opts


def _json_for_script(obj) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' characters."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _inline_js(code: str) -> str:
    # an inline script ends at the first "</script"; "<!--" changes how it is parsed
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError("inline script contains </script or <!--")
    return code


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def render(graph, focus: str | None = None, depth: int = 2, types=None, title: str = "summitkg graph") -> tuple[str, dict]:
    """The page as a string, and a summary (node and edge counts, focus)."""
    sub, focus_id = select(graph, focus, depth, types)
    _net, nodes, edges, opts = _network(sub)
    present = sorted({d["class"] for _, d in sub.nodes(data=True)}, key=CLASSES.index)
    legend = [{"cls": c, "label": CLASS_LABELS[c], "shape": STYLE[c][0], "color": STYLE[c][1],
               "count": sum(1 for _, d in sub.nodes(data=True) if d["class"] == c)} for c in present]
    data = {"title": title, "nodes": nodes, "edges": edges, "options": opts, "legend": legend,
            "focus": focus_id,
            "summary": f"{len(nodes)} nodes, {len(edges)} edges"
                       + (f"; neighbourhood of {sub.nodes[focus_id]['label']} ({depth} hops)" if focus_id else "")
                       + (f"; types: {', '.join(types)}" if types else "")}
    vis_js, vis_css = _vis_assets()
    vis_js = _inline_js(vis_js)
    app_js = _inline_js(APP_JS)
    csp = ("default-src 'none'; script-src " + _sha256(vis_js) + " " + _sha256(app_js)
           + "; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    page = (TEMPLATE
            .replace("@@CSP@@", html.escape(csp, quote=True))
            .replace("@@TITLE@@", html.escape(title))
            .replace("@@VIS_CSS@@", vis_css.replace("</style", "<\\/style"))
            .replace("@@PAGE_CSS@@", PAGE_CSS)
            .replace("@@DATA@@", _json_for_script(data))
            .replace("@@VIS_JS@@", vis_js)
            .replace("@@APP_JS@@", app_js))
    return page, {"nodes": len(nodes), "edges": len(edges), "focus": focus_id}


def write_html(graph, path, focus: str | None = None, depth: int = 2, types=None,
               title: str = "summitkg: who is connected to whom") -> dict:
    """Write the page for ``graph`` (a projection) to ``path`` atomically.

    ``focus``: a name; draws its ``depth``-hop neighbourhood. ``types``: class
    names to keep. Returns ``{"path", "nodes", "edges", "focus"}``. Raises
    ``UserError`` for an unknown name or type, or an unwritable path.
    """
    page, summary = render(graph, focus=focus, depth=depth, types=types, title=title)
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UserError(f"{directory}: no such folder for the output file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    summary["path"] = str(path)
    return summary


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>@@TITLE@@</title>
<style>
@@VIS_CSS@@
</style>
<style>
@@PAGE_CSS@@
</style>
</head>
<body>
<header>
  <h1 id="skg-title"></h1>
  <span id="skg-summary"></span>
  <form id="skg-search-form" autocomplete="off">
    <input id="skg-search" type="search" placeholder="Find a name…" list="skg-names" aria-label="Find a node by name">
    <datalist id="skg-names"></datalist>
    <button id="skg-search-button" type="submit">Find</button>
    <span id="skg-search-status" role="status"></span>
  </form>
</header>
<main>
  <div id="skg-network"></div>
  <aside>
    <section id="skg-legend"><h2>Legend and filter</h2><div id="skg-legend-items"></div>
      <p class="hint">Untick a type to hide it. Click a node or an edge for its facts and sources.</p></section>
    <section id="skg-details"><p class="hint">Nothing selected.</p></section>
  </aside>
</main>
<div id="skg-loading">Laying out the graph…</div>
<script type="application/json" id="skg-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>@@APP_JS@@</script>
</body>
</html>
"""

PAGE_CSS = """
html, body { margin: 0; height: 100%; font-family: sans-serif; font-size: 14px; color: #222; }
body { display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 6px 12px;
         border-bottom: 1px solid #ddd; background: #f7f7f7; }
header h1 { font-size: 16px; margin: 0; }
#skg-summary { color: #666; }
#skg-search { width: 240px; }
#skg-search-status { color: #666; }
main { flex: 1; display: flex; min-height: 0; }
#skg-network { flex: 1; min-width: 0; height: 100%; }
aside { width: 340px; overflow-y: auto; border-left: 1px solid #ddd; padding: 8px 12px; }
aside h2 { font-size: 14px; margin: 8px 0; }
aside h3 { font-size: 13px; margin: 10px 0 4px; }
.legend-item { display: flex; align-items: center; gap: 6px; margin: 2px 0; cursor: pointer; }
.legend-item canvas { flex: none; }
.hint { color: #777; font-size: 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; margin: 4px 0; }
dl.facts dt { color: #666; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.source { margin: 6px 0; padding: 4px 6px; background: #f4f4f4; border-left: 3px solid #bbb; }
.source .article { font-weight: bold; font-size: 12px; overflow-wrap: anywhere; }
.source .sentence { overflow-wrap: anywhere; }
.source mark { background: #fff1a8; }
.neighbour { display: block; text-align: left; background: none; border: none; padding: 1px 0;
             color: #1a5fb4; cursor: pointer; font: inherit; overflow-wrap: anywhere; }
.tip { max-width: 360px; white-space: normal; font-size: 12px; }
.tip .tip-title { font-weight: bold; overflow-wrap: anywhere; }
.tip .tip-sentence { color: #444; margin-top: 4px; overflow-wrap: anywhere; }
#skg-loading { position: fixed; left: 12px; bottom: 12px; background: #fff; padding: 4px 8px;
               border: 1px solid #ddd; color: #666; }
div.vis-tooltip { white-space: normal; }
"""

APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("skg-data").textContent);
  var state = { ready: false, network: null, nodes: null, edges: null, data: data };
  window.summitkg = state;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function norm(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/\u0142/g, "l")
      .replace(/\u0141/g, "L").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  document.getElementById("skg-title").textContent = data.title;
  document.getElementById("skg-summary").textContent = data.summary;

  function sentenceWithQuote(ev) {
    var p = el("div", null, "sentence");
    var s = ev.sentence || ev.quote || "";
    var i = ev.quote ? s.indexOf(ev.quote) : -1;
    if (i >= 0 && ev.quote) {
      p.appendChild(document.createTextNode(s.slice(0, i)));
      p.appendChild(el("mark", ev.quote));
      p.appendChild(document.createTextNode(s.slice(i + ev.quote.length)));
    } else {
      p.textContent = s;
    }
    return p;
  }
  function sourcesBlock(evidence, limit) {
    var box = el("div");
    var seen = {};
    var shown = 0;
    (evidence || []).forEach(function (ev) {
      var key = ev.article + "\u0000" + ev.sentence + "\u0000" + ev.quote;
      if (seen[key] || (limit && shown >= limit)) { return; }
      seen[key] = true; shown += 1;
      var d = el("div", null, "source");
      d.appendChild(el("div", ev.article || "(untitled article)", "article"));
      d.appendChild(sentenceWithQuote(ev));
      box.appendChild(d);
    });
    if (!shown) { box.appendChild(el("p", "No source sentence recorded.", "hint")); }
    return box;
  }
  function factsBlock(facts) {
    var dl = el("dl", null, "facts");
    (facts || []).forEach(function (f) { dl.appendChild(el("dt", f[0])); dl.appendChild(el("dd", f[1])); });
    return dl;
  }
  function tooltip(title, sub, facts, evidence) {
    var t = el("div", null, "tip");
    t.appendChild(el("div", title, "tip-title"));
    if (sub) { t.appendChild(el("div", sub)); }
    (facts || []).slice(0, 4).forEach(function (f) { t.appendChild(el("div", f[0] + ": " + f[1])); });
    if (evidence && evidence.length) {
      var ev = evidence[0];
      t.appendChild(el("div", "\u201c" + (ev.sentence || ev.quote) + "\u201d \u2014 " + ev.article, "tip-sentence"));
    }
    return t;
  }

  var byId = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    n.title = tooltip(n.fullLabel, n.classLabel, n.facts, n.evidence);
  });
  data.edges.forEach(function (e) {
    var a = byId[e.from], b = byId[e.to];
    e.title = tooltip(a.fullLabel + " \u2192 " + e.label + " \u2192 " + b.fullLabel, null, e.facts, e.evidence);
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  state.nodes = nodes; state.edges = edges;
  var container = document.getElementById("skg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;

  var details = document.getElementById("skg-details");
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function showNode(id) {
    var n = byId[id];
    clear(details);
    if (!n) { details.appendChild(el("p", "Nothing selected.", "hint")); return; }
    details.appendChild(el("h2", n.fullLabel));
    details.appendChild(el("div", n.classLabel, "hint"));
    details.appendChild(factsBlock(n.facts));
    var conn = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
    if (conn.length) {
      details.appendChild(el("h3", "Connections (" + conn.length + ")"));
      conn.forEach(function (e) {
        var other = e.from === id ? e.to : e.from;
        var text = e.from === id ? (e.label + " \u2192 " + byId[other].fullLabel)
                                 : ("\u2190 " + e.label + " \u2014 " + byId[other].fullLabel);
        var b = el("button", text, "neighbour");
        b.type = "button";
        b.addEventListener("click", function () { focusNode(other); });
        details.appendChild(b);
      });
    }
    details.appendChild(el("h3", "Sources"));
    details.appendChild(sourcesBlock(n.evidence));
    details.appendChild(el("div", n.iri, "hint"));
  }
  function showEdge(id) {
    var e = edges.get(id);
    clear(details);
    if (!e) { return; }
    details.appendChild(el("h2", e.label));
    details.appendChild(el("div", byId[e.from].fullLabel + " \u2192 " + byId[e.to].fullLabel, "hint"));
    details.appendChild(factsBlock(e.facts));
    details.appendChild(el("h3", "Sources"));
    details.appendChild(sourcesBlock(e.evidence));
  }
  function focusNode(id) {
    var n = nodes.get(id);
    if (n && n.hidden) { nodes.update({ id: id, hidden: false }); }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  state.focusNode = focusNode;

  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
  });

  // search: exact name, then a name that starts with the text, then one that contains it
  var names = document.getElementById("skg-names");
  data.nodes.slice().sort(function (a, b) { return a.fullLabel.localeCompare(b.fullLabel); })
    .forEach(function (n) { var o = document.createElement("option"); o.value = n.fullLabel; names.appendChild(o); });
  function search(text) {
    var q = norm(text);
    var status = document.getElementById("skg-search-status");
    if (!q) { status.textContent = ""; return null; }
    var best = null, bestRank = 9;
    data.nodes.forEach(function (n) {
      var l = norm(n.fullLabel);
      var r = l === q ? 0 : (l.indexOf(q) === 0 ? 1 : (l.indexOf(q) >= 0 ? 2 : 9));
      if (r < bestRank || (r === bestRank && best && n.fullLabel.length < best.fullLabel.length)) {
        if (r < 9) { best = n; bestRank = r; }
      }
    });
    if (!best) { status.textContent = "No node matches \u201c" + text + "\u201d"; return null; }
    status.textContent = "Found: " + best.fullLabel;
    focusNode(best.id);
    return best.id;
  }
  state.search = search;
  document.getElementById("skg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("skg-search").value);
  });

  // legend with a type filter
  var hiddenClasses = {};
  function drawIcon(shape, color) {
    var c = document.createElement("canvas");
    c.width = 18; c.height = 18;
    var g = c.getContext("2d");
    g.fillStyle = color; g.strokeStyle = "#555"; g.lineWidth = 1;
    g.beginPath();
    var cx = 9, cy = 9, r = 7, i, a;
    if (shape === "dot") { g.arc(cx, cy, r, 0, 2 * Math.PI); }
    else if (shape === "square") { g.rect(cx - r + 1, cy - r + 1, 2 * r - 2, 2 * r - 2); }
    else if (shape === "diamond") { g.moveTo(cx, cy - r); g.lineTo(cx + r, cy); g.lineTo(cx, cy + r); g.lineTo(cx - r, cy); g.closePath(); }
    else if (shape === "triangle") { g.moveTo(cx, cy - r); g.lineTo(cx + r, cy + r - 1); g.lineTo(cx - r, cy + r - 1); g.closePath(); }
    else if (shape === "triangleDown") { g.moveTo(cx, cy + r); g.lineTo(cx + r, cy - r + 1); g.lineTo(cx - r, cy - r + 1); g.closePath(); }
    else if (shape === "hexagon") { for (i = 0; i < 6; i++) { a = Math.PI / 3 * i; g.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a)); } g.closePath(); }
    else if (shape === "star") { for (i = 0; i < 10; i++) { a = Math.PI / 5 * i - Math.PI / 2; var rr = i % 2 ? r / 2.2 : r; g.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a)); } g.closePath(); }
    else { g.arc(cx, cy, r, 0, 2 * Math.PI); }
    g.fill(); g.stroke();
    return c;
  }
  function applyFilter() {
    var updates = [];
    data.nodes.forEach(function (n) { updates.push({ id: n.id, hidden: !!hiddenClasses[n.cls] }); });
    nodes.update(updates);
  }
  state.setTypeVisible = function (cls, visible) {
    hiddenClasses[cls] = !visible;
    var box = document.querySelector('input[data-cls="' + cls.replace(/[^A-Za-z]/g, "") + '"]');
    if (box) { box.checked = visible; }
    applyFilter();
  };
  var legend = document.getElementById("skg-legend-items");
  data.legend.forEach(function (item) {
    var row = el("label", null, "legend-item");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true;
    box.setAttribute("data-cls", item.cls);
    box.addEventListener("change", function () { hiddenClasses[item.cls] = !box.checked; applyFilter(); });
    row.appendChild(box);
    row.appendChild(drawIcon(item.shape, item.color));
    row.appendChild(el("span", item.label + " (" + item.count + ")"));
    legend.appendChild(row);
  });

  // physics: stabilise (before the first draw), then stop
  var loading = document.getElementById("skg-loading");
  function done() {
    if (state.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    state.ready = true;
    loading.textContent = "";
    loading.style.display = "none";
    if (data.focus) { focusNode(data.focus); }
  }
  network.on("stabilizationProgress", function (p) {
    loading.textContent = "Laying out the graph\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  if (!data.nodes.length) { done(); }
  setTimeout(done, 15000);
})();
"""
