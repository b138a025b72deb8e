"""Articles as units of a store: one text is one article whatever its file is called, and
``summitkg remove`` leaves the store a fresh build of the other articles would give."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import cli as _cli
from cli_run import nq as _nq

REPO = Path(__file__).resolve().parents[1]


def _article_graphs(store) -> set[str]:
    return {line.rsplit(" ", 2)[-2] for line in _nq(store) if "/graph/article/" in line}


def test_same_text_under_another_name_is_one_article(tmp_path):
    text = (REPO / "tests" / "data" / "en_01_c5plus1_tungsten_wire.txt").read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1] if text.startswith("url:") else text
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "alpha.txt").write_text(body, encoding="utf-8")
    (folder / "omega.txt").write_text(body, encoding="utf-8")
    first, second = tmp_path / "s1", tmp_path / "s2"
    _cli("build", folder / "omega.txt", "--store", first)
    done = _cli("build", folder / "alpha.txt", "--store", first)          # the same text, renamed
    assert "same text" in done.stderr
    _cli("build", folder / "alpha.txt", "--store", second)
    _cli("build", folder / "omega.txt", "--store", second)
    assert len(_article_graphs(first)) == 1
    assert _nq(first) == _nq(second)                                       # in any order


def test_remove_gives_what_a_build_without_the_article_gives(tmp_path):
    files = sorted((REPO / "tests" / "data").glob("en_0*.txt"))[:4]
    full, rest = tmp_path / "full", tmp_path / "rest"
    _cli("build", *files, "--store", full, "-q")
    _cli("build", *files[1:], "--store", rest, "-q")
    done = _cli("remove", files[0].name, "--store", full)
    assert "removed 1 article" in done.stdout
    assert _nq(full) == _nq(rest)
    bad = _cli("remove", "no-such-article", "--store", full, check=False)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert _nq(full) == _nq(rest)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_article_past_its_time_budget_stops_the_build_and_keeps_the_store(tmp_path, jobs):
    store = tmp_path / "store"
    _cli("build", REPO / "data" / "articles", "--store", store, "-q")
    before = _nq(store)
    slow = tmp_path / "slow.txt"
    slow.write_text("".join(f"Kazakhmys Corporation LLP and Harmon Ridge Copper LLC signed a $1.1 billion "
                            f"agreement on copper in Astana on Tuesday, officials {n} said. " for n in range(3000)),
                    encoding="utf-8")
    done = _cli("build", slow, REPO / "tests" / "data" / "en_01_c5plus1_tungsten_wire.txt", "--store", store,
                "-j", jobs, "--article-timeout", "0.5", check=False)
    assert done.returncode == 2 and "per-article budget" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert _nq(store) == before
    _cli("build", REPO / "tests" / "data" / "en_01_c5plus1_tungsten_wire.txt", "--store", store, "-q")  # lock free
