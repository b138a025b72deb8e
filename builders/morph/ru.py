"""Russian through pymorphy3 and its OpenCorpora dictionary (``pymorphy3-dicts-ru``, shipped inside
the wheel; nothing is downloaded): lemmas, parts of speech, cases and the dictionary's name
classes (given names, surnames, patronymics, places, organisations). Words the dictionary does not
know are analysed by pymorphy3's own suffix guesses. pymorphy3 is imported on first use only, so
English and Polish builds and every query never load it."""
from __future__ import annotations

from functools import lru_cache

from summitkg.builders.model import WordInfo
from summitkg.builders.morph import zipf
from summitkg.builders.packdata import rows

# OpenCorpora grammemes -> the coarse classes of WordInfo
CASES = {"nomn": "nom", "gent": "gen", "gen2": "gen", "datv": "dat", "accs": "acc", "ablt": "inst",
         "loct": "loc", "loc2": "loc", "voct": "voc"}
_POS = {"NOUN": "noun", "ADJF": "adj", "ADJS": "adj", "COMP": "adv", "PRTF": "adj", "PRTS": "adj",
        "VERB": "verb", "INFN": "verb", "GRND": "verb", "PRED": "verb", "PREP": "prep", "CONJ": "conj",
        "ADVB": "adv", "NUMR": "num", "NPRO": "pron", "PRCL": "part", "INTJ": "part"}
_NAME_SCORE = 0.01          # readings less likely than this give no name class


@lru_cache(maxsize=1)
def _analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _recase(lemma: str, word: str) -> str:
    """The lemma written with the capitals of the word it comes from (КазМунайГаза -> КазМунайГаз)."""
    out = []
    for k, ch in enumerate(lemma):
        src = word[k] if k < len(word) else ""
        out.append(ch.upper() if src.isupper() and src.lower() in (ch, "ё" if ch == "е" else ch) else ch)
    if word[:1].isupper() and out:
        out[0] = out[0].upper()
    return "".join(out)


