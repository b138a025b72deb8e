"""Every ontology term the graph uses is declared in ``ontology/summitkg.ttl`` with an English
and a Polish label, and the writer refuses a term the ontology does not declare."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ONT = "https://w3id.org/summitkg/ontology#"


def test_writer_refuses_undeclared_terms():
    from summitkg.graph.rdf import T

    assert T("Agreement").endswith(b"#Agreement>")
    with pytest.raises(KeyError):
        T("Agreemnet")


def test_terms_used_are_declared_with_both_labels(tmp_path):
    import pyoxigraph

    from summitkg.graph.build import build
    from summitkg.graph.curation import curate
    from summitkg.graph.export import export

    store = tmp_path / "store"
    build([REPO / "data" / "articles", REPO / "tests" / "data"], store)
    curate(store, "rename", ["https://w3id.org/summitkg/id/state/KZ", "Kazakhstan (renamed)"])
    data = export(store, "nq").decode("utf-8")
    used = set(re.findall(r"<" + re.escape(ONT) + r"([A-Za-z][\w-]*)>", data))
    assert len(used) > 40
    onto = pyoxigraph.Store()
    onto.load(path=str(REPO / "ontology" / "summitkg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    labels: dict[str, set] = {}
    for q in onto.quads_for_pattern(None, pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None):
        if q.subject.value.startswith(ONT):
            labels.setdefault(q.subject.value[len(ONT):], set()).add(q.object.language)
    missing = sorted(t for t in used if not {"en", "pl"} <= labels.get(t, set()))
    assert not missing, missing
