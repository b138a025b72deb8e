"""The query catalogue and running queries against the store, read-only.

A query is a ``.rq`` file whose header comments state the question
(``# question:``), its parameters (``# param: name - meaning``) and its columns
(``# columns: a, b``). Parameters are bound as values through SPARQL
substitution, never pasted into the query text. User queries are checked
before they run: updates, LOAD, SERVICE and FROM are refused, so no query
changes the store or reaches the network. :func:`execute` runs a query under a
time limit and streams its rows (table, CSV or SPARQL Results JSON) without
holding the whole result.
"""
from __future__ import annotations

import re
import sys
import threading
import traceback
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


# One SPARQL token at a time, the way the SPARQL grammar (and Oxigraph's parser)
# splits them. Strings, IRIs, comments and variables can hold any word; the rest
# (keywords, function names, numbers, prefixed names, blank nodes, language tags)
# is what gets checked. Comments end at CR or LF (Oxigraph ends them at either);
# a one-line string ends at a line break, so an unterminated string hides nothing.
_TOKEN = re.compile(r"""
  (?P<ws>[ \t\r\n\f\v]+)
| (?P<comment>\#[^\r\n]*)
| (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
| (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
            |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
| (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
| (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<name>[\w:](?:[\w\-.:%\u00B7]|\\.)*(?<!\.))
| (?P<other>.)
""", re.X | re.S)

# SERVICE is the one keyword of the query grammar that reaches the network: it is
# refused wherever it appears outside strings, IRIs, comments and variables, even
# glued to a number ("1SERVICE") or read by Oxigraph as keyword + prefixed name
# ("SERVICE:x"). The other keywords are refused as whole words (updates cannot run
# through Store.query at all; refusing them gives a clear message).
_NETWORK = "SERVICE"


def sparql_tokens(text: str):
    """(kind, text) pairs: ws, comment, iri, string, var, lang, name or other."""
    for m in _TOKEN.finditer(text):
        yield m.lastgroup, m.group()


def check_read_only(text: str) -> None:
    """Refuse updates, LOAD, SERVICE and FROM before anything is evaluated.

    Words inside strings, IRIs, comments, variable names and the local part of
    prefixed names (``"service"``, ``?from``, ``ex:service``) are not keywords and
    are allowed; a prefix *named* like a keyword (``service:``) is refused, since
    Oxigraph reads ``SERVICE:x {...}`` as a SERVICE call."""
    for kind, tok in sparql_tokens(text):
        if kind not in ("name", "lang"):
            continue
        upper = tok.upper()
        head = upper if upper.startswith("_:") or kind == "lang" else upper.split(":", 1)[0]
        if _NETWORK in head:
            kw = _NETWORK
        elif kind == "name" and head in FORBIDDEN:
            kw = head
        else:
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


