"""The query catalogue and running queries against the store, read-only.

A query is a ``.rq`` file whose header comments state the question
(``# question:``), its parameters (``# param: name - meaning``), its answer columns
(``# columns: a, b``, the first projected variables) and what every projected column holds
(``# column name: meaning``). Parameters are bound as values through SPARQL
substitution, never pasted into the query text. User queries are checked
before they run: updates, LOAD, SERVICE and FROM are refused, so no query
changes the store or reaches the network. :func:`execute` runs a query under a
time limit and streams its rows (table, CSV or SPARQL Results JSON) without
holding the whole result.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from summitkg.errors import UserError
from summitkg.graph import confined
from summitkg.graph.ordering import Page, SortedSolutions, order_key  # noqa: F401 (order_key: public)
from summitkg.graph.sparql_screen import MAX_QUERY_CHARS, Screened, lex, screen

PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class CatalogQuery:
    id: str
    text: str
    question: str = ""
    params: dict[str, str] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    column_docs: dict[str, str] = field(default_factory=dict)
    path: str = ""


def parse_header(qid: str, text: str, path: str = "") -> CatalogQuery:
    q = CatalogQuery(qid, text, path=path)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("#").strip()
        doc = re.match(r"column\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$", body, re.I)
        if doc:
            q.column_docs[doc.group(1)] = doc.group(2).strip()
            continue
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


def check_read_only(text: str) -> Screened:
    """Refuse updates, LOAD, SERVICE and dataset clauses before anything is evaluated, and
    return the query written anew from what was checked (:mod:`summitkg.graph.sparql_screen`)."""
    return screen(text)


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


def split_final_order(text: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """``(text without it, [(variable, descending), ...])`` when the query ends with an
    ``ORDER BY`` of plain variables (``?x``, ``ASC(?x)``, ``DESC(?x)``) at the top level,
    with no LIMIT, OFFSET or VALUES after it; None otherwise."""
    try:
        toks = lex(text)
    except UserError:
        return None
    depth, at = 0, None
    for i, tok in enumerate(toks):
        if tok.kind == "punct" and tok.text == "{":
            depth += 1
        elif tok.kind == "punct" and tok.text == "}":
            depth -= 1
        elif depth == 0 and tok.kind == "word" and tok.text.upper() == "ORDER":
            at = i
    if at is None:
        return None
    rest = [(t.kind, t.text) for t in toks[at + 1:]]
    if not rest or rest[0][0] != "word" or rest[0][1].upper() != "BY":
        return None
    keys, i, rest = [], 0, rest[1:]
    while i < len(rest):
        kind, tok = rest[i]
        if kind == "var":
            keys.append((tok[1:], False))
            i += 1
        elif (kind == "word" and tok.upper() in ("ASC", "DESC") and i + 3 < len(rest)
              and rest[i + 1] == ("punct", "(") and rest[i + 2][0] == "var" and rest[i + 3] == ("punct", ")")):
            keys.append((rest[i + 2][1][1:], tok.upper() == "DESC"))
            i += 4
        else:
            return None
    if not keys:
        return None
    return text[:toks[at].start], keys


MAX_PYTHON_SORT_ROWS = 200_000   # rows sorted in memory; past this, sorted runs go to temporary files


def run(store, q: CatalogQuery, params: dict[str, str] | None = None, limit: int | None = None,
        offset: int = 0):
    """Run a catalogued or user query against an open store; returns pyoxigraph results.

    The query is screened and what runs is the screened text (no SERVICE, LOAD or dataset
    clause can reach the engine). SELECT and CONSTRUCT results are lazy: rows are computed as
    they are read. ``limit`` and ``offset`` give one page of the answer: the rows
    ``offset`` to ``offset + limit`` of the full answer, in its order. A final ``ORDER BY`` of
    plain variables is applied in Python (:class:`SortedSolutions`, a heap of the page's rows
    when there is a limit), and the query is evaluated once. This runs in the calling process
    with no time or memory bound: for queries from users, call :func:`execute`, which
    evaluates in a confined child."""
    checked = check_read_only(q.text)
    subs = bind_params(q, params or {}) or None
    limit, offset = _page_bounds(limit, offset)
    text = checked.text
    split = split_final_order(text)
    try:
        if split:
            results = store.query(split[0], use_default_graph_as_union=True, substitutions=subs)
            if hasattr(results, "variables") and \
                    {name for name, _ in split[1]} <= {v.value for v in results.variables}:
                return SortedSolutions(results, split[1], limit=limit, offset=offset,
                                       spill_rows=MAX_PYTHON_SORT_ROWS)
            if not hasattr(results, "variables"):
                return _paged(results, limit, offset)
            del results                      # ordered by a variable it does not return
        return _paged(store.query(text, use_default_graph_as_union=True, substitutions=subs), limit, offset)
    except SyntaxError as exc:
        raise UserError(syntax_message(q, checked, exc)) from None
    except (OSError, RuntimeError) as exc:
        from summitkg.graph.store import damaged, is_damage
        if is_damage(exc):
            raise damaged(None, _first_line(exc)) from None
        raise UserError(f"query '{q.id}' failed: {_first_line(exc)}") from None


def _page_bounds(limit, offset) -> tuple[int | None, int]:
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise UserError(f"--limit must be a whole number of rows, 0 or more (got {limit!r})")
    if offset is None:
        offset = 0
    if not isinstance(offset, int) or offset < 0:
        raise UserError(f"--offset must be a whole number of rows, 0 or more (got {offset!r})")
    return limit, offset


def _paged(results, limit, offset):
    import pyoxigraph

    if (limit is None and not offset) or isinstance(results, pyoxigraph.QueryBoolean):
        return results
    return Page(results, limit, offset)


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)")


def syntax_message(q: CatalogQuery, checked: Screened, exc: SyntaxError) -> str:
    """The engine's parse error, placed in the query as it was written, with a caret line."""
    first = _first_line(exc)
    m = _ERROR_AT.match(first)
    at = checked.position(int(m.group(1)), int(m.group(2))) if m else None
    if at is None:
        return f"query '{q.id}' is not valid SPARQL: {first}"
    line_no = q.text.count("\n", 0, at) + 1
    line_start = q.text.rfind("\n", 0, at) + 1
    line_end = q.text.find("\n", at)
    line = q.text[line_start:line_end if line_end >= 0 else len(q.text)]
    col = at - line_start
    before, after = line[max(0, col - 40):col].lstrip(), line[col:col + 20].rstrip()
    return (f"query '{q.id}' is not valid SPARQL at line {line_no}, column {col + 1}: {m.group(3)} "
            f"(here: {before}\u25b6{after})")


