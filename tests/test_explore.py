"""Projection, stats, path, the page's static safety and the CLI, on graphs built here."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from explore_data import PROBE_TITLE, PROBES, build_store, probe_article, seed_article
from summitkg.errors import CheckFailed, UserError
from summitkg.graph.analytics import NoPath, actor_agreement_graph, format_path, format_stats, path, stats
from summitkg.graph.projection import NameNotFound, find_node, normalise_name, project
from summitkg.graph.store import open_read


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("seed") / "store"
    build_store(root, [seed_article()])
    return root


@pytest.fixture(scope="module")
def probe_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("probe") / "store"
    build_store(root, [seed_article(), probe_article()])
    return root


@pytest.fixture(scope="module")
def g(seed_store):
    return project(open_read(seed_store))


def node(g, label):
    [n] = [n for n, d in g.nodes(data=True) if d["label"] == label]
    return n


def edges(g):
    return sorted((g.nodes[s]["label"], k, g.nodes[o]["label"]) for s, o, k in g.edges(keys=True))


# ---------------------------------------------------------------- projection

def test_projection_nodes(g):
    got = sorted((d["label"], d["class"]) for _, d in g.nodes(data=True))
    assert got == [
        ("C5+1 summit", "Summit"),
        ("Cove Kaz Capital Group", "Company"),
        ("Donald Trump", "Person"),
        ("EXIM letter of interest", "Agreement"),
        ("Export-Import Bank of the United States", "FinancialInstitution"),
        ("Jane Doe", "Person"),
        ("Kassym-Jomart Tokayev", "Person"),
        ("Kazakhstan", "State"),
        ("Tau-Ken Samruk", "Company"),
        ("United States", "State"),
        ("Uzbekistan", "State"),
        ("tungsten", "Commodity"),
        ("tungsten joint venture", "Agreement"),
    ]
    # opaque ids, IRIs as attributes; places and amounts are not nodes
    assert all(re.fullmatch(r"n\d+", n) for n in g.nodes)
    assert g.nodes[node(g, "Kazakhstan")]["iri"] == "https://w3id.org/summitkg/id/state/KZ"
    assert g.nodes[node(g, "Kazakhstan")]["labels"] == ["Kazakhstan", "Kazachstan"]
    assert g.nodes[node(g, "Tau-Ken Samruk")]["classes"] == ["Company", "Organization"]
    assert g.nodes[node(g, "Tau-Ken Samruk")]["kind"] == "Organization"


def test_projection_edges(g):
    assert edges(g) == [
        ("Cove Kaz Capital Group", "based in", "United States"),
        ("Donald Trump", "leads", "United States"),
        ("EXIM letter of interest", "finances", "tungsten joint venture"),
        ("EXIM letter of interest", "party", "Export-Import Bank of the United States"),
        ("Export-Import Bank of the United States", "based in", "United States"),
        ("Jane Doe", "affiliated with", "Cove Kaz Capital Group"),
        ("Kassym-Jomart Tokayev", "leads", "Kazakhstan"),
        ("Kazakhstan", "participates in", "C5+1 summit"),
        ("Tau-Ken Samruk", "based in", "Kazakhstan"),
        ("United States", "participates in", "C5+1 summit"),
        ("tungsten joint venture", "concerns", "tungsten"),
        ("tungsten joint venture", "party", "Cove Kaz Capital Group"),
        ("tungsten joint venture", "party", "Tau-Ken Samruk"),
        ("tungsten joint venture", "reached at", "C5+1 summit"),
        ("tungsten joint venture", "signatory", "Jane Doe"),
    ]


def test_projection_attributes(g):
    jv = g.nodes[node(g, "tungsten joint venture")]
    assert jv["value_usd"] == 1_100_000_000
    assert [(a["value"], a["currency"], a["unit"], a["text"]) for a in jv["amounts"]] == [
        (1_100_000_000, "USD", None, "$1.1 billion"), (49, None, "Percent", "49 percent")]
    assert jv["status"] == ["signed"] and jv["type"] == ["joint venture"]
    assert ["amount", "USD 1,100,000,000 (“$1.1 billion”)"] in jv["facts"]
    assert [e["quote"] for e in jv["evidence"]] == ["signed a $1.1 billion tungsten joint venture",
                                                    "signed the agreement"]
    ev = jv["evidence"][0]
    assert ev["article"] == "Deals signed at the C5+1 summit"
    assert ev["sentence"] == "Tau-Ken Samruk and Cove Kaz Capital Group signed a $1.1 billion tungsten joint venture."
    loi = g.nodes[node(g, "EXIM letter of interest")]
    assert loi["value_usd"] == 900_000_000  # the larger of two disagreeing reports
    summit = g.nodes[node(g, "C5+1 summit")]
    assert summit["date"] == ["2025-11-06"] and summit["places"] == ["White House"]

    data = g.get_edge_data(node(g, "tungsten joint venture"), node(g, "Cove Kaz Capital Group"), "party")
    assert data["roles"] == ["investor"] and data["label"] == "party (investor)"
    # the agreement's evidence narrowed to sentences naming Tau-Ken Samruk
    data = g.get_edge_data(node(g, "tungsten joint venture"), node(g, "Tau-Ken Samruk"), "party")
    assert [e["quote"] for e in data["evidence"]] == ["signed a $1.1 billion tungsten joint venture"]
    # a post: its title and its own evidence
    data = g.get_edge_data(node(g, "Jane Doe"), node(g, "Cove Kaz Capital Group"), "affiliated with")
    assert data["facts"] == [["post", "chief executive"]]
    assert [e["quote"] for e in data["evidence"]] == ["chief executive Jane Doe"]
    data = g.get_edge_data(node(g, "Kazakhstan"), node(g, "C5+1 summit"), "participates in")
    assert [e["quote"] for e in data["evidence"]] == ["met at the C5+1 summit"]


def test_projection_of_empty_store(tmp_path):
    build_store(tmp_path / "s", [])
    g = project(open_read(tmp_path / "s"))
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0
    st = stats(g)
    assert st["nodes"] == 0 and st["central_actors"]["degree"] == [] and st["largest_agreements"] == []


def test_projection_merges_articles(probe_store):
    g = project(open_read(probe_store))
    assert g.number_of_nodes() == 13 + 5  # four probe actors and one agreement; Kazakhstan is shared
    kz = [n for n, d in g.nodes(data=True) if d["label"] == "Kazakhstan"]
    assert len(kz) == 1
    assert {e["article"] for e in g.nodes[kz[0]]["evidence"]} == {"Deals signed at the C5+1 summit", PROBE_TITLE}
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert set(PROBES) <= labels


def test_find_node(g):
    assert normalise_name("  Táu-Ken  SAMRUK ") == "tau ken samruk"
    assert normalise_name("Łódź") == "lodz"
    assert g.nodes[find_node(g, "tau ken samruk")]["label"] == "Tau-Ken Samruk"
    assert g.nodes[find_node(g, "Stany Zjednoczone")]["label"] == "United States"
    assert g.nodes[find_node(g, "KAZACHSTAN")]["label"] == "Kazakhstan"
    assert g.nodes[find_node(g, "tokayev")]["label"] == "Kassym-Jomart Tokayev"  # whole words
    with pytest.raises(NameNotFound, match="no node named 'Atlantis'"):
        find_node(g, "Atlantis")
    assert g.nodes[find_node(g, "tungsten")]["label"] == "tungsten"  # exact beats "tungsten joint venture"
    with pytest.raises(NameNotFound, match="matches 2 nodes"):
        find_node(g, "states")  # United States, Export-Import Bank of the United States


# ---------------------------------------------------------------- stats

def test_stats_exact(g):
    st = stats(g)
    assert st["nodes"] == 13 and st["edges"] == 15
    assert st["classes"] == {"Person": 3, "State": 3, "Agreement": 2, "Company": 2, "Commodity": 1,
                             "FinancialInstitution": 1, "Summit": 1}
    assert st["kinds"] == {"Organization": 3, "Person": 3, "State": 3, "Agreement": 2, "Commodity": 1,
                           "Event": 1}
    assert st["relations"]["party"] == 3 and st["relations"]["based in"] == 3

    ca = st["central_actors"]
    assert ca["graph"] == {"nodes": 11, "edges": 11}
    assert [(r["label"], r["degree"]) for r in ca["degree"]] == [
        ("Cove Kaz Capital Group", 3), ("United States", 3),
        ("Export-Import Bank of the United States", 2), ("Jane Doe", 2), ("Kazakhstan", 2),
        ("Tau-Ken Samruk", 2), ("Donald Trump", 1), ("Kassym-Jomart Tokayev", 1), ("Uzbekistan", 0)]
    assert ca["degree"][0]["centrality"] == pytest.approx(0.3)
    # betweenness on 11 nodes, normalised by (10*9)/2 = 45 pairs. United States lies on the
    # shortest paths from Donald Trump to the 8 other connected nodes (8), on EXIM-Cove Kaz
    # (1) and on one of the two EXIM-Jane Doe paths (0.5): 9.5 / 45
    btw = {r["label"]: r["betweenness"] for r in ca["betweenness"]}
    assert btw["United States"] == pytest.approx(9.5 / 45, abs=1e-6)
    # Tau-Ken Samruk joins the branch {Kazakhstan, Tokayev} to the other 7 connected nodes,
    # except that Kazakhstan reaches United States, Trump and EXIM as cheaply... (networkx: 14)
    assert btw["Tau-Ken Samruk"] == pytest.approx(14 / 45, abs=1e-6)
    assert btw["Donald Trump"] == 0 and btw["Uzbekistan"] == 0
    assert ca["betweenness"][0]["label"] == "Tau-Ken Samruk"

    assert st["components"]["count"] == 2
    assert st["components"]["sizes"] == [12, 1]
    assert st["components"]["members"][1] == ["Uzbekistan"]
    # communities partition the connected part of the actor-agreement graph
    members = sorted(x for c in st["communities"] for x in c)
    assert len(members) == 10 and "Uzbekistan" not in members

    assert [(r["label"], r["value_usd"], r["stated"], r["parties"]) for r in st["largest_agreements"]] == [
        ("tungsten joint venture", 1_100_000_000, "$1.1 billion", ["Cove Kaz Capital Group", "Tau-Ken Samruk"]),
        ("EXIM letter of interest", 900_000_000, "$900 million", ["Export-Import Bank of the United States"]),
    ]
    json.dumps(st)  # JSON-ready
    text = format_stats(st)
    assert "Cove Kaz Capital Group (Company)" in text and "USD     1,100,000,000" in text


def test_actor_agreement_graph(g):
    aa = actor_agreement_graph(g)
    assert sorted(aa.nodes[n]["label"] for n in aa) == sorted(
        ["Cove Kaz Capital Group", "Donald Trump", "EXIM letter of interest",
         "Export-Import Bank of the United States", "Jane Doe", "Kassym-Jomart Tokayev", "Kazakhstan",
         "Tau-Ken Samruk", "United States", "Uzbekistan", "tungsten joint venture"])


def test_stats_top(g):
    st = stats(g, top=2)
    assert len(st["central_actors"]["degree"]) == 2 and len(st["largest_agreements"]) == 2


# ---------------------------------------------------------------- path

def test_path_tau_ken_samruk_to_united_states(g):
    steps = path(g, "tau-ken samrük", "UNITED STATES")
    assert [(s["from"]["label"], s["relation"], s["reversed"], s["to"]["label"]) for s in steps] == [
        ("Tau-Ken Samruk", "party", True, "tungsten joint venture"),
        ("tungsten joint venture", "party", False, "Cove Kaz Capital Group"),
        ("Cove Kaz Capital Group", "based in", False, "United States"),
    ]
    assert steps[0]["sources"] == [{
        "article": "Deals signed at the C5+1 summit",
        "sentence": "Tau-Ken Samruk and Cove Kaz Capital Group signed a $1.1 billion tungsten joint venture.",
        "quote": "signed a $1.1 billion tungsten joint venture"}]
    assert steps[1]["label"] == "party (investor)"
    assert steps[2]["sources"] == []
    text = format_path(steps)
    assert text.splitlines()[0] == "1. Tau-Ken Samruk (Company) <-[party]- tungsten joint venture (Agreement)"
    assert "source: Deals signed at the C5+1 summit: Tau-Ken Samruk and Cove Kaz" in text


def test_path_through_people(g):
    steps = path(g, "Kassym-Jomart Tokayev", "jane doe")
    assert [s["to"]["label"] for s in steps] == ["Kazakhstan", "Tau-Ken Samruk", "tungsten joint venture",
                                                 "Jane Doe"]
    assert steps[0]["facts"] == [["post", "President"]]
    assert steps[0]["sources"][0]["quote"] == "Presidents Kassym-Jomart Tokayev"


def test_path_prefers_agreements_over_summit(g):
    # Kazakhstan and the United States both took part in the summit (cost 4 + 4), but the
    # deal connects them more closely: KZ - TKS - JV - Cove Kaz - US (2 + 1 + 1 + 2)
    steps = path(g, "Kazakhstan", "United States")
    assert [s["to"]["label"] for s in steps] == ["Tau-Ken Samruk", "tungsten joint venture",
                                                 "Cove Kaz Capital Group", "United States"]


def test_path_errors(g):
    with pytest.raises(NameNotFound):
        path(g, "Atlantis", "Kazakhstan")
    with pytest.raises(NoPath, match="nothing in the graph connects Uzbekistan and Kazakhstan"):
        path(g, "Uzbekistan", "Kazakhstan")
    with pytest.raises(UserError, match="same node"):
        path(g, "Kazakhstan", "kazachstan")
    assert issubclass(NoPath, CheckFailed) and NoPath.exit_code == 1 and issubclass(NameNotFound, UserError)


# ---------------------------------------------------------------- page (static checks)

def test_page_is_self_contained_and_escaped(probe_store, tmp_path):
    from summitkg.graph.viz import write_html

    g = project(open_read(probe_store))
    out = tmp_path / "graph.html"
    summary = write_html(g, out, title=PROBE_TITLE)
    assert summary == {"nodes": 18, "edges": 20, "focus": None, "path": str(out)}
    page = out.read_text(encoding="utf-8")
    # the template's three script elements: data (JSON), vis-network, the page script
    assert re.findall(r"^<script[^>]*>", page, re.M) == [
        '<script type="application/json" id="skg-data">', "<script>", "<script>"]
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "Content-Security-Policy" in page and "default-src &#x27;none&#x27;" in page
    # no probe survives as markup anywhere in the file
    for probe in PROBES + (PROBE_TITLE,):
        if "<" in probe:
            assert probe not in page
    assert "onerror=\"document" not in page
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]  # no temp file left


def test_page_focus_depth_and_types(g, tmp_path):
    from summitkg.graph.viz import select, write_html

    sub, focus = select(g, focus="tau-ken samruk", depth=1)
    assert g.nodes[focus]["label"] == "Tau-Ken Samruk"
    assert sorted(d["label"] for _, d in sub.nodes(data=True)) == ["Kazakhstan", "Tau-Ken Samruk",
                                                                    "tungsten joint venture"]
    sub, _ = select(g, focus="tau-ken samruk", depth=2)
    assert sub.number_of_nodes() == 9
    sub, _ = select(g, types=["organisation", "State"])
    assert sorted(d["class"] for _, d in sub.nodes(data=True)) == ["Company", "Company", "FinancialInstitution",
                                                                   "State", "State", "State"]
    assert sub.number_of_edges() == 3
    sub, _ = select(g, focus="Jane Doe", depth=5, types=["State"])
    assert sorted(d["label"] for _, d in sub.nodes(data=True)) == ["Jane Doe", "Kazakhstan", "United States"]
    with pytest.raises(UserError, match="unknown type 'Planet'"):
        select(g, types=["Planet"])
    with pytest.raises(NameNotFound):
        write_html(g, tmp_path / "x.html", focus="Atlantis")
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(UserError, match="no such folder"):
        write_html(g, tmp_path / "missing" / "x.html")


def test_write_is_atomic(g, tmp_path, monkeypatch):
    from summitkg.graph import viz

    out = tmp_path / "graph.html"
    out.write_text("old", encoding="utf-8")

    def boom(*a, **k):
        raise OSError("disk full")

    from summitkg.graph import atomic

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        viz.write_html(g, out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


# ---------------------------------------------------------------- CLI

@pytest.fixture
def cli():
    from summitkg.cli_explore import register

    @click.group()
    def main():
        pass

    register(main)
    return main


def test_cli_stats_json_and_text(cli, seed_store):
    r = CliRunner().invoke(cli, ["stats", "--store", str(seed_store), "--format", "json"])
    assert r.exit_code == 0, r.output
    st = json.loads(r.output)
    assert st["central_actors"]["degree"][0]["label"] == "Cove Kaz Capital Group"
    r = CliRunner().invoke(cli, ["stats", "--store", str(seed_store)])
    assert r.exit_code == 0 and "Largest agreements by value (USD):" in r.output


def test_cli_path(cli, seed_store):
    r = CliRunner().invoke(cli, ["path", "Tau-Ken Samruk", "United States", "--store", str(seed_store)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("1. Tau-Ken Samruk (Company) <-[party]- tungsten joint venture")
    r = CliRunner().invoke(cli, ["path", "Tau-Ken Samruk", "United States", "--store", str(seed_store),
                                 "--format", "json"])
    assert [s["to"]["label"] for s in json.loads(r.output)["steps"]][-1] == "United States"
    r = CliRunner().invoke(cli, ["path", "Atlantis", "United States", "--store", str(seed_store)])
    assert isinstance(r.exception, UserError) and "no node named 'Atlantis'" in str(r.exception)


def test_cli_viz(cli, seed_store, tmp_path):
    out = tmp_path / "g.html"
    r = CliRunner().invoke(cli, ["viz", "--store", str(seed_store), "-o", str(out), "--focus", "kazakhstan",
                                 "--depth", "1", "--types", "State,Person,Company,Summit"])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"wrote {out}: 4 nodes, 3 edges"
    assert out.stat().st_size > 400_000


def test_cli_missing_store(cli, tmp_path):
    r = CliRunner().invoke(cli, ["stats", "--store", str(tmp_path / "nope")])
    assert isinstance(r.exception, UserError) and "no such store" in str(r.exception)


def test_cli_module_imports_are_light():
    code = ("import sys, summitkg.cli_explore; "
            "print(sorted(m for m in ('networkx', 'pyvis', 'pyoxigraph', 'rdflib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_projection_accords_ownership_and_subsidiaries(tmp_path):
    from explore_data import ID, Article

    a = Article("t2", "Accord and ownership", [
        "Poland joined the Three Seas Initiative at a meeting of the Ministry of Finance.",
        "Orlen owns 30 percent of Baltic Power, a subsidiary of Orlen Group.",
    ])
    a.entity("state/PL", "State", "Poland", pl="Polska", mentions=[(0, "Poland")])
    a.entity("agreement/t2/3si", "Accord", "Three Seas Initiative", pl="Inicjatywa Trójmorza",
             mentions=[(0, "Three Seas Initiative")])
    a.entity("event/meeting", "Meeting", "finance meeting", mentions=[(0, "meeting")])
    a.entity("org/mof", "GovernmentBody", "Ministry of Finance", mentions=[(0, "Ministry of Finance")])
    a.entity("org/orlen", "Company", "Orlen", mentions=[(1, "Orlen")])
    a.entity("org/baltic-power", "Company", "Baltic Power", mentions=[(1, "Baltic Power")])
    a.entity("org/orlen-group", "Company", "Orlen Group", mentions=[(1, "Orlen Group")])
    acc = f"{ID}accession/t2/1"
    a.lines.append(f"<{acc}> a <https://w3id.org/summitkg/ontology#Accession> ; "
                   f"<https://w3id.org/summitkg/ontology#accessionState> <{ID}state/PL> ; "
                   f"<https://w3id.org/summitkg/ontology#accord> <{ID}agreement/t2/3si> ; "
                   f"<https://w3id.org/summitkg/ontology#evidence> <{a.evidence(0, 'joined the Three Seas Initiative')}> .")
    a.triple("state/PL", "skg:joins", "agreement/t2/3si")
    own = f"{ID}ownership/t2/1"
    share = f"{ID}amount/t2/share"
    a.lines.append(f"<{own}> a <https://w3id.org/summitkg/ontology#Ownership> ; "
                   f"<https://w3id.org/summitkg/ontology#owner> <{ID}org/orlen> ; "
                   f"<https://w3id.org/summitkg/ontology#ownedEntity> <{ID}org/baltic-power> ; "
                   f"<https://w3id.org/summitkg/ontology#share> <{share}> ; "
                   f"<https://w3id.org/summitkg/ontology#evidence> <{a.evidence(1, 'owns 30 percent of Baltic Power')}> .")
    a.lines.append(f'<{share}> <https://w3id.org/summitkg/ontology#value> "30"^^<http://www.w3.org/2001/XMLSchema#decimal> .')
    a.triple("org/orlen", "skg:owns", "org/baltic-power")
    a.triple("org/baltic-power", "skg:subsidiaryOf", "org/orlen-group")
    a.triple("org/mof", "skg:participatesIn", "event/meeting")
    a.triple("org/mof", "skg:basedIn", "state/PL")
    build_store(tmp_path / "s", [a])
    g = project(open_read(tmp_path / "s"))
    assert sorted((d["label"], d["class"], d["kind"]) for _, d in g.nodes(data=True)) == [
        ("Baltic Power", "Company", "Organization"), ("Ministry of Finance", "GovernmentBody", "Organization"),
        ("Orlen", "Company", "Organization"), ("Orlen Group", "Company", "Organization"),
        ("Poland", "State", "State"), ("Three Seas Initiative", "Accord", "Agreement"),
        ("finance meeting", "Meeting", "Event")]
    assert edges(g) == [
        ("Baltic Power", "subsidiary of", "Orlen Group"),
        ("Ministry of Finance", "based in", "Poland"),
        ("Ministry of Finance", "participates in", "finance meeting"),
        ("Orlen", "owns", "Baltic Power"),
        ("Poland", "joins", "Three Seas Initiative"),
    ]
    own_edge = g.get_edge_data(node(g, "Orlen"), node(g, "Baltic Power"), "owns")
    assert own_edge["facts"] == [["share", "30%"]]
    assert [e["quote"] for e in own_edge["evidence"]] == ["owns 30 percent of Baltic Power"]
    joins = g.get_edge_data(node(g, "Poland"), node(g, "Three Seas Initiative"), "joins")
    assert [e["quote"] for e in joins["evidence"]] == ["joined the Three Seas Initiative"]
    # sentences naming both ends stand in for evidence of a plain edge
    sub = g.get_edge_data(node(g, "Baltic Power"), node(g, "Orlen Group"), "subsidiary of")
    assert [e["sentence"] for e in sub["evidence"]] == [
        "Orlen owns 30 percent of Baltic Power, a subsidiary of Orlen Group."]
    steps = path(g, "inicjatywa trojmorza", "ministry of finance")
    assert [(s["relation"], s["to"]["label"]) for s in steps] == [("joins", "Poland"),
                                                                  ("based in", "Ministry of Finance")]
