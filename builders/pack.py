"""A language pack: the reference data of one language, loaded once, with its phrase matchers.

General tables (``lexicons/*.tsv``) list states, currencies, commodities, sectors, roles,
places, international organisations, legal forms, months and weekdays, with a column per
language where names differ; the frame rules (``frames.tsv``) are the same for every language.
A language's own folder (``lexicons/<lang>/``) holds its cue phrases (``cues.tsv``), closed-class
words (``grammar.tsv``), number and unit words (``amounts.tsv``), boilerplate cues, common
words and transliteration rules. English names of states and organisations are matched in
every language, since texts use them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .matcher import Entry, PhraseMatcher
from .morph import morphology
from .packdata import rows, split

LEXICON_TYPES = ("PLACE", "STATE", "INTL", "INTLADJ", "CAPITAL", "STATEADJ", "COMMODITY", "SECTOR", "ROLE")
LABEL_LANGUAGE = "en"                     # the language of the graph's labels (label_en) and reference names
NOUN_CUES = ("deal", "meeting")          # cue kinds that are nouns, matched in their noun forms only


@dataclass(frozen=True)
class SlotRule:
    frame: str
    slot: str
    function: str
    types: frozenset


class LanguagePack:
    """All reference data for one language."""

    def __init__(self, language: str):
        self.language = language
        self.morph = morphology(language)
        m = self.morph
        self.matchers: dict[str, PhraseMatcher] = {t: PhraseMatcher(m) for t in LEXICON_TYPES}
        self.cue_matchers: dict[str, PhraseMatcher] = {}
        self.currency_words = PhraseMatcher(m)
        self.entries: dict[str, dict[str, Entry]] = {t: {} for t in ("state", "place", "commodity", "sector",
                                                                      "intl_org", "role")}
        self.currency_symbols: dict[str, str] = {}
        self.currency_codes: set[str] = set()
        self.legal_forms: set[str] = set()
        self.grammar: dict[str, dict[str, str]] = {}
        self.amount_words: dict[str, list[tuple[str, str]]] = {}
        self.months: dict[str, int] = {}
        self.weekdays: dict[str, int] = {}
        self.boilerplate: dict[str, list[str]] = {}
        self.common: frozenset = frozenset()
        self.transliteration: list[tuple[re.Pattern, str]] = []
        self.rules: list[SlotRule] = []
        for row in rows(language, "grammar.tsv"):
            self.grammar.setdefault(row["class"], {})[row["word"].lower()] = row.get("value", "")
        self._load_states()
        self._load_concepts()
        self._load_roles()
        self._load_currencies()
        self._load_language()
        self._owners: dict[str, tuple] | None = None
        self._owners_of_keys: dict[frozenset, tuple] = {}

    # ------------------------------------------------------------ general tables
    def _names(self, row: dict, *columns: str) -> list[str]:
        """The cells of ``columns`` in English and in this language (``name`` -> name_en, name_pl)."""
        out: list[str] = []
        for lang in dict.fromkeys((LABEL_LANGUAGE, self.language)):
            for col in columns:
                out += split(row.get(f"{col}_{lang}"))
        return out

    def _load_states(self) -> None:
        lang = self.language
        self.state_prefixes = [r["word"] for r in rows(LABEL_LANGUAGE, "grammar.tsv") if r["class"] == "state_prefix"]
        articles = {r["word"] for r in rows(LABEL_LANGUAGE, "grammar.tsv") if r["class"] == "definite_article"}
        self.combining = {r["word"]: r["value"] for r in rows(lang, "grammar.tsv") if r["class"] == "combining_form"}
        for row in rows(None, "states.tsv"):
            e = Entry("state", row["iso2"], row["name_en"], row)
            self.entries["state"][row["iso2"]] = e
            names = self._names(row, "name", "aliases", "forms")
            names += [f"{prefix} {row['name_en']}" for prefix in self.state_prefixes]
            for n in names:
                self.matchers["STATE"].add(n, e, case="cap" if not n.isupper() else "exact")
                first, _, rest = n.partition(" ")
                if rest and first.lower() in articles:      # "the Gambia" is also "Gambia"
                    self.matchers["STATE"].add(rest, e, case="cap")
            for a in split(row.get(f"adj_{lang}")):
                self.matchers["STATEADJ"].add(a, e, case="exact" if a.isupper() else None)
                for suffix, combining in self.combining.items():
                    if a.endswith(suffix):
                        self.matchers["STATEADJ"].add(a[: -len(suffix)] + combining, e, case="lower")
            for c in self._names(row, "capital"):
                self.matchers["CAPITAL"].add(c, e, case="cap")

    def _load_concepts(self) -> None:
        for fname, kind, typ in (("commodities.tsv", "commodity", "COMMODITY"), ("sectors.tsv", "sector", "SECTOR"),
                                 ("intl_orgs.tsv", "intl_org", "INTL"), ("places.tsv", "place", "PLACE")):
            for row in rows(None, fname):
                e = Entry(kind, row["id"], row["label_en"], row)
                self.entries[kind][row["id"]] = e
                names = [row["label_en"]] + self._names(row, "aliases") + (
                    self._names(row, "label") if self.native_labels else [])
                if kind == "intl_org":
                    for a in split(row.get(f"adj_{self.language}")):
                        self.matchers["INTLADJ"].add(a, e, case="exact" if a.isupper() else None)
                for n in dict.fromkeys(names):
                    if kind in ("commodity", "sector") and not n.isupper():
                        for form in self.morph.noun_forms(n):
                            self.matchers[typ].add(form, e, case="any" if self.cased else "lower")
                    else:
                        self.matchers[typ].add(n, e, case="cap" if n[:1].isupper() and kind == "place" else None)

    def _load_roles(self) -> None:
        for row in rows(None, "roles.tsv"):
            e = Entry("role", row["id"], row["label_en"], row)
            self.entries["role"][row["id"]] = e
            for title in split(row.get(f"titles_{self.language}")):
                if title.isupper():
                    self.matchers["ROLE"].add(title, e, case="exact")
                    continue
                for form in self.morph.noun_forms(title):
                    self.matchers["ROLE"].add(form, e, case="any" if self.cased else "lower")

    def _load_currencies(self) -> None:
        for row in rows(None, "currencies.tsv"):
            code = row["code"]
            e = Entry("currency", code, code, row)
            self.currency_codes.add(code)
            for s in split(row.get("symbols")):
                self.currency_symbols[s] = code
            for w in self._names(row, "words") + [code]:
                self.currency_words.add(w, e, case="exact" if w.isupper() else None)
        for row in rows(None, "legal_forms.tsv"):
            self.legal_forms.add(row["form"])

    # ------------------------------------------------------------ the language's own folder
    def _load_language(self) -> None:
        lang = self.language
        for row in rows(lang, "cues.tsv"):
            matcher = self.cue_matchers.setdefault(row["kind"], PhraseMatcher(self.morph))
            entry = Entry("cue", row["kind"], row["phrase"], {"value": row.get("value", "")})
            phrase = row["phrase"]
            if row["kind"] in NOUN_CUES and phrase != phrase.upper() and self.morph.noun_forms(phrase) != {phrase}:
                for form in self.morph.noun_forms(phrase):      # nouns in their own forms: "meeting" is not "meet"
                    matcher.add(form, entry, case="lower")
            else:
                matcher.add(phrase, entry)
        for row in rows(lang, "amounts.tsv"):
            self.amount_words.setdefault(row["class"], []).append((row["word"], row.get("value", "")))
        for row in rows(None, "months.tsv"):
            for w in split(row.get(lang)) + split(row.get(LABEL_LANGUAGE)):
                self.months[w.lower()] = int(row["month"])
        for row in rows(None, "weekdays.tsv"):
            for w in split(row.get(lang)):
                self.weekdays[w.lower()] = int(row["weekday"])
        for row in rows(lang, "boilerplate.tsv"):
            self.boilerplate.setdefault(row["class"], []).append(row["phrase"])
        self.common = frozenset(r["word"].lower() for r in rows(lang, "common.tsv"))
        for row in rows(lang, "transliteration.tsv"):
            self.transliteration.append((re.compile(row["pattern"]), row["replacement"]))
        for row in rows(None, "frames.tsv"):
            for function in split(row["function"]):
                self.rules.append(SlotRule(row["frame"], row["slot"], function, frozenset(split(row["types"]))))

    # ------------------------------------------------------------ look-ups
    @property
    def cased(self) -> bool:
        """Nouns and names inflect for case: names are matched by lemma and put in the nominative."""
        return bool(self.grammar.get("cases"))

    @property
    def native_labels(self) -> bool:
        """The article's language is not the labels' language: its own spellings become extra labels."""
        return self.language != LABEL_LANGUAGE

    def flag(self, name: str) -> bool:
        """A yes/no property of the language written in its grammar table (pro_drop, head_first ...)."""
        return bool(self.grammar.get(name))

    def words(self, klass: str) -> dict[str, str]:
        """word -> value of one class of the grammar table."""
        return self.grammar.get(klass, {})

    def is_word(self, klass: str, word: str) -> bool:
        return word.lower() in self.grammar.get(klass, ())

    def cue(self, kind: str) -> PhraseMatcher | None:
        return self.cue_matchers.get(kind)

    def amount_class(self, klass: str) -> list[tuple[str, str]]:
        return self.amount_words.get(klass, [])

    def entry(self, kind: str, ident: str) -> Entry:
        return self.entries[kind][ident]

    def is_leader_role(self, role: str | None) -> bool:
        e = self.entries["role"].get(role or "")
        return bool(e and e.data.get("leader") == "yes")

    def legal_form_prefixes(self) -> frozenset[str]:
        prefixes = self.__dict__.get("_legal_prefixes")
        if prefixes is None:
            prefixes = self._legal_prefixes = frozenset(f[:n] for f in self.legal_forms for n in range(1, len(f) + 1))
        return prefixes

    def all_matchers(self) -> list[PhraseMatcher]:
        return list(self.matchers.values()) + [self.currency_words] + list(self.cue_matchers.values())

    def positions(self, tokens) -> dict[int, list[int]]:
        """For every matcher (by id), the ascending indices of the tokens that could start one of
        its phrases: one pass over the tokens instead of one per matcher."""
        if self._owners is None:
            owners: dict[str, list] = {}
            for m in self.all_matchers():
                for key in m.index:
                    owners.setdefault(key, []).append(id(m))
            self._owners = {k: tuple(v) for k, v in owners.items()}
        owners_of = self._owners_of_keys
        out: dict[int, list[int]] = {}
        for i, t in enumerate(tokens):
            found = owners_of.get(t.keys)
            if found is None:
                if len(owners_of) >= 200_000:
                    owners_of.clear()
                found = owners_of[t.keys] = tuple(set().union(*(self._owners[k] for k in t.keys if k in self._owners)))
            for mid in found:
                out.setdefault(mid, []).append(i)
        for m in self.all_matchers():
            if m.prefixes:
                extra = [i for i, t in enumerate(tokens)
                         if any(t.lower.startswith(next(iter(p.sets[0]))) for p in m.prefixes)]
                out[id(m)] = sorted(set(out.get(id(m), [])) | set(extra))
        return out

    def scale_of(self, word: str) -> int | None:
        w = word.lower().rstrip(".")
        for form, value in self.amount_class("scale"):
            f = form.lower().rstrip(".")
            if (f.endswith("*") and w.startswith(f[:-1])) or w == f:
                return int(value)
        return None


@lru_cache(maxsize=None)
def language_pack(language: str) -> LanguagePack:
    return LanguagePack(language)
