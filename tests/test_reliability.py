"""Reliability and security probes (issue 7): hostile input, unsafe queries,
interrupted and concurrent builds, determinism and IRIs.

Everything runs the real components: the CLI in subprocesses, the Oxigraph
store on disk, a real loopback TCP listener. Every probe checks that stderr has
no traceback. ``docs/reliability.md`` lists the probes and their exit codes.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from conftest import CLI, REPO, run_cli_cmd

DATA = REPO / "tests" / "data"
SEED_QUERY = "companies-in-commodity-deals"
INJECTIONS = ['tungsten" } ; DROP ALL ; #', "tungsten' } DROP ALL #", 'x" . ?s ?p ?o } #',
              "}} ; DELETE WHERE { ?s ?p ?o } ; #", '\\" ) } SERVICE <http://127.0.0.1:9/> { } #',
              "tungsten\n} ; DROP ALL", "<http://example.org/x>", "?commodity"]


# ------------------------------------------------------------------ helpers

def cli(*args, **kw) -> tuple[int, str, str]:
    code, out, err = run_cli_cmd(*args, **kw)
    assert "Traceback" not in err, err
    return code, out, err


def assert_error(code: int, err: str, expect_code: int, *mentions: str) -> None:
    assert code == expect_code, f"exit {code}, expected {expect_code}: {err!r}"
    assert "Traceback" not in err, err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {err!r}"
    assert lines[0].startswith("summitkg: error:"), lines[0]
    for m in mentions:
        assert m.lower() in lines[0].lower(), lines[0]


def warnings_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("summitkg: warning:")]


def sorted_nq(root) -> list[str]:
    from summitkg.graph.export import export

    return sorted(line for line in export(root, "nq").decode("utf-8").splitlines() if line.strip())


def triple_count(root) -> int:
    from summitkg.graph.store import open_read

    return sum(1 for _ in open_read(root).quads_for_pattern(None, None, None, None))


def marker(root) -> str:
    return (Path(root) / "summitkg-store.json").read_text(encoding="utf-8")


def popen_cli(*args, env: dict | None = None) -> subprocess.Popen:
    full_env = dict(os.environ)
    full_env.pop("SUMMITKG_DEBUG", None)
    full_env.update(env or {})
    return subprocess.Popen(CLI + [str(a) for a in args], cwd=str(REPO), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=full_env)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def write_article(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder of 24 distinct articles (the bundled test articles, three times, each copy changed)."""
    folder = tmp_path_factory.mktemp("corpus")
    sources = sorted(DATA.glob("*.txt"))
    for copy in range(3):
        for src in sources:
            text = src.read_text(encoding="utf-8")
            text = text.replace("url: https://", f"url: https://copy{copy}.")
            text = text.rstrip("\n") + f"\n\nThis is copy {copy} of the article.\n"
            (folder / f"c{copy}-{src.name}").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def big_build(corpus, tmp_path_factory) -> tuple[float, Path]:
    """(seconds a full CLI build of the corpus takes, the store it made)."""
    root = tmp_path_factory.mktemp("big") / "store"
    t0 = time.monotonic()
    code, _, err = cli("build", corpus, "--store", root, "-q", timeout=600)
    assert code == 0, err
    return time.monotonic() - t0, root


# ================================================================== input

def test_missing_file(tmp_path):
    code, _, err = cli("build", tmp_path / "absent.txt", "--store", tmp_path / "store")
    assert_error(code, err, 2, "no such file")
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").glob("gen-*"))


def test_directory_given_as_article_without_articles(tmp_path):
    (tmp_path / "empty-folder").mkdir()
    code, _, err = cli("build", tmp_path / "empty-folder", "--store", tmp_path / "store")
    assert_error(code, err, 2, "no article files")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n"])
def test_empty_or_whitespace_article(tmp_path, content):
    article = tmp_path / "blank.txt"
    article.write_bytes(content)
    code, _, err = cli("build", article, "--store", tmp_path / "store")
    assert_error(code, err, 2, "empty")


