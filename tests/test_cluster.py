"""Extraction on a Dask cluster (issue 20): a real ``distributed.LocalCluster`` on loopback with two
worker processes; the store it builds is byte-identical to a local build, its shards are named
by their content and hold exactly the article graphs, and an unreachable scheduler is one line."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import REPO, run_cli_cmd

distributed = pytest.importorskip("distributed")

DATA = REPO / "tests" / "data"
FILES = [DATA / n for n in ("en_01_c5plus1_tungsten_wire.txt", "pl_01_c5plus1_waszyngton.txt",
                            "en_03_us_kazakhstan_business_forum.txt", "ru_05_astana_uran.txt")]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as lc:
        yield lc


def nquads(root: Path) -> bytes:
    from summitkg.graph.export import export

    return export(root, "nq")


def article_quads(root: Path) -> set:
    import pyoxigraph

    from summitkg.graph.store import open_read

    return {q for q in open_read(root).quads_for_pattern(None, None, None, None)
            if isinstance(q.graph_name, pyoxigraph.NamedNode) and "/graph/article/" in q.graph_name.value}


def shard_quads(shards: list[Path]) -> set:
    import pyoxigraph

    st = pyoxigraph.Store()
    for shard in shards:
        st.load(shard.read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS)
    return set(st.quads_for_pattern(None, None, None, None))


def test_a_cluster_build_is_byte_identical_to_a_local_build(cluster, tmp_path):
    from summitkg.graph.build import build

    local = build(FILES, tmp_path / "local", shard_dir=tmp_path / "local-shards")
    remote = build(FILES, tmp_path / "remote", scheduler=cluster.scheduler_address,
                   shard_dir=tmp_path / "shards")
    assert remote.built == local.built and remote.graphs == local.graphs
    assert remote.extracted == 4
    assert nquads(tmp_path / "remote") == nquads(tmp_path / "local")

    shards = sorted((tmp_path / "shards").glob("*.nq"))
    assert shards
    for shard in shards:
        assert shard.name == hashlib.sha256(shard.read_bytes()).hexdigest() + ".nq"
    assert shard_quads(shards) == article_quads(tmp_path / "remote")
    assert [s.name for s in shards] == sorted(p.name for p in (tmp_path / "local-shards").glob("*.nq"))

    again = build(FILES, tmp_path / "remote", scheduler=cluster.scheduler_address)
    assert again.extracted == 0 and len(again.unchanged) == 4       # the fingerprints reached the workers


def test_the_cli_builds_on_a_cluster(cluster, tmp_path):
    code, out, err = run_cli_cmd("build", *FILES[:2], "--store", tmp_path / "store", "-q",
                                 "--scheduler", cluster.scheduler_address)
    assert code == 0 and "Traceback" not in err, err
    assert "built 2 article(s)" in out
    code, out, err = run_cli_cmd("build", *FILES[:2], "--store", tmp_path / "local", "-q")
    assert code == 0, err
    assert nquads(tmp_path / "store") == nquads(tmp_path / "local")


def test_an_unreachable_scheduler_is_one_line_and_no_store(tmp_path):
    code, _, err = run_cli_cmd("build", FILES[0], "--store", tmp_path / "store", "-q",
                               "--scheduler", "tcp://127.0.0.1:9", timeout=120)
    assert code == 2, err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0] and "Traceback" not in err, err
    assert not (tmp_path / "store").exists()
