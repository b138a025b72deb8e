"""Corrections by the researcher: merge two nodes, keep two apart, rename one, reject a fact.

Corrections live in the store's ``curation`` graph, one ``skg:Correction`` (also a
``prov:Activity``) each, associated with its curator (``prov:Agent``) and a note, so they are
never lost on a rebuild. Every build applies all of them, in an order fixed by their content
(not by when they were made), so the same articles and corrections always give the same graph:

- ``merge A B``: A and B are one actor or one deal (a link with rule ``curator``);
- ``split A B``: A and B are never joined, whatever rule would join them (a split beats a merge);
- ``rename A LABEL``: the display name of A and of what is joined to it;
- ``reject S [P O]``: the statements ``S P O`` (or every statement about S) leave the article
  graphs for the ``rejected`` graph, with the graph each came from, and come back when the
  correction is withdrawn.

``export`` writes the curation graph as Turtle; ``build --curation FILE`` loads such a file, so
the corrections of one store can be replayed on a fresh build.
"""
from __future__ import annotations

from dataclasses import dataclass

from summitkg.errors import CurationError  # noqa: F401 - raised here, imported from here by callers

from . import iris

CURATION_GRAPH = iris.GRAPH + "curation"
REJECTED_GRAPH = iris.GRAPH + "rejected"
ACTIONS = ("merge", "split", "rename", "reject")
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ONT = iris.ONT


@dataclass(frozen=True, order=True)
class Correction:
    action: str
    target: str                        # an IRI
    other: str | None = None           # merge / split: the other node; reject: the object
    predicate: str | None = None       # reject: the predicate
    label: str | None = None           # rename: the new display name
    curator: str = "curator"
    note: str = ""

    @property
    def iri(self) -> str:
        return f"{iris.ID}correction/{iris.short_hash(self.action, self.target, self.other, self.predicate, self.label)}"

    def pair(self) -> tuple[str, str]:
        return tuple(sorted((self.target, self.other or "")))


def _nn(value: str):
    import pyoxigraph
    return pyoxigraph.NamedNode(value)


def quads(c: Correction) -> list:
    """The correction as quads of the curation graph."""
    import pyoxigraph

    g, node = _nn(CURATION_GRAPH), _nn(c.iri)
    agent = _nn(f"{iris.ID}curator/{iris.short_hash(c.curator, n=8)}")
    out = [pyoxigraph.Quad(node, _nn(RDF_TYPE), _nn(ONT + "Correction"), g),
           pyoxigraph.Quad(node, _nn(RDF_TYPE), _nn(PROV + "Activity"), g),
           pyoxigraph.Quad(node, _nn(ONT + "correctionAction"), pyoxigraph.Literal(c.action), g),
           pyoxigraph.Quad(node, _nn(ONT + "correctionTarget"), _nn(c.target), g),
           pyoxigraph.Quad(node, _nn(PROV + "wasAssociatedWith"), agent, g),
           pyoxigraph.Quad(agent, _nn(RDF_TYPE), _nn(PROV + "Agent"), g),
           pyoxigraph.Quad(agent, _nn(RDFS + "label"), pyoxigraph.Literal(c.curator), g)]
    if c.other:
        out.append(pyoxigraph.Quad(node, _nn(ONT + "correctionOther"), _nn(c.other), g))
    if c.predicate:
        out.append(pyoxigraph.Quad(node, _nn(ONT + "correctionPredicate"), _nn(c.predicate), g))
    if c.label:
        out.append(pyoxigraph.Quad(node, _nn(ONT + "correctionLabel"), pyoxigraph.Literal(c.label, language="en"), g))
    if c.note:
        out.append(pyoxigraph.Quad(node, _nn(RDFS + "comment"), pyoxigraph.Literal(c.note), g))
    return out


