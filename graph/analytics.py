"""Network measures and connecting paths over the projection (see ``projection.py``).

``stats(graph)`` returns a JSON-ready dict; ``path(graph, a, b)`` returns the
steps that connect two actors, each with its sources. ``format_stats`` and
``format_path`` render them as text for the terminal.
"""
from __future__ import annotations

from summitkg.errors import CheckFailed, UserError

from .projection import ACTOR_KINDS, CLASS_LABELS, RELATIONS, find_node

# cost of a step in ``path``: links through a commodity or an event (two deals on
# the same metal, two states at the same summit) and "based in" are weaker
# connections than parties, signatories, posts and ownership, so a path uses
# them only when nothing closer exists
STEP_COST = {"based in": 2, "concerns": 4, "reached at": 4, "participates in": 4}


class NoPath(CheckFailed):
    """Two names resolve, but nothing in the graph connects them (exit 1)."""


def _node_ref(graph, n) -> dict:
    d = graph.nodes[n]
    return {"label": d["label"], "class": d["class"], "iri": d["iri"]}


def actor_agreement_graph(graph):
    """Undirected simple graph of actors and agreements with every edge between them."""
    import networkx as nx

    keep = [n for n, d in graph.nodes(data=True) if d["kind"] in ACTOR_KINDS or d["kind"] == "Agreement"]
    g = nx.Graph()
    g.add_nodes_from((n, graph.nodes[n]) for n in keep)
    keep_set = set(keep)
    for s, o in graph.edges():
        if s in keep_set and o in keep_set and s != o:
            g.add_edge(s, o)
    return g


def _round(x: float) -> float:
    return round(float(x), 6)


def stats(graph, top: int = 10) -> dict:
    """Counts, central actors, components, communities and the largest agreements.

    * ``classes``: nodes by most specific class; ``kinds``: by top class;
      ``relations``: edges by relation.
    * ``central_actors``: the ``top`` actors by degree (number of neighbours
      on the actor–agreement graph; ``centrality`` is networkx's normalised
      degree centrality) and by betweenness (normalised) on that graph; ties
      are broken by label.
    * ``components``: connected components of the whole projection
      (undirected): their count and sizes, and the members of each (by degree).
    * ``communities``: greedy modularity communities of the actor–agreement
      graph (components with edges only), largest first.
    * ``largest_agreements``: agreements by their largest stated USD amount.
    """
    import networkx as nx

    from .projection import undirected

    def count(items) -> dict:
        out: dict[str, int] = {}
        for x in items:
            out[x] = out.get(x, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    result: dict = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "classes": count(d["class"] for _, d in graph.nodes(data=True)),
        "kinds": count(d["kind"] for _, d in graph.nodes(data=True)),
        "relations": count(k for _, _, k in graph.edges(keys=True)),
    }

    aa = actor_agreement_graph(graph)
    actors = [n for n, d in aa.nodes(data=True) if d["kind"] in ACTOR_KINDS]
    deg_c = nx.degree_centrality(aa) if aa.number_of_nodes() > 1 else {n: 0.0 for n in aa}
    btw = nx.betweenness_centrality(aa, normalized=True) if aa.number_of_nodes() > 2 else {n: 0.0 for n in aa}

    def label(n):
        return graph.nodes[n]["label"]

    by_degree = sorted(actors, key=lambda n: (-aa.degree(n), label(n), n))[:top]
    by_btw = sorted(actors, key=lambda n: (-btw[n], -aa.degree(n), label(n), n))[:top]
    result["central_actors"] = {
        "graph": {"nodes": aa.number_of_nodes(), "edges": aa.number_of_edges()},
        "degree": [dict(_node_ref(graph, n), degree=aa.degree(n), centrality=_round(deg_c[n]))
                   for n in by_degree],
        "betweenness": [dict(_node_ref(graph, n), betweenness=_round(btw[n])) for n in by_btw],
    }

    u = undirected(graph)
    comps = sorted((sorted(c, key=lambda n: (-u.degree(n), label(n), n)) for c in nx.connected_components(u)),
                   key=lambda c: (-len(c), label(c[0])))
    result["components"] = {
        "count": len(comps),
        "sizes": [len(c) for c in comps],
        "members": [[label(n) for n in c] for c in comps],
    }

    communities = []
    core = aa.subgraph([n for n in aa if aa.degree(n) > 0])
    if core.number_of_edges():
        for c in nx.community.greedy_modularity_communities(core):
            members = sorted(c, key=lambda n: (-aa.degree(n), label(n), n))
            communities.append([label(n) for n in members])
        communities.sort(key=lambda c: (-len(c), c[0]))
    result["communities"] = communities

    agreements = [(n, d) for n, d in graph.nodes(data=True)
                  if d["kind"] == "Agreement" and d.get("value_usd") is not None]
    agreements.sort(key=lambda nd: (-nd[1]["value_usd"], nd[1]["label"], nd[0]))
    largest = []
    for n, d in agreements[:top]:
        parties = sorted(label(o) for _, o, k in graph.out_edges(n, keys=True) if k == "party")
        texts = [a["text"] for a in d.get("amounts", []) if a.get("currency") == "USD"
                 and a.get("value") == d["value_usd"] and a.get("text")]
        largest.append(dict(_node_ref(graph, n), value_usd=d["value_usd"], currency="USD",
                            stated=texts[0] if texts else None, parties=parties))
    result["largest_agreements"] = largest
    return result


