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
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from summitkg.builders.article import InputError, check_regular, read_article
from summitkg.builders.gc_pause import gc_paused
from summitkg.errors import UserError

from . import identity, iris
from .curation import CurationError
from .store import StoreError, scratch_file, write_generation

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
BATCH_QUADS = 300_000       # quads gathered before one bulk load
LOAD_THREADS = 6            # concurrent bulk loads of one batch (Oxigraph releases the GIL); on 2
                            # cores 6 parts loaded 107-153k quads/s, 4 103-144k, 8 69-107k
                            # (each part's files are ingested separately: more parts, more to merge)
CHUNKSIZE = 4               # articles handed to a worker at a time


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


def _article_id(article) -> str:
    from types import SimpleNamespace

    from .rdf import article_id
    return article_id(SimpleNamespace(article=article))


def fingerprint(article) -> tuple[str, str, str]:
    """What decides that an article is unchanged: its text's hash, its language and its file name
    (all three are written into its graph, so a change in any of them changes the graph)."""
    from .rdf import source_name

    return (article.content_hash, article.language or "",
            source_name(article.source_path) if article.source_path else "")


ARTICLE_SECONDS = 300.0      # the time budget of one article's extraction (0: none)


class ArticleTimeout(InputError):
    """An article whose extraction ran past the time budget: the build stops, the store stays."""


@contextlib.contextmanager
def _time_budget(seconds: float, path: str):
    """Raise :class:`ArticleTimeout` in this thread if the block runs longer than ``seconds``.
    A last resort behind linear-time extraction, so one pathological text cannot hold the
    store's lock for hours; only in a main thread (where SIGALRM is delivered)."""
    import signal
    import threading

    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise ArticleTimeout(f"{path}: extraction took longer than {seconds:g} s (the per-article budget, "
                             f"--article-timeout); nothing was written to the store")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract_article(article, path: str):
    """(article id, N-Quads bytes, quad count, warnings) of one read article."""
    from summitkg.builders.extract import extract

    from .rdf import to_nquads

    with _time_budget(ARTICLE_SECONDS, path):
        extraction = extract(article)
        aid, data, n = to_nquads(extraction)
    warnings = list(article.warnings)
    if not any(e.kind in ("person", "state", "organization") for e in extraction.entities.values()):
        warnings.append(f"{path}: no people, states or organisations found; only the article node was stored")
    return aid, data, n, warnings


# ---------------------------------------------------------------- worker side

_KNOWN: dict[str, tuple[str, str, str]] = {}
_KNOWN_FROM: str | None = None


def _init_worker(known: dict[str, tuple[str, str, str]], parent: int | None = None) -> None:
    global _KNOWN, _KNOWN_FROM
    _KNOWN, _KNOWN_FROM = known, None
    if parent is not None:
        die_with_parent(parent)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the build that forked it dies, even by SIGKILL
    (which no cleanup code survives): ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux. Without
    it a killed build's workers lived on, reparented to PID 1. If the parent is already gone
    when this runs, the worker leaves at once."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _known(path: str | None) -> dict[str, tuple[str, str, str]]:
    """The store's fingerprints, read once per worker from the JSON file the build wrote."""
    global _KNOWN, _KNOWN_FROM
    if path and path != _KNOWN_FROM:
        with open(path, encoding="utf-8") as fh:
            _KNOWN = {k: tuple(v) for k, v in json.load(fh).items()}
        _KNOWN_FROM = path
    return _KNOWN


def _process(args):
    """Read and hash one article; extract it only if its graph is missing or differs.

    Returns (article id, fingerprint, N-Quads bytes or None when unchanged, quad count, warnings).

    The garbage collector is paused until the article's objects are dropped: resumed any earlier
    (when ``extract`` returns), its next pass walks the whole live extraction, and promoting it
    to older generations brings on full passes over the lexicons as well."""
    with gc_paused():
        return _process_article(args)


def _process_article(args):
    path, language, force = args[:3]
    known = _known(args[3] if len(args) > 3 else None)
    article = read_article(path, language=language)
    aid = _article_id(article)
    fp = fingerprint(article)
    if not force and known.get(aid) == fp:
        return aid, fp, None, 0, list(article.warnings)
    aid2, data, n, warnings = _extract_article(article, path)
    assert aid2 == aid, (aid, aid2)
    return aid, fp, data, n, warnings


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (CPython keeps them in ``_processes``)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            proc.kill()


