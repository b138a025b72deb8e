"""Which articles each node of the projection comes from, and each article's title, date and
summits: what the explorer's article, summit and date filters and its per-article view read."""
from __future__ import annotations

from . import iris

ARTICLE_GRAPH = iris.GRAPH + "article/"


def annotate_articles(store, graph, ids: dict[str, str]) -> None:
    """Set ``graph.graph["articles"]`` (one entry per article graph: id, title, date, the
    summit and meeting nodes it reports) and each node's ``articles`` (indexes into it)."""
    q = f"""SELECT ?g ?t ?d ?src WHERE {{ GRAPH ?g {{ ?a a <{iris.ONT}Article>
      OPTIONAL {{ ?a <http://purl.org/dc/terms/title> ?t }} OPTIONAL {{ ?a <https://schema.org/datePublished> ?d }}
      OPTIONAL {{ ?a <http://purl.org/dc/terms/source> ?src }} }} }}"""
    rows = sorted((r["g"].value, r["t"].value if r["t"] else "", r["d"].value if r["d"] else "",
                   r["src"].value if r["src"] else "") for r in store.query(q))
    articles = [{"id": g[len(ARTICLE_GRAPH):], "title": t or g[len(ARTICLE_GRAPH):], "date": d[:10], "source": src,
                 "summits": []} for g, t, d, src in rows if g.startswith(ARTICLE_GRAPH)]
    index = {ARTICLE_GRAPH + a["id"]: i for i, a in enumerate(articles)}
    seen: dict[str, set[int]] = {}
    for r in store.query(f"""SELECT DISTINCT ?s ?g WHERE {{ GRAPH ?g {{ ?s a ?t }}
        FILTER(STRSTARTS(STR(?g), "{ARTICLE_GRAPH}")) }}"""):
        s, g = r["s"].value, r["g"].value
        if s in ids and g in index:
            seen.setdefault(s, set()).add(index[g])
    for iri, nid in ids.items():
        d = graph.nodes[nid]
        d["articles"] = sorted(seen.get(iri, ()))
        if d.get("kind") == "Event":
            for i in d["articles"]:
                articles[i]["summits"].append(nid)
    graph.graph["articles"] = articles
