"""Publishing the graph as linked data.

- :func:`serve` serves a store read-only over the SPARQL 1.1 Protocol with the
  YASGUI query page, by running the ``oxigraph`` server from PyPI (the same
  Oxigraph release as the embedded ``pyoxigraph``, so it reads the same
  database format). It serves a hard-linked snapshot of the current
  generation, so a build may run meanwhile; restart ``serve`` to see it.
- :func:`push` loads the ontology graph and every article's named graph into
  any SPARQL 1.1 store through the Graph Store HTTP Protocol (``PUT
  ?graph=IRI``, which replaces the graph, so pushing twice leaves no
  duplicates), or through SPARQL Update (``DROP SILENT GRAPH`` + ``INSERT
  DATA`` in one request) for stores without it. Then it counts each graph in
  the store and compares.
- :func:`void_description` describes the dataset in VoID/DCAT (``graph/void.py``).
- :func:`ontology_docs` writes the ontology documentation as HTML (pyLODE).

HTTP (``graph/http_client.py``) uses only the standard library (``urllib``), with one
deadline per request and a cap on answers. Credentials come from
``SUMMITKG_USER`` / ``SUMMITKG_PASSWORD`` or ``~/.netrc`` (by host), never
from the command line; HTTP basic and digest authentication are answered
when the store asks (nothing is sent before a challenge). Redirects are never
followed, so credentials and data go only to the host that was named.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.parse
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from summitkg.errors import UserError
from summitkg.graph import iris
from summitkg.graph.atomic import write_atomic
from summitkg.graph.http_client import (ENV_PASSWORD, ENV_USER, GSP_HINT, _Http, _host,  # noqa: F401
                                        _snippet, check_url, redact, resolve_auth)

from summitkg.graph.void import RIGHTS, void_description  # noqa: E402,F401 - part of this API

NTRIPLES = "application/n-triples"
TURTLE = "text/turtle"
SPARQL_JSON = "application/sparql-results+json"

# Prefixes worth declaring in a query against the served store.
QUERY_PREFIXES = ("skg", "skgid", "skgg", "rdf", "rdfs", "skos", "xsd", "owl", "schema", "prov", "dcterms", "nif")



# ---------------------------------------------------------------------------
# HTTP (graph/http_client.py: deadlines, size caps, one-line errors)
# ---------------------------------------------------------------------------

def _with_graph(endpoint: str, graph: str) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return endpoint + sep + urllib.parse.urlencode({"graph": graph})


def _check_iri(iri: str) -> str:
    if not iri or re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
        raise UserError(f"push: not a usable graph IRI: {iri!r}")
    return iri


def _validate(body: bytes, content_type: str) -> int:
    """Parse the body before sending it; return its triple count (UserError if malformed)."""
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.N_TRIPLES if content_type == NTRIPLES else pyoxigraph.RdfFormat.TURTLE
    try:
        return sum(1 for _ in pyoxigraph.parse(body, fmt))
    except SyntaxError as exc:
        raise UserError(f"push: refusing to send a malformed {content_type} body ({exc}); nothing was sent") from None


def _has_blank_nodes(ntriples: bytes) -> bool:
    import pyoxigraph

    return any(isinstance(t.subject, pyoxigraph.BlankNode) or isinstance(t.object, pyoxigraph.BlankNode)
               for t in pyoxigraph.parse(ntriples, pyoxigraph.RdfFormat.N_TRIPLES))


def put_graph(endpoint: str, graph: str, body: bytes, *, content_type: str = NTRIPLES,
              auth=None, timeout: float = 60, validate: bool = True, _http: _Http | None = None) -> int:
    """Replace one named graph through the Graph Store HTTP Protocol (PUT ?graph=IRI).

    The body is parsed first (``validate``), so a malformed body is never sent:
    not every store keeps the old graph when a PUT fails to parse. Returns the
    HTTP status (200/201/204)."""
    _check_iri(graph)
    if validate:
        _validate(body, content_type)
    http = _http or _Http(resolve_auth([endpoint], auth), timeout)
    status, _h, _b = http.request("PUT", _with_graph(endpoint, graph), body,
                                  {"Content-Type": f"{content_type}; charset=utf-8"},
                                  what=f"push {graph}")
    return status


def update_graph(update_endpoint: str, graph: str, ntriples: bytes, *, auth=None, timeout: float = 60,
                 validate: bool = True, _http: _Http | None = None) -> int:
    """Replace one named graph through SPARQL Update: DROP SILENT GRAPH + INSERT DATA, one request."""
    _check_iri(graph)
    if validate:
        _validate(ntriples, NTRIPLES)
    text = f"DROP SILENT GRAPH <{graph}>"
    if ntriples.strip():
        # INSERT DATA may hold blank nodes in the standard, but Virtuoso refuses them
        # there (SP031); a template with an empty WHERE makes the same fresh blank nodes.
        body = ntriples.decode("utf-8")
        if _has_blank_nodes(ntriples):
            text += f" ;\nINSERT {{ GRAPH <{graph}> {{\n{body}\n}} }} WHERE {{}}"
        else:
            text += f" ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"
    http = _http or _Http(resolve_auth([update_endpoint], auth), timeout)
    status, _h, _b = http.request("POST", update_endpoint, text.encode("utf-8"),
                                  {"Content-Type": "application/sparql-update; charset=utf-8"},
                                  what=f"push {graph} (SPARQL Update)")
    return status


def remote_select(query_endpoint: str, query: str, *, default_graph_uris=(), named_graph_uris=None, auth=None,
                  timeout: float = 60, _http: _Http | None = None) -> list[dict[str, str]]:
    """Run a SELECT through the SPARQL 1.1 Protocol (POST, form-encoded); rows of
    ``{variable: value}`` with values as plain strings (IRIs without brackets).

    ``default_graph_uris``: graphs whose merge is the query's default graph (the
    protocol's ``default-graph-uri``), e.g. every pushed graph, to run the
    catalogued queries (written for the union of the graphs) on any store.
    ``named_graph_uris``: the protocol's ``named-graph-uri``; by default the same graphs, since a
    protocol dataset without them hides every named graph, and the catalogued queries look
    entities up in ``graph/entities``."""
    http = _http or _Http(resolve_auth([query_endpoint], auth), timeout)
    if named_graph_uris is None:
        named_graph_uris = default_graph_uris
    form = [("query", query)] + [("default-graph-uri", g) for g in default_graph_uris] + \
        [("named-graph-uri", g) for g in named_graph_uris]
    _s, _h, body = http.request(
        "POST", query_endpoint, urllib.parse.urlencode(form).encode("utf-8"),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": SPARQL_JSON},
        what="query")
    try:
        data = json.loads(body.decode("utf-8"))
        bindings = data["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise UserError(f"query: {_host(query_endpoint)} did not answer with SPARQL JSON results: "
                        f"{_snippet(body, 120)}") from None
    return [{k: v.get("value", "") for k, v in row.items()} for row in bindings]


def remote_count(graph: str, *, query_endpoint: str | None = None, gsp_endpoint: str | None = None,
                 auth=None, timeout: float = 60, _http: _Http | None = None) -> int:
    """Triples the store holds in a named graph: a SPARQL COUNT if a query endpoint
    is given, else a Graph Store GET (404 counts as 0)."""
    _check_iri(graph)
    http = _http or _Http(resolve_auth([query_endpoint, gsp_endpoint], auth), timeout)
    if query_endpoint:
        rows = remote_select(query_endpoint,
                             f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                             _http=http)
        try:
            return int(rows[0]["n"])
        except (IndexError, KeyError, ValueError):
            raise UserError(f"push: the count query at {_host(query_endpoint)} gave no number") from None
    if not gsp_endpoint:
        raise UserError("push: no endpoint to count with")
    try:
        _s, _h, body = http.request("GET", _with_graph(gsp_endpoint, graph), None,
                                    {"Accept": NTRIPLES}, what=f"count {graph}")
    except UserError as exc:
        if " 404 " in str(exc):
            return 0
        raise
    import pyoxigraph

    try:
        return len(set(pyoxigraph.parse(body, pyoxigraph.RdfFormat.N_TRIPLES)))
    except SyntaxError as exc:
        raise UserError(f"push: the store's copy of {graph} is not N-Triples ({exc})") from None


@dataclass
class GraphPush:
    graph: str
    triples: int
    bytes: int
    method: str  # "gsp" or "update"
    status: int
    remote_triples: int | None = None

    @property
    def ok(self) -> bool:
        return self.remote_triples is None or self.remote_triples == self.triples


@dataclass
class PushReport:
    endpoint: str | None
    update_endpoint: str | None
    query_endpoint: str | None
    graphs: list[GraphPush] = field(default_factory=list)
    verified_with: str | None = None  # "SPARQL COUNT at URL" / "Graph Store GET at URL" / None
    default_graph_triples: int = 0
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)   # graphs of ours the target held, the store no longer has
    stale_checked: bool = False

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    @property
    def mismatches(self) -> list[GraphPush]:
        return [g for g in self.graphs if not g.ok]

    def lines(self) -> list[str]:
        methods = sorted({g.method for g in self.graphs})
        how = " and ".join({"gsp": f"Graph Store PUT to {self.endpoint}",
                            "update": f"SPARQL Update to {self.update_endpoint}"}[m] for m in methods)
        out = [f"Pushed {len(self.graphs)} graphs, {self.triples} triples ({how or 'nothing'}) "
               f"in {self.seconds:.1f} s:"]
        width = max((len(g.graph) for g in self.graphs), default=0)
        for g in self.graphs:
            check = "" if g.remote_triples is None else (
                f"  store has {g.remote_triples}" + ("" if g.ok else "  MISMATCH"))
            out.append(f"  {g.graph:<{width}}  {g.triples:>7} triples  HTTP {g.status}{check}")
        if self.default_graph_triples:
            out.append(f"  ({self.default_graph_triples} triples in the local default graph were not pushed)")
        for g in self.removed:
            out.append(f"  {g}  removed: the store no longer has it")
        if not self.stale_checked:
            out.append("Graphs the target holds from an earlier push were not looked for (give --query-endpoint).")
        if self.verified_with is None:
            out.append("Store count not checked (give --query-endpoint to check it).")
        elif self.mismatches:
            out.append(f"Store count check ({self.verified_with}): {len(self.mismatches)} graphs differ.")
        else:
            out.append(f"Store count check ({self.verified_with}): every graph matches.")
        return out


# Statuses that mean "this URL does not do the Graph Store Protocol" (then try SPARQL Update).
_GSP_UNSUPPORTED = (" 404 ", " 405 ", " 415 ", " 501 ", "does not accept")


def push(store_dir, endpoint: str | None, update_endpoint: str | None = None, auth=None,
         timeout: float = 60, query_endpoint: str | None = None, verify: bool = True,
         progress=None) -> PushReport:
    """Load the ontology graph and each article's named graph into a SPARQL 1.1 store.

    ``endpoint`` is the store's Graph Store HTTP Protocol URL; every named graph
    is sent as N-Triples with ``PUT ?graph=IRI``, which replaces it. If the
    endpoint is None, or answers that it does not do the protocol (404, 405,
    415, 501), ``update_endpoint`` is used instead (SPARQL Update, ``DROP SILENT
    GRAPH`` + ``INSERT DATA`` in one request). ``auth``: a (user, password) pair,
    False for none, or None to take ``SUMMITKG_USER``/``SUMMITKG_PASSWORD`` or
    ``~/.netrc``. Afterwards each graph is counted in the store (SPARQL COUNT at
    ``query_endpoint``, else Graph Store GET) and compared with what was sent.
    Any failure raises :class:`UserError` with one line; graphs sent before it stay.
    """
    from summitkg.graph.store import open_read

    if not endpoint and not update_endpoint:
        raise UserError("push: give the store's Graph Store endpoint (--endpoint) or its update endpoint (--update-endpoint)")
    for url in (endpoint, update_endpoint, query_endpoint):
        if url:
            check_url(url)      # http(s) only, and no user:password@ (it would end up in messages)
    started = time.monotonic()
    store = open_read(store_dir)
    import pyoxigraph

    names = sorted(str(g.value) for g in store.named_graphs() if isinstance(g, pyoxigraph.NamedNode))
    # The ontology first, so a store never holds data whose vocabulary is missing.
    names.sort(key=lambda g: (g != iris.ONTOLOGY_GRAPH, g))
    if not names:
        raise UserError(f"push: {store_dir} has no named graphs to push; build the store first")
    default_count = sum(1 for _ in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))

    http = _Http(resolve_auth([endpoint, update_endpoint, query_endpoint], auth), timeout)
    report = PushReport(endpoint, update_endpoint, query_endpoint, default_graph_triples=default_count)
    use_update = not endpoint
    for name in names:
        body = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(name))
        triples = _validate(body, NTRIPLES)
        if not use_update:
            try:
                status = put_graph(endpoint, name, body, validate=False, _http=http)
                report.graphs.append(GraphPush(name, triples, len(body), "gsp", status))
            except UserError as exc:
                if not update_endpoint or not any(s in str(exc) for s in _GSP_UNSUPPORTED):
                    raise
                use_update = True
        if use_update:
            status = update_graph(update_endpoint, name, body, validate=False, _http=http)
            report.graphs.append(GraphPush(name, triples, len(body), "update", status))
        if progress:
            progress(report.graphs[-1])

    if query_endpoint:
        report.removed = _remove_stale(http, names, endpoint if not use_update else None,
                                       update_endpoint, query_endpoint)
        report.stale_checked = True
    if verify:
        gsp = endpoint if any(g.method == "gsp" for g in report.graphs) else None
        if query_endpoint or gsp:
            report.verified_with = (f"SPARQL COUNT at {query_endpoint}" if query_endpoint
                                    else f"Graph Store GET at {gsp}")
            for g in report.graphs:
                g.remote_triples = remote_count(g.graph, query_endpoint=query_endpoint, gsp_endpoint=gsp,
                                                _http=http)
    report.seconds = time.monotonic() - started
    return report


def _remove_stale(http, names: list[str], gsp: str | None, update_endpoint: str | None,
                  query_endpoint: str) -> list[str]:
    """Drop the graphs under summitkg's graph namespace that the target holds and the store does
    not (an article removed since the last push), so the target mirrors the store."""
    rows = remote_select(query_endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                         f'FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}")) }}', _http=http)
    stale = sorted({r["g"] for r in rows if r.get("g")} - set(names))
    for graph in stale:
        _check_iri(graph)
        if gsp:
            http.request("DELETE", _with_graph(gsp, graph), None, {}, what=f"remove {graph}")
        elif update_endpoint:
            http.request("POST", update_endpoint, f"DROP SILENT GRAPH <{graph}>".encode("utf-8"),
                         {"Content-Type": "application/sparql-update; charset=utf-8"}, what=f"remove {graph}")
    return stale


# ---------------------------------------------------------------------------
# Ontology documentation
# ---------------------------------------------------------------------------

def ontology_source() -> Path:
    """Path of the ontology Turtle file shipped in the package."""
    return Path(str(resources.files("summitkg.ontology") / "summitkg.ttl"))


def ontology_docs(out_dir="docs/ontology") -> Path:
    """Write the ontology documentation as HTML with pyLODE to ``OUT_DIR/index.html``.

    The page is self-contained (CSS inlined, no scripts or stylesheets from the
    web). Written to a temporary file first, then renamed. Returns the path."""
    import logging

    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    try:
        try:
            from pylode import OntPub  # pylode configures the root logger when imported
        except ImportError:
            raise UserError("docs: pyLODE is not installed; install it with: pip install 'pylode>=3.3.3,<3.4'") from None
        finally:
            root.setLevel(saved[0])
            root.handlers[:] = saved[1]
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "index.html"
        try:
            page = OntPub(ontology=str(ontology_source())).make_html(include_css=True)
        except Exception as exc:  # noqa: BLE001 - pyLODE raises assorted errors on bad input
            raise UserError(f"docs: pyLODE could not document the ontology ({type(exc).__name__}: {exc})") from None
        write_atomic(target, str(page))
        return target
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]


# ---------------------------------------------------------------------------
# serve
# ---------------------------------------------------------------------------

def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary of the PyPI package ``oxigraph``, checked to be the
    same release line as the embedded pyoxigraph (so it reads the same database format)."""
    candidates = [Path(sysconfig.get_path("scripts")) / "oxigraph", Path(sys.executable).parent / "oxigraph"]
    found = next((str(c) for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)
    found = found or shutil.which("oxigraph")
    if not found:
        raise UserError("serve: the oxigraph server is not installed; install it with: pip install 'oxigraph>=0.5.13,<0.6'")
    try:
        out = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise UserError(f"serve: cannot run {found} ({exc})") from None
    import pyoxigraph

    m = re.search(r"(\d+)\.(\d+)\.(\d+)", out or "")
    mine = re.match(r"(\d+)\.(\d+)", pyoxigraph.__version__)
    if not m or not mine or m.group(1, 2) != mine.group(1, 2):
        raise UserError(f"serve: {found} is {out.strip() or 'of unknown version'} but the store was written by "
                        f"pyoxigraph {pyoxigraph.__version__}; install the same release: "
                        f"pip install 'oxigraph=={pyoxigraph.__version__}'")
    return found


def queries_dir() -> Path:
    """Folder of the catalogued example queries (``*.rq``)."""
    return Path(str(resources.files("summitkg.queries")))


def prefix_lines() -> list[str]:
    return [f"PREFIX {p}: <{iris.PREFIXES[p]}>" for p in QUERY_PREFIXES if p in iris.PREFIXES]
