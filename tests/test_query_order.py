"""A final ORDER BY of plain variables is sorted in Python (graph/query.py): the split of
the query text and the order against Oxigraph's own ORDER BY."""
import pyoxigraph as ox
import pytest

from summitkg.graph.query import SortedSolutions, split_final_order

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("text, expected", [
    ("SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a", [("a", False)]),
    ("SELECT ?a WHERE { ?a ?b ?c }\norder by desc( ?a ) ASC(?b) $c # note\n",
     [("a", True), ("b", False), ("c", False)]),
    ("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 1 } } ORDER BY DESC(?a)", [("a", True)]),
])
def test_split_final_order(text, expected):
    body, keys = split_final_order(text)
    assert keys == expected
    assert "ORDER" not in body.upper().rsplit("}", 1)[1]
    assert body.strip().endswith("}")


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a ?b ?c }",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 3",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a OFFSET 1",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY STR(?a)",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY",
    'SELECT ?a WHERE { ?a ?b "ORDER BY ?a" }',
    "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a } }",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a VALUES ?a { 1 }",
])
def test_split_final_order_leaves_other_queries(text):
    assert split_final_order(text) is None


VALUES = f"""(1 "a") (2.5 "b") ("10"^^<{XSD}integer> "c") ("b" 1) ("a"@en 2) ("a"@pl 3) ("a" 4)
  (<http://x/b> 5) (<http://x/a> 6) (UNDEF 7) ("2025-11-06"^^<{XSD}date> 8) ("1e1"^^<{XSD}double> 9)
  (true 10) ("Ä" 11) ("Z" 12) ("z" 13) ("a" 0) (-3 15)"""


@pytest.mark.parametrize("order", ["?x", "DESC(?x)", "?x DESC(?y)", "DESC(?x) ?y", "?y"])
def test_python_order_equals_oxigraph_order(order):
    st = ox.Store()
    q = f"SELECT ?x ?y WHERE {{ VALUES (?x ?y) {{ {VALUES} }} }} ORDER BY {order}"
    body, keys = split_final_order(q)
    expected = [(str(r["x"]), str(r["y"])) for r in st.query(q)]
    got = [(str(r["x"]), str(r["y"])) for r in SortedSolutions(st.query(body), keys)]
    if any(name == "x" for name, _ in keys) and len(keys) == 1:   # ties on ?x: compare ?x only
        expected, got = [x for x, _ in expected], [x for x, _ in got]
    assert got == expected


def _numbers_store(n: int = 50) -> ox.Store:
    st = ox.Store()
    st.extend([ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/p"), ox.Literal(i % 7),
                       ox.NamedNode("http://x/g")) for i in range(n)])
    return st


class _Spy:
    """A store that records the queries sent to it."""

    def __init__(self, store):
        self.store, self.calls = store, []

    def query(self, text, **kw):
        self.calls.append(text)
        return self.store.query(text, **kw)


def test_large_results_are_sorted_in_runs_and_evaluated_once(monkeypatch):
    """Past MAX_PYTHON_SORT_ROWS rows the answer is sorted in runs on disk and merged: the same
    rows in the same order as the store's ORDER BY, and the query runs once (it ran twice)."""
    from summitkg.graph import query

    st = _numbers_store()
    text = "SELECT ?s ?v WHERE { ?s ?p ?v } ORDER BY DESC(?v) ?s"
    q = query.parse_header("t", text)
    expected = [(str(r["s"]), str(r["v"])) for r in st.query(text, use_default_graph_as_union=True)]
    assert [(str(r["s"]), str(r["v"])) for r in query.run(st, q)] == expected
    monkeypatch.setattr(query, "MAX_PYTHON_SORT_ROWS", 10)
    spy = _Spy(st)
    assert [(str(r["s"]), str(r["v"])) for r in query.run(spy, q)] == expected
    assert len(spy.calls) == 1 and "ORDER BY" not in spy.calls[0]


@pytest.mark.parametrize("limit, offset", [(1, 0), (5, 0), (5, 3), (10, 45), (0, 0), (None, 7), (100, 0),
                                           (3, 60)])
@pytest.mark.parametrize("text", [
    "SELECT ?s ?v WHERE { ?s ?p ?v } ORDER BY DESC(?v) ?s",
    "SELECT ?s ?v WHERE { ?s ?p ?v } ORDER BY ?v",                  # ties: the engine's order kept
    "SELECT ?s ?v WHERE { ?s ?p ?v } ORDER BY STR(?s)",             # sorted by the engine
    "SELECT ?v (COUNT(?s) AS ?n) WHERE { ?s ?p ?v } GROUP BY ?v",   # no order at all
    "CONSTRUCT { ?s <http://x/q> ?v } WHERE { ?s ?p ?v } ORDER BY ?s",
])
def test_a_page_is_the_slice_of_the_full_answer(text, limit, offset, monkeypatch):
    from summitkg.graph import query

    st = _numbers_store()
    q = query.parse_header("t", text)
    full = [tuple(map(str, r)) if not isinstance(r, ox.Triple) else str(r) for r in query.run(st, q)]
    for spill in (200_000, 4):          # in memory, and in sorted runs on disk
        monkeypatch.setattr(query, "MAX_PYTHON_SORT_ROWS", spill)
        spy = _Spy(st)
        page = [tuple(map(str, r)) if not isinstance(r, ox.Triple) else str(r)
                for r in query.run(spy, q, limit=limit, offset=offset)]
        stop = None if limit is None else offset + limit
        assert page == full[offset:stop]
        assert len(spy.calls) == 1


def test_page_bounds_are_checked():
    from summitkg.errors import UserError
    from summitkg.graph import query

    q = query.parse_header("t", "SELECT ?s WHERE { ?s ?p ?o }")
    for bad in ({"limit": -1}, {"offset": -2}, {"limit": "5"}):
        with pytest.raises(UserError):
            query.run(ox.Store(), q, **bad)


PARAMS = {"commodity": "tungsten", "state": "Kazakhstan"}


def test_every_catalogued_query_pages_as_its_full_answer_slices(seed_store):
    from summitkg.graph import query
    from summitkg.graph.store import open_read

    st = open_read(seed_store)
    for qid, q in query.catalogue().items():
        params = {p: PARAMS[p] for p in q.params}
        full = [tuple(map(str, r)) for r in query.run(st, q, params)]
        for limit, offset in ((1, 0), (2, 1), (100, 0), (3, max(0, len(full) - 2))):
            page = [tuple(map(str, r)) for r in query.run(st, q, params, limit=limit, offset=offset)]
            assert page == full[offset:offset + limit], (qid, limit, offset)


def test_query_limit_and_offset_through_the_cli(seed_store):
    from conftest import run_cli_cmd

    code, full, err = run_cli_cmd("query", "monetary-amounts", "--store", seed_store, "--format", "csv")
    assert code == 0, err
    head, *rows = full.splitlines()
    assert len(rows) >= 3
    code, page, err = run_cli_cmd("query", "monetary-amounts", "--store", seed_store, "--format", "csv",
                                  "--limit", "2", "--offset", "1")
    assert code == 0, err
    assert page.splitlines() == [head] + rows[1:3]
    code, _, err = run_cli_cmd("query", "monetary-amounts", "--store", seed_store, "--limit", "-1")
    assert code == 2 and "Traceback" not in err and "--limit" in err, err