@pytest.mark.parametrize("content, says", [
    (bytes(range(256)) * 40, "binary"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200 + b"\x90" * 500, "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    ("Prezydent Kazachstanu przyjechał.".encode("utf-16"), "utf-16"),
])
def test_binary_data(tmp_path, content, says):
    article = tmp_path / "data.txt"
    article.write_bytes(content)
    code, _, err = cli("build", article, "--store", tmp_path / "store")
    assert_error(code, err, 2, says)


POLISH = ("Prezydent Kazachstanu Kasym-Żomart Tokajew spotkał się w Waszyngtonie z prezydentem USA. "
          "Źródła podają, że Śląsk i Łódź też były tematem rozmów; ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ.\n")


@pytest.mark.parametrize("encoding, label", [("cp1250", "Windows-1250"), ("iso-8859-2", "ISO-8859-2")])
def test_legacy_polish_encoding_detected(encoding, label):
    """Each Polish code page is recognised as itself (the letters ą ś ź differ between them)."""
    from summitkg.builders.article import decode

    text, warnings = decode(POLISH.encode(encoding), "a.txt")
    assert text == POLISH
    assert len(warnings) == 1 and label in warnings[0] and "not UTF-8" in warnings[0]


def test_legacy_polish_encoding_builds_with_one_warning(tmp_path):
    article = tmp_path / "pl.txt"
    article.write_bytes((DATA / "pl_01_c5plus1_waszyngton.txt").read_text(encoding="utf-8")
                        .encode("iso-8859-2", errors="replace"))
    code, out, err = cli("build", article, "--store", tmp_path / "store")
    assert code == 0, err
    assert any("ISO-8859-2" in w for w in warnings_of(err)), err
    from summitkg.graph.store import open_read
    labels = {r["l"].value for r in open_read(tmp_path / "store").query(
        "SELECT ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")}
    assert any("ł" in label or "ó" in label for label in labels) or labels


@pytest.mark.parametrize("content", [
    "Le président a visité la capitale. Café, été, où.".encode("latin-1"),   # French or Czech?
    bytes(range(0x80, 0x100)) * 8,
])
def test_other_non_utf8_is_refused(tmp_path, content):
    article = tmp_path / "other.txt"
    article.write_bytes(content)
    code, _, err = cli("build", article, "--store", tmp_path / "store")
    assert_error(code, err, 2, "not utf-8")


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Kazakhstan joins the Abraham Accords</title>
<style>body { color: red } .secret-css { display: none }</style>
<script>document.body.dataset.x = 1; var secretScript = "Tokayev signed";</script>
</head><body>
<nav>Home | World | Markets</nav>
<article><h1>Kazakhstan joins the Abraham Accords</h1>
<p>WASHINGTON &mdash; Kazakh President Kassym-Jomart Tokayev said on Thursday that Kazakhstan
would join the Abraham Accords, after talks with President Donald Trump at the White House.</p>
<p>Cove Kaz Capital Group LLC will hold a 70% stake in the tungsten venture.</p>
<script>window.evil = "<p>injected paragraph</p>";</script>
<noscript>Please enable JavaScript</noscript>
</article></body></html>
"""


def test_html_page_text_is_extracted():
    from summitkg.builders.article import article_from_text, html_to_text

    text, title = html_to_text(HTML_PAGE)
    assert title == "Kazakhstan joins the Abraham Accords"
    assert "Tokayev said on Thursday" in text and "70% stake" in text
    for dropped in ("secretScript", "secret-css", "document.body", "injected paragraph", "enable JavaScript",
                    "<p>", "&mdash;"):
        assert dropped not in text
    article = article_from_text(HTML_PAGE, source_path="page.html")
    assert "secretScript" not in article.text and article.title == title
    assert any("HTML page" in w for w in article.warnings)


def test_html_page_builds_with_warning(tmp_path):
    page = write_article(tmp_path / "page.html", HTML_PAGE)
    store = tmp_path / "store"
    code, out, err = cli("build", page, "--store", store)
    assert code == 0, err
    assert any("HTML page" in w for w in warnings_of(err)), err
    text = "\n".join(sorted_nq(store))
    assert "secretScript" not in text and "dataset.x" not in text
    assert "Tokayev" in text


def test_html_page_with_only_scripts_is_refused(tmp_path):
    page = write_article(tmp_path / "scripts.html",
                         "<html><head><script>var a = 1;</script></head><body><script>b()</script></body></html>")
    code, _, err = cli("build", page, "--store", tmp_path / "store")
    assert_error(code, err, 2, "html page with no text")


def test_50_mb_article_is_refused_without_reading_it(tmp_path):
    """A sparse 50 MB file: refused from its size, in one line, before it is read."""
    article = tmp_path / "huge.txt"
    with open(article, "wb") as fh:
        fh.write(b"The President of Kazakhstan met the President of the United States. " * 10)
        fh.truncate(50_000_000)
    code, _, err = cli("build", article, "--store", tmp_path / "store")
    assert_error(code, err, 2, "size limit", "50.0 MB", "5.0 MB")


def test_a_pipe_is_refused_before_it_is_read(tmp_path):
    """A pipe has no size and may never end: it is refused at once (tests/test_inputs.py has
    the FIFO, device and socket cases through the CLI)."""
    from summitkg.builders.article import InputError, read_article

    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        read_article(fifo, max_bytes=1_000_000)


def test_a_file_over_the_limit_is_refused_by_the_library(tmp_path):
    """Refused from its size; reading is bounded by the limit anyway (``read(max_bytes + 1)``)."""
    from summitkg.builders import article as art

    path = tmp_path / "growing.txt"
    path.write_bytes(b"Kazakhstan and the United States signed a deal. " * 30_000)   # 1.5 MB
    with pytest.raises(art.InputError, match="over the size limit"):
        art.read_article(path, max_bytes=1_000_000)


def test_article_with_no_entities_stores_the_article_node(tmp_path):
    article = write_article(tmp_path / "weather.txt",
                            "The weather was mild today and the river was calm.\n\nNothing else happened at all.\n")
    store = tmp_path / "store"
    code, out, err = cli("build", article, "--store", store)
    assert code == 0, err
    assert any("no people, states or organisations" in w for w in warnings_of(err)), err
    from summitkg.graph.store import open_read
    rows = list(open_read(store).query(
        "SELECT ?a WHERE { GRAPH ?g { ?a a <https://w3id.org/summitkg/ontology#Article> } }"))
    assert len(rows) == 1


def test_same_article_twice_in_one_build(tmp_path):
    src = DATA / "en_01_c5plus1_tungsten_wire.txt"
    a = write_article(tmp_path / "a.txt", src.read_text(encoding="utf-8"))
    b = write_article(tmp_path / "b.txt", src.read_text(encoding="utf-8"))  # same bytes, another name
    once, twice = tmp_path / "once", tmp_path / "twice"
    code, _, err = cli("build", a, "--store", once)
    assert code == 0, err
    code, out, err = cli("build", a, a, b, tmp_path, "--store", twice)
    assert code == 0, err
    warns = warnings_of(err)
    assert any("given more than once" in w for w in warns), err
    assert any("same text as" in w and "b.txt" in w for w in warns), err
    assert "built 1 article(s)" in out
    assert sorted_nq(twice) == sorted_nq(once)


# ================================================================== queries

def _rq(tmp_path: Path, body: str, name: str = "user") -> Path:
    rq = tmp_path / f"{name}.rq"
    rq.write_text(body, encoding="utf-8")
    return rq


@pytest.mark.parametrize("value", INJECTIONS)
def test_param_values_are_bound_as_values(seed_store, value):
    from summitkg.graph import query as q
    from summitkg.graph.store import open_read
    import io

    before = sorted_nq(seed_store)
    out = io.StringIO()
    n = q.execute(open_read(seed_store), q.load_query(SEED_QUERY), {"commodity": value}, "json", out)
    assert n == 0 and json.loads(out.getvalue())["results"]["bindings"] == []
    assert sorted_nq(seed_store) == before


def test_param_injection_through_the_cli(seed_store):
    before = sorted_nq(seed_store)
    code, out, err = cli("query", SEED_QUERY, "--store", seed_store, "--format", "json",
                         "--param", 'commodity=tungsten" } ; DROP ALL ; #')
    assert code == 0, err
    assert json.loads(out)["results"]["bindings"] == []
    assert sorted_nq(seed_store) == before


REFUSED = {
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "service-lowercase": "select * where { service <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "service-variable": "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/x> } SERVICE ?e { ?s ?p ?o } }",
    "service-glued-prefixed-name": "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "service-after-dot": "SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } }",
    "service-after-cr-comment": "SELECT * WHERE { # note\rSERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "service-glued-number": "SELECT * WHERE { ?s ?p 1SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } }",
    "service-in-exists": "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } }",
    "service-in-subquery": "SELECT * { { SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } } }",
    "service-after-unterminated-string": 'SELECT * WHERE { BIND("a\nSERVICE <http://127.0.0.1:9/x> { } }',
    "from": "SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <file:///etc/hostname> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "load": "LOAD <file:///etc/hostname>",
    "load-http": "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://example.org/g>",
    "drop-all": "DROP ALL",
    "clear": "clear all",
    "insert-data": "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "with-delete": "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "select-then-drop": "SELECT * WHERE { ?s ?p ?o } LIMIT 1 ; DROP ALL",
    "create": "CREATE GRAPH <http://example.org/g>",
    "copy": "COPY DEFAULT TO <http://example.org/g>",
}

ALLOWED = {
    "filter-on-string-service": 'SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(LCASE(STR(?o)), "service")) } LIMIT 3',
    "keywords-in-strings": "SELECT * WHERE { ?s ?p ?o FILTER(?o IN ('DROP ALL', \"\"\"LOAD <x> ; SERVICE\"\"\")) }",
    "variables-named-like-keywords": "SELECT ?service ?from ?load WHERE { ?service ?from ?load } LIMIT 2",
    "prefixed-names": "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ex:from . ?s ex:a.load ?o }",
    "iri-with-keywords": "SELECT * WHERE { <http://example.org/service/drop/load> ?p ?o }",
    "comment-with-keywords": "# SERVICE <http://127.0.0.1:9/> DROP ALL\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # LOAD",
    "lowercase-select": "select (count(*) as ?n) where { ?s ?p ?o }",
    "comparisons": "SELECT * WHERE { ?s ?p ?o FILTER(1 < 2 && 3 > 2) } LIMIT 1",
    "ask": "ASK { ?s ?p ?o }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_read_only_refuses(name):
    from summitkg.errors import UserError
    from summitkg.graph.query import check_read_only

    with pytest.raises(UserError, match="refused"):
        check_read_only(REFUSED[name])


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_check_read_only_allows_and_runs(name, seed_store):
    import io

    from summitkg.graph import query as q
    from summitkg.graph.store import open_read

    import pyoxigraph

    st = open_read(seed_store)
    cq = q.parse_header(name, ALLOWED[name])
    out = io.StringIO()
    n = q.execute(st, cq, {}, "table", out)
    direct = st.query(ALLOWED[name], use_default_graph_as_union=True)   # the engine, unscreened
    expected = 1 if isinstance(direct, pyoxigraph.QueryBoolean) else len(list(direct))
    assert n == expected, (name, n, expected)
    if isinstance(direct, pyoxigraph.QueryBoolean):
        assert out.getvalue().strip() in ("true", "false")
    elif not isinstance(direct, pyoxigraph.QueryTriples):
        assert out.getvalue().rstrip().endswith(f"({expected} rows)"), out.getvalue()[-200:]
    else:
        assert len(out.getvalue().splitlines()) == expected


@pytest.mark.parametrize("name", ["drop-all", "delete-where", "load", "from", "service-glued-prefixed-name"])
def test_refused_query_file_through_the_cli(name, seed_store, tmp_path):
    before = sorted_nq(seed_store)
    code, _, err = cli("query", _rq(tmp_path, REFUSED[name]), "--store", seed_store)
    assert_error(code, err, 2, "refused")
    assert sorted_nq(seed_store) == before


SERVICE_VARIANTS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX : <{url}> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .SERVICE <{url}> {{ ?a ?b ?c }} }} LIMIT 1",
    "SELECT * WHERE {{ # c\rSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "BASE <{url}> SELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(1 AS ?x) FILTER(true)SERVICE <{url}> {{ ?s ?p ?o }} }}",
]


def test_service_to_a_loopback_listener_sends_nothing(seed_store, tmp_path, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    for i, template in enumerate(SERVICE_VARIANTS):
        code, _, err = cli("query", _rq(tmp_path, template.format(url=url), f"s{i}"), "--store", seed_store,
                           "--timeout", "20")
        assert_error(code, err, 2, "refused", "SERVICE")
    time.sleep(0.2)
    assert listener.requests == [], listener.requests


def test_the_listener_would_see_an_unchecked_service_call(listener):
    """Control: pyoxigraph itself does call the listener, so the probe above can fail."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/s"),
                              pyoxigraph.NamedNode("http://example.org/p"), pyoxigraph.Literal("o")))
    url = f"http://127.0.0.1:{listener.port}/sparql"
    for template in SERVICE_VARIANTS[:3]:
        list(store.query(template.format(url=url)))
    time.sleep(0.2)
    assert len(listener.requests) == 3


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }\n"


