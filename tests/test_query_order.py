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
    got = [(str(r["x"]), str(r["y"])) for r in SortedSolutions(st.query(body), keys, None)]
    if any(name == "x" for name, _ in keys) and len(keys) == 1:   # ties on ?x: compare ?x only
        expected, got = [x for x, _ in expected], [x for x, _ in got]
    assert got == expected


def test_large_results_fall_back_to_the_stores_order(monkeypatch):
    """Past MAX_PYTHON_SORT_ROWS the query runs again with its ORDER BY: same rows, same order."""
    from summitkg.graph import query

    st = ox.Store()
    st.extend([ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/p"), ox.Literal(i))
               for i in range(50)])
    q = query.parse_header("t", "SELECT ?s ?v WHERE { ?s ?p ?v } ORDER BY DESC(?v)")
    small = [(str(r["s"]), str(r["v"])) for r in query.run(st, q)]
    monkeypatch.setattr(query, "MAX_PYTHON_SORT_ROWS", 10)
    calls = []
    real = st.query

    class Spy:
        def query(self, text, **kw):
            calls.append(text)
            return real(text, **kw)
    big = [(str(r["s"]), str(r["v"])) for r in query.run(Spy(), q)]
    assert big == small == [(f"<http://x/{i}>", f'"{i}"^^<{XSD}integer>') for i in reversed(range(50))]
    assert len(calls) == 2 and "ORDER BY" in calls[1] and "ORDER BY" not in calls[0]
