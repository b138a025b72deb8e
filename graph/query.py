"""The query catalogue and running queries against the store, read-only.

A query is a ``.rq`` file whose header comments state the question
(``# question:``), its parameters (``# param: name - meaning``) and its columns
(``# columns: a, b``). Parameters are bound as values through SPARQL
substitution, never pasted into the query text. User queries are checked
before they run: updates, LOAD, SERVICE and FROM are refused, so no query
changes the store or reaches the network.
"""
from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from summitkg.errors import UserError

PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FORBIDDEN = ("SERVICE", "LOAD", "INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "ADD", "MOVE", "COPY", "FROM", "WITH")
MAX_QUERY_CHARS = 100_000


@dataclass
class CatalogQuery:
    id: str
    text: str
    question: str = ""
    params: dict[str, str] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    path: str = ""


def parse_header(qid: str, text: str, path: str = "") -> CatalogQuery:
    q = CatalogQuery(qid, text, path=path)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("#").strip()
        m = re.match(r"(question|param|columns)\s*:\s*(.*)$", body, re.I)
        if not m:
            continue
        kind, value = m.group(1).lower(), m.group(2).strip()
        if kind == "question":
            q.question = value
        elif kind == "columns":
            q.columns = [c.strip() for c in value.split(",") if c.strip()]
        else:
            name, _, meaning = value.partition(" ")
            q.params[name.strip()] = meaning.strip(" -–")
    return q


def catalogue() -> dict[str, CatalogQuery]:
    out = {}
    for entry in sorted(resources.files("summitkg.queries").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            qid = entry.name[:-3]
            out[qid] = parse_header(qid, entry.read_text(encoding="utf-8"), entry.name)
    return out


def load_query(id_or_file: str) -> CatalogQuery:
    cat = catalogue()
    if id_or_file in cat:
        return cat[id_or_file]
    p = Path(id_or_file)
    if id_or_file.endswith(".rq") or p.exists():
        if not p.is_file():
            raise UserError(f"{id_or_file}: no such query file")
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UserError(f"{id_or_file}: the query file is not UTF-8 text") from None
        if len(text) > MAX_QUERY_CHARS:
            raise UserError(f"{id_or_file}: query is over {MAX_QUERY_CHARS} characters")
        return parse_header(p.stem, text, str(p))
    raise UserError(f"unknown query id '{id_or_file}' (see: summitkg queries)")


def _strip_strings_iris_comments(text: str) -> str:
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "<":
            j = text.find(">", i)
            if j != -1 and not re.search(r"\s", text[i + 1:j]):
                out.append(" <iri> ")
                i = j + 1
                continue
        if c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and text[j:j + len(quote)] != quote:
                j += 2 if text[j] == "\\" else 1
            out.append(' "" ')
            i = j + len(quote)
            continue
        out.append(c)
        i += 1
    return "".join(out)


def check_read_only(text: str) -> None:
    """Refuse updates, LOAD, SERVICE and FROM before anything is evaluated."""
    bare = _strip_strings_iris_comments(text)
    words = {w.upper() for w in re.findall(r"[A-Za-z_]+", bare)}
    for kw in FORBIDDEN:
        if kw in words and re.search(rf"(?i)(?<![\w?$:]){kw}(?![\w:])", bare):
            if kw in ("ADD", "MOVE", "COPY", "CREATE", "WITH") and not re.search(rf"(?i)(?:^|[;}}\s]){kw}\s+(SILENT\s+)?(GRAPH|DEFAULT|<)", bare) and kw != "WITH":
                continue
            raise UserError(f"query refused: {kw} is not allowed (queries run read-only and never reach the network)")


def bind_params(q: CatalogQuery, params: dict[str, str]):
    from pyoxigraph import Literal, Variable

    subs = {}
    for name, value in params.items():
        if not PARAM_NAME.match(name):
            raise UserError(f"malformed parameter name '{name}'")
        if name not in q.params and (q.params or q.id in catalogue()):
            raise UserError(f"query '{q.id}' has no parameter '{name}' (it takes: {', '.join(q.params) or 'none'})")
        subs[Variable(name)] = Literal(value)
    missing = [p for p in q.params if p not in params]
    if missing:
        raise UserError(f"query '{q.id}' needs --param {missing[0]}=VALUE")
    return subs


def parse_param(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise UserError(f"malformed --param '{text}': expected NAME=VALUE")
    name, value = text.split("=", 1)
    name = name.strip()
    if not PARAM_NAME.match(name):
        raise UserError(f"malformed --param '{text}': the name must be a letter or _ followed by letters, digits or _")
    return name, value


def run(store, q: CatalogQuery, params: dict[str, str] | None = None, timeout: float | None = None):
    """Run a catalogued or user query against an open store; returns pyoxigraph results."""
    check_read_only(q.text)
    subs = bind_params(q, params or {})
    try:
        return store.query(q.text, use_default_graph_as_union=True, substitutions=subs or None)
    except SyntaxError as exc:
        raise UserError(f"query '{q.id}' is not valid SPARQL: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise UserError(f"query '{q.id}' failed: {exc}") from None


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value


def write_results(results, fmt: str, out=None, limit: int | None = None) -> int:
    """Write SELECT results as a table, CSV or SPARQL 1.1 JSON; returns the row count."""
    import pyoxigraph

    out = out or sys.stdout
    if isinstance(results, pyoxigraph.QueryBoolean):
        value = bool(results)
        if fmt == "json":
            out.write('{"head":{},"boolean":%s}\n' % ("true" if value else "false"))
        else:
            out.write(("true" if value else "false") + "\n")
        return 1
    if isinstance(results, pyoxigraph.QueryTriples):
        data = results.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES)
        out.write(data.decode("utf-8") if isinstance(data, bytes) else "")
        return 0
    if fmt == "json":
        data = results.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
        out.write(data.decode("utf-8") + "\n")
        return -1
    variables = [v.value for v in results.variables]
    if fmt == "csv":
        import csv
        w = csv.writer(out, lineterminator="\n")
        w.writerow(variables)
        n = 0
        for row in results:
            w.writerow([term_text(row[v]) for v in variables])
            n += 1
        return n
    rows = [[term_text(row[v]) for v in variables] for row in results]
    widths = [max([len(v)] + [min(60, len(r[i])) for r in rows]) for i, v in enumerate(variables)]
    out.write("  ".join(v.ljust(widths[i]) for i, v in enumerate(variables)) + "\n")
    out.write("  ".join("-" * widths[i] for i in range(len(variables))) + "\n")
    for r in rows:
        out.write("  ".join((c if len(c) <= 60 else c[:57] + "...").ljust(widths[i]) for i, c in enumerate(r)) + "\n")
    out.write(f"({len(rows)} rows)\n")
    return len(rows)
