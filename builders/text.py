"""Sentences and tokens with character offsets."""
from __future__ import annotations

import re

from . import morph
from .article import credit_start, line_spans
from .model import Article, Sentence

_ABBREV = {
    "pl": {"r", "mln", "mld", "tys", "ok", "ul", "np", "tzw", "dr", "prof", "gen", "płk", "mgr", "inż", "m.in",
           "ds", "św", "tj", "wg", "godz", "pn", "al", "nr", "jr", "sp", "o.o", "min", "im", "ks", "zł", "red"},
    "en": {"mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jr", "sr", "inc", "corp", "ltd",
           "co", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "u.s", "u.k", "u.n", "e.u", "d.c", "approx", "est", "fig", "dept", "govt", "p.m", "a.m", "mt", "lt",
           "col", "capt", "messrs", "plc", "l.l.c", "s.a", "n.v", "b.v", "etc"},
}

_QUOTES_OPEN = "\"„“«”"
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}(?:[A-Z](?![a-z]))?"          # U.S., U.K.
    r"|[A-Z]\.(?=\s+[A-Z][a-z])"                  # a middle initial: Donald J. Trump
    r"|[A-Za-z]++\d*+(?:\+[A-Za-z0-9]+)+"          # C5+1, CA+JPN (possessive: a plain word fails fast)
    r"|\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?"       # numbers
    r"|[^\W\d_][^\W_]*(?:[-'’.&][^\W_]+)*"         # words, Rolls-Royce, Airbus's, m.in
    r"|[^\w\s]",
    re.UNICODE,
)


_WORD_RUN = re.compile(r"\w+")


def _key(text: str) -> str:
    """The words of ``text`` in lower case, single-spaced: what tells repeated lines and sentences."""
    return " ".join(_WORD_RUN.findall(text)).lower()


DATELINE = re.compile(r"^([A-ZĄĆĘŁŃÓŚŹŻ][A-ZĄĆĘŁŃÓŚŹŻ.'’ -]{2,}(?:,\s*[A-Z][\w.' -]{1,30})?)(?:,\s*[^—–\n]{0,70}?)?\s(?:—|–|--|-)\s+")


class Token:
    """One token with its character offsets, its index in the sentence and the keys the
    lexicons match on (lemmas and the lower-cased form).

    A plain slotted class, not a dataclass: tens of thousands are made per article, and the
    per-form fields (lower, keys, is_cap, is_word) are looked up once per word form."""

    __slots__ = ("text", "start", "end", "index", "lemmas", "lower", "keys", "is_cap", "is_word")
    __hash__ = None

    def __init__(self, text: str, start: int, end: int, index: int, lemmas: frozenset = frozenset()):
        self.text, self.start, self.end, self.index = text, start, end, index
        self.lemmas, self.lower, self.keys, self.is_cap, self.is_word = _fields(text, lemmas)

    def __eq__(self, other):
        if other.__class__ is not Token:
            return NotImplemented
        return (self.text, self.start, self.end, self.index, self.lemmas) == \
            (other.text, other.start, other.end, other.index, other.lemmas)

    def __repr__(self) -> str:
        return (f"Token(text={self.text!r}, start={self.start!r}, end={self.end!r}, index={self.index!r}, "
                f"lemmas={self.lemmas!r}, lower={self.lower!r}, keys={self.keys!r})")


def split_sentences(article: Article) -> list[Sentence]:
    """Sentences of the body, skipping boilerplate lines; captions are marked."""
    text = article.text
    skip = {(s.start, s.end) for s in article.boilerplate}
    lines = [(s, e, line) for s, e, line in line_spans(text) if line.strip() and (s, e) not in skip]
    seen_lines: dict[str, int] = {}
    caption_lines: set[int] = set()
    cut: dict[int, int] = {}
    normalised = []
    for i, (s, e, line) in enumerate(lines):
        credit = credit_start(line)
        core = line[:credit] if credit else line
        if credit:
            caption_lines.add(i)
            cut[i] = s + len(core.rstrip())
        key = _key(core)
        normalised.append(key)
        if key in seen_lines and len(key) > 30:
            caption_lines.add(i)
            caption_lines.add(seen_lines[key])
        seen_lines.setdefault(key, i)
    sentences: list[Sentence] = []
    abbrev = _ABBREV.get(article.language, set()) | _ABBREV["en"]
    for i, (s, e, line) in enumerate(lines[:3]):
        m = DATELINE.match(line)
        if m:
            article.dateline = line[:m.end()].strip()
            article.dateline_place = m.group(1).strip()
            lines[i] = (s + m.end(), e, line[m.end():])
            break
    first_seen: dict[str, int] = {}
    for i, (s, e, line) in enumerate(lines):
        end = cut.get(i, e)
        for a, b in _split_line(text, s, end, abbrev):
            chunk = text[a:b]
            if not chunk.strip():
                continue
            key = _key(chunk)
            sent = Sentence(index=len(sentences), start=a, end=b, text=chunk, is_caption=i in caption_lines)
            if key in first_seen:
                sent.duplicate_of = first_seen[key]
            else:
                first_seen[key] = sent.index
            sentences.append(sent)
    return sentences


