"""Exports of the store in every common RDF format, written atomically."""
from __future__ import annotations

import json
import os
import tempfile
from importlib import resources
from pathlib import Path

from summitkg.errors import UserError

from . import iris

FORMATS = {
    "ttl": ("TURTLE", False), "nt": ("N_TRIPLES", False), "nq": ("N_QUADS", True),
    "trig": ("TRIG", True), "jsonld": ("JSON_LD", True), "xml": ("RDF_XML", False),
}


def _prefixes() -> dict[str, str]:
    return dict(iris.PREFIXES)


def serialize(store, fmt: str, graphs: str = "all") -> bytes:
    """The store (or only the ontology) in one format; triple formats get the union of graphs."""
    import pyoxigraph

    if fmt not in FORMATS:
        raise UserError(f"unknown export format '{fmt}' (use one of: {', '.join(FORMATS)})")
    name, is_dataset = FORMATS[fmt]
    if graphs == "ontology":
        quads = list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)))
    elif graphs == "data":
        quads = [q for q in store.quads_for_pattern(None, None, None, None)
                 if not (isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value == iris.ONTOLOGY_GRAPH)]
    else:
        quads = list(store.quads_for_pattern(None, None, None, None))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    if fmt == "jsonld":
        return jsonld(quads)
    fmt_obj = getattr(pyoxigraph.RdfFormat, name)
    if is_dataset:
        return pyoxigraph.serialize(quads, format=fmt_obj, prefixes=_prefixes() if fmt == "trig" else None)
    seen = set()
    triples = []
    for q in quads:
        t = pyoxigraph.Triple(q.subject, q.predicate, q.object)
        k = str(t)
        if k not in seen:
            seen.add(k)
            triples.append(t)
    return pyoxigraph.serialize(triples, format=fmt_obj,
                                prefixes=_prefixes() if fmt in ("ttl", "xml") else None)


def context() -> dict:
    return json.loads(resources.files("summitkg.ontology").joinpath("context.jsonld").read_text(encoding="utf-8"))


def jsonld(quads) -> bytes:
    """JSON-LD with the project's compact context (readable keys, only our prefixes)."""
    import pyoxigraph
    import rdflib

    nq = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=nq.decode("utf-8"), format="nquads")
    ctx = context()["@context"]
    text = ds.serialize(format="json-ld", context=ctx, auto_compact=True)
    return text.encode("utf-8") if isinstance(text, str) else text


def write_atomic(data: bytes, out: str | Path) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=str(out.parent), prefix="." + out.name + ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def export(store_dir, fmt: str, out: str | Path | None = None, graphs: str = "all") -> bytes | None:
    from .store import open_read

    store = open_read(store_dir)
    data = serialize(store, fmt, graphs)
    if out is None:
        return data
    write_atomic(data, out)
    return None
