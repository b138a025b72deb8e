"""The SHACL shapes catch dangling links: each file in ``tests/shapes_xfail/`` holds one link to
a node no graph types and must fail validation on the property its ``expect-path`` names."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

XFAIL = sorted((Path(__file__).parent / "shapes_xfail").glob("*.ttl"))
SKG = "https://w3id.org/summitkg/ontology#"


def _violated_paths(turtle: str) -> set[str]:
    import pyoxigraph

    from summitkg.graph import iris
    from summitkg.graph.build import ontology_quads
    from summitkg.graph.validate import validate

    store = pyoxigraph.Store()
    store.extend(ontology_quads())
    graph = pyoxigraph.NamedNode(iris.article_graph("xfail"))
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
                 for t in pyoxigraph.parse(turtle.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
    conforms, text, _n = validate(store)
    assert not conforms
    return set(re.findall(r"Result Path: (\S+)", text))


@pytest.mark.parametrize("path", XFAIL, ids=[p.stem for p in XFAIL])
def test_dangling_link_fails_validation(path):
    text = path.read_text(encoding="utf-8")
    expected = re.search(r"# expect-path: skg:(\w+)", text).group(1)
    assert any(p.endswith(expected) for p in _violated_paths(text)), expected


def test_xfail_files_exist():
    assert len(XFAIL) >= 3
