"""The core pipeline end to end, with real components only (no mocks):
competency-question scores, the query catalogue, SHACL, provenance,
determinism, export round trips, the installed package layout and incremental builds."""
from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLI, REPO, SEED_ARTICLE

SHARED_EVAL = REPO.parent / "shared" / "eval"
SCORER = SHARED_EVAL / "score_cq.py"
SEED_GOLD = SHARED_EVAL / "seed-cq.yaml"
GOLD_FILES = sorted((REPO / "tests" / "data").glob("*.yaml"))
DEV_FILES = sorted((REPO / "tests" / "dev").glob("*.yaml"))
QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))
PARAM_VALUES = {"commodity": "tungsten", "state": "Uzbekistan"}

SKG = "https://w3id.org/summitkg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
FACT_CLASSES = ["Agreement", "Post", "Ownership", "Participation", "Quotation", "Proposal", "Accession", "Amount"]

# People and companies named in the seed article; the shipped queries must stay general.
SEED_NAMES = [
    "Trump", "Rubio", "Mirziyoyev", "Mirzijojew", "Tokayev", "Tokajew", "Asadov", "Absametov", "Althaus",
    "Vyacheslav Kim", "Wiaczesław Kim", "Cove Kaz", "Cove Capital", "Tau-Ken", "Samruk", "Boeing",
    "Alatau", "Export-Import Bank",
]


def _store(root):
    from summitkg.graph.store import open_read
    return open_read(root)


def _rows(root, sparql: str, names: list[str]) -> list[tuple]:
    store = _store(root)
    return [tuple(None if sol[n] is None else sol[n].value for n in names) for sol in store.query(sparql, use_default_graph_as_union=True)]


def _triple_count(root) -> int:
    return len(list(_store(root).quads_for_pattern(None, None, None, None)))


# ------------------------------------------------------------------ the scorer


def _run_scorer(gold: Path, article: Path, store_dir: Path) -> tuple[float, str]:
    cmd = [sys.executable, str(SCORER), "--gold", str(gold), "--store", str(store_dir),
           "--build", str(article), "--cli", shlex.join(CLI), "-v"]
    done = subprocess.run(cmd, cwd=str(REPO), capture_output=True, text=True, timeout=900)
    out = done.stdout.strip()
    assert out, f"the scorer printed nothing (exit {done.returncode}): {done.stderr[-2000:]}"
    last = out.splitlines()[-1]
    m = re.match(r"macro-F1 ([0-9.]+) over (\d+) questions", last)
    assert m, f"unexpected last line from the scorer: {last!r}\n{done.stderr[-2000:]}"
    assert int(m.group(2)) > 0, out
    return float(m.group(1)), out


needs_shared = pytest.mark.skipif(not SCORER.is_file(),
                                  reason=f"../shared is absent ({SCORER} not found); the scorer cannot run")

_GOLD_SCORES: dict[str, float] = {}


def _gold_score(gold: Path, tmp_root: Path) -> tuple[float, str]:
    import yaml

    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    article = REPO / data["article"]
    assert article.is_file(), f"{gold.name}: article {data['article']} not found (paths are relative to the repo root)"
    score, out = _run_scorer(gold, article, tmp_root / gold.stem)
    _GOLD_SCORES[gold.name] = score
    return score, out


@needs_shared
def test_scorer_seed_macro_f1(tmp_path):
    score, out = _run_scorer(SEED_GOLD, SEED_ARTICLE, tmp_path / "store")
    print(out)
    print(f"seed macro-F1 {score:.3f}")
    assert score >= 0.85, out


@needs_shared
@pytest.mark.parametrize("gold", GOLD_FILES, ids=[g.stem for g in GOLD_FILES])
def test_scorer_own_gold_files(gold, tmp_path):
    score, out = _gold_score(gold, tmp_path)
    print(out)
    print(f"{gold.name}: macro-F1 {score:.3f}")
    assert score >= 0.7, f"{gold.name}: macro-F1 {score:.3f} below the regression floor 0.7\n{out}"


@needs_shared
@pytest.mark.parametrize("gold", DEV_FILES, ids=[g.stem for g in DEV_FILES])
def test_scorer_dev_gold_files(gold, tmp_path):
    """Articles once written without sight of the code and first scored blind (see the issue
    notes); since tuned on, so development data. The blind check is tests/cases."""
    score, out = _gold_score(gold, tmp_path)
    print(out)
    assert score >= 0.6, f"{gold.name}: macro-F1 {score:.3f} below the regression floor 0.6\n{out}"


