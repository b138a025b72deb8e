"""A query's final ORDER BY and its LIMIT/OFFSET, applied to rows as the engine streams them, so
the query is evaluated once whatever the size of its answer.

Oxigraph's on-disk ORDER BY decodes both terms from the store at every comparison (80 ms for
2,500 rows of a catalogued query at 1M triples); decoding each row once and sorting here takes
about 15 ms. A page (``limit``) keeps only the ``offset + limit`` first rows in a heap; a whole
answer is sorted in memory up to ``spill_rows`` rows and past that in sorted runs written to
temporary files and merged (memory stays bounded, nothing is evaluated twice). Same order as
SPARQL's for the terms the keys hold, ties in the engine's order (every step is stable).
"""
from __future__ import annotations

import heapq
import itertools
import pickle
import tempfile

SPILL_ROWS = 200_000       # rows sorted in memory; past this, sorted runs go to temporary files

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


class _Key:
    """The sort key of one row under keys that mix ascending and descending order."""

    __slots__ = ("parts", "desc")

    def __init__(self, parts: tuple, desc: tuple):
        self.parts, self.desc = parts, desc

    def __lt__(self, other: "_Key") -> bool:
        for a, b, d in zip(self.parts, other.parts, self.desc):
            if a != b:
                return a > b if d else a < b
        return False

    def __eq__(self, other) -> bool:       # heapq breaks ties by position only if keys compare equal
        return self.parts == other.parts

    __hash__ = None


class Row:
    """A result row read back from a sorted run: indexed by variable name or position."""

    __slots__ = ("_names", "_terms")

    def __init__(self, names: dict[str, int], terms: tuple):
        self._names, self._terms = names, terms

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._terms[self._names[key]]
        return self._terms[key]

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self):
        return iter(self._terms)


class SortedSolutions:
    """The rows of a SELECT result sorted by ``keys`` ([(variable, descending)]), then
    ``offset`` rows skipped and at most ``limit`` kept; computed when first iterated."""

    def __init__(self, results, keys: list[tuple[str, bool]], limit: int | None = None, offset: int = 0,
                 spill_rows: int | None = None):
        self._results = results
        self.variables = results.variables
        self._keys = keys
        self._limit, self._offset = limit, max(0, int(offset or 0))
        self._spill = spill_rows

    def _key(self, row) -> _Key:
        return _Key(tuple(order_key(row[name]) for name, _ in self._keys), tuple(d for _, d in self._keys))

    def __iter__(self):
        results, self._results = iter(self._results), None
        if self._limit is not None:
            top = heapq.nsmallest(self._offset + self._limit, results, key=self._key)   # stable
            return iter(top[self._offset:])
        spill = self._spill or SPILL_ROWS
        rows = list(itertools.islice(results, spill + 1))
        if len(rows) <= spill:
            rows.sort(key=self._key)
            return itertools.islice(rows, self._offset, None)
        return itertools.islice(self._merged(rows, results, spill), self._offset, None)

    def _merged(self, first: list, rest, spill: int):
        """Sort runs of ``spill`` rows, write each to a temporary file, merge them."""
        names = {v.value: i for i, v in enumerate(self.variables)}
        files = []
        try:
            chunk = first
            while chunk:
                chunk.sort(key=self._key)
                fh = tempfile.TemporaryFile()
                for row in chunk:
                    pickle.dump(tuple(row), fh, protocol=pickle.HIGHEST_PROTOCOL)
                fh.seek(0)
                files.append(fh)
                chunk = list(itertools.islice(rest, spill))
            runs = [self._read(fh, names) for fh in files]
            yield from heapq.merge(*runs, key=self._key)        # earlier runs first on ties
        finally:
            for fh in files:
                fh.close()

    @staticmethod
    def _read(fh, names):
        while True:
            try:
                yield Row(names, pickle.load(fh))
            except EOFError:
                return


class Page:
    """Rows ``offset`` to ``offset + limit`` of a result as the engine streams them (the rows
    before are read and dropped, the rows after are never computed)."""

    def __init__(self, results, limit: int | None, offset: int = 0):
        self._results = results
        self.variables = getattr(results, "variables", None)
        self.triples = self.variables is None
        self._limit, self._offset = limit, max(0, int(offset or 0))

    def __iter__(self):
        stop = None if self._limit is None else self._offset + self._limit
        return itertools.islice(iter(self._results), self._offset, stop)
