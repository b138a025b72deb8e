"""Name normalisation: English labels for Polish spellings, identity keys, slugs.

Polish transcribes Russian and Central Asian names its own way (Nursułtan Nazarbajew,
Siergiej Ławrow); English uses another (Nursultan Nazarbayev, Sergey Lavrov).
``english_name`` maps the first to the second by general orthographic rules, and
``name_key`` reduces both to one key so the two spellings meet in one node.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PL_MARKERS = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]|sz|cz|(?<=[aeiouy])j|[^aeiou]ew$|jew$|ow$|ij|ja$", re.IGNORECASE)

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "қ": "q", "ғ": "gh", "ң": "ng", "ө": "o", "ү": "u", "ұ": "u", "һ": "h",
    "і": "i", "ә": "a",
}


def transliterate_cyrillic(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYRILLIC:
            t = _CYRILLIC[low]
            out.append(t.capitalize() if ch.isupper() else t)
        else:
            out.append(ch)
    return "".join(out)


def _english_word(word: str) -> str:
    """One Polish-transcribed name word in English spelling (Nazarbajew -> Nazarbayev)."""
    if not _PL_MARKERS.search(word):
        return word
    w = word
    rules = [
        ("szcz", "shch"), ("Szcz", "Shch"), ("sz", "sh"), ("Sz", "Sh"), ("cz", "ch"), ("Cz", "Ch"),
        ("ż", "zh"), ("Ż", "Zh"), ("ź", "z"), ("ś", "s"), ("Ś", "S"), ("ć", "ch"),
        ("ń", "n"), ("ł", "l"), ("Ł", "L"), ("ą", "on"), ("ę", "en"), ("ó", "o"),
    ]
    for a, b in rules:
        w = w.replace(a, b)
    w = re.sub(r"(?<=[aeiouyAEIOUY])j", "y", w)
    w = re.sub(r"(?<=i)j(?=[aeiou])", "y", w)
    w = re.sub(r"^J(?=[aeiou])", "Y", w) if word.startswith(("Ja", "Ju", "Je")) and _PL_MARKERS.search(word[2:]) else w
    w = w.replace("w", "v").replace("W", "V")
    w = re.sub(r"(?<=[^aeiouy])ij(?=[aeiou])", "iy", w)
    w = re.sub(r"ch(?=[aeiou])", lambda m: m.group(0), w)
    return w


@lru_cache(maxsize=100_000)
def english_name(name: str) -> str:
    if re.search(r"[\u0400-\u04FF]", name):
        return transliterate_cyrillic(name)
    return " ".join("-".join(_english_word(part) for part in token.split("-")) for token in name.split())


@lru_cache(maxsize=100_000)
def ascii_fold(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """A spelling-tolerant identity key for personal names."""
    name = " ".join(w for w in name.split() if not re.fullmatch(r"[A-Z]\.?", w))
    s = ascii_fold(english_name(name)).lower()
    s = s.replace("'", "").replace("’", "")
    s = re.sub(r"[^a-z]+", " ", s)
    s = s.replace("kh", "h").replace("q", "k").replace("x", "ks").replace("w", "v")
    s = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "", s)
    s = re.sub(r"(?<=[aeiou])j(?=[aeiou])", "", s)
    s = s.replace("dzh", "j").replace("zh", "j")
    s = s.replace("y", "i").replace("j", "i")
    s = re.sub(r"(.)\1+", r"\1", s)
    s = re.sub(r"ie(?=v\b)", "e", s)
    return " ".join(s.split())


@lru_cache(maxsize=100_000)
def slug(text: str) -> str:
    s = ascii_fold(text).lower()
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