class Morphology:
    language = "ru"

    def __init__(self):
        self.name_class = {r["qualifier"]: r["class"] for r in rows("ru", "morph.tsv")}

    @lru_cache(maxsize=200_000)
    def analyse(self, word: str) -> tuple[tuple[str, str, frozenset, float, bool], ...]:
        """(lemma, part of speech, grammemes, score, known) for each pymorphy3 reading."""
        out = []
        for p in _analyser().parse(word):
            grams = frozenset(p.tag.grammemes)
            out.append((p.normal_form, str(p.tag.POS or ""), grams, p.score, p.is_known))
        return tuple(out)

    @lru_cache(maxsize=200_000)
    def info(self, word: str) -> WordInfo:
        low = word.lower()
        lemmas, pos, cases, names = {low, low.replace("ё", "е")}, set(), set(), set()
        known = False
        for lemma, part, grams, score, is_known in self.analyse(word):
            if part == "" and "UNKN" in grams:
                continue
            known = known or is_known
            lemmas.add(lemma)
            lemmas.add(lemma.replace("ё", "е"))
            if part in _POS:
                pos.add(_POS[part])
            if part in ("PRTF", "PRTS") and "pssv" in grams:
                pos.add("passive")
            cases.update(CASES[g] for g in grams if g in CASES)
            if score >= _NAME_SCORE and (is_known or word[:1].isupper()):
                names.update(self.name_class[g] for g in grams if g in self.name_class)
        return WordInfo(frozenset(lemmas), frozenset(pos), frozenset(cases), frozenset(names),
                        zipf(low, "ru"), known)

    def keys(self, word: str) -> frozenset:
        return self.info(word).lemmas

    def pattern_keys(self, word: str) -> frozenset:
        return self.info(word).lemmas

    def noun_forms(self, phrase: str) -> set[str]:
        return {phrase}

    def declined_cases(self, word: str) -> frozenset:
        return self.info(word).cases

    def _name_readings(self, word: str, case: str | None):
        """Readings of a name word as a given name, surname, patronymic, place or organisation
        (or any noun, for a word the dictionary does not know), in ``case`` when given."""
        out = []
        for lemma, part, grams, score, is_known in self.analyse(word):
            if part != "NOUN":
                continue
            if is_known and not any(g in self.name_class for g in grams):
                continue
            if case is not None and not any(CASES.get(g) == case for g in grams):
                continue
            out.append((lemma, grams, score))
        return out

    def name_lemma(self, word: str) -> str | None:
        """The nominative of a proper name the dictionary knows (Шавкатом -> Шавкат)."""
        for lemma, grams, _ in self._name_readings(word, None):
            if any(g in self.name_class for g in grams):
                return _recase(lemma, word)
        return None

    def name_bases(self, word: str, case: str | None) -> list[str]:
        """Candidate nominatives of a name, best first: Бекмуратовым (inst) -> Бекмуратов. With no case
        known, only a case all the name readings agree on is undone."""
        if case is None:
            case = self.guess_case(word)
        if case is None or case == "nom":
            return [word]
        readings = [r for r in self._name_readings(word, case) if "plur" not in r[1]] or self._noun_readings(word, case)
        readings.sort(key=lambda r: (not any(g in self.name_class for g in r[1]), "masc" not in r[1], -r[2]))
        out = [_recase(lemma, word) for lemma, _, _ in readings]
        out.append(word)
        return list(dict.fromkeys(out))

    def _noun_readings(self, word: str, case: str):
        """A name word the dictionary reads only as a common noun (Макроном: the diacritic mark),
        in a case the other words of the name settle: its singular noun readings in that case."""
        return [(lemma, grams, score) for lemma, part, grams, score, _ in self.analyse(word)
                if part == "NOUN" and "plur" not in grams and any(CASES.get(g) == case for g in grams)]

    def _name_cases(self, word: str, masculine: bool = False) -> frozenset:
        found = set()
        for _, grams, _ in self._name_readings(word, None):
            if not masculine or "masc" in grams:
                found |= {CASES[g] for g in grams if g in CASES}
        return frozenset(found)

    @staticmethod
    def _one_case(cases: frozenset) -> str | None:
        """A set of cases that leaves one reading: gen and acc of a masculine name are one form."""
        if len(cases) == 1:
            return next(iter(cases))
        return "gen" if cases == {"gen", "acc"} else None

    def guess_case(self, word: str) -> str | None:
        """The case every name reading of a word gives (Шавкатом: instrumental)."""
        return self._one_case(self._name_cases(word))

    @lru_cache(maxsize=20_000)
    def name_case(self, words: tuple[str, ...]) -> str | None:
        """The case the words of a personal name agree on, masculine readings first (Шавката
        Бекмуратова: genitive; Даврон Бекмуратов: nominative)."""
        parts = [w.split("-")[-1] for w in words if len(w) > 2]
        if not parts:
            return None
        for masculine in (True, False):
            sets = [self._name_cases(w, masculine) for w in parts]
            if masculine:   # a word read only as a common noun (Макроном) leaves the case to the others
                sets = [c for c in sets if c]
            if sets and all(sets):
                common = frozenset.intersection(*sets)
                if "nom" in common:
                    return "nom"
                if common:
                    return self._one_case(common)
        return None

    def _parse_in(self, word: str, want):
        """The most likely reading of a word that satisfies ``want(part, grams)``."""
        for p in _analyser().parse(word):
            if want(str(p.tag.POS or ""), p.tag.grammemes):
                return p
        return None

    @lru_cache(maxsize=20_000)
    def nominative(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """A name's leading noun phrase in the nominative, genitive complements kept:
        "Евразийского банка развития" -> "Евразийский банк развития"."""
        if not words:
            return words
        head = None
        for i, w in enumerate(words):
            noun = self._parse_in(w, lambda pos, g: pos == "NOUN")
            adj = self._parse_in(w, lambda pos, g: pos in ("ADJF", "PRTF"))
            if noun is not None and (adj is None or noun.score >= adj.score):
                head = (i, noun)
                break
            if adj is None:
                return words
        if head is None:
            return words
        i, noun = head
        if "nomn" in noun.tag.grammemes or not any(g in CASES for g in noun.tag.grammemes):
            return words
        number = "plur" if "plur" in noun.tag.grammemes and "Pltm" not in noun.tag.grammemes else "sing"
        form = noun.inflect({"nomn", number})
        if form is None:
            return words
        gender = next((g for g in ("masc", "femn", "neut") if g in noun.tag.grammemes), "masc")
        out = []
        for w in words[:i]:
            adj = self._parse_in(w, lambda pos, g: pos in ("ADJF", "PRTF"))
            agreed = adj.inflect({"nomn", "plur"} if number == "plur" else {"nomn", "sing", gender}) if adj else None
            if agreed is None:
                return words
            out.append(_recase(agreed.word, w))
        out.append(_recase(form.word, words[i]))
        return tuple(out) + words[i + 1:]
