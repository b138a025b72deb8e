"""Where a catalogued row comes from: the articles (title, date, file or address) and the
sentences behind the IRIs in its ``evidence`` column.

Every catalogued query ends its answer with ``sources`` (how many articles state the fact) and
``evidence`` (the IRIs of the evidence spans that state it, or of the article graphs where the
fact has no span of its own). ``summitkg query --sources`` lists them row by row with
:func:`resolve`, so a researcher can cite each row."""
from __future__ import annotations

from . import iris

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ARTICLE_GRAPH = iris.GRAPH + "article/"
ARTICLE_NODE = iris.ID + "article/"


def _articles(store) -> dict[str, dict]:
    """Article metadata by article graph IRI: title, publication date, file name or address."""
    q = f"""SELECT ?g ?t ?d ?src ?url WHERE {{ GRAPH ?g {{ ?a a <{iris.ONT}Article> .
      OPTIONAL {{ ?a <http://purl.org/dc/terms/title> ?t }} OPTIONAL {{ ?a <https://schema.org/datePublished> ?d }}
      OPTIONAL {{ ?a <http://purl.org/dc/terms/source> ?src }} OPTIONAL {{ ?a <https://schema.org/url> ?url }} }} }}"""
    out = {}
    for r in store.query(q):
        out[r["g"].value] = {"article": r["g"].value[len(ARTICLE_GRAPH):], "title": r["t"].value if r["t"] else "",
                             "date": r["d"].value if r["d"] else "",
                             "source": (r["url"] or r["src"]).value if (r["url"] or r["src"]) else ""}
    return out


def _sentence(store, evidence: str) -> tuple[str, str]:
    """(article graph IRI, sentence text) of one evidence span; the span itself when it has no sentence."""
    import pyoxigraph

    q = f"""SELECT ?art ?anchor ?sentence WHERE {{ <{evidence}> <{iris.ONT}article> ?art .
      OPTIONAL {{ <{evidence}> <{NIF}anchorOf> ?anchor }}
      OPTIONAL {{ <{evidence}> <{iris.ONT}sentence> ?s . ?s <{NIF}anchorOf> ?sentence }} }} LIMIT 1"""
    if not evidence.startswith(iris.ID) or any(c in evidence for c in "<>\"{}| \\^`"):
        return "", ""
    for r in store.query(q, use_default_graph_as_union=True):
        art = r["art"].value
        graph = ARTICLE_GRAPH + art[len(ARTICLE_NODE):] if art.startswith(ARTICLE_NODE) else ""
        text = r["sentence"] or r["anchor"]
        return graph, text.value if isinstance(text, pyoxigraph.Literal) else ""
    return "", ""


def resolve(store, evidence: str, articles: dict[str, dict] | None = None) -> list[dict]:
    """The sources of one row from its ``evidence`` cell: one entry per article (title, date,
    source) with the sentences that state the fact there, articles in date then title order."""
    articles = _articles(store) if articles is None else articles
    found: dict[str, dict] = {}
    for token in sorted(set(evidence.split())):
        if token.startswith(ARTICLE_GRAPH):
            graph, sentence = token, ""
        else:
            graph, sentence = _sentence(store, token)
        meta = articles.get(graph)
        if meta is None:
            continue
        entry = found.setdefault(graph, dict(meta, sentences=[]))
        if sentence and sentence not in entry["sentences"]:
            entry["sentences"].append(sentence)
    return sorted(found.values(), key=lambda e: (e["date"], e["title"], e["article"]))


def write_table_with_sources(store, result: dict, out, answer_columns: int) -> int:
    """A SPARQL JSON result as the usual table, then each row's sources: articles and sentences."""
    from .query import _write_table

    class _Term:
        def __init__(self, value):
            self.value = value

    variables = result["head"]["vars"]
    bindings = result["results"]["bindings"]
    rows = [{v: (_Term(b[v]["value"]) if v in b else None) for v in variables} for b in bindings]
    n = _write_table(variables, iter(rows), out)
    articles = _articles(store)
    out.write("\nsources\n")
    for i, b in enumerate(bindings, 1):
        head = " | ".join(b[v]["value"] if v in b else "" for v in variables[:max(answer_columns, 1)])
        out.write(f"[{i}] {head}\n")
        for s in resolve(store, b.get("evidence", {}).get("value", ""), articles):
            where = ", ".join(x for x in (s["date"], s["source"]) if x)
            out.write(f"    - {s['title'] or s['article']}" + (f" ({where})" if where else "") + "\n")
            for sentence in s["sentences"]:
                out.write(f"      \u201c{' '.join(sentence.split())}\u201d\n")
    return n


def add_sources(store, result: dict) -> dict:
    """The SPARQL JSON result with a ``sources`` list beside its bindings: for each row, what
    :func:`resolve` gives for its evidence."""
    articles = _articles(store)
    result["sources"] = [resolve(store, b.get("evidence", {}).get("value", ""), articles)
                         for b in result["results"]["bindings"]]
    return result