@needs_shared
def test_scorer_own_gold_average(tmp_path, capsys):
    assert GOLD_FILES, "no gold files in tests/data"
    for gold in GOLD_FILES:
        if gold.name not in _GOLD_SCORES:
            _gold_score(gold, tmp_path)
    scores = [_GOLD_SCORES[g.name] for g in GOLD_FILES]
    avg = sum(scores) / len(scores)
    report = "\n".join(f"  {g.name:45s} {_GOLD_SCORES[g.name]:.3f}" for g in GOLD_FILES)
    with capsys.disabled():
        print(f"\nown gold files: average macro-F1 {avg:.3f} over {len(scores)} articles\n{report}")
    assert avg >= 0.85, f"average macro-F1 {avg:.3f} over our own test articles is below 0.85"


# ------------------------------------------------------------------ the query catalogue


def test_query_files_exist():
    assert len(QUERY_FILES) >= 10, QUERY_FILES


@pytest.mark.parametrize("rq", QUERY_FILES, ids=[q.stem for q in QUERY_FILES])
def test_query_file(rq, seed_store, run_cli):
    """Each catalogued query, read by the catalogue's own header parser, declares its question,
    columns and parameters, and answers on the seed graph with rows in those columns."""
    from summitkg.graph.query import catalogue

    text = rq.read_text(encoding="utf-8")
    head = catalogue()[rq.stem]
    assert head.question, f"{rq.name}: no '# question:' header"
    assert head.columns, f"{rq.name}: no '# columns:' header"
    # every $name/?name used as a parameter is declared
    for p in head.params:
        assert re.search(rf"[?$]{re.escape(p)}\b", text), f"{rq.name}: declared param {p} is not used"
        assert p in PARAM_VALUES, f"{rq.name}: no test value for parameter {p}"
    # no names of this article in the query text
    low = text.lower()
    for name in SEED_NAMES:
        assert name.lower() not in low, f"{rq.name} mentions the seed name {name!r}"
    args = ["query", rq.stem, "--store", seed_store, "--format", "json"]
    for p in head.params:
        args += ["--param", f"{p}={PARAM_VALUES[p]}"]
    code, out, err = run_cli(*args)
    assert code == 0, err
    result = json.loads(out)
    variables = result["head"]["vars"]
    assert variables[:len(head.columns)] == head.columns, (variables, head.columns)
    rows = result["results"]["bindings"]
    assert rows, f"{rq.name}: no rows on the seed graph"
    # the declared columns are bound: a query whose first column is never bound answers nothing
    assert any(head.columns[0] in row for row in rows), f"{rq.name}: column {head.columns[0]} is never bound"


def test_queries_have_no_labels_of_seed_people_or_companies(seed_store):
    """Beyond the fixed list: no label of any person or company in the seed graph appears in a query."""
    labels = {row[0] for row in _rows(seed_store, f"""
        SELECT DISTINCT ?l WHERE {{
          ?x a ?c ; <{RDFS_LABEL}> ?l .
          VALUES ?c {{ <{SKG}Person> <{SKG}Company> <{SKG}FinancialInstitution> }}
        }}""", ["l"])}
    assert labels, "the seed graph has no labelled people or companies"
    for rq in QUERY_FILES:
        low = rq.read_text(encoding="utf-8").lower()
        for label in labels:
            if len(label) >= 4:
                assert label.lower() not in low, f"{rq.name} mentions {label!r}"


def test_queries_catalogue_lists_every_file(run_cli):
    code, out, err = run_cli("queries")
    assert code == 0, err
    for rq in QUERY_FILES:
        assert rq.stem in out


# ------------------------------------------------------------------ SHACL


