"""A researcher's corrections: merge, split, rename and reject are recorded with their curator,
applied at every build, replayed on a fresh build from an exported file with the same result,
and undone when withdrawn."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_run import cli as _cli
from cli_run import nq as _nq

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/summitkg/id/"
LINKS = "https://w3id.org/summitkg/graph/links"


def _same_as(store) -> set[tuple[str, str]]:
    from summitkg.graph.store import open_read

    q = f"SELECT ?m ?r WHERE {{ GRAPH <{LINKS}> {{ ?m <http://www.w3.org/2002/07/owl#sameAs> ?r }} }}"
    return {(r["m"].value, r["r"].value) for r in open_read(store).query(q)}


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    store = tmp_path_factory.mktemp("curation") / "plain"
    _cli("build", REPO / "data" / "articles", REPO / "tests" / "data", "--store", store, "-q")
    return store


def _pick(store):
    """Two organisations nothing joins, and one joined pair of deals, from the built graph."""
    from summitkg.graph.store import open_read

    st = open_read(store)
    orgs = sorted(r["o"].value for r in st.query(
        "SELECT DISTINCT ?o WHERE { GRAPH <https://w3id.org/summitkg/graph/entities> "
        "{ ?o a <https://w3id.org/summitkg/ontology#Organization> } }"))
    joined = {m for pair in _same_as(store) for m in pair}
    free = [o for o in orgs if o not in joined][:2]
    deals = sorted((m, r) for m, r in _same_as(store) if "/agreement/" in m)
    return free, deals[0]


def test_corrections_apply_round_trip_and_withdraw(plain, tmp_path):
    (a, b), (deal, rep) = _pick(plain)
    store = tmp_path / "curated"
    shutil.copytree(plain, store)
    _cli("curate", "merge", a, b, "--store", store, "--by", "A. Researcher", "--note", "one firm")
    _cli("curate", "split", deal, rep, "--store", store)
    _cli("curate", "rename", a, "Renamed Firm Ltd", "--store", store)
    _cli("curate", "reject", rep, "skg:hasParty", _party_of(plain, rep), "--store", store)
    links = _same_as(store)
    assert tuple(sorted((a, b))) in {tuple(sorted(p)) for p in links}          # merged
    assert (deal, rep) not in links and (rep, deal) not in links               # split
    listed = _cli("curate", "list", "--store", store, "--format", "json").stdout
    assert "A. Researcher" in listed and listed.count('"action"') == 4
    # the same articles and the exported corrections give the same store from scratch
    exported = tmp_path / "corrections.ttl"
    _cli("curate", "export", "--store", store, "-o", exported)
    fresh = tmp_path / "fresh"
    _cli("build", REPO / "data" / "articles", REPO / "tests" / "data", "--store", fresh, "-q",
         "--curation", exported)
    assert _nq(fresh) == _nq(store)
    # a rebuild keeps them; withdrawing them all gives back the uncurated graph
    _cli("build", REPO / "data" / "articles", REPO / "tests" / "data", "--store", store, "-q", "--force")
    assert _nq(fresh) == _nq(store)
    import json
    for c in json.loads(listed):
        _cli("curate", "withdraw", c["id"], "--store", store)
    without = [line for line in _nq(store) if "/graph/curation>" not in line]
    assert without == _nq(plain)


def _party_of(store, deal: str) -> str:
    from summitkg.graph.store import open_read

    rows = open_read(store).query(f"SELECT ?p WHERE {{ GRAPH ?g {{ <{deal}> <https://w3id.org/summitkg/ontology#hasParty> ?p }} }} ORDER BY ?p LIMIT 1")
    return next(iter(rows))["p"].value


def test_bad_corrections_are_one_line_errors(plain, tmp_path):
    store = tmp_path / "s"
    shutil.copytree(plain, store)
    before = _nq(store)
    for args in (["merge", "No Such Firm", "Another"], ["merge", ID + "organization/x", ID + "organization/x"],
                 ["reject", ID + "state/US", "hasParty", ID + "state/KZ"], ["withdraw", "ffffffff"]):
        done = _cli("curate", *args, "--store", store, check=False)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert _nq(store) == before
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    done = _cli("build", REPO / "data" / "articles", "--store", store, "--curation", bad, check=False)
    assert done.returncode == 2 and "curation file" in done.stderr
    assert _nq(store) == before