def split_final_order(text: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """``(text without it, [(variable, descending), ...])`` when the query ends with an
    ``ORDER BY`` of plain variables (``?x``, ``ASC(?x)``, ``DESC(?x)``) at the top level,
    with no LIMIT, OFFSET or VALUES after it; None otherwise."""
    toks = list(sparql_tokens(text))
    depth, at = 0, None
    for i, (kind, tok) in enumerate(toks):
        if kind == "other" and tok == "{":
            depth += 1
        elif kind == "other" and tok == "}":
            depth -= 1
        elif depth == 0 and kind == "name" and tok.upper() == "ORDER":
            at = i
    if at is None:
        return None
    rest = [(k, t) for k, t in toks[at + 1:] if k not in ("ws", "comment")]
    if not rest or rest[0][0] != "name" or rest[0][1].upper() != "BY":
        return None
    keys, i, rest = [], 0, rest[1:]
    while i < len(rest):
        kind, tok = rest[i]
        if kind == "var":
            keys.append((tok[1:], False))
            i += 1
        elif (kind == "name" and tok.upper() in ("ASC", "DESC") and i + 3 < len(rest)
              and rest[i + 1] == ("other", "(") and rest[i + 2][0] == "var" and rest[i + 3] == ("other", ")")):
            keys.append((rest[i + 2][1][1:], tok.upper() == "DESC"))
            i += 4
        else:
            return None
    if not keys:
        return None
    return "".join(t for _, t in toks[:at]), keys


_NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in (
    "integer", "decimal", "float", "double", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}


def order_key(term) -> tuple:
    """SPARQL ORDER BY order of one term: unbound, blank nodes, IRIs, then literals
    (numbers by value, others by lexical form, datatype and language)."""
    import pyoxigraph

    if term is None:
        return (0,)
    if isinstance(term, pyoxigraph.BlankNode):
        return (1, term.value)
    if isinstance(term, pyoxigraph.NamedNode):
        return (2, term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.datatype.value in _NUMERIC:
            try:
                return (3, 0, float(term.value), term.value)
            except ValueError:
                pass
        return (3, 1, term.value, term.datatype.value, term.language or "")
    return (4, str(term))


MAX_PYTHON_SORT_ROWS = 200_000


class SortedSolutions:
    """The rows of a SELECT result, sorted in Python by ``keys`` when first iterated.

    Oxigraph's on-disk ORDER BY decodes both terms from the store at every comparison
    (80 ms for 2,500 rows of a catalogued query at 1M triples); decoding each row once and
    sorting here takes about 15 ms. Same order as SPARQL's for the terms the keys hold.
    Past ``MAX_PYTHON_SORT_ROWS`` rows, Python objects would cost more memory than Oxigraph's
    encoded rows, so ``ordered()`` (the query with its ORDER BY) is run instead."""

    def __init__(self, results, keys: list[tuple[str, bool]], ordered):
        self._results = results
        self.variables = results.variables
        self._keys = keys
        self._ordered = ordered

    def __iter__(self):
        import itertools

        results, self._results = self._results, None
        rows = list(itertools.islice(results, MAX_PYTHON_SORT_ROWS + 1))
        if len(rows) > MAX_PYTHON_SORT_ROWS:
            del rows, results
            return iter(self._ordered())
        for name, desc in reversed(self._keys):          # stable sorts, last key first
            rows.sort(key=lambda r: order_key(r[name]), reverse=desc)
        return iter(rows)


def run(store, q: CatalogQuery, params: dict[str, str] | None = None, timeout: float | None = None):
    """Run a catalogued or user query against an open store; returns pyoxigraph results.

    SELECT and CONSTRUCT results are lazy: rows are computed as they are read. A final
    ``ORDER BY`` of plain variables is applied in Python (:class:`SortedSolutions`).
    ``timeout`` is accepted for compatibility; use :func:`execute` for a time limit."""
    check_read_only(q.text)
    subs = bind_params(q, params or {})
    split = split_final_order(q.text)
    try:
        if split:
            results = store.query(split[0], use_default_graph_as_union=True, substitutions=subs or None)
            if not hasattr(results, "variables"):
                return results
            if {name for name, _ in split[1]} <= {v.value for v in results.variables}:
                return SortedSolutions(results, split[1], lambda: store.query(
                    q.text, use_default_graph_as_union=True, substitutions=subs or None))
            del results                      # ordered by a variable it does not return
        return store.query(q.text, use_default_graph_as_union=True, substitutions=subs or None)
    except SyntaxError as exc:
        raise UserError(f"query '{q.id}' is not valid SPARQL: {str(exc).splitlines()[0]}") from None
    except (OSError, RuntimeError) as exc:
        raise UserError(f"query '{q.id}' failed: {_first_line(exc)}") from None


class QueryTimeout(UserError):
    """The query ran past its time limit."""


DEFAULT_TIMEOUT = 60.0


def execute(store, q: CatalogQuery, params: dict[str, str] | None = None, fmt: str = "table", out=None,
            timeout: float | None = DEFAULT_TIMEOUT) -> int:
    """Check, run and write a query, streaming rows as they come; returns the row count.

    The query is evaluated and written by a worker thread (pyoxigraph releases the
    GIL while it evaluates); if it has not finished after ``timeout`` seconds,
    :class:`QueryTimeout` is raised. pyoxigraph cannot interrupt a running
    query, so the worker is abandoned: it stops writing at its next row, and a
    command line caller should exit the process (``summitkg query`` does)."""
    check_read_only(q.text)
    bind_params(q, params or {})  # errors in the calling thread, before anything runs
    out = out or sys.stdout
    if not timeout or timeout <= 0:
        return write_results(run(store, q, params), fmt, out)
    cancelled = threading.Event()
    box: dict = {}

    def work():
        try:
            box["rows"] = write_results(run(store, q, params), fmt, out, cancelled=cancelled)
        except BaseException as exc:  # handed to the calling thread
            # pyoxigraph results must be dropped in the thread that made them:
            # finish the frames (and the row generator) here, not in the caller.
            traceback.clear_frames(exc.__traceback__)
            box["error"] = exc.with_traceback(None)

    worker = threading.Thread(target=work, name="summitkg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancelled.set()
        raise QueryTimeout(f"query '{q.id}' stopped: it ran longer than the time limit of {timeout:g} s "
                           f"(narrow it, add a LIMIT, or raise --timeout)")
    if "error" in box:
        raise box["error"]
    return box.get("rows", 0)


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


class _Cancelled(Exception):
    pass


def _rows(results, cancelled):
    for row in results:
        if cancelled is not None and cancelled.is_set():
            raise _Cancelled
        yield row


TABLE_SAMPLE = 1000  # rows read before the table's column widths are fixed
TABLE_MAX_WIDTH = 60


def write_results(results, fmt: str, out=None, limit: int | None = None, cancelled=None) -> int:
    """Write results as a table, CSV or SPARQL 1.1 JSON, row by row; returns the row count.

    Nothing holds the whole result: CSV and JSON are written as rows arrive, the
    table fixes its column widths from the first rows. CONSTRUCT and DESCRIBE
    results are written as N-Triples, one triple at a time. ``limit`` stops after
    that many rows."""
    import json

    import pyoxigraph

    out = out or sys.stdout
    try:
        if isinstance(results, pyoxigraph.QueryBoolean):
            value = bool(results)
            if fmt == "json":
                out.write('{"head":{},"boolean":%s}\n' % ("true" if value else "false"))
            else:
                out.write(("true" if value else "false") + "\n")
            return 1
        if isinstance(results, pyoxigraph.QueryTriples):
            n = 0
            for t in _rows(results, cancelled):
                out.write(f"{t} .\n")
                n += 1
                if limit is not None and n >= limit:
                    break
            return n
        variables = [v.value for v in results.variables]
        rows = _rows(results, cancelled)
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
    except _Cancelled:
        return -1


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