def test_shacl_validate_seed_store(seed_store, run_cli):
    code, out, err = run_cli("validate", "--store", seed_store, "--verbose")
    if code != 0:
        # summarise the report: distinct (path, message) pairs with their counts
        counts: dict[str, int] = {}
        path = ""
        for line in out.splitlines():
            line = line.strip()
            if line.startswith("Result Path:"):
                path = line.split(":", 1)[1].strip()
            elif line.startswith("Message:"):
                key = f"{path or '(node)'}: {line.split(':', 1)[1].strip()}"
                counts[key] = counts.get(key, 0) + 1
                path = ""
        summary = "\n".join(f"  {n:4d} x {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        pytest.fail(f"validate exited {code}: {err.strip()}\n{summary}", pytrace=False)
    assert "conforms" in out


# ------------------------------------------------------------------ provenance


def test_evidence_anchor_equals_article_span(seed_store):
    rows = _rows(seed_store, f"""
        PREFIX nif: <{NIF}>
        SELECT ?e ?anchor ?b ?end ?text WHERE {{
          ?e a <{SKG}Evidence> .
          OPTIONAL {{ ?e nif:anchorOf ?anchor }}
          OPTIONAL {{ ?e nif:beginIndex ?b }}
          OPTIONAL {{ ?e nif:endIndex ?end }}
          OPTIONAL {{ ?e <{SKG}article> ?a . ?a nif:isString ?text }}
        }}""", ["e", "anchor", "b", "end", "text"])
    assert len(rows) >= 50, f"only {len(rows)} evidence nodes"
    bad = []
    for e, anchor, b, end, text in rows:
        if None in (anchor, b, end, text):
            bad.append(f"{e}: incomplete evidence (anchor/begin/end/article text missing)")
            continue
        if text[int(b):int(end)] != anchor:
            bad.append(f"{e}: anchor {anchor!r} != text[{b}:{end}] {text[int(b):int(end)]!r}")
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("cls", FACT_CLASSES)
def test_every_fact_has_evidence(seed_store, cls):
    rows = _rows(seed_store, f"""
        SELECT ?x (COUNT(?e) AS ?n) WHERE {{
          ?x a <{SKG}{cls}> .
          OPTIONAL {{ ?x <{SKG}evidence> ?e }}
        }} GROUP BY ?x""", ["x", "n"])
    assert rows, f"the seed graph has no {cls}"
    missing = [x for x, n in rows if int(n) == 0]
    assert not missing, f"{len(missing)} {cls} node(s) without skg:evidence: {missing[:5]}"


# ------------------------------------------------------------------ determinism


def _sorted_nq(root) -> list[str]:
    from summitkg.graph.export import export
    return sorted(line for line in export(root, "nq").decode("utf-8").splitlines() if line.strip())


def test_two_builds_identical(tmp_path, seed_article):
    from summitkg.graph.build import build

    build([seed_article], tmp_path / "a")
    build([seed_article], tmp_path / "b")
    a, b = _sorted_nq(tmp_path / "a"), _sorted_nq(tmp_path / "b")
    assert a and a == b


def test_rebuild_same_article_no_duplicates(tmp_path, seed_article):
    """Build, change the article, restore it: the store ends with exactly the first triples."""
    from summitkg.graph.build import build

    article = tmp_path / seed_article.name
    shutil.copyfile(seed_article, article)
    store = tmp_path / "store"
    first = build([article], store)
    n1, nq1 = _triple_count(store), _sorted_nq(store)
    assert first.triples == n1
    again = build([article, article], store)  # same file twice in one call
    assert _triple_count(store) == n1
    assert again.built == []
    article.write_text(seed_article.read_text(encoding="utf-8") + "\nDodatkowe zdanie bez faktów.\n",
                       encoding="utf-8")
    changed = build([article], store)
    assert changed.built == [str(article)]
    shutil.copyfile(seed_article, article)
    restored = build([article], store)
    assert restored.built == [str(article)]
    assert _triple_count(store) == n1
    assert _sorted_nq(store) == nq1


# ------------------------------------------------------------------ exports


def _canonical_quads(quads) -> set[str]:
    return {str(q) for q in quads}


def _store_quads(root) -> set[str]:
    return _canonical_quads(_store(root).quads_for_pattern(None, None, None, None))


def _store_triples(root) -> set[str]:
    import pyoxigraph
    return {str(pyoxigraph.Triple(q.subject, q.predicate, q.object))
            for q in _store(root).quads_for_pattern(None, None, None, None)}


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "nt", "xml"])
def test_export_round_trip(fmt, seed_store, run_cli, tmp_path):
    import pyoxigraph

    out = tmp_path / f"export.{fmt}"
    code, _, err = run_cli("export", "--store", seed_store, "--format", fmt, "-o", out)
    assert code == 0, err
    rdf_format = {"nq": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG,
                  "ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                  "xml": pyoxigraph.RdfFormat.RDF_XML}[fmt]
    parsed = list(pyoxigraph.parse(out.read_bytes(), format=rdf_format))
    if fmt in ("nq", "trig"):
        got, want = _canonical_quads(parsed), _store_quads(seed_store)
    else:
        got, want = {str(pyoxigraph.Triple(t.subject, t.predicate, t.object)) for t in parsed}, \
            _store_triples(seed_store)
    assert got == want, (f"{fmt}: {len(want - got)} missing, {len(got - want)} extra; "
                         f"e.g. missing {sorted(want - got)[:3]} extra {sorted(got - want)[:3]}")


def _rdflib_quads(ds) -> set[tuple]:
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        out.add((s, p, o, None if gid == DATASET_DEFAULT_GRAPH_ID else gid))
    return out


def test_export_jsonld_round_trip(seed_store, run_cli, tmp_path):
    import rdflib

    out = tmp_path / "export.jsonld"
    code, _, err = run_cli("export", "--store", seed_store, "--format", "jsonld", "-o", out)
    assert code == 0, err
    got = rdflib.Dataset()
    got.parse(out, format="json-ld")
    from summitkg.graph.export import export
    want = rdflib.Dataset()
    want.parse(data=export(seed_store, "nq").decode("utf-8"), format="nquads")
    g, w = _rdflib_quads(got), _rdflib_quads(want)
    assert len(w) == _triple_count(seed_store)
    assert g == w, (f"jsonld: {len(w - g)} missing, {len(g - w)} extra; "
                    f"e.g. missing {sorted(map(str, w - g))[:3]} extra {sorted(map(str, g - w))[:3]}")


def test_export_ontology_and_data_only(seed_store, run_cli):
    import pyoxigraph

    code, onto, err = run_cli("export", "--store", seed_store, "--format", "nt", "--ontology-only")
    assert code == 0, err
    code, data, err = run_cli("export", "--store", seed_store, "--format", "nt", "--data-only")
    assert code == 0, err
    onto_t = {str(t) for t in pyoxigraph.parse(onto.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)}
    data_t = {str(t) for t in pyoxigraph.parse(data.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)}
    assert onto_t and data_t
    assert onto_t | data_t == _store_triples(seed_store)
    assert any("owl#Ontology" in t for t in onto_t) and not any("owl#Ontology" in t for t in data_t)


# ------------------------------------------------------------------ packaging


def test_installed_import_names(tmp_path):
    script = r"""
import importlib, json, sys
out = {}
for name in ["graph", "builders", "queries", "ontology",
             "summitkg", "summitkg.graph", "summitkg.builders", "summitkg.queries", "summitkg.ontology",
             "summitkg.graph.build", "summitkg.builders.numbers"]:
    try:
        m = importlib.import_module(name)
        out[name] = str(getattr(m, "__file__", None) or list(getattr(m, "__path__", [])))
    except ImportError:
        out[name] = None
print(json.dumps(out))
"""
    import os
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", script], cwd=str(tmp_path), capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    for name in ("graph", "builders", "queries", "ontology"):
        # a same-named PyPI distribution may be installed; it must not be ours
        assert found[name] is None or str(REPO) not in found[name], \
            f"top-level '{name}' is importable from the project: {found[name]}"
    for name in ("summitkg", "summitkg.graph", "summitkg.builders", "summitkg.queries", "summitkg.ontology",
                 "summitkg.graph.build", "summitkg.builders.numbers"):
        assert found[name] is not None, f"{name} is not importable from the installed package"


def test_package_data_reachable():
    from importlib import resources

    assert resources.files("summitkg.ontology").joinpath("summitkg.ttl").is_file()
    assert resources.files("summitkg.ontology").joinpath("shapes.ttl").is_file()
    assert resources.files("summitkg.ontology").joinpath("context.jsonld").is_file()
    rq = [p.name for p in resources.files("summitkg.queries").iterdir() if p.name.endswith(".rq")]
    assert sorted(rq) == sorted(q.name for q in QUERY_FILES)


# ------------------------------------------------------------------ incremental


def test_incremental_unchanged(tmp_path, seed_article):
    from summitkg.graph.build import build

    store = tmp_path / "store"
    first = build([seed_article], store)
    assert first.built == [str(seed_article)] and first.unchanged == []
    before = _sorted_nq(store)
    second = build([seed_article], store)
    assert second.unchanged == [str(seed_article)]
    assert second.built == []
    assert second.triples == first.triples
    assert second.graphs == first.graphs
    assert _sorted_nq(store) == before


def test_cli_reports_unchanged(tmp_path, seed_article, run_cli):
    store = tmp_path / "store"
    code, out, err = run_cli("build", seed_article, "--store", store)
    assert code == 0, err
    assert "built 1 article(s), 0 unchanged" in out
    code, out, err = run_cli("build", seed_article, "--store", store)
    assert code == 0, err
    assert "built 0 article(s), 1 unchanged" in out
