"""Building articles into the store: extract, convert to quads, replace each
article's named graph, skip articles whose text has not changed.

How a build goes, and why:

* The store's content hashes are read first (one query). Each article is then
  read and hashed (cheap: decoding and the header only) **before** extraction;
  an article whose text, language and file name match what its named graph
  already holds is reported as unchanged and never extracted. Only the changed
  and new articles pay for extraction.
* Extraction runs in ``jobs`` worker processes, started before the store is
  opened (so they never inherit the open database), or in this process for
  ``jobs=1``; results come back in input order as N-Quads bytes and the
  ``progress`` callback is called once per article.
* The build writes into a fresh copy of the current generation
  (``store.write_generation``) that is thrown away if anything fails, so the
  fast non-transactional bulk loader is safe to use: the new graphs are
  gathered into batches of about ``BATCH_QUADS`` quads, each loaded with
  ``Store.bulk_load`` from ``LOAD_THREADS`` threads at once. A changed
  article's old named graph is dropped first; no other graph is touched.
* Every article graph repeats the types and labels of the entities it names, so
  the union of many article graphs holds many copies of them and a join on an
  entity's type and label grows with the square of the number of articles. The
  derived graph ``graph/entities`` holds one copy of each: it is recomputed from
  the article graphs at the end of every build that changed one, so it never
  goes stale, and the catalogued queries look entities up there.
* Results are streamed, never all held at once, so memory stays flat however
  many articles are built.
"""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from summitkg.builders.article import MAX_BYTES, check_regular
from summitkg.errors import UserError

from . import build_workers, identity, iris
from .build_workers import (ArticleTimeout, _init_worker, _pool, _process, _stop_workers,  # noqa: F401
                            die_with_parent, fingerprint)
from .inputs import InputCache
from .load import (ENTITY_PREDICATES, LOAD_THREADS, PREF_LABEL, bulk_load_nquads,  # noqa: F401
                   labelled_subjects, refresh_entities, refresh_entities_counted)
from .store import graph_counts, scratch_file, write_generation

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
BATCH_QUADS = 300_000       # quads gathered before one bulk load
ARTICLE_PREFIX = iris.GRAPH + "article/"


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    extracted: int = 0          # articles that went through the extractor in this build
    loaded_quads: int = 0       # quads written for the built articles


def expand_inputs(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the article files inside any folder, sorted; a path that is not a
    regular file (FIFO, device, socket) is refused here, before the store is locked."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            if not files:
                raise UserError(f"{p}: no article files (.txt, .html) in this folder")
            out.extend(files)
        elif not p.exists():
            raise UserError(f"{p}: no such file")
        else:
            check_regular(p, p.stat().st_mode)     # before the store lock: a FIFO would hold it
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique


# ---------------------------------------------------------------- main side

def ontology_quads():
    import pyoxigraph
    data = resources.files("summitkg.ontology").joinpath("summitkg.ttl").read_bytes()
    graph = pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)
    return [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
            for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)]


def known_fingerprints(store) -> dict[str, tuple[str, str, str]]:
    """Article id -> fingerprint of every article graph in the store."""
    known: dict[str, tuple[str, str, str]] = {}
    q = ("SELECT ?g ?h ?l ?src WHERE { GRAPH ?g { ?a <%scontentHash> ?h "
         "OPTIONAL { ?a <https://schema.org/inLanguage> ?l } OPTIONAL { ?a <http://purl.org/dc/terms/source> ?src } } }"
         % iris.ONT)
    for row in store.query(q):
        g = row["g"].value
        if g.startswith(ARTICLE_PREFIX):
            known[g[len(ARTICLE_PREFIX):]] = (row["h"].value, row["l"].value if row["l"] else "",
                                              row["src"].value if row["src"] else "")
    return known


