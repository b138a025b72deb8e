"""Building articles into the store: extract, convert to quads, replace each
article's named graph, skip articles whose text has not changed."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from summitkg.builders.article import InputError, read_article
from summitkg.errors import UserError

from . import iris
from .store import StoreError, write_generation

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)


def expand_inputs(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the article files inside any folder, sorted."""
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
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique


def extract_file(path: str, language: str | None = None):
    """Extract one article file into (article id, content hash, quads, warnings)."""
    from summitkg.builders.facts import extract
    from .rdf import to_quads

    article = read_article(path, language=language)
    extraction = extract(article)
    aid, quads = to_quads(extraction)
    warnings = list(article.warnings)
    if not any(e.kind in ("person", "state", "organization") for e in extraction.entities.values()):
        warnings.append(f"{path}: no people, states or organisations found; only the article node was stored")
    return aid, article.content_hash, quads, warnings


def _extract_nt(args):
    path, language = args
    aid, digest, quads, warnings = extract_file(path, language)
    return aid, digest, "\n".join(str(q) + " ." for q in quads), warnings


def ontology_quads():
    import pyoxigraph
    data = resources.files("summitkg.ontology").joinpath("summitkg.ttl").read_bytes()
    graph = pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)
    return [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
            for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)]


def build(paths: list[str | Path], store_dir: str | Path, language: str | None = None, jobs: int = 1,
          progress=None) -> BuildReport:
    """Build articles into the store at ``store_dir`` (created if missing)."""
    import pyoxigraph

    files = expand_inputs(paths)
    report = BuildReport()
    with write_generation(store_dir) as store:
        known: dict[str, str] = {}
        for row in store.query(
                "SELECT ?g ?h WHERE { GRAPH ?g { ?a <%scontentHash> ?h } }" % iris.ONT):
            known[row["g"].value] = row["h"].value
        onto_graph = pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)
        store.remove_graph(onto_graph) if store.contains_named_graph(onto_graph) else None
        store.extend(ontology_quads())
        results = []
        if jobs > 1 and len(files) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for i, res in enumerate(pool.map(_extract_nt, [(str(f), language) for f in files], chunksize=4)):
                    results.append(res)
                    if progress:
                        progress(i + 1, len(files), str(files[i]))
        else:
            for i, f in enumerate(files):
                aid, digest, quads, warnings = extract_file(str(f), language)
                results.append((aid, digest, quads, warnings))
                if progress:
                    progress(i + 1, len(files), str(f))
        seen_ids: dict[str, str] = {}
        for f, (aid, digest, quads, warnings) in zip(files, results):
            report.warnings.extend(warnings)
            if aid in seen_ids:
                report.warnings.append(f"{f}: same article id as {seen_ids[aid]}; the later file replaces the earlier")
            seen_ids[aid] = str(f)
            gname = iris.article_graph(aid)
            if known.get(gname) == digest and aid not in [a for a in report.built]:
                report.unchanged.append(str(f))
                continue
            graph = pyoxigraph.NamedNode(gname)
            if store.contains_named_graph(graph):
                store.remove_graph(graph)
            if isinstance(quads, str):
                store.load(quads.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
            else:
                store.extend(quads)
            report.built.append(str(f))
        for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
            report.graphs[row["g"].value] = int(row["n"].value)
        report.triples = sum(report.graphs.values())
    return report


def safe_build(*args, **kwargs) -> BuildReport:
    try:
        return build(*args, **kwargs)
    except InputError as exc:
        raise UserError(str(exc)) from None
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"build failed: {exc}") from None
