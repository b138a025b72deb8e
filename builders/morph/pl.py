"""Polish through Morfeusz 2 (its dictionary ships inside the wheel): lemmas, parts of speech,
cases and the dictionary's name classes; suffix rules from the pack for foreign names the
dictionary does not know (``name_endings.tsv``)."""
from __future__ import annotations

from functools import lru_cache

from summitkg.builders.model import WordInfo
from summitkg.builders.morph import zipf
from summitkg.builders.packdata import rows, split

CASES = ("nom", "gen", "dat", "acc", "inst", "loc", "voc")
# Morfeusz tagset (NKJP) classes -> coarse parts of speech
_POS = {"subst": "noun", "depr": "noun", "ger": "noun", "adj": "adj", "adja": "adj", "adjp": "adj",
        "adjc": "adj", "pact": "adj", "ppas": "adj", "fin": "verb", "praet": "verb", "inf": "verb",
        "impt": "verb", "imps": "verb", "bedzie": "verb", "pcon": "verb", "pant": "verb", "winien": "verb",
        "pred": "verb", "aglt": "verb", "prep": "prep", "conj": "conj", "comp": "conj", "adv": "adv",
        "num": "num", "numcol": "num", "qub": "part", "ppron12": "pron", "ppron3": "pron", "siebie": "pron",
        "interj": "part"}
_CASED = {"subst", "depr", "adj", "ppas", "pact", "ger", "num", "numcol", "ppron12", "ppron3"}


@lru_cache(maxsize=2)
def _morfeusz(expand_tags: bool = False):
    import morfeusz2

    return morfeusz2.Morfeusz(expand_tags=expand_tags)


