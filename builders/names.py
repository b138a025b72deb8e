"""Name normalisation: English spellings of names spelt the way another language writes them,
identity keys, slugs and ASCII folding.

Polish transcribes Russian and Central Asian names its own way (Nursułtan Nazarbajew), English
another (Nursultan Nazarbayev); Russian writes them in Cyrillic. ``english_name`` respells a name
with the ordered rules of the language pack's ``transliteration.tsv``, and ``name_key`` reduces
every spelling to one key so they meet in one node. ``fold`` transliterates any script to ASCII
(anyascii: İlham Əliyev -> Ilham Eliyev, Đorđe -> Dorde), so no letter is dropped from a key.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .packdata import rows

_INITIAL = re.compile(r"[A-Z]\.?")
_NON_LETTERS = re.compile(r"[^a-z]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@lru_cache(maxsize=8)
def _rules(language: str) -> tuple[re.Pattern | None, list[tuple[re.Pattern, str]], re.Pattern | None, re.Pattern | None]:
    marker, native, foreign, rules = None, None, None, []
    _ALPHABET[language] = None
    _VARIANTS[language] = []
    for row in rows(language, "transliteration.tsv"):
        rx = re.compile(row["pattern"])
        if row["class"] == "variant":
            _VARIANTS[language].append((rx, row["replacement"]))
        elif row["class"] == "marker":
            marker = rx
        elif row["class"] == "native":
            native = rx
        elif row["class"] == "foreign":
            foreign = rx
        elif row["class"] == "alphabet":
            _ALPHABET[language] = rx
        else:
            rules.append((rx, row["replacement"]))
    return marker, rules, native, foreign


_ALPHABET: dict[str, re.Pattern | None] = {}
_VARIANTS: dict[str, list[tuple[re.Pattern, str]]] = {}
ENGLISH_ZIPF = 3.0          # a variant spelling English writes at least this often ...
ENGLISH_MARGIN = 1.0        # ... and this much more often than the plain romanisation replaces it


def _respell(word: str, language: str) -> str:
    marker, rules, _, _ = _rules(language)
    outside = _ALPHABET.get(language)
    if not rules or (marker is not None and not marker.search(word)) or (outside is not None and outside.search(word)):
        return word
    for rx, repl in rules:
        word = rx.sub(repl, word)
    return _english_variant(word, language)


def _english_variant(word: str, language: str) -> str:
    """A name English writes its own way, of which the romanisation is a transcription (Трамп
    -> Tramp -> Trump, Скотт -> Skott -> Scott): of the spellings the pack's ``variant`` rules
    give (one or two changes), the one far commoner in English, if any; else the romanisation."""
    variants = _VARIANTS.get(language) or []
    if not variants:
        return word
    singles = []
    for rx, repl in variants:
        for m in rx.finditer(word):
            singles.append((m.start(), m.end(), repl))
    candidates = {word[:a] + r + word[b:] for a, b, r in singles}
    for x, (a, b, r) in enumerate(singles):
        for c, d, r2 in singles[x + 1:]:
            if c >= b:
                candidates.add(word[:a] + r + word[b:c] + r2 + word[d:])
    if not candidates:
        return word
    from .morph import zipf

    base = zipf(word.lower(), "en")
    best = max(sorted(candidates), key=lambda w: zipf(w.lower(), "en"))
    score = zipf(best.lower(), "en")
    return best if score >= ENGLISH_ZIPF and score >= base + ENGLISH_MARGIN else word


@lru_cache(maxsize=100_000)
def english_name(name: str, language: str = "pl") -> str:
    """A name in the spelling the English press uses, by the rules of the language it is written in
    (Cyrillic names by the Russian pack's rules, whatever the article's language)."""
    if _CYRILLIC.search(name):
        language = "ru"
    return " ".join("-".join(_respell(part, language) for part in token.split("-")) for token in name.split())


def is_cyrillic(text: str) -> bool:
    """The text has a Cyrillic letter (its English label is a romanisation)."""
    return bool(_CYRILLIC.search(text))


def keeps_native_spelling(parts: list[str], language: str, given: bool, surname_known: bool, letters: str) -> bool:
    """A name of the language's own people keeps its spelling in English (Tomasz Wierzbicki,
    Andrzej Duda): a given name of the language, then a surname with a native ending, one of the
    language's own letters, or one its dictionary knows; never a foreign name's transcribed ending."""
    _, _, native, foreign = _rules(language)
    if len(parts) < 2 or not given or native is None:
        return False
    last = parts[-1]
    if foreign is not None and foreign.search(last):
        return False
    if letters and any(ch in letters for ch in last + parts[0]):
        return True
    return bool(native.search(last)) or surname_known


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """ASCII letters for any script, nothing dropped."""
    from anyascii import anyascii

    return anyascii(text)


def ascii_fold(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """A spelling-tolerant identity key for personal names."""
    name = " ".join(w for w in name.split() if not _INITIAL.fullmatch(w))
    s = fold(english_name(name)).lower().replace("'", "")
    s = _NON_LETTERS.sub(" ", s)
    for pattern, replacement in _folding():
        s = pattern.sub(replacement, s)
    return " ".join(s.split())


@lru_cache(maxsize=None)
def _folding() -> tuple[tuple[re.Pattern, str], ...]:
    """The rules of ``name_folding.tsv``, in order: spellings of one name in different
    romanisations (Bekajew, Bekayev; Rasul-Zhamal, Rassul-Jamal) fold to one key."""
    from .packdata import rows

    return tuple((re.compile(r["pattern"]), r.get("replacement", "")) for r in rows(None, "name_folding.tsv"))


@lru_cache(maxsize=100_000)
def slug(text: str) -> str:
    s = fold(text).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:80] or "x"


def _edit_distance_up_to_one(a: str, b: str) -> int:
    """0, 1 or 2 (meaning: more than one edit) in linear time."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if la > lb:
        a, b, la, lb = b, a, lb, la
    if lb - la > 1:
        return 2
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return 1 if a[i + 1:] == b[i + 1:] else 2
    return 1 if a[i:] == b[i + 1:] else 2


def levenshtein(a: str, b: str, limit: int = 2) -> int:
    """Edit distance of two strings, exact up to ``limit`` (anything larger is reported as limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if limit == 1:
        return _edit_distance_up_to_one(a, b)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
        if min(prev) > limit:
            return limit + 1
    return min(prev[-1], limit + 1)
