"""One evaluation process of the SPARQL endpoint (``python -m summitkg.graph.endpoint_worker``).

It confines itself (no network, a memory cap), opens the store read-only, then answers
requests read from standard input, one at a time. A request is one JSON line
``{"query": TEXT, "accept": HEADER}`` (TEXT already screened by the front); the answer is a
JSON line ``{"status": 200, "type": MIME}`` (or an error status and message) followed by
the body as frames ``LENGTH\\n BYTES`` and an empty frame ``0\\n``. The front kills the
process at the deadline; nothing here needs to watch the clock.
"""
from __future__ import annotations

import json
import sys

# (SPARQL results formats for SELECT and ASK, RDF formats for CONSTRUCT and DESCRIBE)
SOLUTION_TYPES = {"application/sparql-results+json": "JSON", "application/json": "JSON",
                  "application/sparql-results+xml": "XML", "application/xml": "XML",
                  "text/csv": "CSV", "text/tab-separated-values": "TSV"}
GRAPH_TYPES = {"application/n-triples": "N_TRIPLES", "text/turtle": "TURTLE", "application/rdf+xml": "RDF_XML",
               "application/n-quads": "N_QUADS", "application/trig": "TRIG", "text/plain": "N_TRIPLES"}


def negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The offered media type the Accept header likes best (None if it accepts none)."""
    best, best_q = None, 0.0
    for part in (accept or "*/*").split(","):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if media in ("*/*", "application/*", "text/*"):
            cand = default if media == "*/*" or default.startswith(media[:-1]) else None
        else:
            cand = media if media in offered else None
        if cand and q > best_q:
            best, best_q = cand, q
    return best


class _Frames:
    """A binary stream that writes what it is given as length-prefixed frames."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, data) -> int:
        if data:
            self.raw.write(b"%d\n" % len(data))
            self.raw.write(data)
        return len(data)

    def flush(self):
        self.raw.flush()


def answer(store, request: dict, out) -> None:
    import pyoxigraph

    def head(obj):
        out.write(json.dumps(obj).encode() + b"\n")

    try:
        results = store.query(request["query"], use_default_graph_as_union=request.get("union", True))
    except SyntaxError as exc:
        head({"status": 400, "error": f"not valid SPARQL: {str(exc).splitlines()[0]}"})
        return
    except (OSError, RuntimeError) as exc:
        head({"status": 500, "error": f"query failed: {str(exc).splitlines()[0] if str(exc) else exc}"})
        return
    graph = isinstance(results, pyoxigraph.QueryTriples)
    offered = GRAPH_TYPES if graph else SOLUTION_TYPES
    media = negotiate(request.get("accept", ""), offered,
                      "application/n-triples" if graph else "application/sparql-results+json")
    if media is None:
        head({"status": 406, "error": "none of the Accept header's types is offered; try "
                                      + ", ".join(sorted(offered))})
        return
    fmt = getattr(pyoxigraph.RdfFormat if graph else pyoxigraph.QueryResultsFormat, offered[media])
    head({"status": 200, "type": media})
    results.serialize(_Frames(out), fmt)
    out.write(b"0\n")


def main(argv: list[str]) -> int:
    store_dir, memory_mb = argv[0], int(argv[1])
    from summitkg.sandbox import confine
    from summitkg.graph.store import open_read

    confine(memory_mb * 2**20 if memory_mb else None)
    store = open_read(store_dir)
    out = sys.stdout.buffer
    out.write(b'{"ready": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        answer(store, json.loads(line), out)
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
