"""Writing into a build's store: bulk loading N-Quads, the derived entities graph, and the
quads per graph a build keeps beside its generation (so no build counts the whole store)."""
from __future__ import annotations

import re

from . import iris

LOAD_THREADS = 6            # concurrent bulk loads of one batch (Oxigraph releases the GIL); on 2
                            # cores 6 parts loaded 107-153k quads/s, 4 103-144k, 8 69-107k
                            # (each part's files are ingested separately: more parts, more to merge)
EXTEND_QUADS = 100_000      # entity quads gathered before one write (memory stays bounded)


PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ENTITY_PREDICATES = ("http://www.w3.org/2000/01/rdf-schema#label",
                     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                     "http://www.w3.org/2004/02/skos/core#altLabel")


def bulk_load_nquads(store, chunks: list[bytes], threads: int = LOAD_THREADS) -> None:
    """Bulk-load N-Quads chunks (each ending a line; one per article, as the build gathers them)
    into ``store``, grouped into about ``threads`` parts loaded at once.

    One ``Store.bulk_load`` call leaves much of the machine idle (about 50k quads/s on disk
    here); parts loaded from several threads reach about twice that, with the same result,
    since N-Quads lines are independent and the store is a set.

    The chunks are loaded ``lenient``ly (no second IRI validation): every line was written by
    ``rdf.to_nquads``, which checks each IRI with pyoxigraph's ``NamedNode`` and writes terms as
    ``pyoxigraph.serialize`` does (tests hold it to that)."""
    import threading

    import pyoxigraph

    total = sum(len(c) for c in chunks)
    parts, group, size = [], [], 0
    for c in chunks:
        group.append(c)
        size += len(c)
        if size >= total / max(1, threads):
            parts.append(b"".join(group))
            group, size = [], 0
    if group:
        parts.append(b"".join(group))
    parts = [p for p in parts if p]
    errors: list[BaseException] = []

    def load(part: bytes) -> None:
        try:
            store.bulk_load(part, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            errors.append(exc)

    workers = [threading.Thread(target=load, args=(part,)) for part in parts]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]


def refresh_entities(store, subjects=None) -> int:
    """Recompute ``graph/entities`` for ``subjects`` (IRIs as strings; all labelled nodes if None):
    one copy of the types, labels and alternative labels the article graphs give each labelled
    node (entities, agreements, events; not the articles themselves, which nothing repeats),
    and one ``skos:prefLabel``, the display name the catalogued queries show (a join on it is a
    single lookup), chosen by :func:`summitkg.graph.display.display_name`.

    Index lookups per subject, so an incremental build pays for the entities its changed
    articles name, not for the whole store. Returns the number of triples added."""
    return refresh_entities_counted(store, subjects)[0]


def refresh_entities_counted(store, subjects=None) -> tuple[int, int]:
    """:func:`refresh_entities`, returning (quads added, quads removed). Only the difference
    between a node's entries and what its articles now say is written (a state named by every
    article is looked up, not rewritten), at most ``EXTEND_QUADS`` quads held at a time."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(iris.ENTITIES_GRAPH)
    label = pyoxigraph.NamedNode(ENTITY_PREDICATES[0])
    removed = 0
    if subjects is None:
        if store.contains_named_graph(graph):
            removed += sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
            store.remove_graph(graph)
        subjects = {q.subject.value for q in store.quads_for_pattern(None, label, None, None)
                    if isinstance(q.subject, pyoxigraph.NamedNode)}
    articles = iris.ID + "article/"
    add, drop, added = [], [], 0

    def write():
        nonlocal add, drop, added, removed
        for q in drop:
            store.remove(q)
        if add:
            store.extend(add)
        added, removed, add, drop = added + len(add), removed + len(drop), [], []

    for iri in sorted(subjects):
        if iri.startswith(articles):
            continue
        node = pyoxigraph.NamedNode(iri)
        old = set(store.quads_for_pattern(node, None, None, graph))
        old = {q for q in old if q.predicate.value in ENTITY_PREDICATES or q.predicate.value == PREF_LABEL}
        new = entity_quads(store, node, graph)
        drop.extend(old - new)
        add.extend(new - old)
        if len(add) + len(drop) >= EXTEND_QUADS:
            write()
    write()
    return added, removed


def entity_quads(store, node, graph) -> set:
    """What the entities graph says of ``node``: the labels, types and alternative labels its
    article graphs give it, and its display name."""
    import pyoxigraph

    from .display import display_name

    prefix = iris.GRAPH + "article/"
    label, *others = (pyoxigraph.NamedNode(p) for p in ENTITY_PREDICATES)

    def said(p):
        return {q.object for q in store.quads_for_pattern(node, p, None, None)
                if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value.startswith(prefix)}

    given = [q.object for q in store.quads_for_pattern(node, label, None, None)
             if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value.startswith(prefix)]
    if not given:
        return set()
    out = {pyoxigraph.Quad(node, label, o, graph) for o in set(given)}
    name = display_name(given)              # one label per article that names it: the commonest form
    if name is not None:
        out.add(pyoxigraph.Quad(node, pyoxigraph.NamedNode(PREF_LABEL), name, graph))
    for p in others:
        out.update(pyoxigraph.Quad(node, p, o, graph) for o in said(p))
    return out


_LABELLED = re.compile(rb"^<([^>]+)> <http://www\.w3\.org/2000/01/rdf-schema#label> ", re.M)


def labelled_subjects(nquads: bytes) -> set[str]:
    """IRIs given an rdfs:label in N-Quads (as the workers return them)."""
    return {m.group(1).decode("utf-8") for m in _LABELLED.finditer(nquads)}
