"""Entities of one article: deciding what unknown names are, base forms, keys,
English labels, and merging variant spellings into one node."""
from __future__ import annotations

import re
from functools import lru_cache

from . import morph
from .lexicon import Lexicon
from .mentions import ORG_DESCRIPTORS, Chunk, SentenceMentions
from .model import Entity, Span
from .names import ascii_fold, english_name, levenshtein, name_key, slug

GENERIC_ORG_WORDS = {"company", "corporation", "corp", "corp.", "group", "holding", "holdings", "national", "jsc",
                     "llc", "llp", "inc", "inc.", "plc", "ltd", "ltd.", "ao", "oao", "pjsc", "ojsc", "co", "co.",
                     "s.a.", "sa", "ag", "gmbh", "limited", "the", "spółka", "akcyjna", "tov", "too", "se", "nv",
                     "n.v.", "b.v.", "s.p.a.", "mining", "nationalcompany"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "sheikh", "pan", "pani", "h.e.", "mister",
              "szejk", "książę", "prince", "emir", "his", "her", "excellency"}
PREPOSITION_CASE = {"z": "inst", "ze": "inst", "między": "inst", "przed": "inst", "nad": "inst", "pod": "inst",
                    "za": "inst", "do": "gen", "od": "gen", "dla": "gen", "bez": "gen", "według": "gen",
                    "wobec": "gen", "u": "gen", "przez": "acc", "na": "acc", "o": "loc", "przy": "loc",
                    "po": "loc", "w": "loc", "we": "loc", "ku": "dat", "dzięki": "dat"}


@lru_cache(maxsize=100_000)
def org_key(name: str) -> str:
    """Identity key of an organisation name: no legal form, no generic trailing words."""
    words = [w for w in re.split(r"\s+", ascii_fold(name).lower().replace("’", "'")) if w]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    while words and words[0] in GENERIC_ORG_WORDS:
        words.pop(0)
    while len(words) > 1 and words[-1] in GENERIC_ORG_WORDS:
        words.pop()
    return slug(" ".join(words))


@lru_cache(maxsize=100_000)
def _key_parts(full_key: str) -> tuple[str, list[str]]:
    """The identity key of a kind-prefixed entity key, and its hyphen-separated words."""
    key = full_key.split(":", 1)[1]
    return key, key.split("-")


@lru_cache(maxsize=100_000)
def _key_words(full_key: str) -> list[str]:
    """The space-separated words of a kind-prefixed entity key's identity part (not to be changed)."""
    return full_key.split(":", 1)[1].split()


@lru_cache(maxsize=100_000)
def _lookup_keys(word: str, language: str) -> tuple[str, ...]:
    """The name keys a single surname may stand for: the word itself in English; in Polish its
    base forms as a nominative, genitive, instrumental or dative, best first."""
    candidates = [word]
    if language == "pl":
        candidates = morph.base_forms(word, None) + morph.base_forms(word, "gen") + morph.base_forms(word, "inst") + \
            morph.base_forms(word, "dat") + [word]
    return tuple(name_key(english_name(c)) for c in candidates)


# Clean-ups of an organisation's name before it is keyed (compiled once: called for every mention)
_POSSESSIVE = re.compile(r"[’']s$")
_LEADING_THE = re.compile(r"^(the|The)\s+")
_TRAILING_LEGAL_FORM = re.compile(
    r"\s*,?\s*(sp\.\s*z\s*o\.\s*o\.?|spółka z ograniczoną odpowiedzialnością|spółka akcyjna|"
    r"S\.A\.|S\.p\.A\.|Co\.,? Ltd\.?|N\.V\.|B\.V\.|A\.Ş\.)\s*$", re.I)
_LEADING_COMPANY_WORD = re.compile(r"^(Spółka|Firma|Koncern|Grupa kapitałowa)\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])")
_BASED = re.compile(r"^(.+?)-based\s+(.+)$")
_OF_PLACE = re.compile(r"^(.*?)\s+of\s+(?:the\s+)?(.+)$")


