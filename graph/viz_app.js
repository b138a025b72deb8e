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
    e.title = tooltip(a.fullLabel + " \u2192 " + e.relLabel + " \u2192 " + b.fullLabel, null, e.facts, e.evidence);
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
        var text = e.from === id ? (e.relLabel + " \u2192 " + byId[other].fullLabel)
                                 : ("\u2190 " + e.relLabel + " \u2014 " + byId[other].fullLabel);
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
    details.appendChild(el("h2", e.relLabel));
    details.appendChild(el("div", byId[e.from].fullLabel + " \u2192 " + byId[e.to].fullLabel, "hint"));
    details.appendChild(factsBlock(e.facts));
    details.appendChild(el("h3", "Sources"));
    details.appendChild(sourcesBlock(e.evidence));
  }
  function focusNode(id) {
    var n = nodes.get(id);
    if (n && n.hidden && !isolated[id]) { nodes.update({ id: id, hidden: false }); }
    if (isolated[id]) { showNode(id); return; }
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
  function matches(text) {
    var q = norm(text);
    if (!q) { return []; }
    var found = [];
    data.nodes.forEach(function (n) {
      var l = norm(n.fullLabel);
      var r = l === q ? 0 : (l.indexOf(q) === 0 ? 1 : (l.indexOf(q) >= 0 ? 2 : 9));
      if (r < 9) { found.push({ n: n, r: r }); }
    });
    found.sort(function (a, b) { return a.r - b.r || a.n.fullLabel.length - b.n.fullLabel.length ||
                                        a.n.fullLabel.localeCompare(b.n.fullLabel); });
    return found.map(function (f) { return f.n; });
  }
  function search(text) {
    var status = document.getElementById("skg-search-status");
    var box = document.getElementById("skg-matches"), list = document.getElementById("skg-matches-list");
    clear(list);
    var found = matches(text);
    box.hidden = !found.length;
    if (!norm(text)) { status.textContent = ""; return null; }
    if (!found.length) { status.textContent = "No node matches \u201c" + text + "\u201d"; return null; }
    var best = found[0];
    status.textContent = "Found: " + best.fullLabel + (found.length > 1 ? " (" + found.length + " matches)" : "");
    document.getElementById("skg-matches-title").textContent = found.length + " match" + (found.length > 1 ? "es" : "");
    found.forEach(function (n) {
      var b = el("button", n.fullLabel + " \u2014 " + n.classLabel + (visible[n.id] ? "" : " (not in this view)"), "neighbour");
      b.type = "button";
      b.setAttribute("data-node", n.id);
      b.addEventListener("click", function () { focusNode(n.id); });
      list.appendChild(b);
    });
    focusNode(best.id);
    return best.id;
  }
  state.matches = function (text) { return matches(text).map(function (n) { return n.id; }); };
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
  function applyFilter() { applyView(); }
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


  // ---- views and filters: corpus or one article, a summit, a date range, the types
  var visible = {}, isolated = {};
  var view = { article: data.view === null || data.view === undefined ? -1 : data.view, summit: "", from: "", to: "" };
  state.view = view;
  function articleOn(i) {
    var a = data.articles[i];
    if (!a) { return false; }
    if (view.article >= 0 && i !== view.article) { return false; }
    if (view.summit && a.summits.indexOf(view.summit) < 0) { return false; }
    if (view.from && (!a.date || a.date < view.from)) { return false; }
    if (view.to && (!a.date || a.date > view.to)) { return false; }
    return true;
  }
  function nodeOn(n) { return !hiddenClasses[n.cls] && inView(n); }
  function inView(n) {
    if (!data.articles.length || (view.article < 0 && !view.summit && !view.from && !view.to)) { return true; }
    return (n.articles || []).some(articleOn);
  }
  function edgeInView(e) {           // the article, summit and date filters; not the types
    var a = byId[e.from], b = byId[e.to];
    if (!inView(a) || !inView(b)) { return false; }
    if (!data.articles.length || (view.article < 0 && !view.summit && !view.from && !view.to)) { return true; }
    var both = (a.articles || []).filter(function (i) { return (b.articles || []).indexOf(i) >= 0; });
    return both.some(articleOn);
  }
  function applyView() {
    visible = {};
    data.nodes.forEach(function (n) { if (nodeOn(n)) { visible[n.id] = true; } });
    var degree = {}, edgeUpdates = [];
    data.edges.forEach(function (e) {
      var on = edgeInView(e);
      if (on) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; }
      edgeUpdates.push({ id: e.id, hidden: !(on && visible[e.from] && visible[e.to]) });
    });
    isolated = {};               // no connection in this view (whatever types are shown): the tray
    var updates = [], tray = document.getElementById("skg-tray-list");
    clear(tray);
    data.nodes.forEach(function (n) {
      var lone = visible[n.id] && !degree[n.id];
      if (lone) { isolated[n.id] = true; }
      updates.push({ id: n.id, hidden: !visible[n.id] || lone });
    });
    nodes.update(updates);
    edges.update(edgeUpdates);
    var lonely = data.nodes.filter(function (n) { return isolated[n.id]; })
      .sort(function (a, b) { return a.fullLabel.localeCompare(b.fullLabel); });
    document.getElementById("skg-tray-title").textContent = "Unconnected (" + lonely.length + ")";
    lonely.forEach(function (n) {
      var b = el("button", n.fullLabel + " \u2014 " + n.classLabel, "neighbour");
      b.type = "button"; b.setAttribute("data-node", n.id);
      b.addEventListener("click", function () { showNode(n.id); });
      tray.appendChild(b);
    });
    var shown = Object.keys(visible).length - lonely.length;
    document.getElementById("skg-summary").textContent = data.summary +
      (shown !== data.nodes.length ? "; shown: " + shown + " nodes" : "");
    if (state.ready) { updateLabels(); }
  }
  state.applyView = applyView;
  state.inTray = function (id) { return !!isolated[id]; };
  state.setView = function (changes) {
    Object.keys(changes).forEach(function (k) { view[k] = changes[k]; });
    document.getElementById("skg-view").value = String(view.article);
    document.getElementById("skg-summit").value = view.summit;
    document.getElementById("skg-date-from").value = view.from;
    document.getElementById("skg-date-to").value = view.to;
    applyView();
    if (state.ready) { network.fit({ nodes: Object.keys(visible).filter(function (id) { return !isolated[id]; }) }); updateLabels(); }
  };
  (function () {
    var sel = document.getElementById("skg-view");
    var o = el("option", "Whole corpus (" + data.articles.length + " articles)"); o.value = "-1"; sel.appendChild(o);
    data.articles.forEach(function (a, i) {
      var opt = el("option", (a.date ? a.date + " \u2014 " : "") + a.title); opt.value = String(i); sel.appendChild(opt);
    });
    sel.value = String(view.article);
    sel.addEventListener("change", function () { state.setView({ article: parseInt(sel.value, 10) }); });
    var sum = document.getElementById("skg-summit");
    var any = el("option", "any"); any.value = ""; sum.appendChild(any);
    data.summits.forEach(function (s) { var opt = el("option", s.label); opt.value = s.id; sum.appendChild(opt); });
    sum.addEventListener("change", function () { state.setView({ summit: sum.value }); });
    ["from", "to"].forEach(function (k) {
      var inp = document.getElementById("skg-date-" + k);
      inp.addEventListener("change", function () { var c = {}; c[k] = inp.value; state.setView(c); });
    });
  })();

  // ---- labels: the most central nodes that have room at this zoom; the rest on hover or zoom
  var LABEL_PX = 12, TOP_LABELLED = 5, measure = document.createElement("canvas").getContext("2d");
  measure.font = LABEL_PX + "px sans-serif";
  var widths = {}, pinned = {};
  function textWidth(s) { if (!(s in widths)) { widths[s] = measure.measureText(s).width; } return widths[s]; }
  function updateLabels() {
    var scale = network.getScale(), pos = network.getPositions();
    var fontSize = LABEL_PX / scale;          // a constant size on screen
    var rect = container.getBoundingClientRect();
    var view0 = network.DOMtoCanvas({ x: 0, y: 0 }), view1 = network.DOMtoCanvas({ x: rect.width, y: rect.height });
    var order = data.nodes.filter(function (n) { return visible[n.id] && !isolated[n.id] && pos[n.id]; })
      .sort(function (a, b) { return a.rank - b.rank; });
    var inView = order.filter(function (n) {
      var p = pos[n.id]; return n.rank < TOP_LABELLED || (p.x >= view0.x && p.x <= view1.x && p.y >= view0.y && p.y <= view1.y); });
    var budget = Math.max(25, Math.ceil(inView.length * 0.3));
    var placed = [], chosen = {};
    function free(box) {
      return placed.every(function (b) {
        return box.l + box.w <= b.l || b.l + b.w <= box.l || box.t + box.h <= b.t || b.t + b.h <= box.t; });
    }
    inView.forEach(function (n) {           // greedy, most central first: below the node, else above it
      var must = pinned[n.id] || n.rank < TOP_LABELLED;     // the most central always carry their names
      if (placed.length >= budget && !must) { return; }
      var p = pos[n.id], w = (textWidth(n.shortLabel) + 4) / scale, h = (LABEL_PX + 4) / scale;
      var below = { l: p.x - w / 2, t: p.y + n.size + 1 / scale, w: w, h: h, up: 0 };
      var above = { l: p.x - w / 2, t: p.y - n.size - h - 1 / scale, w: w, h: h, up: 2 * n.size + h + 2 / scale };
      var box = free(below) ? below : (free(above) ? above : (must ? below : null));
      if (box) { placed.push(box); chosen[n.id] = box.up; }
    });
    var updates = [];
    data.nodes.forEach(function (n) {
      var on = n.id in chosen;
      updates.push({ id: n.id, label: on ? n.shortLabel : "", font: { size: fontSize, vadjust: on ? -chosen[n.id] : 0 } });
    });
    nodes.update(updates);
    state.labelled = Object.keys(chosen).length;
  }
  state.updateLabels = updateLabels;
  function pinWithEdges(id, on) {
    if (on) { pinned[id] = true; } else { delete pinned[id]; }
    var ups = [];
    data.edges.forEach(function (e) {
      if (e.from === id || e.to === id) { ups.push({ id: e.id, label: on ? e.relLabel : "", font: { size: 9 / network.getScale() } }); }
    });
    edges.update(ups);
    if (on && byId[id]) { nodes.update({ id: id, label: byId[id].shortLabel }); }
  }
  var hovered = null, selected = null, zoomTimer = null;
  network.on("hoverNode", function (p) { hovered = p.node; pinWithEdges(p.node, true); });
  network.on("blurNode", function (p) { if (p.node !== selected) { pinWithEdges(p.node, false); updateLabels(); } hovered = null; });
  network.on("selectNode", function (p) { if (selected) { pinWithEdges(selected, false); } selected = p.nodes[0]; pinWithEdges(selected, true); });
  network.on("deselectNode", function () { if (selected) { pinWithEdges(selected, false); selected = null; updateLabels(); } });
  network.on("zoom", function () { clearTimeout(zoomTimer); zoomTimer = setTimeout(updateLabels, 120); });
  network.on("dragEnd", function () { if (state.ready) { updateLabels(); } });
  applyView();

  // physics: stabilise (before the first draw), then stop
  var loading = document.getElementById("skg-loading");
  function done() {
    if (state.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    network.fit({ nodes: Object.keys(visible).filter(function (id) { return !isolated[id]; }) });
    updateLabels();
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