QueryTimeout = confined.QueryTimeout
DEFAULT_TIMEOUT = 60.0


def execute(store, q: CatalogQuery, params: dict[str, str] | None = None, fmt: str = "table", out=None,
            timeout: float | None = DEFAULT_TIMEOUT, memory_mb: int | None = confined.DEFAULT_MEMORY_MB,
            limit: int | None = None, offset: int = 0) -> int:
    """Check, run and write a query in a confined child process; returns the row count.

    ``store`` is a store folder (the child opens it read-only) or an open in-memory store.
    The child has no network and at most ``memory_mb`` of memory, and is killed after
    ``timeout`` seconds (:class:`QueryTimeout`); rows stream to ``out`` as they come.
    ``limit``/``offset``: one page of the answer (:func:`run`)."""
    check_read_only(q.text)
    bind_params(q, params or {})  # errors in the calling process, before anything runs
    _page_bounds(limit, offset)

    def evaluate(stream) -> int:
        st = store
        if isinstance(store, (str, os.PathLike)):
            from summitkg.graph.store import open_read
            st = open_read(store)
        try:
            return write_results(run(st, q, params, limit=limit, offset=offset), fmt, stream)
        except (OSError, RuntimeError) as exc:
            from summitkg.graph.store import damaged, is_damage
            if is_damage(exc):      # met while reading rows: the engine's block checksums
                raise damaged(store if isinstance(store, (str, os.PathLike)) else None, _first_line(exc)) from None
            raise

    return confined.call(evaluate, out, timeout=timeout, memory_mb=memory_mb, what=f"query '{q.id}'")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value


def term_json(term) -> dict:
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            direction = getattr(term, "direction", None)
            if direction is not None:
                out["its:dir"] = str(direction)
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    return {"type": "literal", "value": str(term)}


TABLE_SAMPLE = 1000  # rows read before the table's column widths are fixed
TABLE_MAX_WIDTH = 60


def write_results(results, fmt: str, out=None, limit: int | None = None) -> int:
    """Write results as a table, CSV or SPARQL 1.1 JSON, row by row; returns the row count.

    Nothing holds the whole result: CSV and JSON are written as rows arrive, the
    table fixes its column widths from the first rows. CONSTRUCT and DESCRIBE
    results are written as N-Triples, one triple at a time. ``limit`` stops after
    that many rows."""
    import json

    import pyoxigraph

    out = out or sys.stdout
    if isinstance(results, pyoxigraph.QueryBoolean):
        value = bool(results)
        if fmt == "json":
            out.write('{"head":{},"boolean":%s}\n' % ("true" if value else "false"))
        else:
            out.write(("true" if value else "false") + "\n")
        return 1
    if isinstance(results, pyoxigraph.QueryTriples) or getattr(results, "triples", False):
        n = 0
        for t in results:
            out.write(f"{t} .\n")
            n += 1
            if limit is not None and n >= limit:
                break
        return n
    variables = [v.value for v in results.variables]
    rows = iter(results)
    if limit is not None:
        import itertools
        rows = itertools.islice(rows, limit)
    if fmt == "json":
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        out.write('{"head":{"vars":%s},"results":{"bindings":[' % dumps(variables))
        n = 0
        for row in rows:
            binding = {v: term_json(row[v]) for v in variables if row[v] is not None}
            out.write(("," if n else "") + "\n" + dumps(binding))
            n += 1
        out.write("\n]}}\n")
        return n
    if fmt == "csv":
        import csv
        w = csv.writer(out, lineterminator="\n")
        w.writerow(variables)
        n = 0
        for row in rows:
            w.writerow([term_text(row[v]) for v in variables])
            n += 1
        return n
    return _write_table(variables, rows, out)


def _cell(c: str, width: int = TABLE_MAX_WIDTH) -> str:
    c = c.replace("\r", " ").replace("\n", " ")
    return c if len(c) <= width else c[:width - 3] + "..."


def _write_table(variables: list[str], rows, out) -> int:
    import itertools

    head = [[_cell(term_text(row[v])) for v in variables] for row in itertools.islice(rows, TABLE_SAMPLE)]
    widths = [max([len(v)] + [len(r[i]) for r in head]) for i, v in enumerate(variables)]
    out.write("  ".join(v.ljust(widths[i]) for i, v in enumerate(variables)) + "\n")
    out.write("  ".join("-" * widths[i] for i in range(len(variables))) + "\n")
    n = 0
    for r in itertools.chain(head, ([_cell(term_text(row[v])) for v in variables] for row in rows)):
        out.write("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)) + "\n")
        n += 1
    out.write(f"({n} rows)\n")
    return n
