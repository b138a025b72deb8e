"""Virtuoso's bulk loader (issue 20): the N-Quads shards of a build loaded with ``ld_dir`` +
``rdf_loader_run`` into a real Virtuoso (started here on free loopback ports, as the push tests
start theirs) give the same graphs, with the same counts, as the local store; a rebuilt article
replaces its graph; loading again loads nothing. Skipped only when virtuoso-t is not installed."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_cli_cmd
from test_publish import local_graph_counts, running_virtuoso

from summitkg.graph import publish

DATA = REPO / "tests" / "data"
FILES = [DATA / n for n in ("en_01_c5plus1_tungsten_wire.txt", "en_02_c5plus1_fact_sheet.txt",
                            "pl_02_trojmorze_warszawa.txt")]
COUNTS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
          "FILTER(STRSTARTS(STR(?g), \"https://w3id.org/summitkg/graph/\")) } GROUP BY ?g")


@pytest.fixture(scope="module")
def virtuoso_sql(tmp_path_factory):
    """Virtuoso with its database (and the shard folder it may read) in a temporary folder."""
    if not (shutil.which("isql-vt") or shutil.which("isql")):
        pytest.skip("isql-vt is not installed (Debian package virtuoso-opensource)")
    d = tmp_path_factory.mktemp("virtuoso-bulk")
    with running_virtuoso(d) as (base, sql_port):
        yield {"sql": f"127.0.0.1:{sql_port}", "query": base + "/sparql", "dir": d}


def remote_counts(endpoint: str) -> dict[str, int]:
    return {r["g"]: int(r["n"]) for r in publish.remote_select(endpoint, COUNTS, timeout=30)}


def test_shards_bulk_loaded_into_virtuoso_equal_the_store(virtuoso_sql, tmp_path):
    from summitkg.graph.build import build
    from summitkg.graph.bulkload import virtuoso_load, write_derived_shard
    from summitkg.graph.store import open_read

    shards = virtuoso_sql["dir"] / "shards"          # inside the server's DirsAllowed
    articles = tmp_path / "articles"
    articles.mkdir()
    for f in FILES:
        shutil.copy(f, articles / f.name)
    store = tmp_path / "store"
    build([articles], store, shard_dir=shards)
    write_derived_shard(store, shards)
    first = virtuoso_load(shards, virtuoso_sql["sql"], "dba", "dba")
    assert len(first["loaded"]) == len(list(shards.glob("*.nq"))) >= 2 and first["already"] == []
    assert remote_counts(virtuoso_sql["query"]) == local_graph_counts(open_read(store))

    changed = articles / FILES[0].name                # rebuilt: a new shard, its graph replaced
    changed.write_text(changed.read_text(encoding="utf-8").split("\n\n")[0] + "\n", encoding="utf-8")
    build([articles], store, shard_dir=shards)
    write_derived_shard(store, shards)
    second = virtuoso_load(shards, virtuoso_sql["sql"], "dba", "dba")
    assert second["loaded"] and set(first["loaded"]) & set(second["already"])
    assert remote_counts(virtuoso_sql["query"]) == local_graph_counts(open_read(store))

    assert virtuoso_load(shards, virtuoso_sql["sql"], "dba", "dba")["loaded"] == []

    code, out, err = run_cli_cmd("load-virtuoso", shards, "--store", store, "--address", virtuoso_sql["sql"],
                                 env={"SUMMITKG_USER": "dba", "SUMMITKG_PASSWORD": "dba"})
    assert code == 0 and "Traceback" not in err, err
    assert "0 shard(s) loaded" in out


def test_a_wrong_password_or_an_empty_folder_is_one_line(virtuoso_sql, tmp_path):
    (tmp_path / "x.nq").write_text("<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n")
    code, _, err = run_cli_cmd("load-virtuoso", tmp_path, "--address", virtuoso_sql["sql"],
                               env={"SUMMITKG_USER": "dba", "SUMMITKG_PASSWORD": "wrong"})
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli_cmd("load-virtuoso", empty, "--address", virtuoso_sql["sql"],
                               env={"SUMMITKG_USER": "dba", "SUMMITKG_PASSWORD": "dba"})
    assert code == 2 and "no .nq shards" in err, err