class Morphology:
    language = "pl"

    def __init__(self):
        self.name_class = {r["qualifier"]: r["class"] for r in rows("pl", "morph.tsv")}
        self.endings: dict[str, list[tuple[str, str]]] = {}
        self.unambiguous: list[tuple[str, str, str]] = []
        for r in rows("pl", "name_endings.tsv"):
            self.endings.setdefault(r["case"], []).append((r["ending"], r["replacement"]))
            if r.get("unambiguous") == "yes":
                self.unambiguous.append((r["ending"], r["case"], r["replacement"]))
        self.unambiguous.sort(key=lambda e: -len(e[0]))

    @lru_cache(maxsize=200_000)
    def analyse(self, word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(lemma, tag, qualifiers) for each Morfeusz reading of the whole word."""
        out = []
        readings = _morfeusz().analyse(word)
        last = max((end for _, end, _ in readings), default=0)
        for start, end, (_, lemma, tag, quals, _) in readings:
            if tag == "ign" or start != 0 or end != last:
                continue
            out.append((lemma.split(":")[0], tag, tuple(quals)))
        return tuple(out)

    @lru_cache(maxsize=50_000)
    def declined_cases(self, word: str) -> frozenset:
        """Cases of the word's declined readings: "prezes" is also an indeclinable feminine title
        (every case at once), which says nothing about the case it stands in."""
        out: set[str] = set()
        for _, tag, _ in self.analyse(word):
            parts = tag.split(":")
            if parts[0] in _CASED and len(parts) > 2:
                cases = {c for c in parts[2].split(".") if c in CASES}
                if len(cases) < len(CASES) - 1:
                    out |= cases
        return frozenset(out) or self.info(word).cases

    @lru_cache(maxsize=200_000)
    def info(self, word: str) -> WordInfo:
        readings = self.analyse(word)
        lemmas, pos, cases, names = {word.lower()}, set(), set(), set()
        for lemma, tag, quals in readings:
            lemmas.add(lemma.lower())
            parts = tag.split(":")
            if parts[0] in _POS:
                pos.add(_POS[parts[0]])
            if parts[0] == "ppas":
                pos.add("passive")
            if parts[0] in _CASED and len(parts) > 2:
                cases.update(c for c in parts[2].split(".") if c in CASES)
            for q in quals:
                if q in self.name_class:
                    names.add(self.name_class[q])
            if lemma[:1].isupper() and parts[0] == "subst":
                names.add("proper")
        return WordInfo(frozenset(lemmas), frozenset(pos), frozenset(cases), frozenset(names),
                        zipf(word.lower(), "pl"), bool(readings))

    def keys(self, word: str) -> frozenset:
        return self.info(word).lemmas

    def pattern_keys(self, word: str) -> frozenset:
        return self.info(word).lemmas

    def noun_forms(self, phrase: str) -> set[str]:
        return {phrase}

    def name_lemma(self, word: str) -> str | None:
        """The nominative of a proper name the dictionary knows (Donaldem -> Donald)."""
        for lemma, tag, quals in self.analyse(word):
            if tag.startswith("subst") and ({self.name_class.get(q) for q in quals} & {"given", "surname", "geo"}
                                            or lemma[:1].isupper()):
                return lemma
        return None

    def name_bases(self, word: str, case: str | None) -> list[str]:
        """Candidate nominatives of a name, best first: Nazarbayevem (inst) -> Nazarbayev,
        Pinim -> Pini. With no case known, only the endings the pack marks unambiguous are cut."""
        lemma = self.name_lemma(word)
        if lemma and lemma != word:
            return [lemma, word]
        if case is None:
            case = self.guess_case(word)
        out: list[str] = []
        for ending, repl in self.endings.get(case or "", ()):
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                for r in split(repl) or [""]:
                    out.append(word[: -len(ending)] + ("" if r == "-" else r))
        out.append(word)
        return list(dict.fromkeys(out))

    def guess_case(self, word: str) -> str | None:
        """The case an unknown name's ending gives beyond doubt (Bekmuratovowi: dative)."""
        if self.analyse(word):
            return None
        for ending, case, _ in self.unambiguous:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return case
        return None

    def _nominative_adj(self, word: str, gender: str) -> str | None:
        adj = [lm for lm, tag, _ in self.analyse(word) if tag.startswith("adj")]
        if not adj:
            return None
        forms = [f for f, _, tag, _, _ in _morfeusz(True).generate(adj[0])
                 if tag.startswith(f"adj:sg:nom:{gender}") and tag.endswith("pos")]
        if not forms:
            return None
        return forms[0].capitalize() if word[:1].isupper() else forms[0]

    @staticmethod
    def _agrees(adj_readings, noun_readings) -> bool:
        """An adjective reading whose singular oblique case a noun reading shares."""
        def cases(tags):
            return {c for t in tags for c in t.split(":")[2].split(".")}
        adj = cases(tag for _, tag, _ in adj_readings if tag.startswith("adj:sg"))
        noun = cases(tag for _, tag, _ in noun_readings if tag.startswith("subst:sg"))
        return bool(adj & noun - {"nom"})

    @lru_cache(maxsize=20_000)
    def nominative(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """A name's leading noun phrase in the nominative, genitive complements kept:
        "Polskim Funduszem Rozwoju" -> "Polski Fundusz Rozwoju"."""
        if not words:
            return words
        head = None
        for i, w in enumerate(words):
            readings = self.analyse(w)
            nouns = [(lm, tag) for lm, tag, _ in readings if tag.startswith("subst:sg") and ":nom" not in tag]
            if i + 1 < len(words) and self._agrees(readings, self.analyse(words[i + 1])):
                continue                      # "Polskim Funduszem": an adjective of the noun after it
            if nouns and not any(tag.startswith("subst:sg:nom") for _, tag, _ in readings):
                head = (i, nouns[0][0], nouns[0][1].split(":")[-1].split(".")[0])
                break
            if not any(tag.startswith("adj") for _, tag, _ in readings):
                return words
        if head is None:
            return words
        i, lemma, gender = head
        out = []
        for w in words[:i]:
            form = self._nominative_adj(w, gender)
            if form is None:
                return words
            out.append(form)
        out.append(lemma.capitalize() if words[i][:1].isupper() else lemma)
        head_readings = self.analyse(words[i])
        agreeing = True                       # "Grupy Zbrojeniowej": adjectives after the head agree with it
        for w in words[i + 1:]:
            readings = self.analyse(w)
            agreeing = agreeing and not any(tag.startswith("subst") and "nazwisko" not in quals
                                            for _, tag, quals in readings) \
                and self._agrees(readings, head_readings)
            form = self._nominative_adj(w, gender) if agreeing else None
            out.append(form or w)
        return tuple(out)