def build(paths: list[str | Path], store_dir: str | Path, language: str | None = None, jobs: int = 1,
          progress=None, force: bool = False, curation: str | Path | None = None,
          article_seconds: float | None = None, scheduler: str | None = None,
          shard_dir: str | Path | None = None) -> BuildReport:
    """Build articles into the store at ``store_dir`` (created if missing).

    ``jobs`` > 1 extracts in that many processes; ``force`` extracts every article even if unchanged;
    ``curation``: a file of corrections (``summitkg curate export``) to add to the store's own;
    ``article_seconds``: the time budget of one article (:class:`ArticleTimeout` past it);
    ``scheduler``: a Dask scheduler address (``tcp://HOST:PORT``) to extract on instead
    (:mod:`summitkg.graph.cluster`); ``shard_dir``: also write the N-Quads of each batch of
    articles there, one file named by its content hash (for a server store's bulk loader).
    """
    if article_seconds is not None:
        build_workers.ARTICLE_SECONDS = float(article_seconds)   # before the workers are forked
    files = expand_inputs(paths)
    report = BuildReport()
    cache = InputCache.load(store_dir)
    keys = [cache.key(f, language, MAX_BYTES) for f in files]
    # files the cache does not know must be read: no more workers than them (adding one article
    # to a large folder forks no pool whose workers would each load the language packs)
    unknown = len(files) if force else sum(1 for k in keys if k not in cache.entries)
    jobs = max(1, min(int(jobs or 1), unknown))
    client = None
    if scheduler:
        from .cluster import connect
        client, jobs = connect(scheduler), 1
    pool = _pool(jobs) if jobs > 1 else None       # started before the store is opened
    known_file = None
    try:
        with write_generation(store_dir) as store:
            stored = known_fingerprints(store)
            known = {} if force else stored      # what the workers compare against
            ready = [None if force else cache.unchanged(k, f, known) for k, f in zip(keys, files)]
            todo = [f for f, r in zip(files, ready) if r is None]     # only these are read as articles
            if client is not None:
                from .cluster import cluster_results
                fresh = cluster_results(client, todo, language, force, known)
            elif pool is not None and todo:
                # In the store folder, not /tmp: a killed build's file is removed by the next build.
                known_file = str(scratch_file(store_dir, "known", ".json"))
                with open(known_file, "w", encoding="utf-8") as fh:
                    json.dump(known, fh)
                work = [(str(f), language, force, known_file) for f in todo]
                chunk = max(1, min(build_workers.CHUNKSIZE, len(work) // (jobs * 4)))
                fresh = pool.map(_process, work, chunksize=chunk)
            else:
                _init_worker(known)
                fresh = map(_process, [(str(f), language, force) for f in todo])
            results = _in_order(files, keys, ready, fresh, cache)
            if shard_dir is not None:
                from .cluster import sharded
                results = sharded(results, shard_dir)
            if curation is not None:
                from .curation import load_file
                load_file(store, curation)
            counts = graph_counts(store_dir)
            legacy = counts is None      # written before counts were kept, or by remove/curate
            if legacy:
                counts = count_graphs(store)
            _build_into(store, files, results, language, report, progress, stored, counts,
                        resolve=curation is not None or legacy)
            cache.save(stored)
    except BaseException:
        if pool is not None:
            _stop_workers(pool)     # a failed or interrupted build need not wait for their articles
        raise
    finally:
        if client is not None:
            client.close()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if known_file:
            with contextlib.suppress(OSError):
                os.unlink(known_file)
    return report


def _in_order(files, keys, ready, fresh, cache):
    """Every file's result in input order: the ones the input cache decided, and the ones the
    workers returned (in the order they were sent); each remembered in the cache."""
    fresh = iter(fresh)
    for f, key, done in zip(files, keys, ready):
        result = done if done is not None else next(fresh)
        cache.remember(key, f, result)
        yield result


def count_graphs(store, graphs=None) -> dict[str, int]:
    """Quads per named graph: of every graph (a scan of the whole store), or of ``graphs`` only
    (index lookups, in batches; graphs with no quads are left out)."""
    import pyoxigraph

    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { %s GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    if graphs is None:
        return {row["g"].value: int(row["n"].value) for row in store.query(q % "")}
    out: dict[str, int] = {}
    graphs = sorted(graphs)
    for i in range(0, len(graphs), 500):
        values = "VALUES ?g { %s }" % " ".join(str(pyoxigraph.NamedNode(g)) for g in graphs[i:i + 500])
        out.update((row["g"].value, int(row["n"].value)) for row in store.query(q % values))
    return out


def _replace_ontology(store, counts: dict[str, int]) -> None:
    """Write the ontology graph only when it differs from the installed ontology file."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)
    quads = ontology_quads()
    if store.contains_named_graph(graph):
        if set(store.quads_for_pattern(None, None, None, graph)) == set(quads):
            return
        store.dead_quads += counts.pop(iris.ONTOLOGY_GRAPH, 0)
        store.remove_graph(graph)
    store.extend(quads)


def _build_into(store, files, results, language, report: BuildReport, progress, stored, counts,
                resolve: bool = False) -> None:
    """Load the changed articles' graphs in batches, then bring the derived graphs up to date
    for the nodes they name; ``counts`` (quads per graph before) is kept up to date."""

    _replace_ontology(store, counts)
    batch: list[bytes] = []
    batch_aids: set[str] = set()
    batch_quads = 0

    def flush():
        nonlocal batch, batch_aids, batch_quads
        if batch:
            bulk_load_nquads(store, batch)
        batch, batch_aids, batch_quads = [], set(), 0

    seen_ids: dict[str, str] = {}
    built_ids: set[str] = set()
    touched: set[str] = set()       # labelled nodes of the graphs written or replaced
    for i, (f, (aid, fp, data, nquads, warnings)) in enumerate(zip(files, results)):
        report.warnings.extend(warnings)
        if aid in seen_ids:
            report.warnings.append(
                f"{f}: same article id as {seen_ids[aid]}; the later file replaces the earlier")
        seen_ids[aid] = str(f)
        if data is None and aid in built_ids:
            # unchanged against the store, but an earlier file of this build replaced that graph
            aid, fp, data, nquads, warnings = _process((str(f), language, True))
        if data is None:
            report.unchanged.append(str(f))
        else:
            report.extracted += 1
            if aid in batch_aids:
                flush()
            graph = iris.article_graph(aid)
            if aid in stored or aid in built_ids:
                touched |= _drop_graph(store, graph, counts)
            touched.update(labelled_subjects(data))
            stored[aid] = fp
            built_ids.add(aid)
            batch.append(data)
            batch_aids.add(aid)
            batch_quads += nquads
            report.loaded_quads += nquads
            report.built.append(str(f))
            if batch_quads >= BATCH_QUADS:
                flush()
        if progress:
            progress(i + 1, len(files), str(f))
    flush()
    counts.update(count_graphs(store, {iris.article_graph(a) for a in built_ids}))
    touched |= _drop_same_text(store, report, stored, counts)
    _refresh_derived(store, touched, counts, resolve)
    report.graphs = dict(sorted(counts.items()))
    report.triples = sum(counts.values())
    store.graph_counts = report.graphs


def _drop_graph(store, graph: str, counts: dict[str, int]) -> set[str]:
    """Remove one article graph; returns the labelled nodes it held."""
    import pyoxigraph

    node = pyoxigraph.NamedNode(graph)
    label = pyoxigraph.NamedNode(ENTITY_PREDICATES[0])
    touched = {q.subject.value for q in store.quads_for_pattern(None, label, None, node)
               if isinstance(q.subject, pyoxigraph.NamedNode)}
    store.remove_graph(node)
    store.dead_quads += counts.pop(graph, 0)
    return touched


def _refresh_derived(store, touched: set[str], counts: dict[str, int], resolve: bool) -> None:
    """The entities graph for the nodes the changed articles name, then the identity links (also
    when ``resolve``: corrections were added, or the store was written without counts, so maybe
    before the links existed); the counts of the graphs they wrote are taken anew."""
    import pyoxigraph

    entities = pyoxigraph.NamedNode(iris.ENTITIES_GRAPH)
    if not store.contains_named_graph(entities):
        store.dead_quads += refresh_entities_counted(store)[1]      # a store written before the entities graph
    elif touched:
        store.dead_quads += refresh_entities_counted(store, touched)[1]
    if touched or resolve:
        store.dead_quads += counts.get(identity.LINKS_GRAPH, 0)
        identity.resolve(store, refresh_entities)
    if store.changed:
        derived = {g.value for g in store.named_graphs() if not g.value.startswith(ARTICLE_PREFIX)}
        for g in [g for g in counts if not g.startswith(ARTICLE_PREFIX) and g not in derived]:
            del counts[g]
        counts.update(count_graphs(store, derived))


def _drop_same_text(store, report: BuildReport, stored, counts) -> set[str]:
    """One article per text: of article graphs with the same content hash (the same text under
    another file name or id), the one with the smallest id stays, whatever order they came in.
    ``stored``: article id -> fingerprint of every article graph now in the store. Returns the
    labelled nodes of the graphs dropped."""
    by_text: dict[str, list[str]] = {}
    for aid, fp in stored.items():
        by_text.setdefault(fp[0], []).append(aid)
    touched: set[str] = set()
    for aids in by_text.values():
        keep, *drop = sorted(aids)
        for aid in drop:
            touched |= _drop_graph(store, iris.article_graph(aid), counts)
            del stored[aid]
            report.warnings.append(f"article {aid}: the same text as article {keep}; kept once, as {keep}")
    return touched


def safe_build(*args, **kwargs) -> BuildReport:
    """``build``, with an operating-system failure as one line (summitkg's own errors pass as they are)."""
    try:
        return build(*args, **kwargs)
    except OSError as exc:
        raise UserError(f"build failed: {exc}") from None