def test_query_time_limit(seed_store, tmp_path):
    t0 = time.monotonic()
    code, out, err = cli("query", _rq(tmp_path, CARTESIAN), "--store", seed_store, "--timeout", "1", timeout=120)
    elapsed = time.monotonic() - t0
    assert_error(code, err, 2, "time limit", "--timeout")
    assert elapsed < 20, elapsed


def test_query_interrupted_with_ctrl_c(seed_store, tmp_path):
    proc = popen_cli("query", _rq(tmp_path, CARTESIAN), "--store", seed_store, "--timeout", "100")
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip() == "summitkg: interrupted"


def test_query_time_limit_in_the_library():
    import io

    import pyoxigraph

    from summitkg.graph import query as q

    store = pyoxigraph.Store()
    store.extend([pyoxigraph.Quad(pyoxigraph.NamedNode(f"http://example.org/{i}"),
                                  pyoxigraph.NamedNode("http://example.org/p"), pyoxigraph.Literal(str(i)))
                  for i in range(120)])
    slow = q.parse_header("slow", 'SELECT * WHERE { ?a ?p ?o . ?b ?p ?o2 . ?c ?p ?o3 '
                                  'FILTER(STR(?o) = CONCAT(STR(?o2), STR(?o3), "x")) }')
    t0 = time.monotonic()
    with pytest.raises(q.QueryTimeout, match="time limit"):
        q.execute(store, slow, {}, "csv", io.StringIO(), timeout=0.3)
    assert time.monotonic() - t0 < 2


