"""Reading the reference data: general tables in ``builders/lexicons/`` and the language packs in
``builders/lexicons/<lang>/``. Every file is a tab-separated table with a header row; a row whose
first cell starts with ``#`` is a comment; a ``note`` column, where a table has one, says what
general class a row belongs to and is not read by the extractor."""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def rows(language: str | None, name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``lexicons/<language>/<name>`` (or ``lexicons/<name>`` for None); none if absent."""
    base = resources.files("summitkg.builders.lexicons")
    path = base.joinpath(language).joinpath(name) if language else base.joinpath(name)
    if not path.is_file():
        return ()
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    out = []
    for row in reader:
        clean = {k: (v or "").strip() for k, v in row.items() if k}
        first = next(iter(clean.values()), "")
        if first.startswith("#") or not any(clean.values()):
            continue
        out.append(clean)
    return tuple(out)


def split(cell: str | None) -> list[str]:
    """The alternatives of a cell written ``a|b|c``."""
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def words_of(language: str, klass: str, name: str = "grammar.tsv") -> dict[str, str]:
    """word -> value for the rows of one class of a pack table (``class``, ``word``, ``value``)."""
    return {r["word"]: r.get("value", "") for r in rows(language, name) if r.get("class") == klass}