def _weighted(graph):
    """Undirected weighted graph for ``path``: per pair, the cheapest relation and its direction."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    for s, o, rel, data in graph.edges(keys=True, data=True):
        w = STEP_COST.get(rel, 1)
        prev = g.get_edge_data(s, o)
        rank = (w, RELATIONS.index(rel))
        if prev is None or rank < prev["rank"]:
            g.add_edge(s, o, weight=w, rank=rank, source=s, target=o, relation=rel, data=data)
    return g


def path(graph, a: str, b: str) -> list[dict]:
    """The steps of the cheapest connection between the nodes named ``a`` and ``b``.

    Names are matched case- and diacritic-insensitively against every label
    (English and Polish). Each step: ``from`` and ``to`` (label, class, iri,
    in the order walked), ``relation``, ``label`` (relation with party roles),
    ``reversed`` (True when the RDF edge points from ``to`` to ``from``),
    ``facts`` and ``sources`` (article title, sentence and the quoted words).
    Raises ``NameNotFound`` for an unknown or ambiguous name and ``NoPath``
    when nothing connects them.
    """
    import networkx as nx

    na = find_node(graph, a)
    nb = find_node(graph, b)
    if na == nb:
        raise UserError(f"{a!r} and {b!r} name the same node ({graph.nodes[na]['label']})")
    w = _weighted(graph)
    try:
        nodes = nx.dijkstra_path(w, na, nb, weight="weight")
    except nx.NetworkXNoPath:
        raise NoPath(f"nothing in the graph connects {graph.nodes[na]['label']} and {graph.nodes[nb]['label']}") from None
    steps = []
    for x, y in zip(nodes, nodes[1:]):
        e = w.edges[x, y]
        data = e["data"]
        sources = []
        seen = set()
        for ev in data.get("evidence", []):
            key = (ev["article"], ev["sentence"], ev["quote"])
            if key not in seen:
                seen.add(key)
                sources.append({"article": ev["article"], "sentence": ev["sentence"], "quote": ev["quote"]})
        steps.append({
            "from": _node_ref(graph, x),
            "to": _node_ref(graph, y),
            "relation": e["relation"],
            "label": data.get("label", e["relation"]),
            "reversed": e["source"] != x,
            "facts": data.get("facts", []),
            "sources": sources,
        })
    return steps


def _name(ref: dict) -> str:
    return f"{ref['label']} ({CLASS_LABELS.get(ref['class'], ref['class'])})"


def format_path(steps: list[dict]) -> str:
    lines = []
    for i, s in enumerate(steps, 1):
        arrow = f"<-[{s['label']}]-" if s["reversed"] else f"-[{s['label']}]->"
        lines.append(f"{i}. {_name(s['from'])} {arrow} {_name(s['to'])}")
        for k, v in s["facts"]:
            lines.append(f"     {k}: {v}")
        for src in s["sources"]:
            lines.append(f"     source: {src['article']}: {src['sentence']}")
        if not s["sources"]:
            lines.append("     source: (no sentence recorded)")
    return "\n".join(lines)


def _money(v) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def format_stats(st: dict) -> str:
    out = [f"{st['nodes']} nodes, {st['edges']} edges", "", "Nodes by class:"]
    for k, v in st["classes"].items():
        out.append(f"  {CLASS_LABELS.get(k, k):<28} {v:>6}")
    out += ["", "Edges by relation:"]
    for k, v in st["relations"].items():
        out.append(f"  {k:<28} {v:>6}")
    ca = st["central_actors"]
    out += ["", f"Most central actors (actor-agreement graph: {ca['graph']['nodes']} nodes, "
                f"{ca['graph']['edges']} edges)", "  by degree:"]
    for r in ca["degree"]:
        out.append(f"    {r['degree']:>4}  {_name(r)}")
    out.append("  by betweenness:")
    for r in ca["betweenness"]:
        out.append(f"    {r['betweenness']:.4f}  {_name(r)}")
    comps = st["components"]
    out += ["", f"Connected components: {comps['count']} (sizes: "
                + ", ".join(str(s) for s in comps["sizes"][:15]) + (", ..." if len(comps["sizes"]) > 15 else "") + ")"]
    for i, members in enumerate(comps["members"][:5], 1):
        more = f", ... (+{len(members) - 6})" if len(members) > 6 else ""
        out.append(f"  {i}. " + ", ".join(members[:6]) + more)
    if st["communities"]:
        out += ["", f"Communities (greedy modularity): {len(st['communities'])}"]
        for i, members in enumerate(st["communities"][:8], 1):
            more = f", ... (+{len(members) - 6})" if len(members) > 6 else ""
            out.append(f"  {i}. " + ", ".join(members[:6]) + more)
    out += ["", "Largest agreements by value (USD):"]
    if not st["largest_agreements"]:
        out.append("  (no agreement with a USD amount)")
    for r in st["largest_agreements"]:
        stated = f" (stated: {r['stated']})" if r.get("stated") else ""
        parties = "; ".join(r["parties"]) or "no party recorded"
        out.append(f"  USD {_money(r['value_usd']):>17}  {r['label']}{stated} — {parties}")
    return "\n".join(out)
