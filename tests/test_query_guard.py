"""No query reaches the network, crashes the caller or eats the machine (hardening issue,
items 1, 3 and 5).

Two layers are tested separately, each against a real loopback listener that records every
connection: the screen (graph/sparql_screen.py), which refuses SERVICE, LOAD and dataset
clauses and runs the query written anew from what it checked; and the confined child
(graph/confined.py), which has no network at all and a memory cap, so that a query the screen
let through still could not call out.
"""
from __future__ import annotations

import io
import itertools
import os
import time

import pyoxigraph as ox
import pytest

from conftest import run_cli_cmd
from summitkg.errors import UserError
from summitkg.graph import confined, query
from summitkg.graph.sparql_screen import MAX_DEPTH, screen


def _store() -> ox.Store:
    st = ox.Store()
    ex = "http://example.org/"
    st.extend([ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(f"article text {i}"),
                       ox.NamedNode(f"{ex}g")) for i in range(5)])
    return st


def _rq(tmp_path, text, name="q"):
    p = tmp_path / f"{name}.rq"
    p.write_text(text, encoding="utf-8")
    return str(p)


# The reproductions of the issue, with the listener's address put in.
ISSUE_PROBES = [
    "PREFIX : <{url}/>\nSELECT * WHERE {{ FILTER(1<2)SERVICE:x#>\n{{ ?a ?b ?c }} }}\n",
    "PREFIX : <{url}/>\nSELECT * WHERE {{ FILTER(1<=2)SERVICE:x#>\n{{ ?a ?b ?c }} }}\n",
    "PREFIX : <{url}/>\nSELECT * WHERE {{ FILTER(1<2)SERVICE#>\nSILENT :x {{ ?a ?b ?c }} }}\n",
    "PREFIX : <{url}/>\nSELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ FILTER(1<2)SERVICE:x#>\n{{ ?a ?b ?c }} }} }}\n",
    "PREFIX : <{url}/>\nSELECT * WHERE {{ {{ SELECT * WHERE {{ FILTER(1<2)SERVICE:x#>\n{{ ?a ?b ?c }} }} }} }}\n",
    "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
    "SELECT * WHERE {{ ?a nif:isString ?t LATERAL {{ BIND(IRI(CONCAT(\"{url}/\", ENCODE_FOR_URI(?t))) AS ?u) "
    "FILTER(1<2)SERVICE#>\n?u {{ ?x ?y ?z }} }} }}\n",
    "SELECT * WHERE {{ FILTER(1<2)FROM#>\n<{url}/g> {{ ?a ?b ?c }} }}\n",
    "SELECT * WHERE {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
    "select * where {{ service silent <{url}/x> {{ ?a ?b ?c }} }}",
    "PREFIX SERVICE: <{url}/>\nSELECT * WHERE {{ SERVICE:x {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p 1SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ \"x\"SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
]

LEGITIMATE = {
    "prefix-webservice": "PREFIX webservice: <http://example.org/>\nSELECT ?s WHERE { ?s webservice:p ?o }",
    "prefix-services": "PREFIX services: <http://example.org/>\nSELECT ?o WHERE { ?s services:p ?o }",
    "blank-node-service1": "PREFIX ex: <http://example.org/>\nSELECT ?o WHERE { _:service1 ex:p ?o }",
    "prefix-add": "PREFIX add: <http://example.org/>\nSELECT ?o WHERE { GRAPH add:g { ?s add:p ?o } }",
    "prefix-with": "PREFIX with: <http://example.org/>\nSELECT ?s WHERE { ?s with:p ?o FILTER(?o != \"x\") }",
}


@pytest.mark.parametrize("template", ISSUE_PROBES, ids=[f"probe{i}" for i in range(len(ISSUE_PROBES))])
def test_issue_probes_are_refused_and_send_nothing(template, listener):
    url = f"http://127.0.0.1:{listener.port}"
    st = _store()
    with pytest.raises(UserError):
        list(query.run(st, query.parse_header("probe", template.format(url=url))))
    time.sleep(0.05)
    assert listener.requests == []


@pytest.mark.parametrize("name", sorted(LEGITIMATE))
def test_legitimate_queries_that_look_like_keywords_run(name):
    rows = list(query.run(_store(), query.parse_header(name, LEGITIMATE[name])))
    assert len(rows) == 5


def _fuzz_queries(url: str):
    """Queries built around the keywords from pieces that read differently to a naive
    tokenizer: comparisons that look like IRIs, comments inside IRIs, strings, numbers
    and names glued to the keyword, line breaks of every kind."""
    before = ["", "FILTER(1<2)", "FILTER(1<=2)", "FILTER(?o<?o)", "1", "\"x\"", "'''y'''", ".", "}", "<a#>",
              "?o", "#>\n", "#\r", "ex:a", "_:b", "(", "[]", "\\"]
    words = ["SERVICE", "service", "SeRvIcE", "SERVICE:x", "SERVICE#>\nSILENT", "SERVICE SILENT", "FROM", "LOAD",
             "FROM NAMED"]
    after = [f"<{url}/x>", ":x", "ex:x", "?u", f"#>\n<{url}/x>", f" <{url}/x>#"]
    for b, w, a in itertools.product(before, words, after):
        yield (f"PREFIX : <{url}/>\nPREFIX ex: <{url}/ex/>\nSELECT * WHERE {{ ?s ?p ?o "
               f"BIND(IRI(\"{url}/v\") AS ?u) {b}{w}{a} {{ ?a ?b ?c }} }}")


