"""Display names stay put as a corpus grows: an entity's English name is the form most of the
articles naming it use (ties by code point order), so unrelated articles never change it."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ENTITIES = "https://w3id.org/summitkg/graph/entities"
LINKS = "https://w3id.org/summitkg/graph/links"
ARTICLE_GRAPH = "https://w3id.org/summitkg/graph/article/"
FIRST = [REPO / "data" / "articles", DATA / "en_01_c5plus1_tungsten_wire.txt", DATA / "en_02_c5plus1_fact_sheet.txt",
         DATA / "en_03_us_kazakhstan_business_forum.txt"]
LATER = [DATA / "ru_01_dushanbe_gidroenergetika.txt", DATA / "pl_02_trojmorze_warszawa.txt",
         DATA / "en_05_central_asia_japan_tokyo.txt"]


def _build(tmp_path, name, articles):
    from summitkg.graph.build import build
    from summitkg.graph.store import open_read

    build(articles, tmp_path / name)
    return open_read(tmp_path / name)


def _names(store) -> dict[str, str]:
    return {r["s"].value: r["l"].value for r in store.query(
        f"SELECT ?s ?l WHERE {{ GRAPH <{ENTITIES}> {{ ?s <{PREF}> ?l }} }}")}


def _joined(store) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for r in store.query(f"SELECT ?m ?r WHERE {{ GRAPH <{LINKS}> {{ ?m <http://www.w3.org/2002/07/owl#sameAs> ?r }} }}"):
        groups.setdefault(r["r"].value, {r["r"].value}).add(r["m"].value)
    return {m: g for g in groups.values() for m in g}


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("names")
    return _build(tmp, "first", FIRST), _build(tmp, "grown", FIRST + LATER)


def test_the_display_name_is_the_form_most_articles_use(stores):
    _first, grown = stores
    counts: dict[str, Counter] = {}
    for r in grown.query(f"""SELECT ?s ?l ?g WHERE {{ GRAPH ?g {{ ?s <{LABEL}> ?l }}
            FILTER(LANG(?l) = "en" && STRSTARTS(STR(?g), "{ARTICLE_GRAPH}")) }}"""):
        counts.setdefault(r["s"].value, Counter())[r["l"].value] += 1
    joined = _joined(grown)
    names = _names(grown)
    checked = contested = 0
    for iri, c in counts.items():
        if iri in joined or iri not in names:
            continue                    # a joined node shows its representative's name
        want = min(c, key=lambda label: (-c[label], label))
        assert names[iri] == want, (iri, dict(c), names[iri])
        checked += 1
        contested += len(c) > 1 and c.most_common(1)[0][0] != min(c)
    assert checked > 50
    assert contested, "no entity where the most used form is not the first in code point order"


def test_unrelated_articles_do_not_change_existing_names(stores):
    first, grown = stores
    before, after = _names(first), _names(grown)
    joined = _joined(grown)
    named_later: set[str] = set()
    later_graphs = set()
    for r in grown.query(f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a a <https://w3id.org/summitkg/ontology#Article> }} }}"""):
        later_graphs.add(r["g"].value)
    later_graphs -= {r["g"].value for r in first.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a <https://w3id.org/summitkg/ontology#Article> } }")}
    assert len(later_graphs) == len(LATER)
    for g in later_graphs:
        named_later |= {r["s"].value for r in grown.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{g}> {{ ?s <{LABEL}> ?l }} }}")}
    touched = named_later | {m for n in named_later for m in joined.get(n, ())}
    same = [iri for iri in before if iri not in touched]
    assert len(same) > 50
    changed = {iri: (before[iri], after.get(iri)) for iri in same if after.get(iri) != before[iri]}
    assert not changed