_SPLIT_CHARS = re.compile("[\"„“«”».!?]")


def _split_line(text: str, start: int, end: int, abbrev: set[str]):
    """Sentence boundaries inside one line, never inside quotation marks; a line of dialogue
    ("– Words. More words – said X.") stays one sentence."""
    if text[start:start + 2] in ("– ", "— ", "- ") and re.search(r"\s[–—-]\s+\w", text[start + 2:end]):
        yield _trim(text, start, end)
        return
    depth_plain = False
    depth = 0
    begin = start
    i = start
    while True:
        m = _SPLIT_CHARS.search(text, i, end)      # every other character only moves on by one
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c == '"':
            depth_plain = not depth_plain
        elif c in "„“«":
            if c == "“" and depth > 0:
                depth -= 1
            else:
                depth += 1
        elif c in "”»":
            depth = max(0, depth - 1)
        if c in ".!?" and not depth_plain and depth == 0:
            j = i + 1
            while j < end and text[j] in "\"”’)»":
                j += 1
            if j < end and text[j] == " ":
                k = j
                while k < end and text[k] == " ":
                    k += 1
                nxt = text[k:k + 1]
                w = _word_before(text, begin, i).lower()
                if nxt and (nxt.isupper() or nxt in _QUOTES_OPEN or nxt.isdigit()) and not (
                        c == "." and (w in abbrev or (len(w) == 1 and w.isalpha()))):
                    yield _trim(text, begin, j)
                    begin = k
                    i = k
                    continue
        i += 1
    if begin < end:
        yield _trim(text, begin, end)


def _word_before(text: str, begin: int, i: int) -> str:
    """The run of word characters and dots ending at ``i`` (what ``[\\w.]+$`` finds in
    ``text[begin:i]``, without scanning the whole sentence so far)."""
    k = i
    while k > begin and (text[k - 1].isalnum() or text[k - 1] in "._"):
        k -= 1
    return text[k:i]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_FORMS: dict[str, dict[str, tuple]] = {"pl": {}, "en": {}}      # language -> word form -> fields


def _fields(word: str, lemmas: frozenset) -> tuple:
    """A token's lemmas, lower case, keys (lemmas and the lower case), is_cap and is_word."""
    lower = word.lower()
    return lemmas, lower, lemmas | {lower}, word[:1].isupper(), word[:1].isalpha()


def _form(word: str, language: str) -> tuple:
    """The token fields of one word form in ``language``, computed once per form."""
    if not word[:1].isalpha():
        lemmas = frozenset({word.lower()})
    elif language == "pl":
        lemmas = morph.lemmas_pl(word)
    else:
        lemmas = frozenset({morph.stem_en(word), word.lower()})
    forms = _FORMS.setdefault(language, {})
    if len(forms) >= 100_000:
        forms.clear()
    info = forms[word] = _fields(word, lemmas)
    return info


def tokenize(text: str, offset: int, language: str) -> list[Token]:
    tokens: list[Token] = []
    forms = _FORMS.setdefault(language, {})
    new = Token.__new__
    append = tokens.append
    for index, m in enumerate(_TOKEN.finditer(text)):
        word = m.group()
        info = forms.get(word) or _form(word, language)
        t = new(Token)
        start, end = m.span()
        t.text, t.start, t.end, t.index = word, offset + start, offset + end, index
        t.lemmas, t.lower, t.keys, t.is_cap, t.is_word = info
        append(t)
    return tokens