@lru_cache(maxsize=100_000)
def _clean_org_name(name: str) -> tuple[str, str | None]:
    """An organisation's name without possessive, leading article, trailing legal form and
    leading company word, and the place of a "<place>-based" prefix (None if there is none)."""
    clean = _POSSESSIVE.sub("", name.strip())
    clean = _LEADING_THE.sub("", clean)
    clean = _TRAILING_LEGAL_FORM.sub("", clean)
    clean = _LEADING_COMPANY_WORD.sub("", clean)
    based = _BASED.match(clean)
    if based:
        return based.group(2), based.group(1)
    return clean, None


class _Entities(dict):
    """A dict of entities that counts its changes, so lists derived from it are rebuilt only
    when it has changed."""

    version = 0

    def __setitem__(self, key, value):
        self.version += 1
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self.version += 1
        super().__delitem__(key)

    def pop(self, *args):
        self.version += 1
        return super().pop(*args)

    def setdefault(self, key, default=None):
        self.version += 1
        return super().setdefault(key, default)

    def update(self, *args, **kwargs):
        self.version += 1
        super().update(*args, **kwargs)

    def clear(self):
        self.version += 1
        super().clear()


class Registry:
    """All entities of one article, keyed by kind-prefixed identity keys."""

    def __init__(self, lex: Lexicon, language: str):
        self.lex = lex
        self.language = language
        self.entities: dict[str, Entity] = _Entities()
        self._orgs: tuple[int, list[tuple[str, str, list[str]]]] = (-1, [])
        self._firsts: tuple[int, dict[str, list[str]]] = (-1, {})
        self.surnames: dict[str, str] = {}
        self.org_alias: dict[str, str] = {}
        self._label_votes: dict[str, dict[str, int]] = {}
        # legal forms that are cut off the ends of organisation names
        self._name_legal_forms = {f.lower() for f in lex.legal_forms if f.isupper() or "." in f or f in ("Ltd", "plc", "Inc", "Corp")}

    # ---------------------------------------------------------------- generic
    def add(self, kind: str, key: str, label: str, span: Span | None, surface: str | None = None, **attrs) -> Entity:
        full = f"{kind}:{key}"
        ent = self.entities.get(full)
        if ent is None:
            ent = Entity(kind=kind, key=full, label_en=label)
            self.entities[full] = ent
        for k, v in attrs.items():
            if v is not None and getattr(ent, k, None) in (None, False, "", set()):
                setattr(ent, k, v)
        if span is not None and span not in ent.mentions:
            ent.mentions.append(span)
        if surface:
            if self.language == "pl":
                ent.labels_pl.add(surface)
            elif surface != ent.label_en:
                ent.aliases.add(surface)
        return ent

    def state(self, iso2: str, span: Span | None, surface: str | None = None) -> Entity:
        e = self.lex.states[iso2]
        ent = self.add("state", iso2, e.label_en, span, None, iso2=iso2, wikidata=e.data.get("wikidata") or None)
        if self.language == "pl":
            ent.labels_pl.add(e.data.get("name_pl") or e.label_en)
        return ent

    def concept(self, kind: str, entry, span: Span | None, surface: str | None = None) -> Entity:
        ent = self.add(kind, entry.id, entry.label_en, span)
        ent.extra["aliases_en"] = [a for a in (entry.data.get("aliases_en") or "").split("|") if a]
        if self.language == "pl" and entry.data.get("label_pl"):
            ent.labels_pl.add(entry.data["label_pl"])
        return ent

    # ---------------------------------------------------------------- people
    def person_from_tokens(self, sm: SentenceMentions, chunk: Chunk, case: str | None) -> Entity | None:
        toks = [t for t in sm.tokens[chunk.i:chunk.j] if t.is_word and t.lower not in HONORIFICS]
        if not toks:
            return None
        parts = []
        for t in toks:
            text = t.text
            if text.endswith(("'s", "’s")):
                text = text[:-2]
            if self.language == "pl":
                pieces = text.split("-")
                is_surname = t is toks[-1] and len(toks) > 1
                if is_surname:
                    text = "-".join(morph.base_forms(p, case)[0] if len(p) > 2 else p for p in pieces)
                else:
                    last = morph.base_forms(pieces[-1], case)[0] if len(pieces[-1]) > 2 else pieces[-1]
                    text = "-".join(pieces[:-1] + [last])
            parts.append(text)
        name = " ".join(parts)
        span = Span(chunk.start, chunk.end)
        if len(parts) == 1:
            known = self.lookup_person(parts[0], toks[0].text)
            if known:
                ent = self.entities[known]
                if span not in ent.mentions:
                    ent.mentions.append(span)
                self._vote(known, None, chunk.text)
                return ent
        english = name if self.language != "pl" or _polish_native(parts) else english_name(name)
        key = name_key(english_name(name))
        existing = self._match_person_key(key)
        if existing:
            ent = self.entities[existing]
            if span not in ent.mentions:
                ent.mentions.append(span)
        else:
            ent = self.add("person", key, english, span)
            existing = ent.key
            surname = key.split()[-1]
            self.surnames.setdefault(surname, existing)
        if len(parts) > 1:
            self._vote(existing, english, chunk.text, original=name)
        if self.language == "pl":
            ent.labels_pl.add(name)
        return ent

    def _vote(self, key: str, english: str | None, surface: str, original: str | None = None) -> None:
        votes = self._label_votes.setdefault(key, {})
        if english:
            votes[english] = votes.get(english, 0) + 1
            if original and original == english:
                votes[english] += 2           # a spelling the text itself uses in English form

    def finish_labels(self) -> None:
        for key, votes in self._label_votes.items():
            if votes and key in self.entities:
                best = max(votes.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
                ent = self.entities[key]
                if best != ent.label_en:
                    ent.aliases.add(ent.label_en)
                    ent.label_en = best

    def _match_person_key(self, key: str) -> str | None:
        full = f"person:{key}"
        if full in self.entities:
            return full
        surname = key.split()[-1]
        first = key.split()[0] if len(key.split()) > 1 else None
        if first is None:
            return None
        for ek, ent in self.entities.items():
            if ent.kind != "person":
                continue
            o_parts = _key_words(ek)
            if len(o_parts) < 2:
                continue
            if o_parts[-1] == surname and (o_parts[0][:1] == first[:1]):
                return ek
            if len(surname) >= 5 and levenshtein(o_parts[-1], surname, 1) <= 1 and o_parts[0] == first:
                return ek
        return None

    def lookup_person(self, word: str, surface: str | None = None) -> str | None:
        """The person a single surname (possibly inflected) refers to."""
        keys = _lookup_keys(word, self.language)
        for k in keys:
            if not k:
                continue
            k = k.split()[-1]
            if k in self.surnames:
                return self.surnames[k]
        firsts = self._first_names()
        for k in keys[:2]:
            if k in firsts and len(firsts[k]) == 1:
                return firsts[k][0]
        for k in keys[:2]:
            if len(k) >= 5:
                for s, key in self.surnames.items():
                    if levenshtein(s, k, 1) <= 1:
                        return key
        return None

    def _first_names(self) -> dict[str, list[str]]:
        """First word -> keys of the people with three or more name words, rebuilt on change."""
        version = self.entities.version
        if self._firsts[0] != version:
            firsts: dict[str, list[str]] = {}
            for key, ent in self.entities.items():
                if ent.kind == "person" and len(_key_words(key)) > 2:
                    firsts.setdefault(_key_words(key)[0], []).append(key)
            self._firsts = (version, firsts)
        return self._firsts[1]

    # ---------------------------------------------------------------- organisations
    def organization(self, name: str, span: Span | None, cls: str | None = None, based_in: str | None = None,
                     legal_form: str | None = None) -> Entity:
        clean, place = _clean_org_name(name)
        if place is not None and not based_in:
            for e in self.lex.states.values():
                caps = (e.data.get("capital_en") or "").split("|")
                if place in (e.label_en, *caps) or place in (e.data.get("aliases_en") or "").split("|"):
                    based_in = e.id
                    break
            else:
                for e in self.lex.place_entries.values():
                    if place in (e.label_en, *(e.data.get("aliases_en") or "").split("|")) and e.data.get("state"):
                        based_in = e.data["state"]
                        break
        label = clean
        legal = None
        words = clean.split()
        lf = self._name_legal_forms
        while words and words[-1].lower().rstrip(",") in lf:
            legal = legal or words[-1]
            words = words[:-1]
        while words and words[0].lower() in lf and len(words) > 1:
            legal = legal or words[0]
            words = words[1:]
        label = " ".join(words) or clean
        if self.language == "pl" and words:
            words = list(morph.nominative_phrase_pl(tuple(words)))
            label = " ".join(words)
            first = words[0]
            nominative = None
            for lemma, tag, _ in morph.analyse_pl(first):
                if tag.startswith("subst") and lemma.lower() in self.lex.org_heads:
                    nominative = lemma.capitalize() if first[:1].isupper() else lemma
                    break
            if nominative and nominative.lower() != first.lower():
                label = " ".join([nominative] + words[1:])
        m = _OF_PLACE.match(label)
        if m and not based_in:
            tail = m.group(2)
            for e in self.lex.states.values():
                if tail == e.label_en or tail in (e.data.get("aliases_en") or "").split("|"):
                    based_in = e.id
        key = org_key(label)
        if not key:
            key = slug(label)
        full = f"organization:{key}"
        full = self.org_alias.get(full, full)
        if full not in self.entities:
            match = self._match_org(key)
            if match:
                full = match
        ent = self.entities.get(full)
        if ent is None:
            ent = Entity(kind="organization", key=full, label_en=label)
            self.entities[full] = ent
        elif len(label) > len(ent.label_en) and org_key(label) == org_key(ent.label_en):
            ent.aliases.add(ent.label_en)
            ent.label_en = label
        elif label != ent.label_en:
            ent.aliases.add(label)
        if cls and (ent.subclass in (None, "Company", "Organization") or cls == "GovernmentBody"):
            if not (ent.subclass == "FinancialInstitution" and cls == "Company"):
                ent.subclass = cls
        if based_in and not ent.based_in:
            ent.based_in = based_in
        if legal and not ent.legal_form:
            ent.legal_form = legal
            if ent.subclass in (None, "Organization"):
                ent.subclass = "Company"
        if span is not None and span not in ent.mentions:
            ent.mentions.append(span)
        if self.language == "pl":
            ent.labels_pl.add(name.strip())
        elif name.strip() != ent.label_en:
            ent.aliases.add(name.strip())
        return ent

    def _organizations(self) -> list[tuple[str, str, list[str]]]:
        """(entity key, identity key, its words) of every organisation, in the order added."""
        version = self.entities.version
        if self._orgs[0] != version:
            self._orgs = (version, [(ek, *_key_parts(ek)) for ek, ent in self.entities.items()
                                    if ent.kind == "organization"])
        return self._orgs[1]

    def _match_org(self, key: str) -> str | None:
        parts = key.split("-")
        best = None
        orgs = self._organizations()
        for ek, other, o in orgs:
            if other == key:
                return ek
            if self.language == "pl" and o[:-1] == parts[:-1] and len(parts) > 1 and \
                    o[-1][:4] == parts[-1][:4]:
                return ek
        if len(parts) == 1 and len(key) >= 3:
            for ek, _, o in orgs:
                if o[0] == key and (best is None or len(o) < len(best[1])):
                    best = (ek, o)
            if best:
                return best[0]
        if len(key) >= 4:
            # a shorter form of a longer name: a prefix ("Harmon Ridge" / "Harmon Ridge Copper") or the
            # proper-name tail ("Kazatomprom" / "National Atomic Company Kazatomprom"), when unique
            hits = []
            for ek, _, o in orgs:
                if len(o) > len(parts) and (o[:len(parts)] == parts or o[-len(parts):] == parts):
                    hits.append(ek)
                elif len(parts) > len(o) >= 2 and (parts[:len(o)] == o or parts[-len(o):] == o):
                    hits.append(ek)
            if len(hits) == 1:
                return hits[0]
        if self.language == "pl" and len(parts) == 1:
            for cand in morph.base_forms(key.capitalize(), "gen")[:1] + morph.base_forms(key.capitalize(), "inst")[:1]:
                c = slug(cand)
                if c != key and f"organization:{c}" in self.entities:
                    return f"organization:{c}"
        return None

    def alias_org(self, alias: str, target: Entity) -> None:
        self.org_alias[f"organization:{org_key(alias)}"] = target.key
        target.aliases.add(alias)

    def find_org_by_name(self, name: str) -> Entity | None:
        key = f"organization:{org_key(name)}"
        key = self.org_alias.get(key, key)
        if key in self.entities:
            return self.entities[key]
        m = self._match_org(org_key(name))
        return self.entities.get(m) if m else None


def _polish_native(parts: list[str]) -> bool:
    """A Polish person's name keeps its Polish spelling in English (Tomasz Wierzbicki, Andrzej Duda)."""
    if len(parts) < 2 or not morph.is_given_name_pl(parts[0]):
        return False
    last = parts[-1]
    if re.search(r"(ew|ow|jew|ij|yj)$", last):
        return False
    if re.search(r"[ąęóśćźżń]", last) or re.search(r"[ąęóśćźżńł]", parts[0]):
        return True
    if re.search(r"(ski|cki|dzki|ska|cka|wicz|czyk|czak|ak|ek|ik|yk|uk|ec|ło|ła|da)$", last):
        return True
    return any("nazwisko" in quals for _, _, quals in morph.analyse_pl(last))


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 7 and text.isupper() and text[:1].isalpha() and all(ch.isalnum() or ch == "&" for ch in text)


def descriptor_before(sm: SentenceMentions, chunk: Chunk, lang: str) -> tuple[str | None, str | None, bool]:
    """An organisation descriptor just before a name ("kazachską państwową spółką wydobywczą X",
    "Kazakhstan's state miner X"): (class, state iso2, state-owned)."""
    state = None
    owned = False
    found = None
    k = chunk.i - 1
    steps = 0
    while k >= 0 and steps < 5:
        t = sm.tokens[k]
        c = sm.chunk_at(k)
        if c is not None and c.type in ("STATEADJ", "STATE") and c.j <= chunk.i:
            state = state or c.value
            k = c.i - 1
            steps += 1
            continue
        if t.text in ",.;:()\"„”" or (t.is_cap and c is not None and c.type not in ("STATEADJ",)):
            break
        low = t.lower
        lemmas = t.lemmas | {low}
        if lemmas & ORG_DESCRIPTORS[lang] or lemmas & ORG_DESCRIPTORS["en"]:
            found = "FinancialInstitution" if lemmas & {"bank", "lender", "fund", "fundusz"} else "Company"
        if lemmas & {"państwowy", "state-owned", "state", "national", "narodowy", "government-owned", "sovereign"}:
            owned = True
            if low in ("state-owned", "government-owned", "państwowy", "państwowa"):
                found = found or "Company"
        if low.endswith("-based") or low == "based":
            found = found or "Company"
        if not t.is_word and t.text not in "-'’":
            break
        if t.is_word and not (lemmas & ORG_DESCRIPTORS[lang] or lemmas & ORG_DESCRIPTORS["en"]) and lang == "en" and \
                low not in ("state", "national", "state-owned", "mining", "investment", "energy", "nuclear", "oil",
                            "gas", "private", "sovereign", "wealth", "holding", "development", "government-owned",
                            "the", "a", "an", "its", "u.s.-based", "based", "listed", "owned", "his", "her", "their"):
            if not low.endswith("-based") and not low.endswith("'s"):
                break
        k -= 1
        steps += 1
    return found, state, owned