def _noop() -> None:
    return None


def _pool(jobs: int, known=None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers, all started now.

    With the ``fork`` start method (Linux) the workers are forked here, before the build opens the
    database, so they never inherit its handles or threads, and library callers need no
    ``if __name__ == "__main__"`` guard. Elsewhere the platform's default method is used."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(known or {}, os.getpid()))
    for f in [pool.submit(_noop) for _ in range(jobs)]:
        f.result()
    return pool


# ---------------------------------------------------------------- main side

def ontology_quads():
    import pyoxigraph
    data = resources.files("summitkg.ontology").joinpath("summitkg.ttl").read_bytes()
    graph = pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)
    return [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
            for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)]


def known_fingerprints(store) -> dict[str, tuple[str, str, str]]:
    """Article id -> fingerprint of every article graph in the store."""
    prefix = iris.GRAPH + "article/"
    known: dict[str, tuple[str, str, str]] = {}
    q = ("SELECT ?g ?h ?l ?src WHERE { GRAPH ?g { ?a <%scontentHash> ?h "
         "OPTIONAL { ?a <https://schema.org/inLanguage> ?l } OPTIONAL { ?a <http://purl.org/dc/terms/source> ?src } } }"
         % iris.ONT)
    for row in store.query(q):
        g = row["g"].value
        if g.startswith(prefix):
            known[g[len(prefix):]] = (row["h"].value, row["l"].value if row["l"] else "",
                                      row["src"].value if row["src"] else "")
    return known


