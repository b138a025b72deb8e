"""Finding entities by name: any label, alternative label or language form, accents and case
aside. Used to bind query parameters to what the graph calls a thing (``--param state=USA``,
``commodity=wolfram``, ``person=Bekajew``), to say which names exist when a parameter matches
none, and by ``summitkg search`` and ``summitkg show``."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from . import iris

PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel", PREF)
SAME = "http://www.w3.org/2002/07/owl#sameAs"


def fold(text: str) -> str:
    from .identity import fold_name
    return fold_name(text)


@dataclass
class Entry:
    iri: str
    name: str                                   # display name (skos:prefLabel)
    types: list[str] = field(default_factory=list)
    labels: dict[str, set] = field(default_factory=dict)   # language -> labels


def _index(store) -> dict[str, Entry]:
    q = f"""SELECT ?s ?p ?l WHERE {{ GRAPH <{iris.ENTITIES_GRAPH}> {{ ?s ?p ?l }}
      VALUES ?p {{ {' '.join(f'<{p}>' for p in LABELS)} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> }} }}"""
    out: dict[str, Entry] = {}
    for r in store.query(q):
        e = out.setdefault(r["s"].value, Entry(r["s"].value, ""))
        p, o = r["p"].value, r["l"]
        if p == PREF:
            e.name = o.value
        elif p.endswith("#type"):
            if o.value.startswith(iris.ONT):
                e.types.append(o.value[len(iris.ONT):])
        else:
            e.labels.setdefault(getattr(o, "language", None) or "", set()).add(o.value)
    return {k: v for k, v in out.items() if v.name and not k.startswith(iris.ID + "article/")}


def search(store, text: str, limit: int = 20) -> list[tuple[float, Entry]]:
    """Entities whose names hold ``text`` (folded), best first: an exact name, then a name
    starting with it, then one containing it, then close spellings; ties by display name."""
    wanted = fold(text)
    if not wanted:
        return []
    scored = []
    for e in _index(store).values():
        names = {fold(x) for ls in e.labels.values() for x in ls} | {fold(e.name)}
        best = 0.0
        for n in names:
            if n == wanted:
                best = max(best, 1.0)
            elif n.startswith(wanted) or any(w.startswith(wanted) for w in n.split()):
                best = max(best, 0.8)
            elif wanted in n:
                best = max(best, 0.6)
            else:
                ratio = difflib.SequenceMatcher(None, wanted, n).ratio()
                if ratio >= 0.8:
                    best = max(best, 0.5 * ratio)
        if best:
            scored.append((best, e))
    scored.sort(key=lambda x: (-x[0], x[1].name, x[1].iri))
    return scored[:limit]


def _best_names(found: list[tuple[float, Entry]]) -> set[str]:
    """The display names an exact match gives, else those of a whole word of a name (a surname,
    a form in another language), when one entity has it."""
    exact = {e.name for score, e in found if score == 1.0}
    if exact:
        return exact
    words = {e.name for score, e in found if score == 0.8}
    return words if len(words) == 1 else set()


def canonical(store, value: str) -> str:
    """The display name of the one thing ``value`` names (any label or language form, or a whole
    word of one, such as a surname), or ``value`` itself when it names none or several."""
    hits = _best_names(search(store, value, limit=50))
    if not hits:
        hits = set(filter(None, [_state_name(store, value)]))
    return hits.pop() if len(hits) == 1 else value


def _state_name(store, value: str) -> str | None:
    """A state's display name from any of its names, aliases or forms in the reference tables
    (USA, Stanów Zjednoczonych, США) or its ISO code, when the store holds that state."""
    from .actors import _vocabulary

    concept = _vocabulary()[0].get(fold(value), "")
    code = value.strip()
    if len(code) == 2 and code.isalpha():
        concept = concept or "s:" + code.upper()          # an ISO 3166 alpha-2 code
    if not concept.startswith("s:"):
        return None
    e = _index(store).get(f"{iris.ID}state/{concept[2:]}")
    return e.name if e else None


def nearest(store, value: str, n: int = 5) -> list[str]:
    """Display names closest to ``value``, for a hint when it matched nothing."""
    names = sorted({e.name for e in _index(store).values()})
    by_fold = {fold(x): x for x in names}
    return [by_fold[k] for k in difflib.get_close_matches(fold(value), list(by_fold), n=n, cutoff=0.6)]


SKIP = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel", PREF,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", iris.ONT + "mention", iris.ONT + "evidence"}


def find(store, name: str) -> Entry:
    """The one entity ``name`` names (an IRI, or any of its names); an error line otherwise."""
    from summitkg.errors import UserError

    index = _index(store)
    if name in index:
        return index[name]
    found = search(store, name, limit=50)
    exact = {e.iri: e for score, e in found if score == 1.0} or {
        e.iri: e for score, e in found if score == 0.8}
    if len(exact) == 1:
        return next(iter(exact.values()))
    if exact:
        names = "; ".join(f"{e.name} ({e.iri})" for e in list(exact.values())[:5])
        raise UserError(f"{len(exact)} entities are named {name!r}: {names}")
    close = nearest(store, name)
    raise UserError(f"no entity named {name!r}" + (f"; nearest: {', '.join(close)}" if close else ""))


def _term(index: dict[str, Entry], term) -> str:
    value = term.value
    if value in index:
        return index[value].name
    if value.startswith(iris.ONT):
        return value[len(iris.ONT):]
    return value


def _details(store, index, node, about: set[str]) -> tuple[str, str]:
    """What a statement node without a name (a post, a quotation, an amount) is and says, in one
    line, leaving out the entity it is shown for."""
    kind, parts = "", []
    for q in store.quads_for_pattern(node, None, None, None):
        if q.predicate.value.endswith("#type") and q.object.value.startswith(iris.ONT):
            kind = kind or q.object.value[len(iris.ONT):]
        elif q.predicate.value not in SKIP and q.object.value not in about:
            parts.append(f"{q.predicate.value.rsplit('#', 1)[-1]}: {_term(index, q.object)}")
    return kind or node.value, "; ".join(sorted(set(parts)))


def _sources(store) -> dict[str, dict]:
    q = f"""SELECT ?g ?t ?d ?src WHERE {{ GRAPH ?g {{ ?a a <{iris.ONT}Article> .
      OPTIONAL {{ ?a <http://purl.org/dc/terms/title> ?t }} OPTIONAL {{ ?a <https://schema.org/datePublished> ?d }}
      OPTIONAL {{ ?a <http://purl.org/dc/terms/source> ?src }} }} }}"""
    return {r["g"].value: {"article": r["g"].value.rsplit("/", 1)[-1], "title": (r["t"].value if r["t"] else "")[:100],
                           "date": r["d"].value if r["d"] else "", "source": r["src"].value if r["src"] else ""}
            for r in store.query(q)}


def show(store, name: str) -> dict:
    """An entity's record: types, labels in every language, the nodes joined to it, and every
    statement about it in the article graphs, each with the articles that make it."""
    import pyoxigraph

    e = find(store, name)
    index = _index(store)
    same = pyoxigraph.NamedNode(SAME)
    links = pyoxigraph.NamedNode(iris.GRAPH + "links")
    rep = next((q.object.value for q in store.quads_for_pattern(pyoxigraph.NamedNode(e.iri), same, None, links)), e.iri)
    members = {rep} | {q.subject.value for q in store.quads_for_pattern(None, same, pyoxigraph.NamedNode(rep), links)}
    sources = _sources(store)
    facts: dict[tuple, dict] = {}
    for member in sorted(members):
        node = pyoxigraph.NamedNode(member)
        for direction, pattern in (("out", (node, None, None)), ("in", (None, None, node))):
            for q in store.quads_for_pattern(*pattern, None):
                g = q.graph_name.value if isinstance(q.graph_name, pyoxigraph.NamedNode) else ""
                if g not in sources or q.predicate.value in SKIP:
                    continue
                other = q.object if direction == "out" else q.subject
                key = (direction, q.predicate.value, other.value)
                fact = facts.get(key)
                if fact is None:
                    labelled = other.value in index or not isinstance(other, pyoxigraph.NamedNode)
                    value, details = (_term(index, other), "") if labelled else _details(store, index, other, members)
                    fact = facts[key] = {"predicate": q.predicate.value.rsplit("#", 1)[-1], "direction": direction,
                                         "value": value, "details": details, "sources": [],
                                         "iri": other.value if isinstance(other, pyoxigraph.NamedNode) else None}
                if sources[g] not in fact["sources"]:
                    fact["sources"].append(sources[g])
    ordered = sorted(facts.values(), key=lambda f: (f["direction"], f["predicate"], f["value"]))
    return {"iri": rep, "name": index[rep].name if rep in index else e.name, "types": sorted(set(e.types)),
            "labels": {lang: sorted(ls) for lang, ls in sorted(e.labels.items())},
            "joined": sorted(members - {rep}), "facts": ordered}
