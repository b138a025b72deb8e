"""Word analysis: Polish lemmas and cases through Morfeusz 2, a light English stemmer.

Morfeusz ships its dictionary inside the wheel, so nothing is downloaded.
Foreign names Morfeusz does not know get suffix rules (``base_forms``).
"""
from __future__ import annotations

import re
from functools import lru_cache

CASES = ("nom", "gen", "dat", "acc", "inst", "loc", "voc")


@lru_cache(maxsize=2)
def _morfeusz(expand_tags: bool = False):
    """One Morfeusz instance per tag style: compact tags for analysis, expanded ones for generation."""
    import morfeusz2

    return morfeusz2.Morfeusz(expand_tags=expand_tags)


@lru_cache(maxsize=200_000)
def analyse_pl(word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(lemma, tag, qualifiers) for each Morfeusz reading of one word."""
    out = []
    readings = _morfeusz().analyse(word)
    last = max((end for _, end, _ in readings), default=0)
    for start, end, (_, lemma, tag, quals, _) in readings:
        if tag == "ign" or start != 0 or end != last:
            continue
        out.append((lemma.split(":")[0], tag, tuple(quals)))
    return tuple(out)


@lru_cache(maxsize=200_000)
def lemmas_pl(word: str) -> frozenset[str]:
    found = {lemma.lower() for lemma, _, _ in analyse_pl(word)}
    found.add(word.lower())
    return frozenset(found)


@lru_cache(maxsize=200_000)
def cases_pl(word: str) -> frozenset[str]:
    """The grammatical cases a word can be in, from its noun/adjective readings."""
    cases: set[str] = set()
    for _, tag, _ in analyse_pl(word):
        parts = tag.split(":")
        if parts[0] in {"subst", "adj", "depr", "ppas", "pact", "ger"} and len(parts) > 2:
            cases.update(c for c in parts[2].split(".") if c in CASES)
    return frozenset(cases)


def is_known_pl(word: str) -> bool:
    return bool(analyse_pl(word))


def is_common_word_pl(word: str) -> bool:
    """True when Morfeusz reads the word as an ordinary (non-proper) word."""
    for lemma, tag, quals in analyse_pl(word):
        if tag.startswith(("subst", "depr")):
            if not set(quals) & {"imię", "nazwisko", "nazwa_geograficzna", "nazwa_organizacji", "nazwa_własna"}:
                if lemma[:1].islower():
                    return True
        elif tag.split(":")[0] in {"adj", "adv", "verb", "fin", "praet", "inf", "prep", "conj", "comp",
                                   "qub", "ppron12", "ppron3", "siebie", "num", "pred", "bedzie",
                                   "impt", "imps", "pcon", "pant", "ger", "pact", "ppas", "winien", "interj",
                                   "adja", "adjp", "adjc", "aglt"}:
            if lemma[:1].islower():
                return True
    return False


def is_given_name_pl(word: str) -> bool:
    return any("imię" in quals for _, _, quals in analyse_pl(word))


def name_lemma_pl(word: str) -> str | None:
    """The nominative of a proper name Morfeusz knows (Donaldem -> Donald)."""
    for lemma, tag, quals in analyse_pl(word):
        if tag.startswith("subst") and (set(quals) & {"imię", "nazwisko", "nazwa_geograficzna"} or lemma[:1].isupper()):
            return lemma
    return None


# Endings of oblique cases of masculine names; longest first.
_OBLIQUE = {
    "inst": ("iem", "em", "im", "ym"),
    "dat": ("owi", "iowi"),
    "gen": ("a", "u", "ego"),
    "acc": ("a", "ego"),
    "loc": ("ie", "u", "im", "ym"),
}


def base_forms(word: str, case: str | None) -> list[str]:
    """Candidate nominatives of a foreign name in a Polish sentence, best first.

    ``Nazarbayevem`` (inst) -> Nazarbayev, ``Ramim`` -> Rami, ``Dzhaparovowi`` -> Dzhaparov.
    With no case known only unambiguous oblique endings are stripped.
    """
    lemma = name_lemma_pl(word)
    if lemma and lemma != word:
        return [lemma, word]
    if case in (None, "nom", "voc"):
        if case is None:
            for suffix in ("owi", "iem", "em"):
                if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                    return [word[: -len(suffix)], word]
        return [word]
    out: list[str] = []
    for suffix in _OBLIQUE.get(case, ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if suffix in ("im", "ym"):
                out.append(stem + suffix[0])      # Pinim -> Pini, Nowickim -> Nowicki
            if suffix == "iem" and stem[-1:] in "kg":
                out.append(stem)
            out.append(stem)
            if suffix == "ie" and stem.endswith("c"):
                out.append(stem[:-1] + "t")       # Taszkencie -> Taszkent
    out.append(word)
    seen: list[str] = []
    for form in out:
        if form not in seen:
            seen.append(form)
    return seen


_EN_IRREGULAR = {"agreed": "agree", "signed": "sign", "said": "say", "says": "say", "told": "tell",
                 "met": "meet", "made": "make", "took": "take", "won": "win", "held": "hold",
                 "bought": "buy", "sold": "sell", "led": "lead", "saw": "see", "ran": "run",
                 "brought": "bring", "struck": "strike", "gave": "give", "hosted": "host",
                 "companies": "company", "countries": "country", "accords": "accord",
                 "facilities": "facility", "ministries": "ministry", "agencies": "agency",
                 "economies": "economy", "industries": "industry", "technologies": "technology",
                 "activities": "activity", "deposits": "deposit", "aircraft": "aircraft",
                 "news": "news", "its": "its", "has": "have", "was": "be", "is": "be", "were": "be",
                 "are": "be", "been": "be"}


@lru_cache(maxsize=200_000)
def stem_en(word: str) -> str:
    """A crude English stem for matching cue words (signed -> sign, deals -> deal)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _EN_IRREGULAR:
        return _drop_e(_EN_IRREGULAR[w])
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ied", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]
            if suffix == "es" and not re.search(r"(s|x|z|ch|sh)$", stem):
                stem = w[:-1]
            return _drop_e(stem)
    return _drop_e(w)


def _drop_e(stem: str) -> str:
    return stem[:-1] if len(stem) > 3 and stem.endswith("e") else stem


@lru_cache(maxsize=20_000)
def nominative_phrase_pl(words: tuple[str, ...]) -> tuple[str, ...]:
    """The nominative of a Polish name's leading noun phrase, keeping genitive complements:
    "Polskim Funduszem Rozwoju" -> "Polski Fundusz Rozwoju", "Polską Agencją Inwestycji" -> "Polska Agencja Inwestycji"."""
    first = [(lm, tag) for lm, tag, _ in analyse_pl(words[0]) if tag.startswith("subst:sg")]
    first_adj = any(tag.startswith("adj") for _, tag, _ in analyse_pl(words[0]))
    if first and not first_adj and not any(":nom" in tag for _, tag in first) and len(words) > 1:
        # noun first, adjectives after: "Zamku Królewskim" -> "Zamek Królewski"
        lemma, tag = first[0]
        gender = tag.split(":")[-1].split(".")[0]
        out = [lemma.capitalize() if words[0][:1].isupper() else lemma]
        for w in words[1:]:
            adj = [lm for lm, t, _ in analyse_pl(w) if t.startswith("adj")]
            if not adj:
                out.append(w)
                continue
            forms = [f for f, _, t, _, _ in _morfeusz(True).generate(adj[0]) if t.startswith(f"adj:sg:nom:{gender}") and t.endswith("pos")]
            out.append((forms[0].capitalize() if w[:1].isupper() else forms[0]) if forms else w)
        return tuple(out)
    head = None
    for i, w in enumerate(words):
        nouns = [(lm, tag) for lm, tag, _ in analyse_pl(w) if tag.startswith("subst:sg") and ":nom" not in tag]
        if nouns and not any(tag.startswith("subst:sg:nom") for _, tag, _ in analyse_pl(w)):
            head = (i, nouns[0][0], nouns[0][1].split(":")[-1].split(".")[0])
            break
        if not any(tag.startswith("adj") for _, tag, _ in analyse_pl(w)):
            return words
    if head is None:
        return words
    i, lemma, gender = head
    out = []
    for w in words[:i]:
        adj = [lm for lm, tag, _ in analyse_pl(w) if tag.startswith("adj")]
        if not adj:
            return words
        forms = [f for f, _, tag, _, _ in _morfeusz(True).generate(adj[0]) if tag.startswith(f"adj:sg:nom:{gender}") and tag.endswith("pos")]
        if not forms:
            return words
        out.append(forms[0].capitalize() if w[:1].isupper() else forms[0])
    out.append(lemma.capitalize() if words[i][:1].isupper() else lemma)
    return tuple(out) + tuple(words[i + 1:])