def build(paths: list[str | Path], store_dir: str | Path, language: str | None = None, jobs: int = 1,
          progress=None, force: bool = False, curation: str | Path | None = None,
          article_seconds: float | None = None) -> BuildReport:
    """Build articles into the store at ``store_dir`` (created if missing).

    ``jobs`` > 1 extracts in that many processes; ``force`` extracts every article even if unchanged;
    ``curation``: a file of corrections (``summitkg curate export``) to add to the store's own;
    ``article_seconds``: the time budget of one article (:class:`ArticleTimeout` past it).
    """
    global ARTICLE_SECONDS
    if article_seconds is not None:
        ARTICLE_SECONDS = float(article_seconds)     # before the workers are forked: they inherit it
    files = expand_inputs(paths)
    report = BuildReport()
    jobs = max(1, min(int(jobs or 1), len(files)))
    pool = _pool(jobs) if jobs > 1 else None       # started before the store is opened
    known_file = None
    try:
        with write_generation(store_dir) as store:
            known = {} if force else known_fingerprints(store)   # what the workers compare against
            if pool is not None:
                # In the store folder, not /tmp: a killed build's file is removed by the next build.
                known_file = str(scratch_file(store_dir, "known", ".json"))
                with open(known_file, "w", encoding="utf-8") as fh:
                    json.dump(known, fh)
                work = [(str(f), language, force, known_file) for f in files]
                chunk = max(1, min(CHUNKSIZE, len(work) // (jobs * 4)))
                results = pool.map(_process, work, chunksize=chunk)
            else:
                _init_worker(known)
                results = map(_process, [(str(f), language, force) for f in files])
            if curation is not None:
                from .curation import load_file
                load_file(store, curation)
            _build_into(store, files, results, language, report, progress, curated=curation is not None)
    except BaseException:
        if pool is not None:
            _stop_workers(pool)     # a failed or interrupted build need not wait for their articles
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if known_file:
            with contextlib.suppress(OSError):
                os.unlink(known_file)
    return report


def _build_into(store, files, results, language, report: BuildReport, progress, curated: bool = False) -> None:
    import pyoxigraph

    onto_graph = pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)
    if store.contains_named_graph(onto_graph):
        store.remove_graph(onto_graph)
    store.extend(ontology_quads())

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
    label = pyoxigraph.NamedNode(ENTITY_PREDICATES[0])
    for i, (f, (aid, fp, data, nquads, warnings)) in enumerate(zip(files, results)):
        report.warnings.extend(warnings)
        duplicate = aid in seen_ids
        if duplicate:
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
            graph = pyoxigraph.NamedNode(iris.article_graph(aid))
            if store.contains_named_graph(graph):
                touched.update(q.subject.value for q in store.quads_for_pattern(None, label, None, graph)
                               if isinstance(q.subject, pyoxigraph.NamedNode))
                store.remove_graph(graph)
            touched.update(labelled_subjects(data))
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
    touched |= _drop_same_text(store, report)
    if not store.contains_named_graph(pyoxigraph.NamedNode(iris.ENTITIES_GRAPH)):
        refresh_entities(store)             # a store written before the entities graph existed
    elif touched:
        refresh_entities(store, touched)
    if touched or curated or not store.contains_named_graph(pyoxigraph.NamedNode(identity.LINKS_GRAPH)):
        identity.resolve(store, refresh_entities)
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        report.graphs[row["g"].value] = int(row["n"].value)
    report.triples = sum(report.graphs.values())


def _drop_same_text(store, report: BuildReport) -> set[str]:
    """One article per text: of article graphs with the same content hash (the same text under
    another file name or id), the one with the smallest id stays, whatever order they came in.
    Returns the labelled nodes of the graphs dropped."""
    import pyoxigraph

    by_text: dict[str, list[str]] = {}
    for aid, fp in known_fingerprints(store).items():
        by_text.setdefault(fp[0], []).append(aid)
    label = pyoxigraph.NamedNode(ENTITY_PREDICATES[0])
    touched: set[str] = set()
    for aids in by_text.values():
        keep, *drop = sorted(aids)
        for aid in drop:
            graph = pyoxigraph.NamedNode(iris.article_graph(aid))
            touched.update(q.subject.value for q in store.quads_for_pattern(None, label, None, graph)
                           if isinstance(q.subject, pyoxigraph.NamedNode))
            store.remove_graph(graph)
            report.warnings.append(f"article {aid}: the same text as article {keep}; kept once, as {keep}")
    return touched


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
    articles name, not for the whole store. Returns the number of triples written."""
    import pyoxigraph

    from .display import display_name

    graph = pyoxigraph.NamedNode(iris.ENTITIES_GRAPH)
    prefix = iris.GRAPH + "article/"
    articles = iris.ID + "article/"
    label, *others = (pyoxigraph.NamedNode(p) for p in ENTITY_PREDICATES)
    pref = pyoxigraph.NamedNode(PREF_LABEL)
    if subjects is None:
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
        subjects = {q.subject.value for q in store.quads_for_pattern(None, label, None, None)
                    if isinstance(q.subject, pyoxigraph.NamedNode)}
    quads = []
    for iri in sorted(subjects):
        if iri.startswith(articles):
            continue
        node = pyoxigraph.NamedNode(iri)
        for p in (label, pref, *others):
            for q in list(store.quads_for_pattern(node, p, None, graph)):
                store.remove(q)
        given = [q.object for q in store.quads_for_pattern(node, label, None, None)
                 if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value.startswith(prefix)]
        if not given:
            continue
        quads.extend(pyoxigraph.Quad(node, label, o, graph) for o in set(given))
        name = display_name(given)
        if name is not None:
            quads.append(pyoxigraph.Quad(node, pref, name, graph))
        for p in others:
            quads.extend(pyoxigraph.Quad(node, p, o, graph) for o in {
                q.object for q in store.quads_for_pattern(node, p, None, None)
                if isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value.startswith(prefix)})
    store.extend(quads)
    return len(quads)


_LABELLED = re.compile(rb"^<([^>]+)> <http://www\.w3\.org/2000/01/rdf-schema#label> ", re.M)


def labelled_subjects(nquads: bytes) -> set[str]:
    """IRIs given an rdfs:label in N-Quads (as the workers return them)."""
    return {m.group(1).decode("utf-8") for m in _LABELLED.finditer(nquads)}


def safe_build(*args, **kwargs) -> BuildReport:
    try:
        return build(*args, **kwargs)
    except InputError as exc:
        raise UserError(str(exc)) from None
    except (StoreError, CurationError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"build failed: {exc}") from None