def corrections(store) -> list[Correction]:
    """Every correction of the store, in their fixed order."""
    q = f"""PREFIX skg: <{ONT}> PREFIX prov: <{PROV}> PREFIX rdfs: <{RDFS}>
    SELECT ?a ?t ?o ?p ?l ?who ?note WHERE {{ GRAPH <{CURATION_GRAPH}> {{
      ?c a skg:Correction ; skg:correctionAction ?a ; skg:correctionTarget ?t ; prov:wasAssociatedWith ?ag .
      ?ag rdfs:label ?who .
      OPTIONAL {{ ?c skg:correctionOther ?o }} OPTIONAL {{ ?c skg:correctionPredicate ?p }}
      OPTIONAL {{ ?c skg:correctionLabel ?l }} OPTIONAL {{ ?c rdfs:comment ?note }} }} }}"""
    out = set()
    for r in store.query(q):
        value = lambda k: r[k].value if r[k] is not None else None   # noqa: E731
        if value("a") not in ACTIONS:
            raise CurationError(f"unknown correction action {value('a')!r} in the curation graph")
        out.add(Correction(value("a"), value("t"), value("o"), value("p"), value("l"), value("who"),
                           value("note") or ""))
    return sorted(out)


def add(store, c: Correction) -> Correction:
    """Record one correction (the same correction twice is one)."""
    if c.action not in ACTIONS:
        raise CurationError(f"unknown correction {c.action!r}; one of {', '.join(ACTIONS)}")
    if c.action in ("merge", "split") and (not c.other or c.other == c.target):
        raise CurationError(f"{c.action} needs two different nodes")
    if c.action == "rename" and not (c.label or "").strip():
        raise CurationError("rename needs a non-empty name")
    store.extend(quads(c))
    return c


def withdraw(store, ident: str) -> Correction:
    """Remove the correction whose IRI ends with ``ident`` (a unique prefix of its hash)."""
    matches = [c for c in corrections(store) if c.iri.rsplit("/", 1)[-1].startswith(ident)]
    if len(matches) != 1:
        raise CurationError(f"{'no' if not matches else 'more than one'} correction matches {ident!r}; "
                            f"see summitkg curate list")
    node, g = _nn(matches[0].iri), _nn(CURATION_GRAPH)
    for q in list(store.quads_for_pattern(node, None, None, g)):
        store.remove(q)
    return matches[0]


def apply_rejects(store, found: list[Correction]) -> set[str]:
    """Move the statements rejected by ``found`` out of the article graphs (restoring first what
    was rejected before, so a withdrawn rejection is undone). Returns the nodes touched."""
    import pyoxigraph

    rejected = _nn(REJECTED_GRAPH)
    touched: set[str] = set()
    if store.contains_named_graph(rejected):
        st, pr, ob, gr = (_nn(ONT + p) for p in ("rejectedSubject", "rejectedPredicate", "rejectedObject",
                                                 "rejectedFrom"))
        for q in list(store.quads_for_pattern(None, st, None, rejected)):
            node = q.subject
            parts = [next(iter(store.quads_for_pattern(node, p, None, rejected)), None) for p in (st, pr, ob, gr)]
            if all(parts):
                store.add(pyoxigraph.Quad(parts[0].object, parts[1].object, parts[2].object, parts[3].object))
                touched.add(parts[0].object.value)
        store.remove_graph(rejected)
    articles = iris.GRAPH + "article/"
    moved = []
    for c in found:
        if c.action != "reject":
            continue
        patterns = [(_nn(c.target), _nn(c.predicate) if c.predicate else None, _nn(c.other) if c.other else None)]
        if not c.predicate:
            patterns.append((None, None, _nn(c.target)))
        for s, p, o in patterns:
            moved.extend(q for q in store.quads_for_pattern(s, p, o, None)
                         if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value.startswith(articles))
    for q in sorted(set(moved), key=str):
        store.remove(q)
        node = _nn(f"{iris.ID}rejected/{iris.short_hash(str(q))}")
        store.extend(pyoxigraph.Quad(node, _nn(ONT + name), term, rejected) for name, term in
                     (("rejectedSubject", q.subject), ("rejectedPredicate", q.predicate),
                      ("rejectedObject", q.object), ("rejectedFrom", q.graph_name)))
        touched.add(q.subject.value)
        if isinstance(q.object, pyoxigraph.NamedNode):
            touched.add(q.object.value)
    return touched


