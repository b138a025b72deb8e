"""Publishing: push to real stores (the oxigraph server and OpenLink Virtuoso, started here on
free loopback ports and stopped at the end), `summitkg serve`, VoID, Wikidata links, ontology docs.

Virtuoso tests are skipped only when `virtuoso-t` is not installed (Debian package
virtuoso-opensource). Every request goes to 127.0.0.x.
"""
from __future__ import annotations

import contextlib

import http.server
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import summitkg
from summitkg.errors import UserError
from summitkg.graph import endpoint, iris, publish
from summitkg.graph.store import open_read, write_generation

ONTOLOGY_TTL = Path(publish.ontology_source())

PREFIXES = """
@prefix skg: <https://w3id.org/summitkg/ontology#> .
@prefix st: <https://w3id.org/summitkg/id/state/> .
@prefix ag: <https://w3id.org/summitkg/id/agreement/> .
@prefix art: <https://w3id.org/summitkg/id/article/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ARTICLE_1 = PREFIXES + """
art:t1 a skg:Article ; schema:url <https://example.org/news/t1> ; schema:headline "C5+1 summit in Washington" .
ag:t1-tungsten a skg:Agreement ; rdfs:label "Tungsten \\"wire\\" deal" ;
    skg:hasParty st:US , st:KZ ; skg:date "2025-11-06"^^xsd:date .
st:US a skg:State ; skg:isoCode "US" ; rdfs:label "United States"@en , "Stany Zjednoczone"@pl .
st:KZ a skg:State ; skg:isoCode "KZ" ; rdfs:label "Kazakhstan"@en .
ag:t1-tungsten skg:amount [ a skg:MonetaryAmount ; skg:value 1100000000.0 ; skg:currency "USD" ] .
"""

ARTICLE_2 = PREFIXES + """
art:t2 a skg:Article ; schema:url <https://example.org/news/t2> ; schema:headline "Szczyt w Tokio" .
ag:t2-rare-earths a skg:Agreement ; rdfs:label "Porozumienie o metalach ziem rzadkich\\nlinia 2 {x} ∑ 🙂"@pl ;
    skg:hasParty st:JP , st:KZ .
