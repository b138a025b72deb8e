"""Sentences and tokens with character offsets and morphology.

Sentences are split at sentence-final marks followed by a capital, a digit or an opening
quote, never inside quotation marks and never after an abbreviation of the language pack.
Lines that repeat (a caption repeated as a paragraph) and lines ending in a photo credit are
marked as captions; a sentence that repeats an earlier one is marked as its duplicate.
"""
from __future__ import annotations

import re

from .article import credit_start, line_spans
from .model import Article, Sentence, Token, WordInfo
from .pack import LanguagePack

_QUOTES_OPEN = "\"„“«”"
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}(?:[A-Z](?![a-z]))?"          # U.S., U.K.
    r"|[A-Z]\.(?=\s+[A-Z][a-z])"                  # a middle initial: Donald J. Trump
    r"|[A-Za-z]++\d*+(?:\+[A-Za-z0-9]+)+"          # C5+1, CA+JPN
    r"|\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?"       # numbers
    r"|[^\W\d_][^\W_]*(?:[-'\u2019.&][^\W_]+)*"    # words, Rolls-Royce, Airbus's, m.in
    r"|[^\w\s]",
    re.UNICODE,
)
_WORD_RUN = re.compile(r"\w+")
_SPLIT_CHARS = re.compile("[\"„“«”».!?]")
_DIALOGUE = re.compile(r"\s[–—-]\s+\w")


def _key(text: str) -> str:
    """The words of ``text`` in lower case, single-spaced: what tells repeated lines and sentences."""
    return " ".join(_WORD_RUN.findall(text)).lower()


def split_sentences(article: Article, pack: LanguagePack) -> list[Sentence]:
    """Sentences of the body, boilerplate lines and the dateline left out; captions marked."""
    text = article.text
    skip = {(s.start, s.end) for s in article.boilerplate}
    lines = [(s, e, line) for s, e, line in line_spans(text) if line.strip() and (s, e) not in skip]
    seen_lines: dict[str, int] = {}
    caption_lines: set[int] = set()
    cut: dict[int, int] = {}
    for i, (s, e, line) in enumerate(lines):
        credit = credit_start(line, pack)
        core = line[:credit] if credit else line
        if credit:
            caption_lines.add(i)
            cut[i] = s + len(core.rstrip())
        key = _key(core)
        if key in seen_lines and len(key) > 30:
            caption_lines.add(i)
            caption_lines.add(seen_lines[key])
        seen_lines.setdefault(key, i)
    if article.dateline:
        for i, (s, e, line) in enumerate(lines[:3]):
            if line.startswith(article.dateline):
                lines[i] = (s + len(article.dateline), e, line[len(article.dateline):])
                break
    abbrev = set(pack.words("abbrev"))
    sentences: list[Sentence] = []
    first_seen: dict[str, int] = {}
    for group in _paragraphs(lines, cut, caption_lines):
        s, e = lines[group[0]][0], cut.get(group[-1], lines[group[-1]][1])
        caption = any(g in caption_lines for g in group)
        for a, b in (piece for span in _split_line(text, s, e, abbrev) for piece in _bounded(text, *span)):
            chunk = text[a:b]
            if not chunk.strip():
                continue
            key = _key(chunk)
            sentences.append(Sentence(index=len(sentences), start=a, end=b, text=chunk, is_caption=caption,
                                      duplicate_of=first_seen.get(key)))
            first_seen.setdefault(key, len(sentences) - 1)
    return sentences


_FINAL = tuple(".!?") + ('."', '!"', '?"', ".”", "!”", "?”", ":")
_LIST_MARK = {"-", "–", "—", "•", "*", "·"}
MAX_SENTENCE = 1500     # characters: real sentences are far shorter (see _bounded)
WRAPPED_LINE = 35        # a line this long that ends mid-sentence was wrapped, not ended


def _paragraphs(lines, cut: dict, captions: set) -> list[list[int]]:
    """Lines joined back into the paragraphs a hard wrap cut: a long line that ends without a
    sentence-final mark runs on into the next; a bare list marker runs on into its item."""
    groups: list[list[int]] = []
    for i, (s, e, line) in enumerate(lines):
        stripped = line.strip()
        if groups and i - 1 == groups[-1][-1] and lines[i - 1][1] + 1 == s and i not in cut and (i - 1) not in cut:
            prev = lines[i - 1][2].strip()
            item = stripped[:1] in _LIST_MARK and stripped[1:2] == " "      # a new list item starts here
            runs_on = (len(prev) >= WRAPPED_LINE and not prev.endswith(_FINAL) and not item) or prev in _LIST_MARK
            if runs_on and stripped and (i in captions) == (i - 1 in captions):
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups


