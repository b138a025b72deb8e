"""CLI error handling: one clear line on stderr, a non-zero exit, never a traceback;
queries stay read-only whatever the user passes."""
from __future__ import annotations

import json

import pytest

SEED_QUERY = "companies-in-commodity-deals"


def assert_one_line_error(code: int, err: str, expect_code: int | None = None, mentions: str | None = None):
    assert code != 0, f"expected a non-zero exit, got 0 (stderr: {err!r})"
    if expect_code is not None:
        assert code == expect_code, f"exit {code}, expected {expect_code}: {err!r}"
    assert "Traceback" not in err, err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {err!r}"
    assert "error" in lines[0].lower(), lines[0]
    if mentions:
        assert mentions.lower() in lines[0].lower(), lines[0]


def triple_count(store_dir) -> int:
    from summitkg.graph.store import open_read
    return len(list(open_read(store_dir).quads_for_pattern(None, None, None, None)))


# ------------------------------------------------------------------ build inputs


def test_build_missing_file(run_cli, tmp_path):
    code, _, err = run_cli("build", tmp_path / "no-such-article.txt", "--store", tmp_path / "store")
    assert_one_line_error(code, err, 2, mentions="no such file")


def test_build_binary_not_utf8(run_cli, tmp_path):
    article = tmp_path / "binary.txt"
    article.write_bytes(b"\xff\xfe\x00\x01" * 100)
    code, _, err = run_cli("build", article, "--store", tmp_path / "store")
    assert_one_line_error(code, err, 2)


def test_build_random_high_bytes_not_utf8(run_cli, tmp_path):
    """Invalid UTF-8 without NUL bytes and without Polish letters in any legacy code page."""
    article = tmp_path / "garbage.txt"
    article.write_bytes(bytes([0xff, 0xfe, 0x81, 0x83, 0x98]) * 200)
    code, _, err = run_cli("build", article, "--store", tmp_path / "store")
    assert_one_line_error(code, err, 2)


@pytest.mark.parametrize("encoding", ["cp1250", "iso-8859-2"])
def test_build_legacy_polish_encoding_builds_with_warning(run_cli, tmp_path, seed_article, encoding):
    text = seed_article.read_text(encoding="utf-8")
    article = tmp_path / f"seed-{encoding}.txt"
    article.write_bytes(text.encode(encoding, errors="replace"))
    code, out, err = run_cli("build", article, "--store", tmp_path / "store")
    assert code == 0, err
    assert "Traceback" not in err
    assert "warning" in err.lower() and "utf-8" in err.lower(), err
    assert "built 1 article(s)" in out


def test_build_empty_article(run_cli, tmp_path):
    article = tmp_path / "empty.txt"
    article.write_bytes(b"")
    code, _, err = run_cli("build", article, "--store", tmp_path / "store")
    assert_one_line_error(code, err, 2, mentions="empty")


def test_build_whitespace_only_article(run_cli, tmp_path):
    article = tmp_path / "blank.txt"
    article.write_text("  \n\t\n   \r\n\n", encoding="utf-8")
    code, _, err = run_cli("build", article, "--store", tmp_path / "store")
    assert_one_line_error(code, err, 2, mentions="empty")


def test_failed_build_leaves_no_store_behind_or_keeps_the_old(run_cli, tmp_path, seed_article):
    store = tmp_path / "store"
    code, _, err = run_cli("build", seed_article, "--store", store)
    assert code == 0, err
    before = triple_count(store)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run_cli("build", empty, "--store", store)
    assert_one_line_error(code, err, 2)
    assert triple_count(store) == before


# ------------------------------------------------------------------ query usage


def test_query_unknown_id(run_cli, seed_store):
    code, _, err = run_cli("query", "no-such-question", "--store", seed_store)
    assert_one_line_error(code, err, 2, mentions="no-such-question")


def test_query_malformed_param(run_cli, seed_store):
    code, _, err = run_cli("query", SEED_QUERY, "--store", seed_store, "--param", "tungsten")
    assert_one_line_error(code, err, 2, mentions="param")


def test_query_missing_param(run_cli, seed_store):
    code, _, err = run_cli("query", SEED_QUERY, "--store", seed_store)
    assert_one_line_error(code, err, 2, mentions="commodity")


def test_query_store_does_not_exist_and_is_not_created(run_cli, tmp_path):
    store = tmp_path / "no-store-here"
    code, _, err = run_cli("query", SEED_QUERY, "--store", store, "--param", "commodity=tungsten")
    assert_one_line_error(code, err, 2)
    assert not store.exists(), "query created the store directory"


def test_query_folder_that_is_not_a_store(run_cli, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    code, _, err = run_cli("query", SEED_QUERY, "--store", folder, "--param", "commodity=tungsten")
    assert_one_line_error(code, err, 2)
    assert list(folder.iterdir()) == [], "query wrote into a folder that is not a store"


def test_validate_missing_store(run_cli, tmp_path):
    store = tmp_path / "missing"
    code, _, err = run_cli("validate", "--store", store)
    assert_one_line_error(code, err, 2)
    assert not store.exists()


def test_export_missing_store(run_cli, tmp_path):
    code, _, err = run_cli("export", "--store", tmp_path / "missing", "--format", "ttl")
    assert_one_line_error(code, err, 2)


# ------------------------------------------------------------------ read-only queries


def test_param_injection_is_a_value(run_cli, seed_store):
    before = triple_count(seed_store)
    code, out, err = run_cli("query", SEED_QUERY, "--store", seed_store, "--format", "json",
                             "--param", 'commodity=tungsten" } ; DROP ALL ; #')
    assert code == 0, err
    assert json.loads(out)["results"]["bindings"] == []
    assert triple_count(seed_store) == before
    # the honest value still answers
    code, out, err = run_cli("query", SEED_QUERY, "--store", seed_store, "--format", "json",
                             "--param", "commodity=tungsten")
    assert code == 0, err
    assert json.loads(out)["results"]["bindings"]


@pytest.mark.parametrize("name, body", [
    ("service", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"),
    ("service-silent", "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/x> { ?s ?p ?o } }"),
    ("load", "LOAD <http://127.0.0.1:9/data.ttl>"),
    ("drop-all", "DROP ALL"),
    ("clear", "CLEAR ALL"),
    ("insert", "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"),
    ("delete", "DELETE WHERE { ?s ?p ?o }"),
    ("select-then-drop", "SELECT * WHERE { ?s ?p ?o } LIMIT 1 ; DROP ALL"),
])
def test_user_query_file_refused(run_cli, seed_store, tmp_path, name, body):
    before = triple_count(seed_store)
    rq = tmp_path / f"{name}.rq"
    rq.write_text("# question: a user query\n" + body + "\n", encoding="utf-8")
    code, _, err = run_cli("query", rq, "--store", seed_store, timeout=60)
    assert_one_line_error(code, err, 2, mentions="refused")
    assert triple_count(seed_store) == before


def test_user_query_file_select_runs(run_cli, seed_store, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    code, out, err = run_cli("query", rq, "--store", seed_store, "--format", "csv")
    assert code == 0, err
    assert int(out.splitlines()[1]) == triple_count(seed_store)


def test_user_query_file_missing(run_cli, seed_store, tmp_path):
    code, _, err = run_cli("query", tmp_path / "absent.rq", "--store", seed_store)
    assert_one_line_error(code, err, 2)


def test_user_query_file_invalid_sparql(run_cli, seed_store, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT WHERE {{ nonsense\n", encoding="utf-8")
    code, _, err = run_cli("query", rq, "--store", seed_store)
    assert_one_line_error(code, err, 2)