ag:t2-logistics a skg:Agreement ; skg:hasParty st:JP , st:UZ .
st:JP a skg:State ; skg:isoCode "JP" .
st:KZ a skg:State ; skg:isoCode "KZ" .
st:UZ a skg:State ; skg:isoCode "UZ" .
"""

PARTIES_QUERY = """
PREFIX skg: <https://w3id.org/summitkg/ontology#>
SELECT DISTINCT ?agreement ?party WHERE {
  GRAPH ?g { ?agreement a skg:Agreement ; skg:hasParty ?party }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/summitkg/graph/article/"))
} ORDER BY ?agreement ?party
"""

COUNT_AGREEMENTS = """
PREFIX skg: <https://w3id.org/summitkg/ontology#>
SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
  GRAPH ?g { ?a a skg:Agreement }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/summitkg/graph/"))
}
"""

OUR_TRIPLES = """
SELECT (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/summitkg/graph/"))
}
"""


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, deadline: float, what: str) -> None:
    end = time.monotonic() + deadline
    last = None
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return
            last = e
        except OSError as e:
            last = e
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer at {url} within {deadline} s ({last})")


def stop(proc: subprocess.Popen, grace: float = 20) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def local_rows(store, query: str) -> list[tuple]:
    return [tuple(t.value for t in row) for row in store.query(query)]


def remote_rows(endpoint: str, query: str, auth=None) -> list[tuple]:
    rows = publish.remote_select(endpoint, query, auth=auth, timeout=30)
    if not rows:
        return []
    return [tuple(r.get(k, "") for k in sorted(rows[0], key=lambda v: query.index("?" + v))) for r in rows]


def local_graph_counts(store) -> dict[str, int]:
    return {str(r["g"].value): int(r["n"].value) for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}


# ---------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def small_store(tmp_path_factory):
    """A store with the ontology graph, two article graphs and the derived entities graph."""
    import pyoxigraph as ox

    from summitkg.graph.build import refresh_entities

    root = tmp_path_factory.mktemp("store") / "store"
    with write_generation(root) as st:
        st.load(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(iris.ONTOLOGY_GRAPH))
        st.load(ARTICLE_1.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(iris.article_graph("t1")))
        st.load(ARTICLE_2.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(iris.article_graph("t2")))
        refresh_entities(st)
    return root


@pytest.fixture(scope="session")
def local(small_store):
    return open_read(small_store)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A read-write oxigraph server (PyPI package `oxigraph`, the version we ship) on a free port."""
    binary = publish.oxigraph_binary()
    port = free_port()
    data = tmp_path_factory.mktemp("oxigraph-server") / "db"
    proc = subprocess.Popen([binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/query?query=ASK%7B%7D", proc, 30, "oxigraph server")
        yield {"name": "oxigraph", "gsp": base + "/store", "query": base + "/query",
               "update": base + "/update", "auth": False}
    finally:
        stop(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort          = 127.0.0.1:{sql_port}
DisableUnixSocket   = 1
CheckpointInterval  = 60
CaseMode            = 2
DirsAllowed         = ., {d}
NumberOfBuffers     = 10000
MaxDirtyBuffers     = 6000
MaxClientConnections = 10

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {d}/vsp
MaxClientConnections = 5
ServerThreads        = 5
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows      = 10000
MaxQueryExecutionTime = 60
"""


@contextlib.contextmanager
def running_virtuoso(d: Path):
    """Virtuoso with its database (and files it may read) in folder ``d``, on free ports (dba/dba),
    serving SPARQL: yields (http base, SQL port); stops it afterwards."""
    binary = shutil.which("virtuoso-t")
    if not binary:
        pytest.skip("virtuoso-t is not installed (Debian package virtuoso-opensource)")
    (d / "vsp").mkdir()
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = d / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=d, http_port=http_port, sql_port=sql_port))
    log = open(d / "stdout.log", "wb")
    started = time.monotonic()
    proc = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=d,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        try:
            wait_http(base + "/sparql?query=ASK%7B%7D", proc, 180, "virtuoso")
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}; log: {(d / 'stdout.log').read_text(errors='replace')[-2000:]}") from None
        print(f"virtuoso started in {time.monotonic() - started:.1f} s", file=sys.stderr)
        yield base, sql_port
    finally:
        stop(proc, grace=60)
        log.close()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """OpenLink Virtuoso for the push tests."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as (base, _):
        yield {"name": "virtuoso", "gsp": base + "/sparql-graph-crud-auth", "query": base + "/sparql",
               "update": base + "/sparql-auth", "auth": ("dba", "dba")}


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request):
    return request.getfixturevalue("oxigraph_server" if request.param == "oxigraph" else "virtuoso")


class Stub(http.server.ThreadingHTTPServer):
    daemon_threads = True


def stub_server(handler_fn, host="127.0.0.1"):
    """A loopback HTTP server whose every request is answered by handler_fn(handler); records requests."""
    seen = []

    class H(http.server.BaseHTTPRequestHandler):
        def _any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen.append((self.command, self.path, body))
            handler_fn(self)

        do_GET = do_PUT = do_POST = do_DELETE = _any

        def log_message(self, *a):
            pass

    srv = Stub((host, 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://{host}:{srv.server_address[1]}", seen


def reply(status, headers=None, body=b""):
    def fn(h):
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return fn


# ---------------------------------------------------------------------------
# VoID, ontology docs
# ---------------------------------------------------------------------------

def test_states_in_the_graph_link_to_their_wikidata_items(seed_store):
    """owl:sameAs from a state to the Wikidata item the states table gives it (written by graph/rdf.py)."""
    from summitkg.builders.packdata import rows
    from summitkg.graph.store import open_read

    st = open_read(seed_store)
    links = {(r["s"].value, r["w"].value) for r in st.query(
        "SELECT ?s ?w WHERE { GRAPH ?g { ?s <http://www.w3.org/2002/07/owl#sameAs> ?w } "
        "FILTER(STRSTARTS(STR(?w), 'http://www.wikidata.org/entity/')) }")}
    states = [s for s, _w in links if s.startswith(iris.entity("state", ""))]
    assert states, "no state of the seed graph links to Wikidata"
    table = {r["iso2"].upper(): r.get("wikidata", "") for r in rows(None, "states.tsv")}
    for s, w in links:
        if s in states:
            assert w == "http://www.wikidata.org/entity/" + table[s.rsplit("/", 1)[-1]], (s, w)


def test_void_description(local):
    import pyoxigraph as ox

    text = publish.void_description(local, built="2026-11-27T10:00:00Z")
    g = ox.Store()
    g.load(text.encode(), format=ox.RdfFormat.TURTLE)
    ds = f"<{iris.DATASET}>"

    def one(q):
        return [tuple(t.value for t in r) for r in g.query(q)]

    total = len(list(local.quads_for_pattern(None, None, None, None)))
    assert one(f"SELECT ?n {{ {ds} <http://rdfs.org/ns/void#triples> ?n }}") == [(str(total),)]
    assert g.query(f"ASK {{ {ds} a <http://rdfs.org/ns/void#Dataset>, <http://www.w3.org/ns/dcat#Dataset> }}")
    # the data embeds third-party article text: no licence is claimed unless the publisher gives one
    assert not g.query(f"ASK {{ ?x <http://purl.org/dc/terms/license> ?l }}")
    assert g.query(f"ASK {{ {ds} <http://purl.org/dc/terms/rights> ?r FILTER(CONTAINS(STR(?r), \"publishers\")) }}")
    licensed = ox.Store()
    licensed.load(publish.void_description(local, built="2026-11-27T10:00:00Z",
                                           license="https://creativecommons.org/licenses/by/4.0/").encode(),
                  format=ox.RdfFormat.TURTLE)
    assert licensed.query(f"ASK {{ {ds} <http://purl.org/dc/terms/license> <https://creativecommons.org/licenses/by/4.0/> }}")
    assert g.query(f"ASK {{ {ds} <http://purl.org/dc/terms/modified> ?t FILTER(STR(?t) = \"2026-11-27T10:00:00Z\") }}")
    assert one("SELECT ?v { ?t <https://schema.org/softwareVersion> ?v }") == [(summitkg.__version__,)]
    parts = dict(one(f"SELECT ?c ?n {{ {ds} <http://rdfs.org/ns/void#classPartition> ?p . "
                     f"?p <http://rdfs.org/ns/void#class> ?c ; <http://rdfs.org/ns/void#entities> ?n }}"))
    assert parts[iris.ONT + "Agreement"] == "3"
    assert parts[iris.ONT + "State"] == "4"
    sources = {r[0] for r in one(f"SELECT ?a {{ {ds} <http://purl.org/dc/terms/source> ?a }}")}
    assert sources == {iris.article("t1"), iris.article("t2")}
    subsets = dict(one(f"SELECT ?g ?n {{ {ds} <http://rdfs.org/ns/void#subset> ?s . "
                       f"?s <http://www.w3.org/ns/sparql-service-description#name> ?g ; <http://rdfs.org/ns/void#triples> ?n }}"))
    assert {k: int(v) for k, v in subsets.items()} == local_graph_counts(local)
    # No blank nodes: loading the description twice adds nothing.
    before = len(g)
    g.load(text.encode(), format=ox.RdfFormat.TURTLE)
    assert len(g) == before


def test_ontology_docs(tmp_path):
    path = publish.ontology_docs(tmp_path / "docs" / "ontology")
    assert path == tmp_path / "docs" / "ontology" / "index.html"
    page = path.read_text(encoding="utf-8")
    assert "summitkg ontology" in page
    assert "Agreement" in page and "hasParty" in page
    import re

    remote_assets = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="https?://[^"]*"', page)
    assert remote_assets == []
    assert not list(path.parent.glob(".index-*"))


def test_docs_command(tmp_path):
    from summitkg.cli_publish import register

    @click.group()
    def main():
        pass

    register(main)
    res = CliRunner().invoke(main, ["docs", "-o", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "o" / "index.html").is_file()


# ---------------------------------------------------------------------------
# push to real stores
# ---------------------------------------------------------------------------

def test_push_twice_and_query(remote, small_store, local):
    expected = local_graph_counts(local)
    report = publish.push(small_store, remote["gsp"], query_endpoint=remote["query"],
                          auth=remote["auth"], timeout=60)
    assert [g.graph for g in report.graphs][0] == iris.ONTOLOGY_GRAPH
    assert {g.graph: g.triples for g in report.graphs} == expected
    assert {g.graph: g.remote_triples for g in report.graphs} == expected
    assert not report.mismatches
    assert all(g.method == "gsp" for g in report.graphs)
    total = sum(expected.values())
    assert remote_rows(remote["query"], OUR_TRIPLES) == [(str(total),)]

    # Push again: PUT replaces each graph, so nothing doubles (blank nodes included).
    again = publish.push(small_store, remote["gsp"], query_endpoint=remote["query"],
                         auth=remote["auth"], timeout=60)
    assert {g.graph: g.remote_triples for g in again.graphs} == expected
    assert remote_rows(remote["query"], OUR_TRIPLES) == [(str(total),)]

    # The same query gives the same answers remotely and locally.
    assert remote_rows(remote["query"], PARTIES_QUERY) == local_rows(local, PARTIES_QUERY)
    assert len(local_rows(local, PARTIES_QUERY)) == 6
    assert remote_rows(remote["query"], COUNT_AGREEMENTS) == [("3",)] == local_rows(local, COUNT_AGREEMENTS)
    # A literal with quotes, a newline, braces and non-BMP text survives.
    label_q = ("SELECT ?l WHERE { GRAPH ?g { <https://w3id.org/summitkg/id/agreement/t2-rare-earths> "
               "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
    assert remote_rows(remote["query"], label_q) == local_rows(local, label_q)


def test_push_of_a_smaller_store_removes_what_it_no_longer_has(remote, small_store, tmp_path):
    """An article removed from the store since the last push leaves the target too, and the
    count check covers what the target holds, not only what was sent."""
    import shutil

    from summitkg.graph.articles import remove

    publish.push(small_store, remote["gsp"], query_endpoint=remote["query"], auth=remote["auth"], timeout=60)
    smaller = tmp_path / "smaller"
    shutil.copytree(small_store, smaller)
    remove(smaller, ["t2"])
    report = publish.push(smaller, remote["gsp"], query_endpoint=remote["query"], auth=remote["auth"], timeout=60)
    assert report.removed == [iris.article_graph("t2")] and report.stale_checked
    assert any("removed" in line for line in report.lines())
    held = {r["g"] for r in publish.remote_select(remote["query"], "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                                   auth=remote["auth"]) if r["g"].startswith(iris.GRAPH)}
    assert held == {g.graph for g in report.graphs}
    publish.push(small_store, remote["gsp"], query_endpoint=remote["query"], auth=remote["auth"], timeout=60)


def test_catalogued_query_remote_equals_local(remote, small_store, local):
    """A query from queries/ (written for the union of the graphs) gives the same parties remotely,
    with the pushed graphs as the default graph (SPARQL Protocol default-graph-uri)."""
    path = publish.queries_dir() / "largest-agreement-parties.rq"
    if not path.is_file():
        pytest.skip(f"{path} is not in the query catalogue")
    text = path.read_text(encoding="utf-8")
    report = publish.push(small_store, remote["gsp"], query_endpoint=remote["query"], auth=remote["auth"])
    graphs = [g.graph for g in report.graphs]
    rows = publish.remote_select(remote["query"], text, default_graph_uris=graphs, auth=remote["auth"])
    got = sorted((r["party"], r["party_iri"], r["agreement_iri"]) for r in rows)
    want = sorted((str(r["party"].value), str(r["party_iri"].value), str(r["agreement_iri"].value))
                  for r in local.query(text, use_default_graph_as_union=True))
    assert got == want
    assert [w[0] for w in want] == ["Kazakhstan", "United States"]


def test_push_counts_with_graph_store_get(remote, small_store, local):
    report = publish.push(small_store, remote["gsp"], auth=remote["auth"], timeout=60)
    assert report.verified_with.startswith("Graph Store GET")
    assert {g.graph: g.remote_triples for g in report.graphs} == local_graph_counts(local)


def test_push_through_sparql_update(remote, small_store, local):
    expected = local_graph_counts(local)
    report = publish.push(small_store, None, update_endpoint=remote["update"], query_endpoint=remote["query"],
                          auth=remote["auth"], timeout=60)
    assert all(g.method == "update" for g in report.graphs)
    assert {g.graph: g.remote_triples for g in report.graphs} == expected
    again = publish.push(small_store, None, update_endpoint=remote["update"], query_endpoint=remote["query"],
                         auth=remote["auth"], timeout=60)
    assert {g.graph: g.remote_triples for g in again.graphs} == expected
    assert remote_rows(remote["query"], PARTIES_QUERY) == local_rows(local, PARTIES_QUERY)


def test_update_fallback_when_gsp_is_missing(oxigraph_server, small_store, local):
    base = oxigraph_server["gsp"].rsplit("/", 1)[0]
    report = publish.push(small_store, base + "/no-such-endpoint", update_endpoint=oxigraph_server["update"],
                          query_endpoint=oxigraph_server["query"], auth=False, timeout=30)
    assert {g.method for g in report.graphs} == {"update"}
    assert not report.mismatches


def test_malformed_put_keeps_the_old_graph(remote):
    graph = "https://w3id.org/summitkg/graph/article/malformed-test"
    good = b'<http://ex.org/s> <http://ex.org/p> "one" .\n<http://ex.org/s> <http://ex.org/p> "two" .\n'
    bad = b'<http://ex.org/s> <http://ex.org/p> "unterminated .\n'
    kw = dict(auth=remote["auth"], timeout=30)
    publish.put_graph(remote["gsp"], graph, good, **kw)
    assert publish.remote_count(graph, query_endpoint=remote["query"], **kw) == 2
    # Sent as is: the store refuses it, and (on the versions we ship) keeps the old graph.
    with pytest.raises(UserError) as err:
        publish.put_graph(remote["gsp"], graph, bad, validate=False, **kw)
    assert "\n" not in str(err.value)
    assert publish.remote_count(graph, query_endpoint=remote["query"], **kw) == 2
    assert publish.remote_count(graph, gsp_endpoint=remote["gsp"], **kw) == 2
    # By default push validates bodies first, so a malformed one is never sent.
    with pytest.raises(UserError, match="nothing was sent"):
        publish.put_graph(remote["gsp"], graph, bad, **kw)
    assert publish.remote_count(graph, query_endpoint=remote["query"], **kw) == 2


def test_virtuoso_credentials(virtuoso, small_store, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    monkeypatch.delenv("SUMMITKG_USER", raising=False)
    monkeypatch.delenv("SUMMITKG_PASSWORD", raising=False)
    with pytest.raises(UserError, match="401.*no credentials were found"):
        publish.push(small_store, virtuoso["gsp"], timeout=30)
    monkeypatch.setenv("SUMMITKG_USER", "dba")
    monkeypatch.setenv("SUMMITKG_PASSWORD", "wrong")
    with pytest.raises(UserError, match="401.*refused the credentials"):
        publish.push(small_store, virtuoso["gsp"], timeout=30)
    # Right password from the environment.
    monkeypatch.setenv("SUMMITKG_PASSWORD", "dba")
    assert not publish.push(small_store, virtuoso["gsp"], timeout=30).mismatches
    # ... or from ~/.netrc.
    monkeypatch.delenv("SUMMITKG_USER")
    monkeypatch.delenv("SUMMITKG_PASSWORD")
    rc = tmp_path / ".netrc"
    rc.write_text("machine 127.0.0.1 login dba password dba\n")
    rc.chmod(0o600)
    report = publish.push(small_store, virtuoso["gsp"], query_endpoint=virtuoso["query"], timeout=30)
    assert not report.mismatches and len(report.graphs) == 4


def test_push_command(oxigraph_server, small_store):
    from summitkg.cli_publish import register

    @click.group()
    def main():
        pass

    register(main)
    res = CliRunner().invoke(main, ["push", "--store", str(small_store), "--endpoint", oxigraph_server["gsp"],
                                    "--query-endpoint", oxigraph_server["query"]])
    assert res.exit_code == 0, res.output
    assert "Pushed 4 graphs" in res.output
    assert "every graph matches" in res.output
    res = CliRunner().invoke(main, ["push", "--store", str(small_store)])
    assert res.exit_code == 2 and "--endpoint" in res.output


# ---------------------------------------------------------------------------
# push: failures become one clear line
# ---------------------------------------------------------------------------

def test_push_timeout_on_a_hanging_endpoint(small_store):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    try:
        t0 = time.monotonic()
        with pytest.raises(UserError, match="timed out"):
            publish.push(small_store, f"http://127.0.0.1:{port}/store", auth=False, timeout=1)
        assert time.monotonic() - t0 < 15
    finally:
        listener.close()


def test_push_does_not_follow_a_redirect_to_another_host(small_store):
    target, target_url, target_seen = stub_server(reply(204), host="127.0.0.2")
    srv, url, seen = stub_server(reply(307, {"Location": target_url + "/store"}))
    try:
        with pytest.raises(UserError, match="redirecting to .*not followed"):
            publish.push(small_store, url + "/store", auth=("u", "secret"), timeout=5)
        assert len(seen) == 1 and target_seen == []
    finally:
        srv.shutdown()
        target.shutdown()


@pytest.mark.parametrize("status,pattern", [
    (413, "too large \\(413\\)"),
    (404, "404 Not Found; is it the store's endpoint"),
    (500, "failed with 500"),
    (503, "failed with 503"),
])
def test_push_http_errors(small_store, status, pattern):
    srv, url, seen = stub_server(reply(status, {"Content-Type": "text/html"},
                                       b"<html><body><h1>Oops</h1>\n<p>details</p></body></html>"))
    try:
        with pytest.raises(UserError, match=pattern) as err:
            publish.push(small_store, url + "/store", auth=False, timeout=5)
        assert "\n" not in str(err.value)
        assert len(seen) == 1  # stops at the first failure
    finally:
        srv.shutdown()


@pytest.mark.parametrize("status,headers", [(206, {}), (200, {"X-SQL-State": "S1TAT"})])
def test_partial_answers_are_failures(small_store, status, headers):
    body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}})

    def fn(h):
        if h.command == "PUT":
            reply(204)(h)
        else:
            reply(status, {"Content-Type": "application/sparql-results+json", **headers}, body.encode())(h)

    srv, url, _seen = stub_server(fn)
    try:
        with pytest.raises(UserError, match="partial answer"):
            publish.push(small_store, url + "/store", query_endpoint=url + "/sparql", auth=False, timeout=5)
    finally:
        srv.shutdown()


def test_count_mismatch_is_reported(small_store):
    body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}})

    def fn(h):
        reply(204)(h) if h.command == "PUT" else reply(200, {"Content-Type": "application/sparql-results+json"},
                                                        body.encode())(h)

    srv, url, _seen = stub_server(fn)
    try:
        report = publish.push(small_store, url + "/store", query_endpoint=url + "/sparql", auth=False, timeout=5)
        assert len(report.mismatches) == 4
        assert any("MISMATCH" in line for line in report.lines())
    finally:
        srv.shutdown()


# ---------------------------------------------------------------------------
# summitkg serve
# ---------------------------------------------------------------------------

def test_serve_answers_sparql_and_serves_yasgui(small_store, local):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "summitkg.cli_publish", "serve", "--store", str(small_store),
                             "--port", str(port), "--timeout", "10"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/query?query=ASK%7B%7D", proc, 60, "summitkg serve")
        # SPARQL 1.1 Protocol, GET
        q = urllib.parse.urlencode({"query": COUNT_AGREEMENTS})
        req = urllib.request.Request(f"{base}/query?{q}", headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            data = json.load(r)
        assert data["results"]["bindings"][0]["n"]["value"] == "3"
        # ... and POST, same answers as the embedded store; the default graph is the union.
        assert remote_rows(base + "/query", PARTIES_QUERY, auth=False) == local_rows(local, PARTIES_QUERY)
        # 3 type triples in the article graphs (one agreement is in both) + 2 in graph/entities
        union = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/summitkg/ontology#Agreement> }"
        assert remote_rows(base + "/query", union, auth=False) == [("5",)]
        # The YASGUI page and its script, served locally.
        req = urllib.request.Request(base + "/", headers={"Accept": "text/html"})
        with urllib.request.urlopen(req, timeout=10) as r:
            page = r.read().decode()
        assert "yasgui" in page.lower()
        with urllib.request.urlopen(base + "/yasgui.min.js", timeout=10) as r:
            assert r.status == 200 and len(r.read()) > 10000
        # Read-only: updates are refused.
        req = urllib.request.Request(base + "/update", data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(req, timeout=10)
        assert local_rows(local, COUNT_AGREEMENTS) == [("3",)]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert proc.returncode == 0, out
    assert f"http://127.0.0.1:{port}/query" in out
    assert "PREFIX skg: <https://w3id.org/summitkg/ontology#>" in out
    assert "Example queries:" in out
    assert not list(small_store.glob(".serve-*"))  # the snapshot is removed
    with socket.socket() as s:  # and the server is gone
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_serve_refuses_a_busy_port_and_a_missing_store(small_store, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        with pytest.raises(UserError, match="in use"):
            endpoint.serve(small_store, port=port)
    with pytest.raises(UserError, match="no such store"):
        endpoint.serve(tmp_path / "nothing", port=free_port())
