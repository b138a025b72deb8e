"""B-cubed scoring of identity: are the mentions of one real actor or deal one node, and the
mentions of different ones different nodes?

The gold (``tests/identity/gold.yaml``) lists, per real-world entity and per deal, the articles
that name it, with the name forms each article uses (for deals: the parties it names). Each
gold mention (an article naming an entity or deal) is found in that article's graph: the node
whose labels, alternative labels or mention anchors match most of its name forms (for a deal,
the agreement whose parties match most of the gold parties, one agreement per gold deal). Its
system cluster is the node, or the representative the identity pass joined it to
(``graph/links``). A mention found nowhere is a cluster of its own. Then, per mention,
precision = |same gold ∩ same cluster| / |same cluster| and recall = … / |same gold|, averaged
over mentions (Bagga and Baldwin's B³).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from cq_score import fold

SKG = "https://w3id.org/summitkg/ontology#"
GRAPH = "https://w3id.org/summitkg/graph/"
NAMED_CLASSES = ("Person", "State", "Organization")


def _article_graphs(store) -> dict[str, str]:
    q = f"""SELECT ?g ?src WHERE {{ GRAPH ?g {{ ?a a <{SKG}Article> ; <http://purl.org/dc/terms/source> ?src }} }}"""
    return {Path(r["src"].value).stem: r["g"].value for r in store.query(q)}


def _representatives(store) -> dict[str, str]:
    q = f"""SELECT ?m ?r WHERE {{ GRAPH <{GRAPH}links> {{ ?m <http://www.w3.org/2002/07/owl#sameAs> ?r }} }}"""
    return {r["m"].value: r["r"].value for r in store.query(q)}


def _names(store, graph: str, classes) -> dict[str, set[str]]:
    """Node -> folded names it carries in one article graph (labels, alt labels, mention anchors)."""
    values = " ".join(f"<{SKG}{c}>" for c in classes)
    q = f"""PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?s ?l WHERE {{ GRAPH <{graph}> {{ ?s a ?c . VALUES ?c {{ {values} }}
      {{ ?s <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }}
      UNION {{ ?s <{SKG}mention> ?m . ?m nif:anchorOf ?l }} }} }}"""
    out: dict[str, set[str]] = defaultdict(set)
    for r in store.query(q):
        out[r["s"].value].add(fold(r["l"].value))
    return out


def _best(candidates: dict[str, set[str]], forms: list[str]) -> str | None:
    wanted = {fold(f) for f in forms}
    scored = sorted((-len(wanted & names), node) for node, names in candidates.items() if wanted & names)
    return scored[0][1] if scored else None


def _deal_parties(store, graph: str) -> dict[str, set[str]]:
    q = f"""PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?a ?l WHERE {{ GRAPH <{graph}> {{ ?a a <{SKG}Agreement> ; <{SKG}hasParty>|<{SKG}manufacturer> ?p .
      {{ ?p <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }}
      UNION {{ ?p <{SKG}mention> ?m . ?m nif:anchorOf ?l }} }} }}"""
    out: dict[str, set[str]] = defaultdict(set)
    for r in store.query(q):
        out[r["a"].value].add(fold(r["l"].value))
    return out


def _deal_commodities(store, graph: str) -> dict[str, set[str]]:
    q = f"""SELECT ?a ?l WHERE {{ GRAPH <{graph}> {{ ?a a <{SKG}Agreement> ; <{SKG}concerns> ?c .
      ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}"""
    out: dict[str, set[str]] = defaultdict(set)
    for r in store.query(q):
        out[r["a"].value].add(fold(r["l"].value))
    return out


def _deal_match(mention: dict, party_names: set[str], commodities: set[str]) -> int:
    """How well an agreement of the graph fits a gold deal mention: parties in common, and its
    commodity (two points when it is the gold one, minus two when it is another)."""
    score = len({fold(p) for p in mention["parties"]} & party_names)
    wanted = mention.get("commodity")
    if wanted and commodities:
        score += 2 if fold(wanted) in commodities else -2
    return score


def b_cubed(items: list[tuple[str, str]]) -> tuple[float, float]:
    """(precision, recall) over (gold cluster, system cluster) pairs, one per mention."""
    if not items:
        return 1.0, 1.0
    by_gold: dict[str, list[int]] = defaultdict(list)
    by_sys: dict[str, list[int]] = defaultdict(list)
    for i, (g, s) in enumerate(items):
        by_gold[g].append(i)
        by_sys[s].append(i)
    p = r = 0.0
    for g, s in items:
        both = len(set(by_gold[g]) & set(by_sys[s]))
        p += both / len(by_sys[s])
        r += both / len(by_gold[g])
    return p / len(items), r / len(items)


def score(store, gold_path: Path, articles: set[str] | None = None) -> dict:
    """B³ of entities and deals over the gold mentions of the articles built into ``store``
    (``articles``: file stems to restrict to). Returns figures and counts."""
    gold = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8"))
    graphs = _article_graphs(store)
    if articles is not None:
        graphs = {k: v for k, v in graphs.items() if k in articles}
    reps = _representatives(store)
    entity_items, deal_items, missed = [], [], [0, 0]
    names_cache: dict[str, dict] = {}
    for ent in gold["entities"]:
        for art, forms in sorted((ent.get("mentions") or {}).items()):
            if art not in graphs:
                continue
            names = names_cache.setdefault(graphs[art], _names(store, graphs[art], NAMED_CLASSES))
            node = _best(names, forms)
            if node is None:
                missed[0] += 1
            entity_items.append((ent["id"], reps.get(node, node) if node else f"missing:{art}:{ent['id']}"))
    for art, graph in sorted(graphs.items()):
        parties = _deal_parties(store, graph)
        wanted = [(deal["id"], m) for deal in gold["agreements"]
                  for a, m in sorted((deal.get("mentions") or {}).items()) if a == art]
        commodities = _deal_commodities(store, graph)
        pairs = sorted((-_deal_match(m, names, commodities.get(node, set())), did, node)
                       for did, m in wanted for node, names in parties.items()
                       if {fold(p) for p in m["parties"]} & names)
        taken_gold, taken_node, found = set(), set(), {}
        for _neg, did, node in pairs:
            if did not in taken_gold and node not in taken_node:
                taken_gold.add(did)
                taken_node.add(node)
                found[did] = node
        for did, _ps in wanted:
            node = found.get(did)
            if node is None:
                missed[1] += 1
            deal_items.append((did, reps.get(node, node) if node else f"missing:{art}:{did}"))
    return {"entities": _figures(entity_items, missed[0]), "agreements": _figures(deal_items, missed[1]),
            "articles": len(graphs)}


def _figures(items: list[tuple[str, str]], missed: int) -> dict:
    """B³ over all gold mentions, and over those found in the graph (identity alone, without
    what extraction missed)."""
    p, r = b_cubed(items)
    fp, fr = b_cubed([i for i in items if not i[1].startswith("missing:")])
    return {"precision": p, "recall": r, "found_precision": fp, "found_recall": fr,
            "mentions": len(items), "not_found": missed}
