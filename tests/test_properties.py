"""Property-based tests (hypothesis) of the extractor on hostile text.

For any text - random Unicode, very long lines, no sentence ends, Polish and
English sentences glued together - ``article_from_text`` -> ``facts.extract`` ->
``rdf.to_quads`` raises nothing but ``InputError`` (empty text), every offset
lies inside the article text, every stored anchor equals its span, and every
amount is finite and non-negative."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summitkg.builders.article import InputError, article_from_text
from summitkg.builders.extract import extract
from summitkg.graph.rdf import to_quads

DATA = Path(__file__).resolve().parent / "data"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SKG = "https://w3id.org/summitkg/ontology#"

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)


def _sentences() -> list[str]:
    out = []
    for f in sorted(DATA.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        out += [s.strip() for s in re.split(r"(?<=[.!?\"”])\s+", text) if 20 < len(s.strip()) < 400]
    return out


SENTENCES = _sentences()
sentences = st.sampled_from(SENTENCES)
# Words the extractor reacts to, to drive it into its rules with odd surroundings.
CUES = ["prezydent", "President", "Kazakhstan", "Kazachstan", "$1.1 billion", "1,1 mld dolarów", "70%",
        "410 000 ton", "tungsten", "wolfram", "LLC", "S.A.", "signed", "podpisali", "„", "”", "\"", "(",
        ")", "—", "-", "mln", "bn", "tys.", "Boeing", "up to", "do", "about", "około", "%", "0", "9" * 30,
        "1e308", "NaN", "inf", "-5", "−5", "½", "٣", "𝟗", "Tokayev", "Tokajew", "C5+1", "Mr.", "Dr.", "ul."]
cue = st.sampled_from(CUES)
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
glued = st.lists(st.one_of(sentences, cue, unicode_text), min_size=1, max_size=12).map(" ".join)
no_sentence_end = st.lists(st.one_of(sentences, cue), min_size=1, max_size=30).map(
    lambda parts: re.sub(r"[.!?]", "", " ".join(parts)))
long_line = st.tuples(sentences, st.integers(min_value=20, max_value=120)).map(
    lambda t: (t[0].rstrip(".") + " i ") * t[1])
any_text = st.one_of(unicode_text, glued, no_sentence_end)


def _check(text: str, language: str | None = None) -> None:
    try:
        article = article_from_text(text, source_path="prop.txt", language=language)
    except InputError as exc:
        # Only an empty text (or a header with no body, or HTML with no text) is refused.
        assert "empty" in str(exc) or "no text" in str(exc), f"InputError {exc} for {text[:80]!r}"
        return
    body = article.text
    n = len(body)
    extraction = extract(article)

    def inside(start, end, what):
        assert isinstance(start, int) and isinstance(end, int), (what, start, end)
        assert 0 <= start <= end <= n, f"{what}: span {start}-{end} outside the text of length {n}"

    for s in extraction.sentences:
        inside(s.start, s.end, "sentence")
        assert body[s.start:s.end] == s.text, "sentence text differs from its span"
    for key, e in extraction.entities.items():
        for m in e.mentions:
            inside(m.start, m.end, f"mention of {key}")
    for f in extraction.facts:
        for span in f.evidence:
            inside(span.start, span.end, f"evidence of a {f.kind} fact")
        if f.share is not None:
            _amount_ok(f.share, n)
    for a in extraction.agreements:
        for span in a.evidence:
            inside(span.start, span.end, "agreement evidence")
        for m in a.amounts:
            _amount_ok(m, n)
    for m in extraction.amounts:
        _amount_ok(m, n)
    for ev in extraction.events:
        for span in ev.evidence:
            inside(span.start, span.end, "event evidence")
        for spans in ev.participants.values():
            for span in spans:
                inside(span.start, span.end, "participation evidence")

    _aid, quads = to_quads(extraction)
    begin, end, anchor = {}, {}, {}
    for q in quads:
        p = q.predicate.value
        if p == NIF + "beginIndex":
            begin[q.subject.value] = int(q.object.value)
        elif p == NIF + "endIndex":
            end[q.subject.value] = int(q.object.value)
        elif p == NIF + "anchorOf":
            anchor[q.subject.value] = q.object.value
        elif p in (SKG + "value", SKG + "minValue", SKG + "maxValue"):
            v = float(q.object.value)
            assert math.isfinite(v) and v >= 0, f"amount literal {q.object.value}"
    for node, a in anchor.items():
        s, e = begin[node], end[node]
        assert 0 <= s <= e <= n, f"{node}: {s}-{e} outside the text"
        assert body[s:e] == a, f"{node}: stored anchor {a!r} != text[{s}:{e}] {body[s:e]!r}"


def _amount_ok(m, n: int) -> None:
    assert 0 <= m.start <= m.end <= n, f"amount span {m.start}-{m.end} outside the text of length {n}"
    for v in (m.value, m.min_value, m.max_value):
        if v is not None:
            assert math.isfinite(v) and v >= 0, f"amount value {v!r}"
    if m.equivalent is not None:
        _amount_ok(m.equivalent, n)


@SETTINGS
@given(any_text)
@example("")
@example(" \n\t ")
@example("a")
@example("\ufeff\r\n\r\nPrezydent")
@example("language: pl\n\n")
def test_any_text(text):
    _check(text)


@SETTINGS
@given(st.lists(sentences, min_size=1, max_size=8).map(" ".join), st.sampled_from(["pl", "en"]))
def test_real_sentences_in_either_language(text, language):
    _check(text, language)


@SETTINGS
@given(no_sentence_end)
def test_no_sentence_ends(text):
    _check(text)


@settings(SETTINGS, max_examples=15)
@given(long_line)
def test_very_long_line(text):
    """One line of 2,000 to 30,000 characters (a few seconds each, so fewer examples)."""
    _check(text)


@SETTINGS
@given(st.lists(st.one_of(cue, st.from_regex(r"[0-9]{1,25}([.,][0-9]{1,6})?", fullmatch=True)),
                min_size=1, max_size=20).map(" ".join))
def test_numbers_and_amount_words(text):
    _check(text)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.txt")))
def test_bundled_articles(name):
    _check((DATA / name).read_text(encoding="utf-8"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcż", max_size=8), st.text(alphabet="abcż", max_size=8), st.sampled_from([1, 2]))
def test_bounded_levenshtein_agrees_with_the_full_distance(a, b, limit):
    from summitkg.builders.names import levenshtein

    d = _edit_distance(a, b)
    assert levenshtein(a, b, limit) == (d if d <= limit else limit + 1)
    assert levenshtein(a, b, limit=len(a) + len(b) + 2) == d     # a limit never reached: the exact distance


def _edit_distance(a: str, b: str) -> int:
    """The reference the code is checked against: the recursive definition of the distance
    (delete, insert or substitute one character), memoised; nothing shared with the code's
    row-by-row programme or its shortcut for a limit of one."""
    from functools import lru_cache

    @lru_cache(maxsize=None)
    def d(i: int, j: int) -> int:
        if i == 0 or j == 0:
            return i + j
        return min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] != b[j - 1]))

    return d(len(a), len(b))


def test_edit_distance_reference_on_known_pairs():
    assert [_edit_distance(*p) for p in [("", ""), ("abc", ""), ("kitten", "sitting"), ("flaw", "lawn"),
                                          ("żab", "zab"), ("ab", "ba")]] == [0, 3, 3, 2, 1, 2]


def _serialized(term) -> bytes:
    """How pyoxigraph writes ``term`` as the object of a quad (the reference the writer matches)."""
    from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

    s = NamedNode("http://example.org/s")
    line = serialize([Quad(s, s, term, s)], format=RdfFormat.N_QUADS)
    return line[len(b"<http://example.org/s> <http://example.org/s> "):-len(b" <http://example.org/s> .\n")]


@settings(max_examples=500, deadline=None)
@given(st.text(), st.sampled_from([None, "en", "PL", "de-AT"]))
def test_literals_are_written_as_pyoxigraph_writes_them(value, lang):
    """The writer escapes strings itself (for speed); any string must come out as pyoxigraph's own
    serialiser writes it, or the store would hold a different literal from the one extracted."""
    from pyoxigraph import Literal, NamedNode

    from summitkg.graph.rdf import literal

    expected = _serialized(Literal(value, language=lang) if lang else Literal(value))
    assert literal(value, lang) == expected
    dated = Literal(value, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert literal(value, dtype="date") == _serialized(dated)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.txt")))
def test_written_nquads_are_canonical(name):
    """Parsing the writer's N-Quads and serialising them again gives the same bytes: every term is
    valid and in canonical form."""
    from pyoxigraph import RdfFormat, parse, serialize

    from summitkg.graph.rdf import to_nquads

    art = article_from_text((DATA / name).read_text(encoding="utf-8"), source_path=name)
    _, data, n = to_nquads(extract(art))
    quads = list(parse(data, format=RdfFormat.N_QUADS))
    assert n == len(quads) == len(set(quads)) > 0
    assert serialize(quads, format=RdfFormat.N_QUADS) == data


DATE_PARTS = ["6", "06", "2025", "11", "-", ",", ".", "r.", " ", "w", "we", "on", "last", "od", "since", "in",
              "listopada", "Listopada", "listopad", "Nov.", "November", "november", "sept", "maja", "Maj",
              "czwartek", "czwartku", "Thursday", "THURSDAY", "thursdays", "today", "Today's", "dziś", "wczoraj",
              "yesterday", "x", "ą", "_", "5th", "3rd", "–", "\n"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(DATE_PARTS), max_size=14).map(lambda parts: "".join(
    p + (" " if i % 3 else "") for i, p in enumerate(parts))), st.sampled_from(["pl", "en"]),
    st.sampled_from([None, "2025-11-07"]))
def test_dates_found_in_any_text_are_real_dates_inside_it(text, language, anchor):
    """Whatever the word soup, every date found is a valid calendar date, its span lies inside the
    text and starts on a digit or a letter, and relative dates appear only with an anchor."""
    import datetime as dt

    from summitkg.builders.numbers import find_dates

    for d in find_dates(text, 0, language, anchor):
        dt.date.fromisoformat(d.iso)
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start].isalnum()
        assert anchor is not None or not d.relative
