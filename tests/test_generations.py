"""Builds that cost what changed (issue 20): an unchanged rebuild makes no new generation, a new
generation shares the table files it did not rewrite with the kept one (hard links, summed once),
the quads per graph a build keeps equal a full count, and compaction runs past the dead-space
threshold or on ``summitkg compact``, never changing the graph. Real stores, no timing."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli_cmd

sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402  (benchmarks/corpus.py: synthetic articles)


def rewrite_one(folder: Path) -> Path:
    """Change one article's text, so the next build replaces its graph (the old one is dead)."""
    victim = sorted(folder.iterdir())[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nThe talks will continue in the spring.\n",
                      encoding="utf-8")
    return victim


def marker(root: Path) -> dict:
    return json.loads((root / "summitkg-store.json").read_text())


def generations(root: Path) -> list[str]:
    return sorted(e.name for e in root.iterdir() if e.is_dir() and e.name.startswith("gen-"))


def sorted_nquads(root: Path) -> list[str]:
    from summitkg.graph.export import export

    return sorted(export(root, "nq").splitlines())


def full_count(root: Path) -> dict[str, int]:
    from summitkg.graph.build import count_graphs
    from summitkg.graph.store import open_read

    return count_graphs(open_read(root))


def inodes(path: Path) -> dict[str, int]:
    return {e.name: e.stat().st_ino for e in path.iterdir() if e.name.endswith(".sst")}


@pytest.fixture()
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    corpus.write_corpus(folder, 6, seed=11)
    return folder


def test_an_unchanged_rebuild_makes_no_generation_and_changes_no_file(tmp_path, articles):
    from summitkg.graph.build import build

    root = tmp_path / "store"
    first = build([articles], root)
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    again = build([articles], root, jobs=2)
    after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
             if not p.name.startswith(".build.lock")}
    assert generations(root) == ["gen-000001"]
    assert {k: v for k, v in before.items() if k != ".build.lock"} == after
    assert again.built == [] and again.graphs == first.graphs and again.triples == first.triples


def test_a_new_generation_shares_the_tables_it_did_not_rewrite(tmp_path, articles):
    from summitkg.graph.build import build

    root = tmp_path / "store"
    build([articles], root)
    corpus.write_corpus(articles, 1, start=6, seed=11)
    report = build([articles], root)
    assert len(report.built) == 1 and len(report.unchanged) == 6
    m = marker(root)
    cur, prev = root / m["current"], root / m["previous"]
    shared = {n for n, ino in inodes(cur).items() if inodes(prev).get(n) == ino}
    assert shared, "the new generation copied every table instead of linking them"
    for name in shared:               # a shared file's sum is the one recorded for the kept generation
        assert m["files"][name] == m["previous_files"][name]
    assert run_cli_cmd("verify", "--store", root)[0] == 0
    assert report.graphs == full_count(root)
    assert report.triples == m["quads"] == sum(full_count(root).values())


def test_damage_to_a_shared_table_shows_in_both_generations(tmp_path, articles):
    from summitkg.graph.build import build

    root = tmp_path / "store"
    build([articles], root)
    corpus.write_corpus(articles, 1, start=6, seed=11)
    build([articles], root)
    m = marker(root)
    cur, prev = root / m["current"], root / m["previous"]
    name = max((n for n, ino in inodes(cur).items() if inodes(prev).get(n) == ino),
               key=lambda n: (cur / n).stat().st_size)
    with open(cur / name, "r+b") as fh:        # in place: both names see it
        fh.seek(8)
        fh.write(os.urandom(16))
    code, _, err = run_cli_cmd("verify", "--store", root)
    assert code == 2 and "the store is damaged" in err and "Traceback" not in err, err
    assert "summitkg restore" not in err        # the kept generation holds the same file
    code, _, err = run_cli_cmd("restore", "--store", root)
    assert code == 2 and "cannot be restored" in err, err


