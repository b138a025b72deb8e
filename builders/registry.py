"""The entities of one article: identity keys, base forms, English labels, and variant spellings
of one person or organisation merged into one node.

A person's key is the spelling-tolerant key of the English spelling of the full name; a
surname alone, or an inflected form, finds the full name already named in the article. An
organisation's key is its name without legal form and generic words; a shorter or longer form
of a name already seen (a prefix, the proper-name tail) is the same organisation when unique.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .matcher import Entry
from .model import Entity, Span
from .org_names import english_org_name
from .names import english_name, is_cyrillic, keeps_native_spelling, levenshtein, name_key, slug
from .pack import LanguagePack
from .packdata import rows, split

_QUOTE_MARKS = "\"„“”«»"      # quotation marks round a name are not part of it

@lru_cache(maxsize=None)
def _possessive_endings() -> tuple:
    """Possessive endings of every pack ("'s"): cut off a name for its identity."""
    from .morph import SUPPORTED
    from .packdata import words_of

    return tuple(sorted({w for lang in SUPPORTED for w in words_of(lang, "possessive_suffix") if len(w) > 1},
                        key=len, reverse=True))


def strip_possessive(word: str) -> str:
    for ending in _possessive_endings():
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=100_000)
def org_key(name: str, generic: frozenset) -> str:
    """Identity key of an organisation name: no legal form, no generic leading or trailing words."""
    from .names import fold

    words = [strip_possessive(w) for w in re.split(r"\s+", fold(name).lower()) if w]
    while words and words[0] in generic:
        words.pop(0)
    while len(words) > 1 and words[-1] in generic:
        words.pop()
    if len(words) > 2 and words[-2] in generic:
        words = words[-1:]                 # "Atomic Company Kazatomprom": a descriptor, then the name
    return slug(" ".join(words))


@lru_cache(maxsize=None)
def shared_generic_words() -> frozenset:
    """The generic organisation words of every language pack: an organisation's key must not
    depend on the language of the article that names it (Alder Metals Group in both)."""
    from .morph import SUPPORTED
    from .packdata import words_of

    return frozenset(w.lower() for lang in SUPPORTED for w in words_of(lang, "generic_org_word"))


class Registry:
    """All entities of one article, keyed by kind-prefixed identity keys."""

    def __init__(self, pack: LanguagePack):
        self.pack = pack
        self.language = pack.language
        self.entities: dict[str, Entity] = {}
        self.surnames: dict[str, str] = {}
        self.org_alias: dict[str, str] = {}
        self.votes: dict[str, dict[str, int]] = {}
        self._spans: dict[str, set] = {}
        self.generic = shared_generic_words() | frozenset(f.lower() for f in pack.legal_forms)
        self.cut_forms = {f.lower() for f in pack.legal_forms if f.isupper() or "." in f or (len(f) <= 4 and f[:1].isupper())}
        self.letters = "".join(pack.words("letters"))
        self.based_suffixes = [r["phrase"].lower() for r in rows(pack.language, "cues.tsv")
                               if r["kind"] == "based" and r["phrase"].startswith("-")]

    # ---------------------------------------------------------------- generic
    def add(self, kind: str, key: str, label: str, span: Span | None, surface: str | None = None, **attrs) -> Entity:
        full = f"{kind}:{key}"
        ent = self.entities.get(full)
        if ent is None:
            ent = self.entities[full] = Entity(kind=kind, key=full, label_en=label)
        for k, v in attrs.items():
            if v is not None and getattr(ent, k, None) in (None, False, "", set(), []):
                setattr(ent, k, v)
        if span is not None:
            self.mention(ent, span)
        if surface:
            self.label(ent, surface)
        return ent

    def mention(self, ent: Entity, span: Span) -> None:
        """Record where the entity is named, once per span (a set, not a scan of the list)."""
        seen = self._spans.get(ent.key)
        if seen is None:
            seen = self._spans[ent.key] = set(ent.mentions)
        if span not in seen:
            seen.add(span)
            ent.mentions.append(span)

    def label(self, ent: Entity, surface: str) -> None:
        if self.pack.native_labels:
            ent.labels.setdefault(self.language, set()).add(surface)
        elif surface != ent.label_en:
            ent.aliases.add(surface)

    def state(self, iso2: str, span: Span | None) -> Entity:
        e = self.pack.entry("state", iso2)
        ent = self.add("state", iso2, e.label_en, span, iso2=iso2, wikidata=e.data.get("wikidata") or None)
        own = split(e.data.get(f"name_{self.language}"))
        if self.pack.native_labels and own:
            ent.labels.setdefault(self.language, set()).add(own[0])
        return ent

    def concept(self, kind: str, entry: Entry, span: Span | None) -> Entity:
        ent = self.add(kind, entry.id, entry.label_en, span)
        ent.aliases_en = [a for a in (entry.data.get("aliases_en") or "").split("|") if a]
        own = entry.data.get(f"label_{self.language}")
        if self.pack.native_labels and own:
            ent.labels.setdefault(self.language, set()).add(own)
        return ent

    # ---------------------------------------------------------------- people
    def person(self, words: list[str], surface: str, span: Span, case: str | None) -> Entity | None:
        """The person a name (its words, honorifics left out) stands for, in base form."""
        if not words:
            return None
        if case is None and hasattr(self.pack.morph, "name_case"):
            case = self.pack.morph.name_case(tuple(strip_possessive(w) for w in words))
        parts = []
        for k, w in enumerate(words):
            w = strip_possessive(w)
            pieces = w.split("-")
            last = k == len(words) - 1 and len(words) > 1
            based = [self.pack.morph.name_bases(p, case)[0] if len(p) > 2 and (last or p is pieces[-1]) else p
                     for p in pieces]
            parts.append("-".join(based))
        if len(parts) == 1:
            known = self.lookup_person(parts[0], words[0])
            if known:
                ent = self.entities[known]
                self.mention(ent, span)
                return ent
        name = " ".join(parts)
        info = self.pack.morph.info(parts[0])
        native = keeps_native_spelling(parts, self.language, "given" in info.names,
                                       "surname" in self.pack.morph.info(parts[-1]).names, self.letters)
        english = name if native else english_name(name, self.language)
        key = name_key(english_name(name, self.language) if not native else name)
        existing = self._match_person_key(key)
        if existing:
            ent = self.entities[existing]
            self.mention(ent, span)
        else:
            ent = self.add("person", key, english, span)
            self.surnames.setdefault(key.split()[-1], ent.key)
        if len(parts) > 1:
            votes = self.votes.setdefault(ent.key, {})
            votes[english] = votes.get(english, 0) + (3 if name == english else 1)
        self.label(ent, name if self.pack.native_labels else surface)
        return ent

    def finish_labels(self) -> None:
        """Each person's English label: the spelling given most often (the text's own English
        spelling counting triple), ties to the longer."""
        for key, votes in self.votes.items():
            ent = self.entities.get(key)
            if ent and votes:
                best = max(votes.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
                if best != ent.label_en:
                    ent.aliases.add(ent.label_en)
                    ent.label_en = best

    def _match_person_key(self, key: str) -> str | None:
        full = f"person:{key}"
        if full in self.entities:
            return full
        words = key.split()
        if len(words) < 2:
            return None
        first, surname = words[0], words[-1]
        for ek, ent in self.entities.items():
            if ent.kind != "person":
                continue
            other = ek.split(":", 1)[1].split()
            if len(other) < 2:
                continue
            if other[-1] == surname and other[0][:1] == first[:1]:
                return ek
            if len(surname) >= 5 and other[0] == first and levenshtein(other[-1], surname, 1) <= 1:
                return ek
        return None

    def lookup_person(self, word: str, surface: str | None = None) -> str | None:
        """The person a single surname (possibly inflected) refers to."""
        cases = (None, *self.pack.words("oblique_case")) if self.pack.cased else (None,)
        keys = []
        for case in cases:
            for base in self.pack.morph.name_bases(word, case):
                keys.append(name_key(english_name(base, self.language)))
        keys.append(name_key(english_name(word, self.language)))
        for k in keys:
            if k and k.split()[-1] in self.surnames:
                return self.surnames[k.split()[-1]]
        firsts: dict[str, list[str]] = {}
        for ek, ent in self.entities.items():
            parts = ek.split(":", 1)[1].split()
            if ent.kind == "person" and len(parts) > 2:
                firsts.setdefault(parts[0], []).append(ek)
        for k in keys[:2]:
            if k in firsts and len(firsts[k]) == 1:
                return firsts[k][0]
        for k in keys[:2]:
            if len(k) >= 5:
                for s, ek in self.surnames.items():
                    if levenshtein(s, k, 1) <= 1:
                        return ek
        return None

    # ---------------------------------------------------------------- organisations
    def _clean_name(self, name: str) -> tuple[str, str | None]:
        """The name without possessive, leading determiner, legal forms and a leading descriptor;
        and the legal form cut off."""
        words = [w for w in (strip_possessive(w).strip(_QUOTE_MARKS) for w in name.strip().split()) if w]
        det = self.pack.words("det")
        based_at = [k for k, w in enumerate(words[:-1]) if any(w.lower().endswith(s) for s in self.based_suffixes)]
        if based_at:
            words = words[based_at[-1] + 1:]          # "New York-based Alder Holdings" -> Alder Holdings
        while len(words) > 1 and (words[0].lower() in det or any(words[0].lower().endswith(s) for s in self.based_suffixes)):
            words = words[1:]
        legal = None
        while len(words) > 1 and words[-1].lower().rstrip(",") in self.cut_forms:
            legal = legal or words[-1]
            words = words[:-1]
        while len(words) > 1 and words[0].lower() in self.cut_forms:
            legal = legal or words[0]
            words = words[1:]
        return " ".join(words), legal

    def is_generic(self, name: str) -> bool:
        """A name made only of generic words (National Mining Company): a description, not a name."""
        label, _ = self._clean_name(name)
        words = [w.lower() for w in label.split()]
        return bool(words) and all(w in self.generic or w.lower() in self.pack.words("det") for w in words)

    def based_state(self, name: str) -> str | None:
        """The state of a "<state>-based" prefix of a name (US-based Alder Holdings)."""
        words = name.strip().split()
        first = next((w for w in words if any(w.lower().endswith(s) for s in self.based_suffixes)), "")
        first = " ".join(words[:words.index(first) + 1]) if first else ""
        for suffix in self.based_suffixes:
            if first.lower().endswith(suffix) and len(first) > len(suffix):
                prefix = first[: -len(suffix)]
                for e in self.pack.entries["state"].values():
                    names = [e.label_en] + [a for a in (e.data.get("aliases_en") or "").split("|") if a]
                    if prefix in names or prefix.replace(".", "") in (n.replace(".", "") for n in names):
                        return e.id
        return None

    def organization(self, name: str, span: Span | None, cls: str | None = None, based_in: str | None = None) -> Entity:
        based_in = based_in or self.based_state(name)
        label, legal = self._clean_name(name)
        if self.pack.cased:
            label = " ".join(self.pack.morph.nominative(tuple(label.split())))
        native = None
        if is_cyrillic(label):                    # КазМунайГаз -> KazMunaiGaz, the Cyrillic kept as a label
            words = label.split()
            named_in_words = self.pack.flag("lowercase_name_words") and any(w[:1].islower() for w in words[1:])
            native = label
            label = (named_in_words and english_org_name(self.pack, words)) or english_name(label, self.language)
        key = org_key(label, self.generic) or slug(label)
        full = self.org_alias.get(f"organization:{key}", f"organization:{key}")
        if full not in self.entities:
            full = self._match_org(key, label) or full
        ent = self.entities.get(full)
        if ent is None:
            ent = self.entities[full] = Entity(kind="organization", key=full, label_en=label)
        elif len(label) > len(ent.label_en) and org_key(label, self.generic) == org_key(ent.label_en, self.generic):
            ent.aliases.add(ent.label_en)
            ent.label_en = label
        elif label != ent.label_en:
            ent.aliases.add(label)
        if cls and (ent.subclass in (None, "Company", "Organization") or cls == "GovernmentBody") and \
                not (ent.subclass == "FinancialInstitution" and cls == "Company"):
            ent.subclass = cls
        ent.based_in = ent.based_in or based_in
        if legal and not ent.legal_form:
            ent.legal_form = legal
            ent.subclass = ent.subclass if ent.subclass not in (None, "Organization") else "Company"
        if span is not None:
            self.mention(ent, span)
        self.label(ent, native or name.strip())
        return ent

    def _orgs(self) -> list[tuple[str, list[str]]]:
        return [(ek, ek.split(":", 1)[1].split("-")) for ek, e in self.entities.items() if e.kind == "organization"]

    def _surface_fits(self, label: str | None, ek: str) -> bool:
        """A shorter or longer form matches by its words as written, not only by its key: the key
        of International Holding Company is cut to one word that begins other names too."""
        if label is None:
            return True
        from .names import fold

        words = fold(label).lower().split()
        ent = self.entities[ek]
        for other in (ent.label_en, *ent.aliases):
            o = fold(other).lower().split()
            short, long_ = (words, o) if len(words) <= len(o) else (o, words)
            if long_[:len(short)] == short or long_[-len(short):] == short:
                return True
        return False

    def _match_org(self, key: str, label: str | None = None) -> str | None:
        parts = key.split("-")
        orgs = [(ek, o) for ek, o in self._orgs() if o == parts or self._surface_fits(label, ek)]
        for ek, o in orgs:
            if o == parts or (self.pack.cased and len(parts) > 1 and o[:-1] == parts[:-1]
                              and o[-1][:4] == parts[-1][:4]):
                return ek
        if len(parts) == 1 and len(key) >= 3:
            best = min(((ek, o) for ek, o in orgs if o[0] == key), key=lambda x: len(x[1]), default=None)
            if best:
                return best[0]
        if len(key) >= 4:
            hits = [ek for ek, o in orgs
                    if (len(o) > len(parts) and (o[:len(parts)] == parts or o[-len(parts):] == parts))
                    or (len(parts) > len(o) >= 2 and (parts[:len(o)] == o or parts[-len(o):] == o))]
            if len(hits) == 1:
                return hits[0]
        return None

    def alias_org(self, alias: str, target: Entity) -> None:
        self.org_alias[f"organization:{org_key(alias, self.generic)}"] = target.key
        target.aliases.add(alias)

    def find_org(self, name: str) -> Entity | None:
        key = org_key(self._clean_name(name)[0], self.generic)
        full = self.org_alias.get(f"organization:{key}", f"organization:{key}")
        if full in self.entities:
            return self.entities[full]
        m = self._match_org(key)
        return self.entities.get(m) if m else None