def test_fuzzed_queries_never_reach_the_listener(listener):
    url = f"http://127.0.0.1:{listener.port}"
    st = _store()
    ran = refused = 0
    for i, text in enumerate(_fuzz_queries(url)):
        try:
            results = query.run(st, query.parse_header(f"f{i}", text))
            if hasattr(results, "variables"):
                list(results)
            ran += 1
        except UserError:
            refused += 1
    time.sleep(0.1)
    assert listener.requests == [], f"{len(listener.requests)} requests after {ran} runs, {refused} refusals"
    assert ran + refused > 900


def test_the_confined_child_has_no_network_even_without_the_screen(listener):
    """Second layer: the raw engine, asked for SERVICE directly in the child, cannot connect."""
    url = f"http://127.0.0.1:{listener.port}/x"
    st = _store()

    def raw(stream):
        try:
            rows = list(st.query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}"))
        except OSError as exc:
            stream.write(f"refused: {exc}")
            return -1
        return len(rows)

    out = io.StringIO()
    assert confined.call(raw, out, timeout=30) == -1
    assert "Permission denied" in out.getvalue()
    assert listener.requests == []


def test_the_listener_sees_a_raw_service_call_outside_the_child(listener):
    """Control for the two tests above: unconfined, the same call does reach the listener."""
    list(_store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?a ?b ?c }} }}"))
    time.sleep(0.1)
    assert len(listener.requests) == 1


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { FILTER(" + "(" * 8000 + "1" + ")" * 8000 + ") }",
    "SELECT * WHERE " + "{" * 30000 + "}" * 30000,
    "SELECT * WHERE { BIND(" + "+".join(["1"] * 8000) + " AS ?x) }",
    "SELECT * WHERE { " + " UNION ".join(["{ BIND(1 AS ?x) }"] * 1500) + " }",
], ids=["parentheses", "braces", "plus-chain", "union-chain"])
def test_deep_or_long_queries_are_refused_before_the_engine(text):
    with pytest.raises(UserError, match="nest|chains"):
        screen(text)


def test_depth_within_the_limit_runs():
    text = "SELECT ?x WHERE { BIND(" + "(" * (MAX_DEPTH - 3) + "1" + ")" * (MAX_DEPTH - 3) + " AS ?x) }"
    assert [r["x"].value for r in query.run(ox.Store(), query.parse_header("d", text))] == ["1"]


def test_an_engine_crash_is_one_line_not_a_dead_caller():
    """The engine overflows its stack on 8,000 nested parentheses: in the child, that is an error."""
    text = "SELECT * WHERE { FILTER(" + "(" * 8000 + "1" + ")" * 8000 + ") }"

    def crash(stream):
        list(ox.Store().query(text))
        return 0

    with pytest.raises(confined.QueryCrash, match="SIGSEGV|SIGABRT|SIGBUS"):
        confined.call(crash, io.StringIO(), timeout=60)


def test_nesting_through_the_cli_exits_2_with_one_line(seed_store, tmp_path):
    text = "SELECT * WHERE { FILTER(" + "(" * 8000 + "1" + ")" * 8000 + ") }"
    code, _, err = run_cli_cmd("query", _rq(tmp_path, text), "--store", seed_store)
    assert code == 2, err
    assert err.count("\n") == 1 and "nest" in err


def test_memory_cap_stops_a_query_with_one_line(seed_store, tmp_path):
    """DISTINCT over a cartesian product of the seed graph holds millions of rows."""
    text = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d } }"
    code, _, err = run_cli_cmd("query", _rq(tmp_path, text), "--store", seed_store, "--memory", "300",
                               "--timeout", "120")
    assert code == 2, err
    assert "memory limit of 300 MB" in err and err.count("\n") == 1


def _children() -> list[int]:
    me = str(os.getpid())
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[1] == me:
                        kids.append(int(entry))
            except OSError:
                pass
    return kids


def test_library_timeout_ends_the_evaluation():
    st = ox.Store()
    st.extend([ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"),
                       ox.Literal(str(i))) for i in range(300)])
    slow = query.parse_header("slow", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?b ?p ?o2 . ?c ?p ?o3 . ?d ?p ?o4 }")
    before = set(_children())
    t0 = time.monotonic()
    with pytest.raises(query.QueryTimeout):
        query.execute(st, slow, {}, "csv", io.StringIO(), timeout=1)
    assert time.monotonic() - t0 < 5
    assert set(_children()) <= before      # the evaluating child is gone, not working on