def test_catalogued_query_within_the_default_limit(seed_store):
    code, out, err = cli("query", "state-leaders", "--store", seed_store, "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0].startswith("person")


class _CountingSink:
    def __init__(self):
        self.chars = 0
        self.head = []

    def write(self, s: str) -> int:
        if self.chars < 2000:
            self.head.append(s)
        self.chars += len(s)
        return len(s)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_results_stream_in_bounded_memory(fmt):
    import pyoxigraph

    from summitkg.graph import query as q

    store = pyoxigraph.Store()
    store.extend([pyoxigraph.Quad(pyoxigraph.NamedNode(f"http://example.org/node/{i}"),
                                  pyoxigraph.NamedNode("http://example.org/p"),
                                  pyoxigraph.Literal(f"value number {i}", language="en")) for i in range(150)])
    big = q.parse_header("big", "SELECT ?a ?x ?b ?y WHERE { ?a ?p ?x . ?b ?p ?y }")  # 22,500 rows
    sink = _CountingSink()
    tracemalloc.start()
    try:
        n = q.execute(store, big, {}, fmt, sink, timeout=120)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 22_500
    assert sink.chars > 1_900_000
    # Holding the rows would take several times the output; streaming keeps a few rows.
    assert peak < 1_000_000, f"peak {peak} bytes of Python memory for {sink.chars} characters of output"


@pytest.mark.parametrize("qid", ["state-leaders", "monetary-amounts", "person-affiliations", "summit-date-place"])
def test_streamed_json_equals_oxigraphs_own(qid, seed_store):
    import io

    import pyoxigraph

    from summitkg.graph import query as q
    from summitkg.graph.store import open_read

    store = open_read(seed_store)
    cq = q.load_query(qid)
    out = io.StringIO()
    q.execute(store, cq, {}, "json", out)
    theirs = store.query(cq.text, use_default_graph_as_union=True).serialize(
        format=pyoxigraph.QueryResultsFormat.JSON)
    assert json.loads(out.getvalue()) == json.loads(theirs)


def test_query_changes_nothing_in_the_store_folder(seed_store):
    before = snapshot(seed_store)
    code, _, err = cli("query", "state-leaders", "--store", seed_store)
    assert code == 0, err
    assert snapshot(seed_store) == before


def test_query_on_a_missing_store_creates_nothing(tmp_path):
    store = tmp_path / "nothing-here"
    code, _, err = cli("query", "state-leaders", "--store", store)
    assert_error(code, err, 2, "no such store")
    assert not store.exists()


# ================================================================== store

def _wait_for(predicate, proc: subprocess.Popen, limit: float = 120) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        if proc.poll() is not None:
            return predicate()
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("fraction", [0.25, 0.5])
def test_sigkill_during_build_leaves_the_previous_store(fraction, big_build, corpus, seed_article, tmp_path):
    full_time, _ = big_build
    root = tmp_path / "store"
    code, _, err = cli("build", seed_article, "--store", root, "-q")
    assert code == 0, err
    before, before_marker = sorted_nq(root), marker(root)
    t0 = time.monotonic()
    proc = popen_cli("build", corpus, "--store", root, "-q")
    assert _wait_for(lambda: (root / "gen-000002").exists(), proc), "the build never started a generation"
    time.sleep(max(0.0, fraction * full_time - (time.monotonic() - t0)))
    if proc.poll() is not None:
        pytest.fail(f"the build finished before the kill at {fraction:.0%} of {full_time:.1f} s")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    if marker(root) == before_marker:
        assert sorted_nq(root) == before
        expected = before
    else:
        # the kill landed after the atomic switch: then the new state must be whole
        ref = tmp_path / "ref"
        code, _, err = cli("build", seed_article, "--store", ref, "-q")
        assert code == 0, err
        code, _, err = cli("build", corpus, "--store", ref, "-q")
        assert code == 0, err
        expected = sorted_nq(ref)
        assert sorted_nq(root) == expected
    # The next build cleans the abandoned generation and works.
    code, out, err = cli("build", seed_article, "--store", root, "-q")
    assert code == 0, err
    assert sorted_nq(root) == expected
    assert not any(p.name.startswith(".trash-") for p in root.iterdir())


def test_failed_build_midway_leaves_the_previous_store(corpus, seed_article, tmp_path):
    root = tmp_path / "store"
    code, _, err = cli("build", seed_article, "--store", root, "-q")
    assert code == 0, err
    before, before_marker = sorted_nq(root), marker(root)
    folder = tmp_path / "mixed"
    folder.mkdir()
    for src in sorted(corpus.iterdir())[:4]:
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "zz-broken.txt").write_bytes(bytes(range(256)) * 50)  # read last, after four good ones
    code, _, err = cli("build", folder, "--store", root)
    assert_error(code, err, 2, "binary")
    assert marker(root) == before_marker
    assert sorted_nq(root) == before
    gens = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.startswith("gen-"))   # not the counts beside it
    assert gens == ["gen-000001"], gens


