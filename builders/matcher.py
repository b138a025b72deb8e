"""Phrase matching over tokens: the longest listed phrase starting at each token.

A phrase's words are matched on the keys the language's morphology gives (lemmas, or an
English stem), so inflected forms are found without listing them. A word written in capitals
in the lexicon (``MoU``, ``EU``) must match as written; a capitalised word must match a
capitalised token; a word ending in ``*`` matches any word that begins with the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z]+\d*(?:\+[A-Za-z0-9]+)+|\d+|[^\W\d_][^\W_]*(?:[-'\u2019.&][^\W_]+)*\*?|[^\w\s]")


@dataclass
class Entry:
    kind: str
    id: str
    label_en: str
    data: dict = field(default_factory=dict)


@dataclass
class Pattern:
    words: list[str]
    sets: list[frozenset]
    case: list[str]          # any, cap, exact, lower or prefix for each word
    entry: Entry
    order: int = 0           # when it was added: the first of equally long matches wins


class PhraseMatcher:
    """Greedy longest match of phrases over a token list."""

    def __init__(self, morphology):
        self.morph = morphology
        self.index: dict[str, list[Pattern]] = {}
        self.prefixes: list[Pattern] = []
        self._candidates: dict[frozenset, list[Pattern]] = {}
        self._added = 0

    def add(self, phrase: str, entry: Entry, case: str | None = None) -> None:
        """Add a phrase. ``case``: None (the word's own spelling decides), ``cap`` (capitalised
        words must be capitalised), ``exact`` (every word as written), ``lower`` (lower-case form only)."""
        words = _WORD.findall(phrase)
        if not words or not words[0][:1].isalnum():
            return
        sets, cases = [], []
        for w in words:
            if w.endswith("*") and len(w) > 2:
                c = "prefix"
                sets.append(frozenset({w[:-1].lower()}))
                cases.append(c)
                continue
            if case == "exact" or (len(w) > 1 and w.isupper()):
                c = "exact"
            elif case == "lower":
                c = "lower"
            elif w[:1].isupper() and case != "any":
                c = "cap"
            else:
                c = "any"
            cases.append(c)
            if c in ("exact", "lower") or not w[:1].isalpha() or (c == "cap" and getattr(self.morph, "exact_caps", False)):
                sets.append(frozenset({w.lower()}))
            else:
                sets.append(self.morph.pattern_keys(w) | {w.lower()})
        pattern = Pattern(words, sets, cases, entry, order=self._added)
        self._added += 1
        self._candidates.clear()
        if cases[0] == "prefix":
            self.prefixes.append(pattern)
            return
        for key in sets[0]:
            self.index.setdefault(key, []).append(pattern)

    def _word_ok(self, p: Pattern, j: int, t) -> bool:
        case = p.case[j]
        if case == "prefix":
            return t.lower.startswith(next(iter(p.sets[j])))
        if case == "exact":
            text = t.text.replace("\u2019", "'")
            if j == len(p.words) - 1:         # "Chile's": the possessive of an exact name
                text = next((text[:-len(e)] for e in getattr(self.morph, "possessive_endings", ())
                             if text.endswith(e) and len(text) > len(e) + 1), text)
            return text == p.words[j] or text.rstrip(".") == p.words[j].rstrip(".") or (
                text.isupper() and text.lower() == p.words[j].lower() and len(text) > 1)
        if case == "cap" and not t.is_cap:
            return False
        if case == "cap" and getattr(self.morph, "exact_caps", False):
            low = t.lower
            return low in p.sets[j] or any(low.endswith(e) and low[: -len(e)] in p.sets[j]
                                           for e in self.morph.possessive_endings)
        if case == "lower":
            return t.lower in p.sets[j]
        return not t.keys.isdisjoint(p.sets[j])

    def match_at(self, tokens, i: int) -> tuple[int, Entry] | None:
        """Length and entry of the longest phrase starting at token ``i``."""
        candidates = self._candidates.get(tokens[i].keys)
        if candidates is None:
            candidates = self._candidates_of(tokens[i].keys)
        if self.prefixes:
            candidates = candidates + [p for p in self.prefixes if tokens[i].lower.startswith(next(iter(p.sets[0])))]
        best: tuple[int, Entry] | None = None
        size = len(tokens)
        for p in candidates:
            n = len(p.sets)
            if i + n > size or (best and n <= best[0]):
                continue
            if all(self._word_ok(p, j, tokens[i + j]) for j in range(n)):
                best = (n, p.entry)
        return best

    def _candidates_of(self, token_keys: frozenset) -> list[Pattern]:
        """The patterns whose first word one of ``token_keys`` can be, in the order added."""
        candidates, seen = [], set()
        for key in token_keys:
            for p in self.index.get(key, ()):
                if id(p) not in seen:
                    seen.add(id(p))
                    candidates.append(p)
        candidates.sort(key=lambda p: p.order)
        if len(self._candidates) >= 200_000:
            self._candidates.clear()
        self._candidates[token_keys] = candidates
        return candidates

    def starts(self, tokens) -> list[int]:
        """The indices of the tokens that can start a phrase of this matcher."""
        index = self.index.keys()
        out = []
        for i, t in enumerate(tokens):
            if not index.isdisjoint(t.keys) or (self.prefixes and any(
                    t.lower.startswith(next(iter(p.sets[0]))) for p in self.prefixes)):
                out.append(i)
        return out

    def find(self, tokens, at: list[int] | None = None) -> list[tuple[int, int, Entry]]:
        """Longest matches, left to right, tried at ``at`` (ascending token indices) or at every
        token that can start one."""
        out = []
        i = 0
        for p in (self.starts(tokens) if at is None else at):
            if p < i:
                continue
            m = self.match_at(tokens, p)
            if m:
                out.append((p, p + m[0], m[1]))
                i = p + m[0]
        return out