def test_counts_kept_by_builds_equal_a_full_count_through_changes(tmp_path, articles):
    """Built, one added, one rewritten, all forced, one removed (a command that keeps no counts),
    then built again: every report's per-graph counts equal a scan of the store."""
    from summitkg.graph.articles import remove
    from summitkg.graph.build import build

    root = tmp_path / "store"
    steps = [build([articles], root)]
    corpus.write_corpus(articles, 1, start=6, seed=11)
    steps.append(build([articles], root))
    assert steps[-1].graphs == full_count(root)
    victim = rewrite_one(articles)
    steps.append(build([articles], root))
    assert steps[-1].built == [str(victim)] and steps[-1].graphs == full_count(root)
    steps.append(build([articles], root, force=True))
    assert steps[-1].graphs == full_count(root)
    remove(root, [sorted(articles.iterdir())[1].name])
    (sorted(articles.iterdir())[1]).unlink()
    steps.append(build([articles], root))
    assert steps[-1].graphs == full_count(root)
    assert steps[-1].triples == sum(full_count(root).values())


def test_a_forced_rebuild_passes_the_dead_space_threshold_and_is_compacted(tmp_path, articles):
    from summitkg.graph.build import build

    root = tmp_path / "store"
    build([articles], root)
    rewrite_one(articles)
    build([articles], root)
    m = marker(root)
    assert 0 < m["dead_quads"] < m["quads"] * 0.25       # one of six articles: kept as dead space
    cur, prev = root / m["current"], root / m["previous"]
    assert set(inodes(cur).items()) & set(inodes(prev).items())        # not compacted
    before = sorted_nquads(root)
    build([articles], root, force=True)          # every article graph replaced: past the threshold
    m = marker(root)
    assert m["dead_quads"] == 0
    cur, prev = root / m["current"], root / m["previous"]
    shared = set(inodes(cur).items()) & set(inodes(prev).items())
    shared_bytes = sum((cur / name).stat().st_size for name, _ in shared)
    total = sum(p.stat().st_size for p in cur.glob("*.sst"))
    assert shared_bytes < 0.1 * total, (shared_bytes, total)       # the tables were rewritten
    assert sorted_nquads(root) == before


def test_compact_command_rewrites_the_store_and_keeps_the_graph(tmp_path, articles):
    from summitkg.graph.build import build

    root = tmp_path / "store"
    build([articles], root)
    rewrite_one(articles)
    build([articles], root)
    before, counts = sorted_nquads(root), full_count(root)
    assert marker(root)["dead_quads"] > 0
    code, out, err = run_cli_cmd("compact", "--store", root)
    assert code == 0 and "Traceback" not in err, err
    assert "compacted" in out
    m = marker(root)
    assert m["dead_quads"] == 0 and m["current"] == "gen-000003"
    assert sorted_nquads(root) == before and full_count(root) == counts
    assert run_cli_cmd("verify", "--store", root)[0] == 0
    report = build([articles], root)           # counts kept through the compaction
    assert report.built == [] and report.graphs == counts and generations(root)[-1] == "gen-000003"


def test_compact_on_a_missing_store_is_one_line(tmp_path):
    code, _, err = run_cli_cmd("compact", "--store", tmp_path / "nothing")
    assert code == 2 and "no such store" in err and "Traceback" not in err, err
    assert not (tmp_path / "nothing").exists()


def test_an_unchanged_article_is_not_read_again_but_a_changed_one_is(tmp_path, articles, monkeypatch):
    """The input cache: a file whose bytes, name and --lang a build saw is decided unchanged from a
    hash of its bytes, without reading it as an article; any change is read and rebuilt."""
    from summitkg.graph import build_workers
    from summitkg.graph.build import build

    root = tmp_path / "store"
    first = build([articles], root)
    real, read = build_workers.read_article, []

    def counting(path, **kw):
        read.append(Path(path).name)
        return real(path, **kw)

    monkeypatch.setattr(build_workers, "read_article", counting)
    again = build([articles], root)
    assert read == [] and again.built == [] and again.graphs == first.graphs
    victim = rewrite_one(articles)
    third = build([articles], root)
    assert read == [victim.name] and third.built == [str(victim)]
    read.clear()
    forced_lang = build([articles], root, language="en")      # another --lang: every file read again
    assert sorted(read) == sorted(p.name for p in articles.iterdir())
    assert forced_lang.graphs == full_count(root)