def test_two_builds_at_once_the_second_is_refused(corpus, seed_article, tmp_path):
    root = tmp_path / "store"
    code, _, err = cli("build", seed_article, "--store", root, "-q")
    assert code == 0, err
    first = popen_cli("build", corpus, "--store", root, "-q")
    assert _wait_for(lambda: (root / "gen-000002").exists(), first), "the first build never started"
    assert first.poll() is None, "the first build finished too early for this probe"
    code, _, err = cli("build", DATA / "en_01_c5plus1_tungsten_wire.txt", "--store", root)
    assert_error(code, err, 2, "another build is writing to this store")
    _, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err
    assert "Traceback" not in first_err
    assert json.loads(marker(root))["current"] == "gen-000002"


def test_query_during_a_build_sees_old_or_new_state(corpus, seed_article, tmp_path):
    root = tmp_path / "store"
    code, _, err = cli("build", seed_article, "--store", root, "-q")
    assert code == 0, err
    old = triple_count(root)
    count_rq = _rq(tmp_path, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "count")
    proc = popen_cli("build", corpus, "--store", root, "-q")
    seen, cli_seen = [], []
    while proc.poll() is None:
        seen.append(triple_count(root))
        if len(seen) % 25 == 0:
            code, out, err = cli("query", count_rq, "--store", root, "--format", "csv")
            assert code == 0, err
            cli_seen.append(int(out.splitlines()[1]))
    assert proc.returncode == 0, proc.stderr.read()
    seen.append(triple_count(root))
    new = triple_count(root)
    assert new != old
    assert len(seen) > 10
    assert set(seen) <= {old, new}, sorted(set(seen))
    assert set(cli_seen) <= {old, new}, sorted(set(cli_seen))
    assert seen[-1] == new


