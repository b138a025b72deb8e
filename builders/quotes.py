"""Where an article quotes: quotation contents in a sentence, and the words an article writes in
lower case or capitalised (what tells a sentence-initial common word from a name)."""
from __future__ import annotations

import re

from .pack import LanguagePack

_QUOTE_RX = re.compile(r"\"([^\"]{2,}?)\"|„([^”\"]{2,}?)[”\"]|“([^”]{2,}?)”|«([^»]{2,}?)»|”([^”]{2,}?)”")
_DASH_OPEN = re.compile(r"[–—-]\s+")
_DASH_CLOSE = re.compile(r"\s+[–—-]\s+(?=(\w+))")


def find_quotes(text: str, offset: int, pack: LanguagePack) -> list[tuple[int, int]]:
    """Quotation contents: between quotation marks, and a line of dialogue opened by a dash and
    closed by a dash before a verb of saying ("– Words – said X")."""
    out = []
    if text[:1] in "–—-":
        ends = list(_DASH_CLOSE.finditer(text[1:]))
        say = pack.cue("predicate")
        verbs = [m for m in ends if say is not None and _is_say(m.group(1), pack)]
        end = (verbs or ends)[-1] if ends else None
        if end is not None:
            out.append((offset + _DASH_OPEN.match(text).end(), offset + 1 + end.start()))
    names_quoted = pack.flag("quoted_names")
    for m in _QUOTE_RX.finditer(text):
        for g in range(1, 6):
            if m.group(g) is not None:
                if not (names_quoted and _a_name(m.group(g))):
                    out.append((offset + m.start(g), offset + m.end(g)))
                break
    return out


def _a_name(content: str) -> bool:
    """«Казмортрансфлот», «Каспийское морское пароходство»: a short capitalised phrase with no
    punctuation in marks is a name, where the language puts names in quotation marks, not a quote."""
    words = content.split()
    return 0 < len(words) <= NAME_WORDS and content[:1].isupper() and not _PUNCT.search(content)


NAME_WORDS = 5
_PUNCT = re.compile(r"[.!?,;:…]")


def _is_say(word: str, pack: LanguagePack) -> bool:
    keys = pack.morph.keys(word)
    return any(p.entry.data.get("value") == "say" for k in keys for p in pack.cue("predicate").index.get(k, ()))


_WORDS = re.compile(r"\S+")


def vocabularies(text: str) -> tuple[frozenset, frozenset]:
    """Words the article writes in lower case, and words it writes capitalised after a word in
    lower case (inside a sentence): what tells a sentence-initial common word from a name."""
    lower, cap = set(), set()
    prev = ""
    for m in _WORDS.finditer(text):
        w = m.group().strip("\"'„“”«»()[],;:.!?")
        if w[:1].isalpha():
            if w[:1].islower():
                lower.add(w.lower())
            elif prev[-1:].isalpha() and prev[-1:].islower() or prev.endswith(","):
                cap.add(w.lower())
        prev = m.group()
    return frozenset(lower), frozenset(cap)
