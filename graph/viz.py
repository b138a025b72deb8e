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
import re
from pathlib import Path

from summitkg.errors import InternalError, UserError

from .atomic import write_atomic
from .projection import CLASS_LABELS, CLASSES, find_node, resolve_type

VIS_VERSION = "9.1.2"

# class -> (shape, colour); the legend shows these. Every class has its own colour; the kinds of
# organisation differ in shape too (an organisation is a square, a company a hexagon ...), and
# every shape draws its label outside it, so labels can be hidden without hiding the node.
STYLE = {
    "Person": ("dot", "#f28e2b"),
    "State": ("diamond", "#4e79a7"),
    "Organization": ("square", "#59a14f"),
    "Company": ("hexagon", "#8cd17d"),
    "FinancialInstitution": ("diamond", "#edc948"),
    "GovernmentBody": ("triangleDown", "#76b7b2"),
    "InternationalOrganization": ("star", "#9c755f"),
    "Agreement": ("triangle", "#e15759"),
    "Accord": ("triangleDown", "#ff9da7"),
    "Commodity": ("dot", "#bab0ac"),
    "Event": ("star", "#b07aa1"),
    "Summit": ("star", "#d37295"),
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
    raise InternalError(f"vis-network {VIS_VERSION} is not in the installed pyvis package ({base}); "
                        "reinstall pyvis>=0.3.2")


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
    rank = _centrality_rank(sub)
    for node in sorted(sub.nodes, key=lambda x: int(x[1:]) if x[1:].isdigit() else x):
        d = sub.nodes[node]
        shape, colour = STYLE.get(d["class"], ("dot", "#999999"))
        deg = sub.degree(node)
        net.add_node(
            # labels are drawn by the page for the most central nodes that have room (see viz_app.js)
            node, label=_short(d["label"]) if rank[node] < 20 else "", shape=shape, color=colour,
            size=round(10 + 4 * math.sqrt(deg), 1),
            # custom fields, read by the page script (shown with textContent)
            shortLabel=_short(d["label"]), rank=rank[node], degree=deg, articles=d.get("articles", []),
            fullLabel=d["label"], cls=d["class"], classLabel=CLASS_LABELS.get(d["class"], d["class"]),
            iri=d["iri"], facts=d.get("facts", []),
            evidence=[{k: ev[k] for k in ("quote", "sentence", "article")} for ev in d.get("evidence", [])],
        )
    for i, (s, o, rel, data) in enumerate(sub.edges(keys=True, data=True), 1):
        # an edge's label is drawn when one of its ends is hovered or selected
        net.add_edge(
            s, o, id=f"e{i}", label="", relLabel=data.get("label", rel), relation=rel, facts=data.get("facts", []),
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


def _centrality_rank(sub) -> dict[str, int]:
    """Each node's place by degree centrality (0 = most central; ties by label, then id), the
    order in which the page gives labels room."""
    order = sorted(sub.nodes, key=lambda x: (-sub.degree(x), sub.nodes[x]["label"], x))
    return {node: i for i, node in enumerate(order)}


def _resource(name: str) -> str:
    from importlib import resources
    return resources.files("summitkg.graph").joinpath(name).read_text(encoding="utf-8")


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


def render(graph, focus: str | None = None, depth: int = 2, types=None, title: str = "summitkg graph",
           article: str | None = None) -> tuple[str, dict]:
    """The page as a string, and a summary (node and edge counts, focus). ``article`` (an article
    id or file name) opens the page in that article's view instead of the corpus view."""
    sub, focus_id = select(graph, focus, depth, types)
    _net, nodes, edges, opts = _network(sub)
    present = sorted({d["class"] for _, d in sub.nodes(data=True)}, key=CLASSES.index)
    legend = [{"cls": c, "label": CLASS_LABELS[c], "shape": STYLE[c][0], "color": STYLE[c][1],
               "count": sum(1 for _, d in sub.nodes(data=True) if d["class"] == c)} for c in present]
    articles = graph.graph.get("articles", [])
    summits = sorted({s for a in articles for s in a["summits"] if s in sub.nodes},
                     key=lambda s: sub.nodes[s]["label"])
    data = {"title": title, "nodes": nodes, "edges": edges, "options": opts, "legend": legend,
            "focus": focus_id, "articles": articles, "view": _article_index(articles, article),
            "summits": [{"id": s, "label": sub.nodes[s]["label"]} for s in summits],
            "summary": f"{len(nodes)} nodes, {len(edges)} edges"
                       + (f"; neighbourhood of {sub.nodes[focus_id]['label']} ({depth} hops)" if focus_id else "")
                       + (f"; types: {', '.join(types)}" if types else "")}
    vis_js, vis_css = _vis_assets()
    vis_js = _inline_js(vis_js)
    app_js = _inline_js(_resource("viz_app.js"))
    csp = ("default-src 'none'; script-src " + _sha256(vis_js) + " " + _sha256(app_js)
           + "; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    page = (_resource("viz_page.html")
            .replace("@@CSP@@", html.escape(csp, quote=True))
            .replace("@@TITLE@@", html.escape(title))
            .replace("@@VIS_CSS@@", vis_css.replace("</style", "<\\/style"))
            .replace("@@DATA@@", _json_for_script(data))
            .replace("@@VIS_JS@@", vis_js)
            .replace("@@APP_JS@@", app_js))
    return page, {"nodes": len(nodes), "edges": len(edges), "focus": focus_id}


def _article_index(articles: list[dict], article: str | None):
    """The index of the article a page opens on (None: the corpus view); a one-line error if none matches."""
    if not article:
        return None
    for i, a in enumerate(articles):
        if article in (a["id"], a["source"]) or Path(article).name == a["source"]:
            return i
    raise UserError(f"no article {article!r} in the store (see: summitkg queries agreement-sources, or the page's list)")


def write_html(graph, path, focus: str | None = None, depth: int = 2, types=None,
               title: str = "summitkg: who is connected to whom", article: str | None = None) -> dict:
    """Write the page for ``graph`` (a projection) to ``path`` atomically.

    ``focus``: a name; draws its ``depth``-hop neighbourhood. ``types``: class
    names to keep. Returns ``{"path", "nodes", "edges", "focus"}``. Raises
    ``UserError`` for an unknown name or type, or an unwritable path.
    """
    page, summary = render(graph, focus=focus, depth=depth, types=types, title=title, article=article)
    path = write_atomic(path, page)
    summary["path"] = str(path)
    return summary
