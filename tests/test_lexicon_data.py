"""Language lives in the lexicon files, not in Python; and the lexicon files are well formed.

* No string literal in ``builders/*.py`` (docstrings and messages aside) is a word or phrase of
  any language pack that is not also an identifier the tables use (a cue kind, a grammar class,
  a value such as ``sell`` or a relation id such as ``of``).
* Every table has a header, rows with as many cells as the header, no duplicate rows, and a
  ``note`` on every row of a table with a note column.
"""
from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LEXICONS = REPO / "builders" / "lexicons"
TABLES = sorted(LEXICONS.rglob("*.tsv"))


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    return header, [r for r in reader if r and any(c.strip() for c in r) and not r[0].startswith("#")]


def _vocabulary() -> tuple[set[str], set[str]]:
    """(words and phrases of the packs, identifiers the tables use)."""
    words, ids = set(), set()
    for path in TABLES:
        if path.parent == LEXICONS:
            continue                               # general tables: names of states, currencies ...
        header, rows = _rows(path)
        for row in rows:
            cells = dict(zip(header, row))
            if cells.get("class") == "number_format" or (cells.get("class") or "").endswith("_case"):
                ids.add(cells["word"].lower())         # a setting's name (decimal), a case id (voc)
                continue
            for col in ("phrase", "word"):
                if cells.get(col):
                    words.add(cells[col].strip().lower())
            for col in ("kind", "class", "value", "case", "function"):
                for part in (cells.get(col) or "").replace(":", "|").split("|"):
                    if part.strip():
                        ids.add(part.strip().lower())
    for path in TABLES:
        header, rows = _rows(path)
        ids.update(h.lower() for h in header)
        ids.update(h.lower().rpartition("_")[0] for h in header if "_" in h)   # capital_en -> capital
        if path.parent != LEXICONS:
            continue
        for row in rows:                           # ids, types, units, slots of the general tables
            for col, cell in zip(header, row):
                if col in ("id", "kind", "class", "type", "frame", "slot", "function", "types", "makes", "unit",
                           "status"):
                    ids.update(p.strip().lower() for p in cell.replace(":", "|").split("|"))
    from summitkg.builders.morph import SUPPORTED

    from dataclasses import fields, is_dataclass

    from summitkg.builders import model

    ids.update(SUPPORTED)                          # language codes
    ids.update(f.name for cls in vars(model).values() if is_dataclass(cls) for f in fields(cls))
    ids.update({"ownership", "investment", "financing"})   # fact kinds and agreement groups of graph/rdf.py
    return words, ids


def _identifier(s: str) -> bool:
    """A technical name rather than a word: a mention type (CAPITAL), a unit (Percent)."""
    return s.isidentifier() and (s.isupper() or (s[:1].isupper() and any(c.isupper() for c in s[1:])) or
                                 s in ("Percent", "Tonne", "Aircraft", "Barrel", "Ounce", "Model"))


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings, messages or f-string text."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            skip.add(id(body[0].value))
        if isinstance(node, (ast.Raise, ast.JoinedStr)) or (
                isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("warn", "InputError")):
            skip.update(id(n) for n in ast.walk(node))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


MODULES = sorted((REPO / "builders").rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=[str(m.relative_to(REPO)) for m in MODULES])
def test_no_language_words_in_python(module):
    words, ids = _vocabulary()
    found = [(line, s) for line, s in _literals(module)
             if s.strip().lower() in words and s.strip().lower() not in ids and any(ch.isalpha() for ch in s)
             and not _identifier(s)]
    assert not found, f"{module.name}: words of a language written in code (move them to a lexicon): {found}"


def test_the_check_sees_a_language_word():
    """The check above is not blind: a module comparing a token with a cue word is caught."""
    words, ids = _vocabulary()
    sample = next(w for w in sorted(words - ids) if w.isalpha() and len(w) > 4)
    tmp = REPO / "builders" / "__probe_for_test__.py"
    try:
        tmp.write_text(f'def f(t):\n    """Doc."""\n    return t == "{sample}"\n', encoding="utf-8")
        assert [s for _, s in _literals(tmp)] == [sample]
    finally:
        tmp.unlink()


@pytest.mark.parametrize("path", TABLES, ids=[str(t.relative_to(LEXICONS)) for t in TABLES])
def test_tables_are_well_formed(path):
    header, rows = _rows(path)
    assert header and all(h.strip() for h in header), f"{path.name}: empty header cell"
    bad = [r for r in rows if len(r) != len(header)]
    assert not bad, f"{path.name}: rows with {len(header)} cells expected: {bad[:3]}"
    seen, dupes = set(), []
    for r in rows:
        key = tuple(c.strip() for c in r)
        if key in seen:
            dupes.append(r)
        seen.add(key)
    assert not dupes, f"{path.name}: duplicate rows {dupes[:3]}"
    if "note" in header:
        k = header.index("note")
        unnoted = [r for r in rows if not r[k].strip()]
        assert not unnoted, f"{path.name}: rows without a note (say what general class each row is): {unnoted[:3]}"
