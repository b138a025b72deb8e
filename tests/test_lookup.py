"""Finding entities by any of their names: ``summitkg search``, ``summitkg show``, and query
parameters given as an alias, another language's form or a surname."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summitkg.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from summitkg.graph.build import build

    root = tmp_path_factory.mktemp("lookup") / "store"
    build([REPO / "data" / "articles"], root)
    return str(root)


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def test_search_finds_names_in_any_language_and_case(store):
    code, out = _run("search", "tokajew", "--store", store, "--format", "json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["name"] == "Kassym-Jomart Tokayev" and "Person" in hits[0]["types"]
    code, out = _run("search", "WOLFRAM", "--store", store, "--format", "json")
    assert any(h["name"] == "tungsten" for h in json.loads(out))
    code, out = _run("search", "no such thing at all", "--store", store)
    assert code == 0 and "no entity" in out


def test_show_gives_posts_deals_and_quotes_with_sources(store):
    code, out = _run("show", "Tokajew", "--store", store, "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["labels"]["pl"] == ["Kassym-Jomart Tokajew"]
    preds = {f["predicate"] for f in record["facts"]}
    assert {"holdsPost", "spokenBy", "participatesIn"} <= preds
    assert all(f["sources"] and f["sources"][0]["article"] for f in record["facts"])
    post = next(f for f in record["facts"] if f["predicate"] == "holdsPost")
    assert "president" in post["details"] and "Kazakhstan" in post["details"]


def test_show_of_an_unknown_name_is_one_line_with_the_nearest(store):
    code, out = _run("show", "Uzbekistn", "--store", store)
    assert code == 2 and "nearest: Uzbekistan" in out and len(out.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["Uzbekistan", "uzbekistan", "Uzbekistan ", "Uzbekistanu", "UZ"])
def test_parameters_take_any_form_of_a_name(store, value):
    code, out = _run("query", "investment-sectors", "--param", f"state={value}", "--store", store,
                     "--format", "json")
    assert code == 0, out
    rows = json.loads(out)["results"]["bindings"]
    assert {r["sector"]["value"] for r in rows} >= {"agriculture", "automotive"}
    assert {r["state"]["value"] for r in rows} == {"Uzbekistan"}     # answers name the English label


def test_commodity_alias_is_answered_with_the_english_name(store):
    code, out = _run("query", "states-in-commodity-deals", "--param", "commodity=wolfram", "--store", store,
                     "--format", "json")
    rows = json.loads(out)["results"]["bindings"]
    assert rows and {r["commodity"]["value"] for r in rows} == {"tungsten"}


def test_investment_sectors_are_the_investors(store):
    code, out = _run("query", "investment-sectors", "--param", "state=United States", "--store", store,
                     "--format", "json")
    assert code == 0 and json.loads(out)["results"]["bindings"] == []   # the host of Uzbekistan's pledge
