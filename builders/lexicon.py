"""Reference data (general knowledge only) and phrase matchers over tokens.

The TSV files in ``lexicons/`` list states, currencies, commodities, sectors,
roles, legal forms, places, international organisations, month names, number
words and cue words. Phrases are matched on lemmas (Polish, via Morfeusz) or
stems (English), so inflected forms are found without listing them all.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from . import morph


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("summitkg.builders.lexicons").joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


_IRREGULAR = {"say": ["said"], "tell": ["told"], "meet": ["met"], "buy": ["bought"], "sell": ["sold"],
              "hold": ["held"], "take": ["took", "taken"], "strike": ["struck"], "write": ["wrote", "written"],
              "lead": ["led"], "seal": [], "agree": ["agreed"], "reach": ["reached"], "sign on": []}


def _inflections(word: str) -> set[str]:
    """English forms of a cue word: deal/deals, sign/signed/signing, agree/agreed."""
    forms = {word, _plural(word)}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        forms |= {word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
        if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", word):
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    forms |= set(_IRREGULAR.get(word, []))
    return forms - {"according", "accorded", "dealt", "pacted", "accession"} | ({word} if word == "accession" else set())


def _plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def _split(cell: str) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z]+\d*(?:\+[A-Za-z0-9]+)+|\d+|[^\W\d_][^\W_]*(?:[-'’.&][^\W_]+)*|[^\w\s]")


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
    case: list[str]          # "any", "cap" or "exact" for each word
    entry: Entry
    order: int = 0           # when it was added to its matcher: the first of equally long matches wins


class PhraseMatcher:
    """Greedy longest match of phrases over a token list."""

    def __init__(self, language: str):
        self.language = language
        self.index: dict[str, list[Pattern]] = {}
        self._candidates: dict[frozenset, list[Pattern]] = {}     # token keys -> patterns, once per form
        self._added = 0

    def word_set(self, word: str, exact: bool) -> frozenset:
        low = word.lower()
        if exact:
            return frozenset({low})
        if self.language == "pl":
            return morph.lemmas_pl(word) | {low}
        if word[:1].isupper():
            return frozenset({low, low.rstrip("s") if low.endswith("s") and len(low) > 4 else low})
        return frozenset({morph.stem_en(word), low})

    def add(self, phrase: str, entry: Entry, exact: bool = False, case: str | None = None) -> None:
        words = _WORD.findall(phrase)
        if not words or not words[0][:1].isalnum():
            return
        sets, cases = [], []
        for w in words:
            if case == "cap" and not w[:1].isupper():
                c = "any"
            elif exact and case is None and not w.isupper():
                c = "lower"
            elif case:
                c = case
            elif len(w) > 1 and w.isupper():
                c = "exact"
            elif w[:1].isupper():
                c = "cap"
            else:
                c = "any"
            cases.append(c)
            sets.append(self.word_set(w, exact or c == "exact" or not w[:1].isalpha()))
        pattern = Pattern(words, sets, cases, entry, order=self._added)
        self._added += 1
        self._candidates.clear()
        for key in sets[0]:
            self.index.setdefault(key, []).append(pattern)

    def match_at(self, tokens, i: int) -> tuple[int, Entry] | None:
        """Length and entry of the longest phrase starting at token ``i``."""
        candidates = self._candidates.get(tokens[i].keys)
        if candidates is None:
            candidates = self._candidates_of(tokens[i].keys)
        if not candidates:
            return None
        best: tuple[int, Entry] | None = None
        size = len(tokens)
        for p in candidates:
            n = len(p.sets)
            if i + n > size or (best and n <= best[0]):
                continue
            ok = True
            for j in range(n):
                t = tokens[i + j]
                case = p.case[j]
                if case == "exact" and t.text.replace("’", "'") != p.words[j] and t.text.rstrip(".") != p.words[j].rstrip("."):
                    if not (t.text.upper() == t.text and t.text.lower() == p.words[j].lower()):
                        ok = False
                        break
                if case == "cap" and not t.is_cap:
                    ok = False
                    break
                forms = t.keys
                if (case == "cap" and self.language == "en") or case == "lower":
                    low = t.lower.replace("’", "'")
                    forms = {low, low[:-2] if low.endswith("'s") else low}
                if forms.isdisjoint(p.sets[j]):
                    ok = False
                    break
            if ok:
                best = (n, p.entry)
        return best

    def _candidates_of(self, token_keys: frozenset) -> list[Pattern]:
        """The patterns whose first word one of ``token_keys`` can be, each once, in the order they
        were added (not the order of the set, which varies with the hash seed: ties go to the first)."""
        index = self.index
        candidates, seen = [], set()
        for key in token_keys:
            for p in index.get(key, ()):
                if id(p) not in seen:
                    seen.add(id(p))
                    candidates.append(p)
        candidates.sort(key=lambda p: p.order)
        if len(self._candidates) >= 200_000:
            self._candidates.clear()
        self._candidates[token_keys] = candidates
        return candidates

    def find(self, tokens, at: list[int] | None = None) -> list[tuple[int, int, Entry]]:
        """Longest matches, left to right, tried at ``at`` (the ascending positions of the tokens
        with a key in this matcher's index, as ``Lexicon.positions`` gives them) or, without it,
        at every such token."""
        if at is None:
            index = self.index.keys()
            at = [i for i, t in enumerate(tokens) if not index.isdisjoint(t.keys)]
        out = []
        i = 0
        for p in at:
            if p < i:
                continue
            m = self.match_at(tokens, p)
            if m:
                out.append((p, p + m[0], m[1]))
                i = p + m[0]
        return out


class Lexicon:
    """All reference data for one language."""

    def __init__(self, language: str):
        self.language = language
        self.states: dict[str, Entry] = {}
        self.state_names = PhraseMatcher(language)
        self.state_adjectives = PhraseMatcher(language)
        self.capitals = PhraseMatcher(language)
        self.places = PhraseMatcher(language)
        self.commodities = PhraseMatcher(language)
        self.sectors = PhraseMatcher(language)
        self.roles = PhraseMatcher(language)
        self.intl_orgs = PhraseMatcher(language)
        self.cues: dict[str, PhraseMatcher] = {}
        self.cue_values: dict[tuple[str, str], str] = {}
        self.org_heads: dict[str, str] = {}
        self.legal_forms: set[str] = set()
        self.currency_words = PhraseMatcher(language)
        self.currency_symbols: dict[str, str] = {}
        self.scales: dict[str, int] = {}
        self.months: dict[str, int] = {}
        self.weekdays: dict[str, int] = {}
        self.commodity_labels: dict[str, Entry] = {}
        self.sector_labels: dict[str, Entry] = {}
        self.place_entries: dict[str, Entry] = {}
        self.role_entries: dict[str, Entry] = {}
        self.intl_entries: dict[str, Entry] = {}
        self._load()

    def _load(self) -> None:
        lang = self.language
        for row in _rows("states.tsv"):
            e = Entry("state", row["iso2"], row["name_en"], row)
            self.states[row["iso2"]] = e
            names_en = [row["name_en"]] + _split(row.get("aliases_en", ""))
            names_en += [f"Republic of {row['name_en']}", f"State of {row['name_en']}"]
            names_pl = [row["name_pl"]] + _split(row.get("aliases_pl", "")) + _split(row.get("forms_pl", ""))
            for n in names_en + (names_pl if lang == "pl" else []) + _split(row.get("name_ru", "")):
                self.state_names.add(n, e, case="cap" if not n.isupper() else "exact")
                if n.lower().startswith("the "):
                    self.state_names.add(n[4:], e, case="cap")
            for a in _split(row.get("adj_pl" if lang == "pl" else "adj_en", "")):
                self.state_adjectives.add(a, e, case=None if lang == "pl" else ("exact" if a.isupper() else "cap"))
            caps = _split(row.get("capital_en", "")) + (_split(row.get("capital_pl", "")) if lang == "pl" else [])
            for c in caps:
                self.capitals.add(c, e, case="cap")
        for row in _rows("places.tsv"):
            e = Entry("place", row["id"], row["label_en"], row)
            self.place_entries[row["id"]] = e
            for n in [row["label_en"]] + _split(row["aliases_en"]) + ([row["label_pl"]] + _split(row["aliases_pl"]) if lang == "pl" else []):
                self.places.add(n, e, case="cap" if n[:1].isupper() else None)
        for fname, matcher, store in (("commodities.tsv", self.commodities, self.commodity_labels),
                                      ("sectors.tsv", self.sectors, self.sector_labels),
                                      ("intl_orgs.tsv", self.intl_orgs, self.intl_entries)):
            kind = fname.split(".")[0].rstrip("s")
            for row in _rows(fname):
                e = Entry(kind, row["id"], row["label_en"], row)
                store[row["id"]] = e
                names = [row["label_en"]] + _split(row["aliases_en"])
                if lang == "pl":
                    names += [row["label_pl"]] + _split(row["aliases_pl"])
                for n in names:
                    if lang == "en" and kind in ("commodity", "sector") and not n.isupper():
                        words = n.split()
                        for v in {n, " ".join(words[:-1] + [_plural(words[-1])])}:
                            matcher.add(v, e, exact=True)
                        continue
                    matcher.add(n, e, case=None if kind != "intl_org" else None)
        for row in _rows("roles.tsv"):
            e = Entry("role", row["id"], row["label_en"], row)
            self.role_entries[row["id"]] = e
            for t in _split(row["titles_pl" if lang == "pl" else "titles_en"]):
                if lang == "pl" or t.isupper():
                    self.roles.add(t, e, case="exact" if t.isupper() else "any")
                    continue
                words = t.split()
                variants = {t, " ".join(words[:-1] + [_plural(words[-1])])}
                if "of" in words:
                    k = words.index("of")
                    variants.add(" ".join(words[:k - 1] + [_plural(words[k - 1])] + words[k:]))
                for v in variants:
                    self.roles.add(v, e, exact=True)
        for row in _rows("cues.tsv"):
            if row["lang"] != lang:
                continue
            m = self.cues.setdefault(row["kind"], PhraseMatcher(lang))
            e = Entry("cue", row["kind"], row["phrase"], {"value": row["value"]})
            if lang == "en" and not row["phrase"].isupper():
                words = row["phrase"].split()
                for form in _inflections(words[-1]):
                    m.add(" ".join(words[:-1] + [form]), e, exact=True)
                continue
            m.add(row["phrase"], e, case="exact" if row["phrase"].isupper() else "any")
        for row in _rows("org_heads.tsv"):
            if row["lang"] == lang or lang == "pl":
                self.org_heads.setdefault(row["word"].lower(), row["class"])
        for row in _rows("legal_forms.tsv"):
            self.legal_forms.add(row["form"])
        for row in _rows("currencies.tsv"):
            e = Entry("currency", row["code"], row["code"], row)
            for s in _split(row["symbols"]):
                self.currency_symbols[s] = row["code"]
            words = _split(row["words_en"]) + (_split(row["words_pl"]) if lang == "pl" else [])
            for w in words + [row["code"]]:
                self.currency_words.add(w, e, case="exact" if w.isupper() else "any")
        for row in _rows("numbers.tsv"):
            if row["lang"] == lang or (lang == "pl" and row["word"] in ("mln", "mld", "bn", "m", "k")):
                self.scales[row["word"].lower()] = int(row["multiplier"])
        for row in _rows("months.tsv"):
            for w in _split(row[lang]) + _split(row["en"]):
                self.months[w.lower()] = int(row["month"])
        for row in _rows("weekdays.tsv"):
            for w in _split(row[lang]):
                self.weekdays[w.lower()] = int(row["weekday"])

    def positions(self, tokens) -> dict[PhraseMatcher, list[int]]:
        """For every matcher of this lexicon, the ascending indices of the tokens that could start
        one of its phrases: one pass over the tokens instead of one per matcher."""
        owners = self.__dict__.get("_owners")
        if owners is None:
            owners = {}
            matchers = [self.state_names, self.state_adjectives, self.capitals, self.places, self.commodities,
                        self.sectors, self.roles, self.intl_orgs, self.currency_words, *self.cues.values()]
            for m in matchers:
                for key in m.index:
                    owners.setdefault(key, []).append(m)
            owners = self._owners = {k: tuple(v) for k, v in owners.items()}
            self._owners_of_keys: dict[frozenset, tuple] = {}
        by_keys = self._owners_of_keys          # token keys -> matchers, once per word form
        out: dict[PhraseMatcher, list[int]] = {}
        for i, t in enumerate(tokens):
            found = by_keys.get(t.keys)
            if found is None:
                if len(by_keys) >= 200_000:
                    by_keys.clear()
                found = by_keys[t.keys] = tuple(set().union(*(owners[k] for k in t.keys if k in owners)))
            for m in found:
                if m in out:
                    out[m].append(i)
                else:
                    out[m] = [i]
        return out

    def legal_form_prefixes(self) -> frozenset[str]:
        """Every leading substring of every legal form, so a multi-token form can be given up early."""
        prefixes = self.__dict__.get("_legal_prefixes")
        if prefixes is None:
            prefixes = self._legal_prefixes = frozenset(f[:n] for f in self.legal_forms for n in range(1, len(f) + 1))
        return prefixes

    def cue(self, kind: str) -> PhraseMatcher:
        return self.cues.get(kind) or PhraseMatcher(self.language)

    def scale_of(self, word: str) -> int | None:
        w = word.lower().rstrip(".")
        if w in self.scales:
            return self.scales[w]
        if self.language == "pl":
            for lemma in morph.lemmas_pl(w):
                if lemma in self.scales:
                    return self.scales[lemma]
            for stem, mult in (("miliard", 10**9), ("milion", 10**6), ("tysi", 1000), ("bilion", 10**12)):
                if w.startswith(stem):
                    return mult
        else:
            if w.endswith("s") and w[:-1] in self.scales:
                return self.scales[w[:-1]]
        return None


@lru_cache(maxsize=4)
def lexicon(language: str) -> Lexicon:
    return Lexicon(language)
