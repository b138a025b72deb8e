"""English: no cases; a light stemmer for matching (signed -> sign, deals -> deal) with the
irregular forms of the pack's ``inflections.tsv``, and word frequencies for commonness."""
from __future__ import annotations

import re
from functools import lru_cache

from summitkg.builders.model import WordInfo
from summitkg.builders.morph import zipf
from summitkg.builders.packdata import rows

# Inflectional endings stripped by the stemmer, longest first, with what replaces them.
_ENDINGS = (("ies", "y"), ("ing", ""), ("ied", "y"), ("ed", ""), ("es", ""), ("s", ""))
_SIBILANT = re.compile(r"(s|x|z|ch|sh)$")


class Morphology:
    language = "en"

    def __init__(self):
        self.irregular: dict[str, str] = {}
        for row in rows("en", "inflections.tsv"):
            for form in row["forms"].split("|"):
                if form:
                    self.irregular[form] = row["lemma"]
        self.pos: dict[str, frozenset] = {}
        for row in rows("en", "grammar.tsv"):
            if row["class"] in ("prep", "det", "conj", "rel", "subord", "pron", "possessive", "aux", "negation",
                                "common"):
                self.pos[row["word"]] = self.pos.get(row["word"], frozenset()) | {row["class"]}

    @lru_cache(maxsize=200_000)
    def stem(self, word: str) -> str:
        w = word.lower().replace("\u2019", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if w in self.irregular:
            return _drop_e(self.irregular[w])
        for suffix, repl in _ENDINGS:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                stem = w[: -len(suffix)] + repl
                if suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                    stem = stem[:-1]
                if suffix == "es" and not _SIBILANT.search(stem):
                    stem = w[:-1]
                return _drop_e(stem)
        return _drop_e(w)

    @lru_cache(maxsize=200_000)
    def info(self, word: str) -> WordInfo:
        low = word.lower()
        return WordInfo(lemmas=frozenset({low, self.stem(word)}), pos=self.pos.get(low, frozenset()),
                        zipf=zipf(low, "en"), known=zipf(low, "en") > 0)

    def keys(self, word: str) -> frozenset:
        return self.info(word).lemmas

    def pattern_keys(self, word: str) -> frozenset:
        """The keys a lexicon word is indexed under: itself, and its stem unless the stem is a
        closed-class word ("noted" must not match "not")."""
        stem = self.stem(word)
        return frozenset({word.lower()} | ({stem} if stem not in self.pos or stem == word.lower() else set()))

    def noun_forms(self, phrase: str) -> set[str]:
        """The phrase and its plural (the last word's, and the head before "of"), for nouns
        that are matched in these forms only (commodities, sectors, titles)."""
        words = phrase.split()
        forms = {phrase, " ".join(words[:-1] + [plural(words[-1])])}
        if "of" in words[1:]:
            k = words.index("of")
            forms.add(" ".join(words[:k - 1] + [plural(words[k - 1])] + words[k:]))
        return forms

    def guess_case(self, word: str) -> str | None:
        return None

    def name_bases(self, word: str, case: str | None) -> list[str]:
        return [word]

    def nominative(self, words: tuple[str, ...]) -> tuple[str, ...]:
        return words


def plural(word: str) -> str:
    if word.isupper() or not word[:1].isalpha():
        return word
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def _drop_e(stem: str) -> str:
    return stem[:-1] if len(stem) > 3 and stem.endswith("e") else stem