def test_export_writes_atomically_with_normal_permissions(seed_store, tmp_path):
    out = tmp_path / "nested" / "summit.ttl"
    code, _, err = cli("export", "--store", seed_store, "--format", "ttl", "-o", out)
    assert code == 0, err
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in out.parent.iterdir()] == ["summit.ttl"]  # no temporary file left


def test_export_to_a_folder_is_refused(seed_store, tmp_path):
    code, _, err = cli("export", "--store", seed_store, "--format", "nt", "-o", tmp_path)
    assert_error(code, err, 2, "is a folder")


def test_sigkill_during_export_leaves_the_old_file(big_build, tmp_path):
    _, root = big_build
    out = tmp_path / "graph.ttl"
    old = b"# the previous export\n"
    for _attempt in range(8):
        out.write_bytes(old)
        proc = popen_cli("export", "--store", root, "--format", "ttl", "-o", out)
        caught = _wait_for(lambda: any(p.name.startswith(".graph.ttl.") for p in tmp_path.iterdir()), proc, 60)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".graph.ttl.")]
        if caught and temps:  # killed while the temporary file was being written
            assert out.read_bytes() == old
            return
        for p in temps:
            p.unlink()
    pytest.fail("never caught the export while it was writing")


# ================================================================== determinism

def _build_nq(tmp_path: Path, name: str, *args, seed: str) -> bytes:
    root = tmp_path / name
    code, _, err = cli("build", *args, "--store", root, "-q", env={"PYTHONHASHSEED": seed}, timeout=600)
    assert code == 0, err
    code, out, err = cli("export", "--store", root, "--format", "nq", env={"PYTHONHASHSEED": seed})
    assert code == 0, err
    return "\n".join(sorted(out.splitlines())).encode("utf-8")


