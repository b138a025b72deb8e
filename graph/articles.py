"""Taking articles out of a store: ``summitkg remove``.

An article is named by its id (the last part of its graph IRI), its source file name, or a path
to that file. Its named graph goes; the entities graph and the identity links are recomputed for
what it named, so nothing it alone said remains (a new store generation, as a build makes)."""
from __future__ import annotations

from pathlib import Path

from . import iris
from .store import StoreError, is_store, write_generation


def _graphs_named(store, names: list[str]) -> dict[str, str]:
    """Name as given -> article graph IRI; a name that matches no article, or several, is an error."""
    prefix = iris.GRAPH + "article/"
    import pyoxigraph

    source = pyoxigraph.NamedNode("http://purl.org/dc/terms/source")
    articles = []
    for g in store.named_graphs():
        if isinstance(g, pyoxigraph.NamedNode) and g.value.startswith(prefix):
            srcs = [q.object.value for q in store.quads_for_pattern(None, source, None, g)]
            articles.extend((g.value, src) for src in srcs or [""])
    out = {}
    for name in names:
        base = Path(name).name
        hits = sorted({g for g, src in articles if g[len(prefix):] == name or (src and Path(src).name == base)})
        if not hits:
            raise StoreError(f"no article {name!r} in the store (give its id, file name or path)")
        if len(hits) > 1:
            raise StoreError(f"{len(hits)} articles match {name!r}; give the article id")
        out[name] = hits[0]
    return out


def remove(store_dir, names: list[str]) -> list[str]:
    """Remove the named articles; returns the ids removed."""
    import pyoxigraph

    from . import identity
    from .build import ENTITY_PREDICATES, refresh_entities

    if not is_store(store_dir):
        raise StoreError(f"{store_dir}: no summitkg store here")
    with write_generation(store_dir) as store:
        graphs = _graphs_named(store, names)
        label = pyoxigraph.NamedNode(ENTITY_PREDICATES[0])
        touched: set[str] = set()
        for g in sorted(set(graphs.values())):
            node = pyoxigraph.NamedNode(g)
            touched.update(q.subject.value for q in store.quads_for_pattern(None, label, None, node)
                           if isinstance(q.subject, pyoxigraph.NamedNode))
            store.remove_graph(node)
        refresh_entities(store, touched)
        identity.resolve(store, refresh_entities)
    prefix = iris.GRAPH + "article/"
    return [g[len(prefix):] for g in sorted(set(graphs.values()))]