def load_file(store, path) -> int:
    """Add the corrections of a Turtle file (as ``export`` writes it). Returns how many."""
    import pyoxigraph

    try:
        data = open(path, "rb").read()
        triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise CurationError(f"{path}: not a readable curation file ({str(exc).splitlines()[0]})") from None
    g = _nn(CURATION_GRAPH)
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, g) for t in triples)
    return len(corrections(store))


def export(store) -> bytes:
    """The curation graph as Turtle."""
    import pyoxigraph

    triples = sorted((pyoxigraph.Triple(q.subject, q.predicate, q.object)
                      for q in store.quads_for_pattern(None, None, None, _nn(CURATION_GRAPH))), key=str)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes={"skg": ONT, "prov": PROV, "rdfs": RDFS, "skgid": iris.ID})


def find_node(store, text: str) -> str:
    """The node an argument names: an IRI as given (it must exist), or the one node whose display
    name, label or alternative label is ``text`` (case and accents aside)."""
    from summitkg.graph.identity import fold_name

    if text.startswith(("http://", "https://")):
        if next(iter(store.quads_for_pattern(_nn(text), None, None, None)), None) is None:
            raise CurationError(f"no node {text} in the store")
        return text
    wanted = fold_name(text)
    q = f"""SELECT DISTINCT ?s ?l WHERE {{ GRAPH <{iris.ENTITIES_GRAPH}> {{
      ?s <http://www.w3.org/2004/02/skos/core#prefLabel>|<{RDFS}label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }} }}"""
    hits = sorted({r["s"].value for r in store.query(q) if fold_name(r["l"].value) == wanted})
    if not hits:
        raise CurationError(f"no node named {text!r}; give its IRI or another of its names")
    if len(hits) > 1:
        shown = ", ".join(hits[:4]) + (" …" if len(hits) > 4 else "")
        raise CurationError(f"{len(hits)} nodes are named {text!r} ({shown}); give the IRI")
    return hits[0]


def predicate_iri(text: str) -> str:
    """A predicate given as a full IRI or as ``skg:name``."""
    if text.startswith(("http://", "https://")):
        return text
    if text.startswith("skg:"):
        return ONT + text[4:]
    raise CurationError(f"predicate {text!r}: give a full IRI or skg:name")


def curate(store_dir, action: str, args: list[str], curator: str = "curator", note: str = "") -> Correction:
    """Add one correction to the store at ``store_dir`` and apply every correction (a new store
    generation, as a build makes)."""
    from .build import refresh_entities
    from .identity import resolve
    from .store import is_store, write_generation

    if not is_store(store_dir):
        raise CurationError(f"{store_dir}: no summitkg store here; build one first")
    with write_generation(store_dir) as store:
        if action in ("merge", "split"):
            c = Correction(action, find_node(store, args[0]), find_node(store, args[1]), curator=curator, note=note)
        elif action == "rename":
            c = Correction(action, find_node(store, args[0]), label=args[1], curator=curator, note=note)
        elif action == "reject":
            if len(args) not in (1, 3):
                raise CurationError("reject takes a node, or a node, a predicate and an object")
            target = find_node(store, args[0])
            pred, obj = (predicate_iri(args[1]), find_node(store, args[2])) if len(args) == 3 else (None, None)
            c = Correction(action, target, obj, pred, curator=curator, note=note)
        else:
            raise CurationError(f"unknown correction {action!r}; one of {', '.join(ACTIONS)}")
        add(store, c)
        resolve(store, refresh_entities)
    return c


def withdraw_from(store_dir, ident: str) -> Correction:
    """Withdraw one correction and apply the rest."""
    from .build import refresh_entities
    from .identity import resolve
    from .store import write_generation

    with write_generation(store_dir) as store:
        c = withdraw(store, ident)
        resolve(store, refresh_entities)
    return c