def test_two_builds_are_byte_identical_in_any_order(tmp_path):
    files = [DATA / n for n in ("en_01_c5plus1_tungsten_wire.txt", "en_02_c5plus1_fact_sheet.txt",
                                "pl_01_c5plus1_waszyngton.txt", "pl_02_trojmorze_warszawa.txt")]
    first = _build_nq(tmp_path, "first", *files, seed="1")
    again = _build_nq(tmp_path, "again", *files, seed="2")
    reversed_order = _build_nq(tmp_path, "reversed", *reversed(files), seed="3")
    parallel = _build_nq(tmp_path, "parallel", *reversed(files), "-j", "2", seed="4")
    assert first == again
    assert first == reversed_order
    assert first == parallel


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "trig"])
def test_exports_are_byte_identical(fmt, seed_store):
    outs = set()
    for seed in ("1", "2"):
        code, out, err = cli("export", "--store", seed_store, "--format", fmt, env={"PYTHONHASHSEED": seed})
        assert code == 0, err
        outs.add(out)
    assert len(outs) == 1


# ================================================================== IRIs

ODD_NAMES = ["Acme>Mining", "Blue Sky Holdings", "North\nStar", "Zielona {Energia}", "Rocket 🚀 Metals",
             "شركة النفط الوطنية", "חברת הנפט", "Tab\tName", 'Quote"Corp', "Back\\slash", "<script>x</script>",
             "a" * 300]