def _split_line(text: str, start: int, end: int, abbrev: set[str]):
    """Sentence boundaries inside one line, never inside quotation marks; a line of dialogue
    ("– Words. More words – said X.") stays one sentence."""
    if text[start:start + 2] in ("– ", "— ", "- ") and _DIALOGUE.search(text[start + 2:end]):
        yield _trim(text, start, end)
        return
    plain_open = False
    depth = 0
    begin = i = start
    while True:
        m = _SPLIT_CHARS.search(text, i, end)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c == '"':
            plain_open = not plain_open
        elif c in "„“«":
            depth = depth - 1 if c == "“" and depth > 0 else depth + 1
        elif c in "”»":
            depth = max(0, depth - 1)
        if c in ".!?" and not plain_open and depth == 0:
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
                    begin = i = k
                    continue
        i += 1
    if begin < end:
        yield _trim(text, begin, end)


def _bounded(text: str, a: int, b: int):
    """A "sentence" longer than any real one (a table flattened into a line, a run of numbers)
    cut at spaces into pieces of at most ``MAX_SENTENCE`` characters: every later stage then
    costs time in proportion to the article, not to the square of its longest line."""
    while b - a > MAX_SENTENCE:
        cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
        cut = cut if cut > a else a + MAX_SENTENCE
        yield _trim(text, a, cut)
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        yield _trim(text, a, b)


def _word_before(text: str, begin: int, i: int) -> str:
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


_NO_INFO = WordInfo()


class Tokenizer:
    """Tokens of one language, their per-form fields computed once per word form. A hyphenated
    word made of names the lexicons know (EU-China, US-Kazakh, polsko-niemieckie) is split into
    its parts and hyphens, so each part can be a mention of its own."""

    def __init__(self, pack: LanguagePack):
        self.morph = pack.morph
        self.forms: dict[str, tuple] = {}
        self.name_words = _single_names(pack)

    def _form(self, word: str) -> tuple:
        if word[:1].isalpha():
            info = self.morph.info(word)
        else:
            info = WordInfo(lemmas=frozenset({word.lower()}))
        lower = word.lower()
        fields = (lower, info.lemmas | {lower}, word[:1].isupper(), word[:1].isalpha(), info)
        if len(self.forms) >= 100_000:
            self.forms.clear()
        self.forms[word] = fields
        return fields

    def _pieces(self, word: str, start: int):
        if "-" in word and word.count("-") <= 3:
            parts = word.split("-")
            known = sum(1 for p in parts if self._is_name_word(p))
            if known >= 2 or (known == 1 and len(parts) == 2 and all(p[:1].isupper() for p in parts) and all(
                    self._is_name_word(p) or p.isupper() for p in parts)):
                at = start
                for k, p in enumerate(parts):
                    if k:
                        yield "-", at, at + 1
                        at += 1
                    if p:
                        yield p, at, at + len(p)
                    at += len(p)
                return
        yield word, start, start + len(word)

    def _is_name_word(self, part: str) -> bool:
        low = part.lower()
        return low in self.name_words or any(k in self.name_words for k in self.morph.keys(part)) if part else False

    def tokens(self, text: str, offset: int) -> list[Token]:
        out: list[Token] = []
        forms = self.forms
        for m in _TOKEN.finditer(text):
            for word, start, end in self._pieces(m.group(), m.start()):
                lower, keys, is_cap, is_word, info = forms.get(word) or self._form(word)
                out.append(Token(word, offset + start, offset + end, len(out), lower, keys, is_cap, is_word, info))
        return out


def _single_names(pack: LanguagePack) -> frozenset:
    """One-word names of states, their adjectives and combining forms (polsko-) and of international
    organisations, lower case: the parts that split a hyphenated word."""
    words: set[str] = set()
    for typ in ("STATE", "STATEADJ", "INTL"):
        for key, patterns in pack.matchers[typ].index.items():
            if any(len(p.words) == 1 for p in patterns):
                words.add(key)
    for suffix, combining in pack.words("combining_form").items():
        for w in list(words):
            if w.endswith(suffix):
                words.add(w[: -len(suffix)] + combining)
    return frozenset(words)


_SCRIPT_LETTER = re.compile(r"[^\W\d_]")


def script_of(word: str) -> str:
    """The script of a word's first letter: "cyrillic", "latin" or "" (no letter). A name does not
    change script halfway ("Orano Пьер Дюваль" is a company, then a person)."""
    m = _SCRIPT_LETTER.search(word)
    if not m:
        return ""
    return "cyrillic" if "\u0400" <= m.group() <= "\u04ff" else "latin"
