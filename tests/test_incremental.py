"""Incremental and parallel builds: unchanged articles are not extracted again,
a changed article replaces only its own named graph, and parallel builds give
the same store as serial ones. Counts are checked through the BuildReport and
a counting hook on the extractor, never through timing."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402  (benchmarks/corpus.py: synthetic articles)


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    """Four synthetic articles (two English, two Polish) in a folder."""
    folder = tmp_path / "articles"
    corpus.write_corpus(folder, 4, seed=7)
    return folder


@pytest.fixture()
def count_extractions(monkeypatch):
    """Counts calls of the extractor made in this process (serial builds)."""
    import summitkg.builders.extract as facts

    calls: list[str] = []
    real = facts.extract

    def counting(article):
        calls.append(article.source_path)
        return real(article)

    monkeypatch.setattr(facts, "extract", counting)
    return calls


def _graphs_nq(root) -> dict[str, list[str]]:
    """Named graph -> its sorted N-Quads lines."""
    import pyoxigraph

    from summitkg.graph.store import open_read

    store = open_read(root)
    out: dict[str, list[str]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        line = pyoxigraph.serialize([q], format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8").strip()
        out.setdefault(q.graph_name.value, []).append(line)
    return {g: sorted(lines) for g, lines in out.items()}


def _all_sorted(root) -> list[str]:
    return sorted(line for lines in _graphs_nq(root).values() for line in lines)


def test_unchanged_corpus_extracts_nothing_second_time(tmp_path, small_corpus, count_extractions):
    from summitkg.graph.build import build

    store = tmp_path / "store"
    first = build([small_corpus], store)
    assert first.extracted == 4 and len(first.built) == 4 and first.unchanged == []
    assert len(count_extractions) == 4
    before = _all_sorted(store)

    count_extractions.clear()
    second = build([small_corpus], store)
    assert count_extractions == []              # the extractor was not called at all
    assert second.extracted == 0 and second.built == []
    assert sorted(second.unchanged) == sorted(str(p) for p in small_corpus.iterdir())
    assert second.triples == first.triples and second.graphs == first.graphs
    assert _all_sorted(store) == before


def test_unchanged_corpus_parallel_extracts_nothing(tmp_path, small_corpus):
    from summitkg.graph.build import build

    store = tmp_path / "store"
    assert build([small_corpus], store, jobs=2).extracted == 4
    again = build([small_corpus], store, jobs=2)
    assert again.extracted == 0 and again.built == [] and len(again.unchanged) == 4


def test_changed_article_replaces_only_its_graph(tmp_path, small_corpus, count_extractions):
    from summitkg.graph import iris
    from summitkg.graph.build import build

    store = tmp_path / "store"
    build([small_corpus], store)
    before = _graphs_nq(store)

    changed = sorted(small_corpus.iterdir())[1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("\n\n", "\n\nDodatkowe zdanie tła bez nowych faktów.\n\n", 1)
                       if ".pl." in changed.name else
                       text.replace("\n\n", "\n\nA background sentence with no new facts.\n\n", 1), encoding="utf-8")
    count_extractions.clear()
    report = build([small_corpus], store)
    assert report.built == [str(changed)] and report.extracted == 1
    assert count_extractions == [str(changed)]

    after = _graphs_nq(store)
    assert set(after) == set(before)
    changed_graphs = {g for g in before if before[g] != after[g]}
    assert len(changed_graphs) == 1
    (g,) = changed_graphs
    assert g.startswith(iris.GRAPH + "article/")
    # its content hash moved with the text, and nothing else changed anywhere
    assert any("contentHash" in line for line in set(after[g]) - set(before[g]))
    for other in set(before) - {g}:
        assert after[other] == before[other]


def test_forced_language_change_is_not_unchanged(tmp_path, small_corpus):
    """Same text, different forced language: a different graph, so it is extracted again."""
    from summitkg.graph.build import build

    one = sorted(small_corpus.iterdir())[0]          # an English article
    store = tmp_path / "store"
    build([one], store)
    again = build([one], store, language="pl")
    assert again.extracted == 1 and again.built == [str(one)]
    back = build([one], store, language="pl")
    assert back.extracted == 0


def test_force_rebuilds_everything_without_duplicates(tmp_path, small_corpus):
    from summitkg.graph.build import build

    store = tmp_path / "store"
    first = build([small_corpus], store)
    before = _all_sorted(store)
    forced = build([small_corpus], store, force=True)
    assert forced.extracted == 4
    assert forced.triples == first.triples
    assert _all_sorted(store) == before


def test_parallel_and_serial_builds_identical(tmp_path, small_corpus):
    from summitkg.graph.build import build

    serial = build([small_corpus], tmp_path / "serial", jobs=1)
    parallel = build([small_corpus], tmp_path / "parallel", jobs=2)
    assert serial.built == parallel.built
    assert serial.graphs == parallel.graphs
    a, b = _all_sorted(tmp_path / "serial"), _all_sorted(tmp_path / "parallel")
    assert a and a == b


def test_parallel_progress_called_once_per_article(tmp_path, small_corpus):
    from summitkg.graph.build import build

    seen = []
    build([small_corpus], tmp_path / "store", jobs=2, progress=lambda done, total, path: seen.append((done, total)))
    assert seen == [(i, 4) for i in range(1, 5)]


def test_small_batches_give_the_same_store(tmp_path, small_corpus, monkeypatch):
    """Loading in many small bulk batches gives exactly the store of one big batch."""
    import summitkg.graph.build as b

    b.build([small_corpus], tmp_path / "big")
    monkeypatch.setattr(b, "BATCH_QUADS", 1)
    b.build([small_corpus], tmp_path / "small")
    assert _all_sorted(tmp_path / "big") == _all_sorted(tmp_path / "small")


def test_entities_graph_follows_incremental_builds(tmp_path, small_corpus):
    """graph/entities after an article is rewritten equals the one a fresh build of the same files
    gives, holds each type and label once, and only triples some article graph states."""
    from summitkg.graph import iris
    from summitkg.graph.build import build

    store = tmp_path / "store"
    build([small_corpus], store)
    first = _graphs_nq(store)[iris.ENTITIES_GRAPH]
    # keep one article's header (so its id) but give it another synthetic article's body
    changed = sorted(small_corpus.iterdir())[1]
    header = changed.read_text(encoding="utf-8").split("\n\n", 1)[0]
    _name, other = corpus.article(99, seed=11)
    changed.write_text(header + "\n\n" + other.split("\n\n", 1)[1], encoding="utf-8")
    build([small_corpus], store)
    fresh = tmp_path / "fresh"
    build([small_corpus], fresh)

    incremental = _graphs_nq(store)
    entities = incremental[iris.ENTITIES_GRAPH]
    assert entities == _graphs_nq(fresh)[iris.ENTITIES_GRAPH]
    assert entities != first
    assert len(entities) == len(set(entities))
    triples = {line.rsplit(" ", 2)[0] for line in entities}
    stated = {line.rsplit(" ", 2)[0] for g, lines in incremental.items()
              if g.startswith(iris.GRAPH + "article/") for line in lines}
    pref = " <http://www.w3.org/2004/02/skos/core#prefLabel> "
    preferred = {t for t in triples if pref in t}
    assert triples - preferred <= stated
    # one skos:prefLabel per entity with an English label: the first of them in code point order
    english: dict[str, list[str]] = {}
    for t in triples:
        s, p, o = t.split(" ", 2)
        if p == "<http://www.w3.org/2000/01/rdf-schema#label>" and o.endswith("@en"):
            english.setdefault(s, []).append(o)
    own = {s: min(ls, key=lambda o: json.loads(o.rsplit('@', 1)[0])) for s, ls in english.items()}
    # a node the identity pass joined to another shows its representative's name
    joined = {line.split(" ")[0]: line.split(" ")[2] for line in incremental.get(iris.GRAPH + "links", [])
              if " <http://www.w3.org/2002/07/owl#sameAs> " in line}
    assert preferred == {f"{s}{pref}{own[joined.get(s, s)]}" for s in own}
    labelled = {t.split(" ", 1)[0] for t in triples if " <http://www.w3.org/2000/01/rdf-schema#label> " in t}
    for t in stated:
        s, p, _o = t.split(" ", 2)
        if s in labelled and p in ("<http://www.w3.org/2000/01/rdf-schema#label>",
                                   "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"):
            assert t in triples