def _valid_iri(iri: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\\x00-\x20]*", iri))


def _roundtrip(triples) -> None:
    import pyoxigraph
    import rdflib
    from rdflib.compare import isomorphic

    from summitkg.graph import iris

    want = {str(t) for t in triples}
    graphs = []
    for fmt, rdflib_fmt in ((pyoxigraph.RdfFormat.N_TRIPLES, "nt"), (pyoxigraph.RdfFormat.TURTLE, "turtle")):
        data = pyoxigraph.serialize(triples, format=fmt,
                                    prefixes=dict(iris.PREFIXES) if fmt == pyoxigraph.RdfFormat.TURTLE else None)
        assert {str(t) for t in pyoxigraph.parse(data, format=fmt)} == want
        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format=rdflib_fmt)
        assert len(g) == len(want)
        graphs.append(g)
    assert isomorphic(graphs[0], graphs[1])


@pytest.mark.parametrize("kind", ["person", "organization", "place", "commodity", "accord"])
def test_odd_names_make_valid_iris_that_round_trip(kind):
    import pyoxigraph

    from summitkg.graph import iris

    triples = []
    for name in ODD_NAMES:
        iri = iris.entity(kind, name)
        assert _valid_iri(iri), iri
        triples.append(pyoxigraph.Triple(pyoxigraph.NamedNode(iri),
                                         pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                         pyoxigraph.Literal(name, language="en")))
    _roundtrip(triples)


def test_distinct_non_latin_names_get_distinct_iris():
    from summitkg.graph import iris

    names = ["شركة النفط الوطنية", "חברת הנפט", "🚀🚀", "中国石油"]
    assert len({iris.entity("organization", n) for n in names}) == len(names)


ODD_ARTICLE = """title: Deals of Acme>Mining LLC, Zielona {Energia} S.A. and Rocket 🚀 Metals LLC
url: https://example.org/odd/names?a=<b>&c={d}

ASTANA, Nov. 7, 2025 — Kazakhstan signed a $1.1 billion deal with Acme>Mining LLC, \
a company based in the United States, President Kassym-Jomart Tokayev said.

"This is a deal for {all} of us >>> 🚀", said John O'Brien-Smith, chief executive of Rocket 🚀 Metals LLC.

Zielona {Energia} S.A., a Polish company, and شركة النفط الوطنية LLC will invest $200 million. \
The chairman of חברת הנפט Ltd, Avi Cohen, attended.

A company called North
Star Holdings LLC agreed to buy 410,000 tonnes of tungsten.
"""


def test_article_with_odd_names_round_trips(tmp_path):
    import pyoxigraph

    from summitkg.graph.build import build
    from summitkg.graph.export import serialize
    from summitkg.graph.store import open_read

    article = write_article(tmp_path / "odd names {🚀}.txt", ODD_ARTICLE)
    root = tmp_path / "store"
    build([article], root)
    store = open_read(root)
    quads = list(store.quads_for_pattern(None, None, None, None))
    for q in quads:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, pyoxigraph.NamedNode):
                assert _valid_iri(term.value), term.value
    anchors = [q.object.value for q in quads
               if q.predicate.value.endswith("#anchorOf") or q.predicate.value.endswith("#isString")]
    assert any("🚀" in a for a in anchors) and any("{Energia}" in a for a in anchors)
    triples = list({str(t): t for t in (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads)}.values())
    _roundtrip(triples)
    for fmt, parse_fmt in (("nt", pyoxigraph.RdfFormat.N_TRIPLES), ("ttl", pyoxigraph.RdfFormat.TURTLE)):
        data = serialize(store, fmt)
        assert {str(t) for t in pyoxigraph.parse(data, format=parse_fmt)} == {str(t) for t in triples}
