"""Exports of the store in every common RDF format, written atomically."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from summitkg.errors import UserError

from . import iris
from .atomic import write_atomic

FORMATS = {
    "ttl": ("TURTLE", False), "nt": ("N_TRIPLES", False), "nq": ("N_QUADS", True),
    "trig": ("TRIG", True), "jsonld": ("JSON_LD", True), "xml": ("RDF_XML", False),
}


def _prefixes() -> dict[str, str]:
    return dict(iris.PREFIXES)


def _sorted_quads(store, graphs: str):
    import pyoxigraph

    if graphs == "ontology":
        quads = list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)))
    elif graphs == "data":
        quads = [q for q in store.quads_for_pattern(None, None, None, None)
                 if not (isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value == iris.ONTOLOGY_GRAPH)]
    else:
        quads = list(store.quads_for_pattern(None, None, None, None))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


def serialize_to(store, fmt: str, output, graphs: str = "all") -> None:
    """Write the store (or only the ontology, or only the data) to a binary file object."""
    import pyoxigraph

    if fmt not in FORMATS:
        raise UserError(f"unknown export format '{fmt}' (use one of: {', '.join(FORMATS)})")
    name, is_dataset = FORMATS[fmt]
    quads = _sorted_quads(store, graphs)
    if fmt == "jsonld":
        output.write(jsonld(quads))
        return
    fmt_obj = getattr(pyoxigraph.RdfFormat, name)
    if is_dataset:
        pyoxigraph.serialize(quads, output, format=fmt_obj, prefixes=_prefixes() if fmt == "trig" else None)
        return
    seen = set()
    triples = []
    for q in quads:
        t = pyoxigraph.Triple(q.subject, q.predicate, q.object)
        k = str(t)
        if k not in seen:
            seen.add(k)
            triples.append(t)
    del quads
    pyoxigraph.serialize(triples, output, format=fmt_obj, prefixes=_prefixes() if fmt in ("ttl", "xml") else None)


def serialize(store, fmt: str, graphs: str = "all") -> bytes:
    """The store (or only the ontology) in one format; triple formats get the union of graphs."""
    import io

    buf = io.BytesIO()
    serialize_to(store, fmt, buf, graphs)
    return buf.getvalue()


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
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    # rdflib orders nodes by Python's (randomised) string hashes; sort the arrays
    # (unordered in JSON-LD, except @list) so two exports are byte-identical.
    doc = _sorted_jsonld(json.loads(text))
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _sorted_jsonld(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: (v if k == "@context" else _sorted_jsonld(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_jsonld(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def export(store_dir, fmt: str, out: str | Path | None = None, graphs: str = "all") -> bytes | None:
    """Serialise the store at ``store_dir``: bytes if ``out`` is None, else written to ``out`` atomically."""
    from .store import open_read

    if fmt not in FORMATS:
        raise UserError(f"unknown export format '{fmt}' (use one of: {', '.join(FORMATS)})")
    store = open_read(store_dir)
    if out is None:
        return serialize(store, fmt, graphs)
    write_atomic(out, lambda fh: serialize_to(store, fmt, fh, graphs), make_parents=True)
    return None
