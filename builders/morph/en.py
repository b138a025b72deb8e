"""English: no cases; a light stemmer for matching (signed -> sign, deals -> deal) with the
irregular forms of the pack's ``inflections.tsv``, and word frequencies for commonness."""
from __future__ import annotations

from functools import lru_cache

from summitkg.builders.model import WordInfo
from summitkg.builders.morph import zipf
from summitkg.builders.packdata import rows


@lru_cache(maxsize=None)
def _table(klass: str) -> tuple[tuple[str, str], ...]:
    """(ending, replacement) rows of one class of ``en/morph.tsv``, in file order."""
    return tuple((r["ending"], r.get("replacement", "")) for r in rows("en", "morph.tsv") if r["class"] == klass)


def _endings(klass: str) -> tuple[str, ...]:
    return tuple(e for e, _ in _table(klass))


class Morphology:
    language = "en"
    exact_caps = True        # a capitalised lexicon word matches as written (Turkey is not turkey)

    def __init__(self):
        self.irregular: dict[str, str] = {}
        for row in rows("en", "inflections.tsv"):
            for form in row["forms"].split("|"):
                if form:
                    self.irregular[form] = row["lemma"]
        self.possessive_endings = tuple(sorted((r["word"] for r in rows("en", "grammar.tsv")
                                                 if r["class"] == "possessive_suffix"),
                                                key=len, reverse=True))
        self.of_words = {r["word"] for r in rows("en", "grammar.tsv")
                         if r["class"] == "prep" and r.get("value") == "of"}
        self.pos: dict[str, frozenset] = {}
        for row in rows("en", "grammar.tsv"):
            if row["class"] in ("prep", "det", "conj", "rel", "subord", "pron", "possessive", "aux", "negation",
                                "common"):
                self.pos[row["word"]] = self.pos.get(row["word"], frozenset()) | {row["class"]}

    @lru_cache(maxsize=200_000)
    def stem(self, word: str) -> str:
        w = word.lower()
        for ending in self.possessive_endings:
            if w.endswith(ending) and len(w) > len(ending):
                w = w[: -len(ending)]
                break
        if w in self.irregular:
            return _drop_e(self.irregular[w])
        sibilants = _endings("sibilant")
        for suffix, repl in _table("stem_ending"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                stem = w[: -len(suffix)] + repl
                if suffix in _endings("doubling_ending") and len(stem) > 3 and stem[-1] == stem[-2] \
                        and stem[-1] not in _endings("keep_double"):
                    stem = stem[:-1]
                if suffix == sibilants_plural_ending() and not stem.endswith(sibilants):
                    stem = w[:-1]
                return _drop_e(stem)
        return _drop_e(w)

    @lru_cache(maxsize=200_000)
    def info(self, word: str) -> WordInfo:
        low = word.lower()
        bare = next((low[:-len(e)] for e in self.possessive_endings if low.endswith(e) and len(low) > len(e)), low)
        return WordInfo(lemmas=frozenset({low, bare, self.stem(word)}), pos=self.pos.get(low, frozenset()),
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
        k = next((i for i, w in enumerate(words) if i > 0 and w in self.of_words), None)
        if k is not None:
            forms.add(" ".join(words[:k - 1] + [plural(words[k - 1])] + words[k:]))
        return forms

    def plural(self, word: str) -> str:
        return plural(word)

    def guess_case(self, word: str) -> str | None:
        return None

    def name_bases(self, word: str, case: str | None) -> list[str]:
        return [word]

    def nominative(self, words: tuple[str, ...]) -> tuple[str, ...]:
        return words


def plural(word: str) -> str:
    """The regular plural of a noun, by the endings of ``en/morph.tsv`` (first that fits)."""
    if word.isupper() or not word[:1].isalpha():
        return word
    for ending, replacement in _table("plural"):
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + replacement
    return word


def sibilants_plural_ending() -> str:
    """The stem ending that is an ending only after a sibilant (taxes -> tax, but cases -> case)."""
    return next((e for e, _ in _table("stem_ending") if e != "s" and e.endswith("s") and len(e) == 2), "")


def _drop_e(stem: str) -> str:
    silent = _endings("silent_e")
    return stem[:-1] if len(stem) > 3 and stem.endswith(silent) else stem
