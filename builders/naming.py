"""Typing names and reading the posts titles give.

A name the lexicons do not know is a person, an organisation or a place by the evidence around
its mentions, summed over the whole article (one name, one type): a title before it or in an
apposition after it, an honorific, a given name the morphology knows, a verb of saying next to
it speak for a person; a descriptor (``the miner X``, ``X, a state company``), ``-based``, an
acronym, a product code after it, the dictionary's organisation class speak for an
organisation; a locative preposition or the dictionary's geographical class for a place. A
title next to a person's name, qualified by a state or an organisation ("Kazakh President",
"CEO of X", "prezes X"), is a post.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .mentions import phrase_values
from .model import Chunk, Entity, Fact, Mention, NamedArticle, SentenceMentions, Span
from .names import slug
from .pack import LanguagePack
from .registry import _QUOTE_MARKS, Registry

QUALIFIER_TYPES = ("STATE", "STATEADJ", "ORG", "NAME", "INTL", "CAPITAL")
TITLE_LINK_RELATIONS = ("of", "for", "at", "to")
HEAD_ROLE = "head"
COMMON_ZIPF = 3.5            # a word at least this frequent (wordfreq's Zipf scale) is a common word
ACCORD_OF_HEADS = ("Charter", "Initiative", "Treaty")    # English heads written before the name: Treaty of Nancy        # the role id of a generic head (szef, chief), which may head a government     # relation ids: "CEO of X", "envoy for X", "ambassador to X"
_ACRONYM_CHARS = set("&")


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 7 and text.isupper() and text[:1].isalpha() and all(
        ch.isalnum() or ch in _ACRONYM_CHARS for ch in text)


@dataclass
class Evidence:
    person: float = 0.0
    org: float = 0.0
    place: float = 0.0
    org_class: str | None = None
    state: str | None = None            # a state the context ties the name to (based in)
    owned: bool = False                 # described as state-owned


def chunk_at(sm: SentenceMentions, tok: int) -> Chunk | None:
    for c in sm.chunks:
        if c.i <= tok < c.j:
            return c
    return None


class Namer:
    """Types the names of one article and collects its posts."""

    def __init__(self, pack: LanguagePack, analyser, home_state: str | None):
        self.pack = pack
        self.analyser = analyser
        self.reg = Registry(pack)
        self.home_state = home_state
        self.prep_case = {}
        for word, value in pack.words("prep").items():
            cases = [v.split(":")[0] for v in value.split("|") if ":" in v]
            if cases and cases[0] != "any":
                self.prep_case[word] = cases[0]
        self.honorifics = set(pack.words("honorific"))
        self.accord_heads = {k.lower(): v or k for k, v in phrase_values(pack, "accord_head").items()}
        self.det = set(pack.words("det"))
        self.conj = set(pack.words("conj"))
        self.rare_cases = frozenset(pack.words("rare_case"))
        self.based_words = {k.lower() for k in phrase_values(pack, "based")}
        self.connect = set(pack.words("name_connector")) | self.det | set(pack.words("possessive_suffix"))
        # what may stand between a title and its name: determiners, possessives, "of"-like prepositions
        self.title_links = self.det | set(pack.words("possessive_suffix")) | {
            w for w, v in pack.words("prep").items() if any(p.rpartition(":")[2] in TITLE_LINK_RELATIONS for p in v.split("|"))}
        self.locative = {w for w, v in pack.words("prep").items()
                         if any(part.split(":")[-1] in ("in", "at") for part in v.split("|"))}
        self.posts: list[Fact] = []
        self.titled: set[tuple[int, int]] = set()     # (sentence, token) of titles that belong to a named person
        self.roles_of: dict[str, list[tuple[str, str | None]]] = defaultdict(list)

    # ------------------------------------------------------------ the whole article
    def run(self, sms: list[SentenceMentions]) -> NamedArticle:
        typed: dict[tuple[int, int], Mention] = {}
        for s, sm in enumerate(sms):
            for k, c in enumerate(sm.chunks):
                m = self._lexicon_mention(sm, k, c)
                if m is not None:
                    typed[(s, k)] = m
        evidence = {(s, k): self._evidence(sm, k) for s, sm in enumerate(sms)
                    for k, c in enumerate(sm.chunks) if c.type == "NAME"}
        totals: dict[str, Evidence] = defaultdict(Evidence)
        for (s, k), ev in evidence.items():
            t = totals[self._vote_key(sms[s].chunks[k].text)]
            t.person, t.org, t.place = t.person + ev.person, t.org + ev.org, t.place + ev.place
        order = sorted(evidence, key=lambda sk: (sms[sk[0]].chunks[sk[1]].j - sms[sk[0]].chunks[sk[1]].i < 2, sk))
        for s, k in order:
            m = self._name_mention(sms[s], k, evidence[(s, k)], totals[self._vote_key(sms[s].chunks[k].text)])
            if m is not None:
                typed[(s, k)] = m
        self.last_state: str | None = None
        for s, sm in enumerate(sms):
            for k, c in enumerate(sm.chunks):
                m = typed.get((s, k))
                if m is not None and m.type == "PERSON":
                    self._posts_of(sm, k, m, typed, s)
                if m is not None and m.type == "STATE":
                    self.last_state = m.entity
        self.reg.finish_labels()
        self._drop_unqualified()
        mentions = []
        for s, sm in enumerate(sms):
            row = [typed[(s, k)] for k in range(len(sm.chunks)) if (s, k) in typed]
            mentions.append([self._bare_role(sm, m, row) if m.type == "ROLE" else m for m in row])
        return NamedArticle(sms, mentions, self.reg.entities, self.posts, dict(self.roles_of), self.home_state)

    def _vote_key(self, text: str) -> str:
        words = text.split()
        return words[-1].lower() if words else ""

    # ------------------------------------------------------------ lexicon chunks
    def _lexicon_mention(self, sm: SentenceMentions, k: int, c: Chunk) -> Mention | None:
        reg, pack = self.reg, self.pack
        span = Span(c.start, c.end)

        def mk(typ: str, ent: Entity | None, **kw) -> Mention:
            return Mention(typ, c.i, c.j, c.start, c.end, ent.key if ent else None, k,
                           case=self._case_of_chunk(sm, c), value=c.value, **kw)

        if c.type == "STATE":
            return mk("STATE", reg.state(c.value, span))
        if c.type == "STATEADJ":
            return mk("STATEADJ", reg.state(c.value, None))
        if c.type == "CAPITAL":
            if c.i > 0 and sm.tokens[c.i - 1].lower in self.locative:
                e = pack.entry("state", c.value)
                label = (e.data.get("capital_en") or c.text).split("|")[0]
                ent = reg.add("place", slug(label), label, span, c.text, located_in=f"state:{c.value}", place_kind="city")
                return mk("PLACE", ent)
            return mk("STATE", reg.state(c.value, span))
        if c.type == "PLACE":
            e = pack.entry("place", c.value)
            ent = reg.add("place", c.value, e.label_en, span, c.text,
                          located_in=f"state:{e.data['state']}" if e.data.get("state") else None,
                          place_kind=e.data.get("kind") or "city")
            return mk("PLACE", ent)
        if c.type == "VENUE":
            label = " ".join(pack.morph.nominative(tuple(c.text.split())))
            return mk("PLACE", reg.add("place", slug(label), label, span, c.text, place_kind="venue"))
        if c.type == "INTLADJ":
            e = pack.entry("intl_org", c.value)
            return mk("ORG", reg.organization(e.label_en, None, cls=e.data.get("class") or "InternationalOrganization"))
        if c.type == "INTL":
            e = pack.entry("intl_org", c.value)
            cls = e.data.get("class") or "InternationalOrganization"
            return mk("ORG", reg.organization(e.label_en, span, cls=cls))
        if c.type == "ORG":
            if self.reg.is_generic(c.text):
                return None                   # "National Mining Company": a description of the name after it
            found = self._descriptor_before(sm, c)
            ent = reg.organization(c.text, span, cls=c.cls, based_in=c.based or found.state)
            ent.state_owned = ent.state_owned or (found.owned and bool(ent.based_in))
            ent.maker = ent.maker or self._product_after(sm, c)
            self._acronym_in_brackets(sm, c, ent)
            return mk("ORG", ent)
        if c.type in ("COMMODITY", "SECTOR"):
            entry = pack.entry(c.type.lower(), c.value)
            return mk(c.type, reg.concept(c.type.lower(), entry, span))
        if c.type == "ACCORD":
            return mk("ACCORD", self._accord(c, span))
        if c.type in ("ROLE", "EVENTNAME"):
            return mk(c.type, None)
        return None

    def _accord(self, c: Chunk, span: Span) -> Entity:
        """A named accord: its English head word (the pack's accord heads), its name words in
        their base form, plural when the text writes it so: "Porozumień Abrahamowych" -> Abraham
        Accords, the same node as the English name."""
        heads = self.accord_heads
        words = [w for w in c.text.split() if w.lower() not in self.det]
        head_at = next((k for k, w in enumerate(words) if self._head_of(w) is not None), None)
        if head_at is None:
            return self.reg.add("accord", slug(" ".join(words)), " ".join(words), span)
        head_word = words[head_at]
        english = heads[self._head_of(head_word)]
        plural = self._plural(head_word)
        names = [self._accord_name(w) for k, w in enumerate(words) if k != head_at]
        key = slug(" ".join(names) + " " + english)
        label = (" ".join(names) + " " + english + ("s" if plural else "")).strip()
        if english in ACCORD_OF_HEADS and names:
            label = english + ("s" if plural else "") + " of " + " ".join(names)
        ent = self.reg.add("accord", key, label, span)
        if plural and not ent.label_en.endswith("s"):
            ent.label_en = label
        if self.pack.native_labels:
            ent.labels.setdefault(self.pack.language, set()).add(c.text)
        return ent

    def _head_of(self, word: str) -> str | None:
        low = word.lower()
        if low in self.accord_heads:
            return low
        for lemma in self.pack.morph.info(word).lemmas:
            if lemma in self.accord_heads:
                return lemma
        return None

    def _plural(self, word: str) -> bool:
        if not self.pack.cased:
            return self.pack.morph.stem(word) != word.lower() and self.pack.morph.plural(self.pack.morph.stem(word)) == word.lower()
        readings = getattr(self.pack.morph, "analyse", lambda w: ())(word)
        return any(":pl:" in tag + ":" for _, tag, _ in readings) and not any(":sg:" in tag + ":" for _, tag, _ in readings)

    def _accord_name(self, word: str) -> str:
        """A name word of an accord in its base form: Abrahama -> Abraham, Abrahamowych -> Abraham."""
        if not self.pack.cased:
            return word
        for ending in sorted(self.pack.words("name_adjective_ending"), key=len, reverse=True):
            if word.lower().endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
        lemma = self.pack.morph.name_lemma(word) if hasattr(self.pack.morph, "name_lemma") else None
        return lemma or self.pack.morph.name_bases(word, "gen")[0]

    def _acronym_in_brackets(self, sm: SentenceMentions, c: Chunk, ent: Entity) -> None:
        """"European Bank for Reconstruction and Development (EBRD)": the acronym names it too."""
        k = c.j
        toks = sm.tokens
        if k + 2 < len(toks) and toks[k].text == "(" and toks[k + 2].text == ")" and is_acronym(toks[k + 1].text):
            self.reg.alias_org(toks[k + 1].text, ent)

    # ------------------------------------------------------------ evidence for unknown names
    def _evidence(self, sm: SentenceMentions, k: int) -> Evidence:
        c = sm.chunks[k]
        toks = sm.tokens[c.i:c.j]
        ev = self._descriptor_before(sm, c)
        if len(c.text) < 2 or all(t.lower in self.analyser.lower_vocab for t in toks) and len(toks) == 1:
            return Evidence()
        if any(cue.kind == "aircraft" and cue.i <= c.i < cue.j for cue in sm.cues):
            return Evidence()                 # a product (Dreamliners), not an actor
        if len(toks) == 1 and c.text.endswith("s") and self.reg.find_org(c.text[:-1]) is not None:
            return Evidence()                 # "three Boeings": the maker's products
        role, _, after = self.role_near(sm, k)
        if role is not None and not after and self._title_complement(sm, role):
            ev.org += 2                       # "X, head of Y" / "X, szefem Y": Y is where X works
        elif role is not None and not all(t.text.isupper() for t in toks):
            ev.person += 3
        prev = sm.tokens[c.i - 1].lower if c.i > 0 else ""
        if prev in self.honorifics:
            ev.person += 3
        infos = [t.info for t in toks]
        if len(toks) >= 2 and "given" in infos[0].names:
            ev.person += 2
        if len(toks) >= 2 and "surname" in infos[-1].names:
            ev.person += 1
        if infos and all("geo" in i.names and not i.names & {"given", "surname"} for i in infos):
            ev.place += 2
        if any("org" in i.names for i in infos):
            ev.org += 2
        ev.person += self._speech_next_to(sm, c)
        if self._apposition_descriptor(sm, c):
            ev.org += 3
        if self._based_after(sm, c):
            ev.org += 2
        if len(toks) == 1 and is_acronym(c.text):
            ev.org += 2
        if self._product_after(sm, c):
            ev.org += 2
        if prev in self.locative and not ev.person:
            ev.place += 1
        if len(toks) in (2, 3) and not ev.org:
            ev.person += 0.5
        return ev

    def _title_complement(self, sm: SentenceMentions, role: Chunk) -> bool:
        """A title that stands in an apposition after another name: "Name, CEO of ...", "Name,
        szefem ...". The name right after such a title is its organisation, not its holder."""
        k = role.i - 1
        while k >= 0 and (sm.tokens[k].lower in self.det or sm.tokens[k].lower in self.pack.words("possessive")):
            k -= 1
        if k < 1 or sm.tokens[k].text not in (",", "(", "–", "-"):
            return False
        before = chunk_at(sm, k - 1)
        if before is None or before.type not in ("NAME", "PERSON") or before.j != k:
            return False
        titled = chunk_at(sm, before.i - 1) if before.i else None
        while titled is not None and titled.type in ("SECTOR", "STATE", "STATEADJ") and titled.i:
            titled = chunk_at(sm, titled.i - 1)
        if titled is not None and titled.type == "ROLE":
            return False                      # "minister of A Name, minister of B Name2": a list of titled names
        return not any(q.type == "SECTOR" for q in sm.chunks if role.j <= q.i and q.j <= role.j + 2)

    def _descriptor_before(self, sm: SentenceMentions, c: Chunk) -> Evidence:
        """An organisation descriptor just before a name ("Kazakhstan's national mining company X",
        "US aviation giant X", "spółka X"): its class, the state it names and state ownership."""
        ev = Evidence()
        k, steps = c.i - 1, 0
        desc = {cue.j: cue for cue in sm.cues if cue.kind == "org_descriptor"}
        owned = {cue.j for cue in sm.cues if cue.kind == "state_owned"}
        while k >= 0 and steps < 6:
            q = chunk_at(sm, k)
            if q is not None and q.type in ("STATEADJ", "STATE") and q.j <= c.i:
                ev.state = ev.state or q.value
                k, steps = q.i - 1, steps + 1
                continue
            if q is not None and q.type == "ROLE" and ev.org:
                return Evidence()             # "director of the Lithuanian company Name": the title's holder
            t = sm.tokens[k]
            if k + 1 in desc and ev.org == 0:
                ev.org, ev.org_class = 3, desc[k + 1].value
            if k + 1 in owned:
                ev.owned = True
            if t.text in ",.;:()\"„”" or (t.is_cap and q is not None and q.type not in ("STATEADJ", "SECTOR", "COMMODITY")):
                break
            if not t.is_word and t.text not in "-'\u2019":
                break
            k, steps = k - 1, steps + 1
        return ev

    def _apposition_descriptor(self, sm: SentenceMentions, c: Chunk) -> bool:
        """"X, a state-owned company", "X, the airline": a descriptor within a few words after a comma."""
        k = c.j
        if k >= len(sm.tokens) or sm.tokens[k].text not in (",", "(", "–", "-"):
            return False
        for cue in sm.cues:
            if cue.kind == "org_descriptor" and k < cue.i <= k + 5:
                between = sm.tokens[k + 1:cue.i]
                if all(t.is_word and not t.is_cap or t.lower in self.det or t.lower.rpartition("-")[2] in self.based_words
                       or chunk_at(sm, t.index) is not None
                       and chunk_at(sm, t.index).type in ("STATEADJ", "STATE", "SECTOR") for t in between):
                    return not any(r.type == "ROLE" for r in sm.chunks if k < r.i < cue.i)
        return False

    def _based_after(self, sm: SentenceMentions, c: Chunk) -> bool:
        return any(cue.kind == "based" and c.j <= cue.i <= c.j + 1 for cue in sm.cues)

    def _product_after(self, sm: SentenceMentions, c: Chunk) -> bool:
        """A maker: its name before a product code or an aircraft count (Boeing 787, Airbus A321neos),
        or right after an aircraft count (37 odrzutowców Boeinga, 29 jets from Boeing)."""
        for a in sm.amounts:
            if a.model and (a.start <= c.start < a.end or 0 <= a.start - c.end <= 2):
                return True
            if a.unit in ("Aircraft", "Model") and 0 <= c.start - a.end <= 6:
                return True
        sells = {cue.j for cue in sm.cues if cue.kind == "predicate" and cue.value == "sell" and cue.i > c.j}
        for a in sm.amounts:
            if a.unit == "Aircraft" and any(sm.tokens[j - 1].end <= a.start for j in sells):
                end = max(j for j in sells if sm.tokens[j - 1].end <= a.start)
                gap = [t for t in sm.tokens[c.j:end] if not (t.lower in self.pack.words("aux") or any(
                    cue.kind == "predicate" and cue.i <= t.index < cue.j for cue in sm.cues))]
                if not gap and sum(1 for t in sm.tokens[end:] if t.end <= a.start) <= 3:
                    return True                # "Boeing will supply up to 37 aircraft"
        nxt = sm.tokens[c.j] if c.j < len(sm.tokens) else None
        if any(cue.kind == "aircraft" and cue.i == c.j for cue in sm.cues):
            return True                        # "Airbus planes", "Boeing jets"
        return nxt is not None and any(ch.isdigit() for ch in nxt.text) and any(ch.isalpha() for ch in nxt.text) \
            or (nxt is not None and nxt.text.isdigit() and len(nxt.text) == 3)

    def _speech_next_to(self, sm: SentenceMentions, c: Chunk) -> float:
        """A verb of saying right after the name ("X said") or right before it ("said X")."""
        says = [cue for cue in sm.cues if cue.kind == "predicate" and cue.value == "say"]
        for cue in says:
            gap = sm.tokens[c.j:cue.i]
            if 0 <= cue.i - c.j <= 2 and all(not t.is_word or t.lower in self.pack.words("aux") for t in gap):
                statement = any(a.kind == "attribution" and cue.j <= a.i <= cue.j + 1 for a in sm.cues)
                return -1.0 if statement else 1.5
            if 0 <= c.i - cue.j <= 1:
                return 1.5
        return 0.0

    # ------------------------------------------------------------ deciding
    def _name_mention(self, sm: SentenceMentions, k: int, ev: Evidence, total: Evidence) -> Mention | None:
        c = sm.chunks[k]
        toks = sm.tokens[c.i:c.j]
        span = Span(c.start, c.end)
        words = [t.text for t in toks if t.is_word and t.lower not in self.honorifics]
        known = self.reg.lookup_person(words[-1]) if words and len(words) <= 3 and not is_acronym(c.text) else None
        bases = [c.text]
        if self.pack.cased and len(toks) == 1:      # any case form of a firm the article names ("Novalu": Noval)
            bases = [b for case in (None, *self.pack.words("oblique_case")) for b in self.pack.morph.name_bases(c.text, case)]
        same_org = next((b for b in bases if (o := self.reg.find_org(b)) is not None and o.label_en == b), None)
        known_org = same_org is not None or self.reg.find_org(c.text) is not None
        person = ev.person + 0.5 * total.person + (3 if known and len(words) == 1 and not known_org else 0)
        org = ev.org + 0.5 * total.org + (3 if known_org else 0) + (3 if same_org else 0)   # "prezes Novalu"
        place = ev.place + 0.5 * total.place
        proper = any(not self.analyser.is_common(t) or "given" in t.info.names or "surname" in t.info.names
                     for t in toks if t.is_word)
        speaker = len(words) == 1 and ev.person >= 1.5 and total.org == 0 and not is_acronym(c.text)
        if (person >= 2 or speaker) and person > org and (len(words) > 1 or known or ev.person >= 3 or speaker) and proper:
            case = self._case_of(sm, c)
            ent = self.reg.person(words, c.text, span, case)
            if ent is None:
                return None
            return Mention("PERSON", c.i, c.j, c.start, c.end, ent.key, k, case=case)
        if org >= 2 and org >= person:
            cls = ev.org_class or (self.reg.find_org(c.text).subclass if self.reg.find_org(c.text) else None) or "Company"
            name = c.text
            adj = self._adjective_in_name(sm, k)
            if adj is not None:                   # "Kazakh Invest", "Russian Railways": the adjective is the name's
                name, span = f"{adj.text} {c.text}", Span(adj.start, c.end)
            if same_org and adj is None:
                name = same_org
            elif self.pack.cased and len(toks) == 1 and not is_acronym(c.text):
                case = self._case_of(sm, c)
                name = self.pack.morph.name_bases(c.text, case)[0] if case else name
            ent = self.reg.organization(name, span, cls=cls, based_in=ev.state)
            ent.state_owned = ent.state_owned or (ev.owned and bool(ent.based_in))
            ent.maker = ent.maker or self._product_after(sm, c)
            self._acronym_in_brackets(sm, c, ent)
            return Mention("ORG", c.i, c.j, c.start, c.end, ent.key, k, case=self._case_of(sm, c))
        if place >= 1 and place > person and place > org:
            label = " ".join(self.pack.morph.nominative(tuple(c.text.split())))
            longer = [e for e in self.reg.entities.values() if e.kind == "place" and e.label_en.startswith(label + " ")]
            if len(longer) == 1:                  # "Porto" after "Porto Alegre": the short form of a place named in full
                label = longer[0].label_en
            ent = self.reg.add("place", slug(label), label, span, c.text, place_kind="city")
            return Mention("PLACE", c.i, c.j, c.start, c.end, ent.key, k)
        return None

    def _adjective_in_name(self, sm: SentenceMentions, k: int) -> Chunk | None:
        """A capitalised state adjective right before a one-word name that is a common word of the
        language: part of the name (Kazakh Invest), where adjectives are capitalised at all."""
        c = sm.chunks[k]
        if k == 0 or self.pack.flag("lowercase_adjectives") or c.j - c.i != 1:
            return None
        prev = sm.chunks[k - 1]
        if prev.type != "STATEADJ" or prev.j != c.i or not sm.tokens[prev.i].is_cap:
            return None
        t = sm.tokens[c.i]
        common = t.lower in self.pack.common or t.lower in self.analyser.lower_vocab or t.info.zipf >= COMMON_ZIPF
        return prev if common else None

    # ------------------------------------------------------------ cases of names
    def _case_of_chunk(self, sm: SentenceMentions, c: Chunk) -> str | None:
        if not self.pack.cased:
            return None
        span = range(c.i, c.j) if c.type in ("STATE", "STATEADJ", "CAPITAL", "PLACE", "INTL", "COMMODITY", "SECTOR",
                                              "ROLE", "VENUE", "ACCORD") else (
            [self._first_word(sm, c)] if c.type == "ORG" else [c.j - 1])   # an organisation by its head, a name by its surname
        known = [sm.tokens[x].info.cases for x in span if sm.tokens[x].info.cases]
        cases = frozenset.intersection(*known) if known else frozenset()
        if len(cases) > 1 and cases - self.rare_cases:
            cases = cases - self.rare_cases   # "Izba Gospodarcza" is a subject, not someone addressed
        if len(cases) == 1:
            return next(iter(cases))
        if not cases:
            guessed = self.pack.morph.guess_case(sm.tokens[c.j - 1].text)
            if guessed:
                return guessed
        prev = sm.tokens[c.i - 1].lower if c.i > 0 else ""
        if prev in self.prep_case and (not cases or self.prep_case[prev] in cases):
            return self.prep_case[prev]
        return None

    @staticmethod
    def _first_word(sm: SentenceMentions, c: Chunk) -> int:
        """The first word of a name that is not the first part of a compound ("Polsko-" in "Polsko-Litewska")."""
        k = c.i
        while k + 2 < c.j and sm.tokens[k + 1].text == "-":
            k += 2
        return k

    def _case_of(self, sm: SentenceMentions, c: Chunk) -> str | None:
        """Grammatical case of a name: from a title next to it, a given name, or a preposition."""
        if not self.pack.cased:
            return None
        role, _, _ = self.role_near(sm, sm.chunks.index(c))
        given = next((sm.tokens[x].info.cases for x in range(c.i, c.j) if "given" in sm.tokens[x].info.names
                      or "surname" in sm.tokens[x].info.names), set())
        if role is not None:
            declined = getattr(self.pack.morph, "declined_cases", None)
            head = (declined(sm.tokens[role.i].text) if declined else sm.tokens[role.i].info.cases) \
                - set(self.pack.words("rare_case"))
            both = head & given if given else set()
            if len(both) == 1:
                return next(iter(both))
            if both and both <= {"gen", "acc"}:
                return "gen"                  # "premiera Denysa Szmyhala": the title and the given name agree
            own = self._case_of_chunk(sm, c)
            if len(head) == 1:
                return next(iter(head))
            if own and (not head or own in head):
                return own
            if head and "nom" in head and own is None:
                return "nom" if role.i < c.i else None
            if head and head <= {"gen", "acc"}:
                return "gen"                  # the same ending in both for masculine names
        for x in range(c.i, c.j):
            t = sm.tokens[x]
            if "given" in t.info.names and len(t.info.cases) == 1:
                return next(iter(t.info.cases))
        return self._case_of_chunk(sm, c)

    # ------------------------------------------------------------ titles and posts
    def role_near(self, sm: SentenceMentions, k: int) -> tuple[Chunk | None, list[Chunk], bool]:
        """The title of the name at chunk ``k`` (before it, or in an apposition after it), the
        qualifiers around the title, and whether it comes after."""
        role, quals = self._role_before(sm, k)
        if role is not None:
            return role, quals, False
        role, quals = self._role_after(sm, k)
        return role, quals, role is not None

    def _role_before(self, sm: SentenceMentions, k: int) -> tuple[Chunk | None, list[Chunk]]:
        c = sm.chunks[k]
        quals: list[Chunk] = []
        x, commas, steps = c.i - 1, 0, 0
        while x >= 0 and steps < 10:
            q = chunk_at(sm, x)
            t = sm.tokens[x]
            if q is not None and q.type == "ROLE":
                if commas and q.i >= 2 and sm.tokens[q.i - 1].text == "," and chunk_at(sm, q.i - 2) is not None \
                        and chunk_at(sm, q.i - 2).type in ("NAME", "PERSON"):
                    return None, []              # "A, President of X, B": A's title, not B's
                p = q.i - 1
                if p >= 0 and sm.tokens[p].text in self.pack.words("possessive_suffix"):
                    p -= 1
                pq = chunk_at(sm, p) if p >= 0 else None
                if pq is not None and pq.type in QUALIFIER_TYPES:
                    quals.append(pq)
                elif p >= 1 and sm.tokens[p].lower in self.conj and pq is None:
                    first = chunk_at(sm, p - 1)      # "Peruvian Vice President and Foreign Minister X": one qualifier, two titles
                    before = chunk_at(sm, first.i - 1) if first is not None and first.type == "ROLE" and first.i else None
                    if before is not None and before.type in QUALIFIER_TYPES:
                        quals.append(before)
                return q, quals
            if q is not None and q.type in QUALIFIER_TYPES:
                quals.append(q)
                x, steps = q.i - 1, steps + 1
                continue
            if t.text == ",":
                commas += 1
                if commas > 1:
                    break
            elif t.text in _QUOTE_MARKS:
                pass                              # «Казатомпрома» Арман ...: the marks round a name
            elif not (t.lower in self.title_links or t.lower in self.honorifics or (
                    t.is_word and not t.is_cap and "gen" in t.info.cases and "verb" not in t.info.pos and steps < 4)):
                break
            x, steps = x - 1, steps + 1
        return None, []

    def _role_after(self, sm: SentenceMentions, k: int) -> tuple[Chunk | None, list[Chunk]]:
        """An apposition after the name: ", chairman of X", ", Kyrgyzstan's President", ", szef X"."""
        c = sm.chunks[k]
        x = c.j
        toks = sm.tokens
        if x >= len(toks) or toks[x].text not in (",", "(", "–", "-"):
            return None, []
        x += 1
        while x < len(toks) and (toks[x].lower in self.det or toks[x].lower in self.pack.words("possessive")):
            x += 1
        q = chunk_at(sm, x) if x < len(toks) else None
        if q is not None and q.type in QUALIFIER_TYPES:
            y = q.j + (1 if q.j < len(toks) and toks[q.j].text in self.pack.words("possessive_suffix") else 0)
            nxt = chunk_at(sm, y) if y < len(toks) else None
            if nxt is not None and nxt.type == "ROLE":
                return nxt, [q]
            return None, []
        if q is None or q.type != "ROLE":
            return None, []
        quals: list[Chunk] = []
        y = q.j
        while y < len(toks) and y < q.j + 8:
            t, r = toks[y], chunk_at(sm, y)
            if r is not None and r.type == "ROLE" and not quals:
                y = r.j                      # the office of a higher office: "sekretarz prasowy prezydenta X"
                continue
            if t.text in (",", ";", ")", ".") or (r is not None and r.type == "ROLE"):
                break
            if r is not None and r.type in QUALIFIER_TYPES:
                quals.append(r)
                y = r.j
                continue
            y += 1
        return q, quals

    def _posts_of(self, sm: SentenceMentions, k: int, m: Mention, typed: dict, s: int) -> None:
        role, quals, after = self.role_near(sm, k)
        if role is None:
            return
        self.titled.add((sm.sentence.index, role.i))
        qual = self._qualifier(sm, quals, typed, s)
        for extra in self._more_orgs(sm, quals, typed, s, qual):
            self._add_post(m.entity, role, extra, Span(min(m.start, role.start), max(m.end, role.end)), sm.sentence.index)
        if qual is None and not after and sm.chunks[k].j + 1 < len(sm.tokens) and \
                sm.tokens[sm.chunks[k].j].lower in self.connect and sm.tokens[sm.chunks[k].j].lower not in self.conj:
            nxt = chunk_at(sm, sm.chunks[k].j + 1)
            if nxt is not None and nxt.type in ("STATE", "ORG", "INTL", "CAPITAL"):
                qual = self._qualifier(sm, [nxt], typed, s)
        corporate = self.pack.entry("role", role.value).data.get("corporate") == "yes"
        if qual is None and self.last_state and any(
                cue.kind == "this_country" and role.j <= cue.i <= role.j + 1 for cue in sm.cues):
            qual = self.last_state                # "prezydent tego kraju X": the country just named
        if qual is None and corporate:
            orgs = {x.entity for x in (typed.get((s, j)) for j in range(len(sm.chunks))) if x is not None
                    and x.type == "ORG" and x.entity}
            if len(orgs) == 1:
                qual = next(iter(orgs))        # "said CEO X" in a sentence about one company
        if qual is None and self.home_state and not corporate:
            qual = self.home_state
        a = min(m.start, role.start)
        b = max([m.end, role.end] + [q.end for q in quals])
        self._add_post(m.entity, role, qual, Span(a, b), sm.sentence.index)

    def _more_orgs(self, sm: SentenceMentions, quals: list[Chunk], typed: dict, s: int, first: str | None) -> list[str]:
        """"CEO of Alder Holdings and Alder Metals": every organisation of a coordinated qualifier."""
        out = []
        conj = set(self.pack.words("conj"))
        orgs = [q for q in quals if (typed.get((s, sm.chunks.index(q))) or Mention("", 0, 0, 0, 0, None, 0)).type == "ORG"]
        for a, b in zip(orgs, orgs[1:]):
            gap = sm.tokens[a.j:b.i]
            m = typed.get((s, sm.chunks.index(b)))
            if gap and all(t.lower in conj or t.text == "," for t in gap) and m is not None and m.entity != first:
                out.append(m.entity)
        return out

    def _qualifier(self, sm: SentenceMentions, quals: list[Chunk], typed: dict, s: int) -> str | None:
        order = {"ORG": 0, "INTL": 0, "NAME": 1, "STATE": 2, "CAPITAL": 2, "STATEADJ": 3}
        for q in sorted(quals, key=lambda q: order.get(q.type, 9)):
            m = typed.get((s, sm.chunks.index(q)))
            if q.type in ("STATEADJ", "STATE", "CAPITAL"):
                return f"state:{q.value}"
            if m is not None and m.type in ("ORG", "STATE") and m.entity:
                return m.entity
            if q.type == "NAME" and m is None and not self.analyser.is_common(sm.tokens[q.i]):
                ent = self.reg.organization(q.text, Span(q.start, q.end), cls="Company")
                return ent.key
        return None

    def _drop_unqualified(self) -> None:
        """A post with no state or organisation, when the same person holds the same title qualified."""
        qualified = {(f.subject, f.role) for f in self.posts if f.object}
        self.posts = [f for f in self.posts if f.object or (f.subject, f.role) not in qualified]
        for person, posts in self.roles_of.items():
            keep = {r for r, q in posts if q}
            self.roles_of[person] = [(r, q) for r, q in posts if q or r not in keep]

    def _qualify_post(self, person: str, role: str, qual: str, evidence: Span, sentence: int) -> None:
        """A post first named with no state gets the state a later reference names."""
        for f in self.posts:
            if f.subject == person and f.role == role and f.object is None:
                f.object = qual
                f.evidence.append(evidence)
        self.roles_of[person] = [(r, qual if (r == role and q is None) else q) for r, q in self.roles_of[person]]

    def _add_post(self, person: str, role: Chunk, qual: str | None, evidence: Span, sentence: int) -> None:
        for f in self.posts:
            if f.subject == person and f.role == role.value and f.object == qual:
                if evidence not in f.evidence:
                    f.evidence.append(evidence)
                return
        kind = "ownership" if role.value == "owner" and qual else "post"
        self.posts.append(Fact(kind, subject=person, object=qual, role=role.value, role_title=role.text,
                               evidence=[evidence], sentence=sentence))
        self.roles_of[person].append((role.value, qual))

    def _bare_role(self, sm: SentenceMentions, m: Mention, row: list[Mention]) -> Mention:
        """A title with no name ("the Kazakh President said"): the person who holds that post."""
        idx = row.index(m)
        nxt = row[idx + 1] if idx + 1 < len(row) else None
        prv = row[idx - 1] if idx > 0 else None
        if (sm.sentence.index, m.i) in self.titled or (nxt is not None and nxt.type == "PERSON" and nxt.i <= m.j + 1):
            return m
        if prv is not None and prv.type == "PERSON" and m.i - prv.j <= 3:
            return m                          # "Name, szefem ...": the title of the name before it
        qual = None
        cases = sm.tokens[nxt.i].info.cases if nxt is not None else set()
        if prv is not None and prv.type == "STATEADJ" and prv.j == m.i:
            qual = f"state:{prv.value}"                    # "the Kazakh President", "amerykańskiego prezydenta"
        elif nxt is not None and nxt.type in ("STATE", "STATEADJ") and nxt.i == m.j and (not cases or "gen" in cases):
            qual = nxt.entity or f"state:{nxt.value}"      # "President of Kazakhstan", "szef polskiego rządu"
        holders = [p for p, posts in self.roles_of.items() if any(r == m.value and (q == qual or qual is None)
                                                                    for r, q in posts)]
        if not holders and qual and self.pack.is_leader_role(m.value):
            holders = [p for p, posts in self.roles_of.items()
                       if any(q == qual and self.pack.is_leader_role(r) for r, q in posts)]
        if not holders and qual and qual.startswith("state:") and (self.pack.is_leader_role(m.value) or m.value == HEAD_ROLE):
            # "szef polskiego rządu", "the Polish premier": the one leader named with no state
            holders = [p for p, posts in self.roles_of.items()
                       if any(q is None and self.pack.is_leader_role(r) for r, q in posts)]
            if len(holders) == 1:
                role = next(r for r, q in self.roles_of[holders[0]] if q is None and self.pack.is_leader_role(r))
                self._qualify_post(holders[0], role, qual, Span(m.start, m.end), sm.sentence.index)
        if len(holders) != 1:
            return m
        return Mention("ROLE", m.i, m.j, m.start, m.end, None, m.chunk, value=m.value, refers_to=holders[0],
                       qualifier=qual)
