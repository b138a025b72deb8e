"""Facts from mentions: who holds which post, who said what, who proposed what,
which state joins which accord, which agreements were reached (with parties,
signatories, amounts, commodities, sectors, financing), and the summit itself.

``extract(article)`` is the whole extractor: article in, ``Extraction`` out.
"""
from __future__ import annotations

import re
from collections import Counter

from . import morph
from .amounts import find_dateline
from .article import Article
from .entities import (HONORIFICS, PREPOSITION_CASE, Registry, descriptor_before, is_acronym)
from .gc_pause import gc_paused
from .lexicon import lexicon
from .mentions import LOCATIVE, ORG_DESCRIPTORS, Chunk, SentenceMentions, analyse_sentence
from .model import Agreement, Amount, EventInfo, Extraction, Fact, Span
from .names import slug
from .text import split_sentences

CORPORATE_ROLES = {"ceo", "chairman", "head", "founder", "president-company", "executive", "owner", "director"}
NON_PARTY_PREP = {"beyond", "against", "than", "unlike", "outside", "excluding", "without", "rival", "over"}
TYPE_PRIORITY = ["FinancingOffer", "JointVenture", "InvestmentCommitment", "Sale", "Cooperation"]
ACTOR_TYPES = ("STATE", "ORG", "INTL", "CAPITAL")


class _Ctx:
    def __init__(self, article: Article):
        self.article = article
        self.lang = article.language
        self.lex = lexicon(self.lang)
        self.reg = Registry(self.lex, self.lang)
        self.facts: list[Fact] = []
        self.amounts: list[Amount] = []
        self.posts: dict[tuple[str, str | None], str] = {}      # (role, qualifier key) -> person key
        self.person_posts: dict[str, list[tuple[str, str | None]]] = {}
        self.last_person: str | None = None
        self.last_speaker: str | None = None
        self.last_speaker_sentence = -10
        self.home_state: str | None = None


@gc_paused()
def extract(article: Article) -> Extraction:
    ctx = _Ctx(article)
    sentences = split_sentences(article)
    if not article.date:
        article.date = find_dateline(article.text, article.language)
    analyses: list[SentenceMentions] = []
    lower_vocab = frozenset(w for w in re.findall(r"(?<![\w.])[a-ząćęłńóśźż][\w'-]*", article.text)) \
        if ctx.lang == "en" else frozenset()
    ctx.home_state = _home_state(ctx, article)
    for s in sentences:
        if s.duplicate_of is not None:
            continue
        analyses.append(analyse_sentence(s, ctx.lang, ctx.lex, article.date, lower_vocab))
    title = (article.title or "").strip()
    titles = {sm.sentence.index for sm in analyses if title and sm.sentence.text.strip().rstrip(".") == title}
    for sm in analyses:
        _type_chunks(ctx, sm, first_pass=True)
    for sm in analyses:
        _type_chunks(ctx, sm, first_pass=False)
    ctx.reg.finish_labels()
    frames: list[Agreement] = []
    for sm in analyses:
        _subsidiaries(ctx, sm)
        _sentence_subject(ctx, sm)
        _quotes(ctx, sm)
        _proposals(ctx, sm)
        if sm.sentence.index in titles:
            continue
        _accessions(ctx, sm)
        frames.extend(_agreement_frames(ctx, sm))
        _quantities(ctx, sm)
    _carry_commodities(frames, analyses)
    agreements = _merge_frames(frames)
    _stakes(ctx, analyses, agreements)
    events = _summit(ctx, analyses, agreements)
    known = ctx.reg.entities
    for a in agreements:
        for name in ("parties", "buyers", "sellers", "investors", "financiers", "signatories", "facilitators",
                     "manufacturers", "commodities", "sectors"):
            setattr(a, name, [k for k in getattr(a, name) if k in known])
    agreements = [a for a in agreements if a.all_parties()]
    _agreement_keys(agreements)
    used = {id(x) for a in agreements for x in a.amounts}
    amounts = [x for x in ctx.amounts if id(x) in used or x.unit in ("Tonne", "Barrel", "CubicMetre", "Ounce") or x.used]
    return Extraction(article, sentences, ctx.reg.entities, ctx.facts, agreements, amounts, events)


def _home_state(ctx: _Ctx, article: Article) -> str | None:
    """The state of the dateline city: unqualified titles (President X) refer to it."""
    place = article.dateline_place
    if not place:
        return None
    place = place.split(",")[0].strip().title()
    for e in ctx.lex.states.values():
        caps = [c.strip() for c in (e.data.get("capital_en") or "").split("|") + (e.data.get("capital_pl") or "").split("|")]
        if place in caps or place.upper() in (c.upper() for c in caps):
            return f"state:{e.id}"
    for e in ctx.lex.place_entries.values():
        names = [e.label_en, e.data.get("label_pl", "")] + (e.data.get("aliases_en") or "").split("|")
        if place.upper() in (n.upper() for n in names if n) and e.data.get("state"):
            return f"state:{e.data['state']}"
    return None


def _carry_commodities(frames: list[Agreement], analyses: list[SentenceMentions]) -> None:
    """A joint venture with no commodity of its own develops the deposit named just before."""
    by_index = {sm.sentence.index: sm for sm in analyses}
    order = [sm.sentence.index for sm in analyses]
    for f in frames:
        if f.type != "JointVenture" or f.commodities or not f.sentences:
            continue
        pos = order.index(f.sentences[0]) if f.sentences[0] in order else -1
        found: list[str] = []
        for k in order[max(0, pos - 2):pos]:
            sm = by_index[k]
            found += [_ent(c) for c in sm.chunks if c.type == "COMMODITY" and not sm.in_quote(c.start) and _ent(c)]
        if len(set(found)) == 1:
            f.commodities = [found[0]]


# ------------------------------------------------------------------ typing chunks

def _ent(chunk: Chunk) -> str | None:
    return chunk.extra.get("entity")


def _span(chunk: Chunk) -> Span:
    return Span(chunk.start, chunk.end)


def _locative_before(sm: SentenceMentions, chunk: Chunk, lang: str) -> bool:
    return chunk.i > 0 and sm.tokens[chunk.i - 1].lower in LOCATIVE[lang]


def _case_of(sm: SentenceMentions, chunk: Chunk, role: Chunk | None) -> str | None:
    """Grammatical case of a Polish name from a title or apposition next to it or a preposition."""
    if role is not None:
        for k in range(role.i, role.j):
            cases = morph.cases_pl(sm.tokens[k].text)
            if len(cases) == 1:
                return next(iter(cases))
            if cases and "inst" in cases and sm.tokens[k].text.endswith("em"):
                return "inst"
            if cases and cases <= {"gen", "acc"}:
                return "gen"
            if "gen" in cases and sm.tokens[k].text.endswith("a") and not sm.tokens[k].text.endswith("ca"):
                return "gen"
            if cases and "nom" in cases:
                return "nom"
    for k in range(chunk.i, chunk.j):
        t = sm.tokens[k]
        if morph.is_given_name_pl(t.text):
            cases = morph.cases_pl(t.text)
            if cases == {"nom"}:
                return "nom"
            if len(cases) == 1:
                return next(iter(cases))
    if chunk.i > 0:
        prev = sm.tokens[chunk.i - 1].lower
        if prev in PREPOSITION_CASE:
            return PREPOSITION_CASE[prev]
    nxt = chunk.j
    if nxt + 1 < len(sm.tokens) and sm.tokens[nxt].text == ",":
        for k in range(nxt + 1, min(nxt + 4, len(sm.tokens))):
            cases = morph.cases_pl(sm.tokens[k].text)
            if len(cases) == 1 and any(lm in ctx_roles() for lm in sm.tokens[k].lemmas):
                return next(iter(cases))
    return None


_ROLE_WORDS: set[str] | None = None


def ctx_roles() -> set[str]:
    global _ROLE_WORDS
    if _ROLE_WORDS is None:
        lex = lexicon("pl")
        _ROLE_WORDS = set(lex.roles.index)
    return _ROLE_WORDS


def _geo_only(sm: SentenceMentions, chunk: Chunk, lang: str) -> bool:
    if lang != "pl":
        return False
    for k in range(chunk.i, chunk.j):
        quals = {q for _, _, qs in morph.analyse_pl(sm.tokens[k].text) for q in qs}
        if "nazwa_geograficzna" in quals and not quals & {"nazwisko", "imię"} and k == chunk.i and chunk.j - chunk.i > 1:
            return True
    for k in range(chunk.i, chunk.j):
        quals = {q for _, _, qs in morph.analyse_pl(sm.tokens[k].text) for q in qs}
        if "nazwa_geograficzna" not in quals or "nazwisko" in quals or "imię" in quals:
            return False
    return True


def _role_before(sm: SentenceMentions, idx: int) -> tuple[Chunk | None, list[Chunk]]:
    """A title before the name at chunk index idx, and the qualifiers around it."""
    chunk = sm.chunks[idx]
    quals: list[Chunk] = []
    k = chunk.i - 1
    commas = 0
    steps = 0
    while k >= 0 and steps < 10:
        c = sm.chunk_at(k)
        t = sm.tokens[k]
        if c is not None and c.type == "ROLE":
            # qualifiers right before the title: "Kazakh President", "Cove CEO", "U.S. Secretary of State"
            p = c.i - 1
            if p >= 0 and sm.tokens[p].text in ("'s", "’s"):
                p -= 1
            pc = sm.chunk_at(p) if p >= 0 else None
            if pc is not None and pc.type in ("STATE", "STATEADJ", "ORG", "NAME", "INTL", "CAPITAL"):
                quals.append(pc)
            elif p >= 0 and sm.tokens[p].text.endswith(("'s", "’s")) and pc is not None:
                quals.append(pc)
            return c, quals
        if c is not None and c.type in ("STATE", "STATEADJ", "ORG", "INTL", "NAME", "CAPITAL"):
            quals.append(c)
            k = c.i - 1
            steps += 1
            continue
        if t.text == ",":
            commas += 1
            sm.__dict__["_crossed_comma"] = True
            if commas > 1:
                break
        elif t.lower in ("of", "the", "'s", "’s", "at", "for", "and"):
            pass
        elif t.is_word and not t.is_cap and (t.lemmas & set(lexicon_org_words())):
            pass
        elif t.lower in HONORIFICS:
            pass
        elif t.is_word and not t.is_cap and steps < 4 and "gen" in morph.cases_pl(t.text) and \
                not any(tag.split(":")[0] in ("fin", "praet", "inf", "prep", "conj") for _, tag, _ in morph.analyse_pl(t.text)):
            pass
        else:
            break
        k -= 1
        steps += 1
    return None, []


_ORG_WORDS: set[str] | None = None


def lexicon_org_words() -> set[str]:
    global _ORG_WORDS
    if _ORG_WORDS is None:
        from .mentions import ORG_DESCRIPTORS
        _ORG_WORDS = set(ORG_DESCRIPTORS["pl"]) | set(ORG_DESCRIPTORS["en"]) | {"bank", "ministry", "ministerstwo"}
    return _ORG_WORDS


def _role_after(sm: SentenceMentions, idx: int) -> tuple[Chunk | None, list[Chunk]]:
    """An apposition after the name: ", chairman of the management board of X", ", szefem X"."""
    chunk = sm.chunks[idx]
    k = chunk.j
    if k >= len(sm.tokens) or sm.tokens[k].text not in (",", "(", "–", "-"):
        return None, []
    k += 1
    while k < len(sm.tokens) and sm.tokens[k].lower in ("the", "a", "an", "its", "his", "her", "now", "currently", "also"):
        k += 1
    c = sm.chunk_at(k) if k < len(sm.tokens) else None
    quals: list[Chunk] = []
    if c is None or c.type != "ROLE":
        # "X, a spokesman for ..." is handled by the role matcher; here "X, Kyrgyzstan's President"
        if c is not None and c.type in ("STATE", "STATEADJ", "ORG", "NAME"):
            nxt = sm.chunk_at(c.j + (1 if c.j < len(sm.tokens) and sm.tokens[c.j].text in ("'s", "’s") else 0))
            if nxt is not None and nxt.type == "ROLE":
                return nxt, [c]
        return None, []
    role = c
    k = c.j
    while k < len(sm.tokens) and k < c.j + 8:
        t = sm.tokens[k]
        q = sm.chunk_at(k)
        if t.text in (",", ";", ")", ".") or (q is not None and q.type == "ROLE" and q.value == role.value):
            break
        if q is not None and q.type == "ROLE" and quals and k > 0 and sm.tokens[k - 1].lower in ("i", "and", "oraz"):
            role.extra["second"] = (q, [x for x in sm.chunks if x.i >= q.j and x.i <= q.j + 3
                                         and x.type in ("ORG", "NAME", "STATE", "INTL")][:1])
            break
        if q is not None and q.type in ("STATE", "STATEADJ", "ORG", "NAME", "INTL", "CAPITAL"):
            quals.append(q)
            k = q.j
            continue
        k += 1
    return role, quals


def _qualifier_entity(ctx: _Ctx, sm: SentenceMentions, quals: list[Chunk], first_pass: bool) -> str | None:
    order = {"ORG": 0, "INTL": 0, "NAME": 1, "STATE": 2, "CAPITAL": 2, "STATEADJ": 3}
    for q in sorted(quals, key=lambda q: order.get(q.type, 9)):
        if q.type == "NAME":
            key = _ent(q)
            if key and key.startswith("person:"):
                continue
            if not key:
                ent = ctx.reg.organization(q.text, _span(q), cls="Company")
                q.extra["entity"] = ent.key
                q.type = "ORG"
                key = ent.key
            return key
        if q.type in ("ORG", "INTL"):
            return _ent(q)
        if q.type in ("STATE", "STATEADJ", "CAPITAL"):
            return ctx.reg.state(q.value, _span(q) if q.type != "STATEADJ" else None).key
    return None


def _add_post(ctx: _Ctx, person: str, role: Chunk, qualifier: str | None, evidence: Span, sentence: int) -> None:
    role_id = role.value
    if (role_id, qualifier) in ctx.posts and ctx.posts[(role_id, qualifier)] == person:
        for f in ctx.facts:
            if f.kind in ("post", "ownership") and f.subject == person and f.role == role_id and f.object == qualifier:
                if evidence not in f.evidence:
                    f.evidence.append(evidence)
        return
    if role_id == "owner" and qualifier:
        ctx.facts.append(Fact("ownership", subject=person, object=qualifier, role=role_id, role_title=role.text,
                              evidence=[evidence], sentence=sentence))
    else:
        ctx.facts.append(Fact("post", subject=person, object=qualifier, role=role_id, role_title=role.text,
                              evidence=[evidence], sentence=sentence))
    ctx.posts.setdefault((role_id, qualifier), person)
    ctx.person_posts.setdefault(person, []).append((role_id, qualifier))


def _type_chunks(ctx: _Ctx, sm: SentenceMentions, first_pass: bool) -> None:
    lang, reg = ctx.lang, ctx.reg
    speech = {i for i, _, _ in sm.cue_tokens("speech")} | {j for _, j, _ in sm.cue_tokens("speech")}
    aircraft = sm.cue_tokens("aircraft")
    order = [k for k, c in enumerate(sm.chunks) if c.type != "NAME"] + [k for k, c in enumerate(sm.chunks) if c.type == "NAME"]
    for idx in order:
        c = sm.chunks[idx]
        if _ent(c) and c.type != "NAME":
            continue
        if c.type == "STATE":
            c.extra["entity"] = reg.state(c.value, _span(c), c.text).key
        elif c.type == "CAPITAL":
            if _locative_before(sm, c, lang) or (lang == "en" and c.i > 0 and sm.tokens[c.i - 1].lower == "the"):
                e = ctx.lex.states[c.value]
                ent = reg.add("place", slug(c.text if lang == "en" else e.data.get("capital_en", c.text).split("|")[0]),
                              e.data.get("capital_en", c.text).split("|")[0], _span(c), c.text, located_in=f"state:{c.value}")
                ent.extra["kind"] = "city"
                c.extra["entity"] = ent.key
                c.type = "PLACE"
            else:
                c.extra["entity"] = reg.state(c.value, _span(c)).key
                c.type = "STATE"
        elif c.type == "PLACE" and c.value is None:
            label = " ".join(morph.nominative_phrase_pl(tuple(c.text.split()))) if lang == "pl" else c.text
            ent = reg.add("place", slug(label), label, _span(c), c.text)
            ent.extra["kind"] = "venue"
            c.extra["entity"] = ent.key
        elif c.type == "PLACE":
            e = ctx.lex.place_entries[c.value]
            ent = reg.add("place", c.value, e.label_en, _span(c), c.text,
                          located_in=f"state:{e.data['state']}" if e.data.get("state") else None)
            ent.extra["kind"] = e.data.get("kind", "city")
            if lang == "pl":
                ent.labels_pl.add(e.data.get("label_pl") or c.text)
            c.extra["entity"] = ent.key
        elif c.type == "INTL":
            e = ctx.lex.intl_entries[c.value]
            ent = reg.organization(e.label_en, _span(c), cls="FinancialInstitution" if re.search(
                r"\b(Bank|Fund)\b", e.label_en) else "InternationalOrganization")
            c.extra["entity"] = ent.key
        elif c.type == "ORG":
            ent = reg.organization(c.text, _span(c), cls=c.extra.get("cls"), based_in=c.extra.get("based"))
            found, state, owned = descriptor_before(sm, c, lang)
            if state and not ent.based_in:
                ent.based_in = state
            if owned and state:
                ent.state_owned = True
            if not ent.based_in:
                for k in range(c.i, c.j):
                    inner = [x for x in ctx.lex.state_adjectives.find(sm.tokens[k:k + 1])] + \
                        [x for x in ctx.lex.state_names.find(sm.tokens[k:k + 1])] + \
                        [x for x in ctx.lex.capitals.find(sm.tokens[k:k + 1])]
                    if inner:
                        ent.based_in = inner[0][2].id
                        break
            c.extra["entity"] = ent.key
            _acronym_in_brackets(ctx, sm, c, ent)
        elif c.type in ("COMMODITY", "SECTOR"):
            entry = (ctx.lex.commodity_labels if c.type == "COMMODITY" else ctx.lex.sector_labels)[c.value]
            c.extra["entity"] = reg.concept(c.type.lower(), entry, _span(c)).key
        elif c.type == "ACCORD":
            c.extra["entity"] = _accord(ctx, sm, c).key
        elif c.type == "NAME" and not _ent(c):
            _type_name(ctx, sm, idx, c, first_pass, speech, aircraft)
    # posts with no name: "Prezydent Kazachstanu ogłosił" refers to whoever holds that post
    for idx, c in enumerate(sm.chunks):
        if c.type == "ROLE" and not first_pass:
            nxt = sm.chunks[idx + 1] if idx + 1 < len(sm.chunks) else None
            prv = sm.chunks[idx - 1] if idx > 0 else None
            qual = None
            if nxt is not None and nxt.type in ("STATE",) and nxt.i == c.j:
                qual = _ent(nxt)
            elif prv is not None and prv.type in ("STATEADJ",) and prv.j == c.i:
                qual = f"state:{prv.value}"
            if qual:
                person = ctx.posts.get((c.value, qual))
                if person is None and ctx.lex.role_entries[c.value].data.get("leader") == "yes":
                    for (r, q), p in ctx.posts.items():
                        if q == qual and ctx.lex.role_entries[r].data.get("leader") == "yes":
                            person = p
                c.extra["refers_to"] = person
                c.extra["qualifier"] = qual
            elif ctx.lex.role_entries[c.value].data.get("leader") == "yes" and c.i > 0 and \
                    sm.tokens[c.i - 1].lower in ("the",) and (nxt is None or nxt.type != "PERSON" or nxt.i > c.j):
                leaders = [p for p, posts in ctx.person_posts.items()
                           if any(ctx.lex.role_entries[r].data.get("leader") == "yes" for r, _ in posts)]
                if leaders:
                    c.extra["refers_to"] = max(leaders, key=lambda p: len(ctx.reg.entities[p].mentions))


_SUBSIDIARY_LAST_WORDS = ("of", "zależna", "córka", "do", "część", "oddział", "filia")   # SUBSIDIARY_AFTER's
SUBSIDIARY_AFTER = re.compile(
    r",?\s*(?:a|an|the)?\s*(?:wholly[- ]owned\s+)?(?:subsidiary|unit|arm|affiliate|division)\s+of\s+$|"
    r",?\s*(?:spółka\s+(?:zależna|córka)|należąc\w+\s+do|część|oddział|filia)\s+$", re.I)


def _subsidiaries(ctx: _Ctx, sm: SentenceMentions) -> None:
    """"Y, a subsidiary of X", "Y, należąca do X", "X's subsidiary Y": Y is a subsidiary of X."""
    orgs = [c for c in sm.chunks if c.type in ("ORG", "INTL") and _ent(c)]
    text = sm.sentence.text
    off = sm.sentence.start
    for a, b in zip(orgs, orgs[1:]):
        between = text[a.end - off:b.start - off]
        if len(between) <= 60 and between.rstrip().lower().endswith(_SUBSIDIARY_LAST_WORDS) and \
                SUBSIDIARY_AFTER.search(between) and _ent(a) != _ent(b):
            child = ctx.reg.entities[_ent(a)]
            child.parent = child.parent or _ent(b)
            child.extra.setdefault("parent_evidence", Span(a.start, b.end))
        elif re.fullmatch(r"['’]s\s+(?:\w+\s+){0,2}(?:subsidiary|unit|arm|affiliate)\s*,?\s*", between, re.I):
            child = ctx.reg.entities[_ent(b)]
            child.parent = child.parent or _ent(a)
            child.extra.setdefault("parent_evidence", Span(a.start, b.end))


def _acronym_in_brackets(ctx: _Ctx, sm: SentenceMentions, c: Chunk, ent) -> None:
    k = c.j
    if k + 3 < len(sm.tokens) and sm.tokens[k].text == "(" and sm.tokens[k + 3].text == ")" and \
            is_acronym(sm.tokens[k + 1].text) and is_acronym(sm.tokens[k + 2].text):
        alias = sm.tokens[k + 1].text + " " + sm.tokens[k + 2].text
        ctx.reg.alias_org(alias, ent)
        inner = sm.chunk_at(k + 1)
        if inner is not None:
            inner.type = "ORG"
            inner.extra["entity"] = ent.key
        return
    if k + 2 < len(sm.tokens) and sm.tokens[k].text == "(" and sm.tokens[k + 2].text == ")" and is_acronym(sm.tokens[k + 1].text):
        ctx.reg.alias_org(sm.tokens[k + 1].text, ent)
        inner = sm.chunk_at(k + 1)
        if inner is not None:
            inner.type = "ORG"
            inner.extra["entity"] = ent.key


def _accord(ctx: _Ctx, sm: SentenceMentions, c: Chunk):
    toks = sm.tokens[c.i:c.j]
    if ctx.lang == "pl":
        head, rest = toks[0], toks[1:]
        names = []
        for t in rest:
            adj = [lm for lm, tag, _ in morph.analyse_pl(t.text) if tag.startswith("adj") and lm.endswith("owy")]
            if adj:
                names.append(adj[0][:-3].capitalize())
                continue
            lemma = morph.name_lemma_pl(t.text)
            names.append(lemma if lemma else morph.base_forms(t.text, "gen")[0] if not morph.is_known_pl(t.text) else t.text)
        plural = any(tag.split(":")[1] == "pl" for _, tag, _ in morph.analyse_pl(head.text) if ":" in tag) and not any(
            tag.split(":")[1] == "sg" and "nom" in tag.split(":")[2] for _, tag, _ in morph.analyse_pl(head.text) if tag.count(":") >= 2)
        lemma_head = next(iter(sorted(head.lemmas - {head.lower}) or [head.lower]))
        english_head = {"porozumienie": "Accord", "traktat": "Treaty", "deklaracja": "Declaration", "pakt": "Pact",
                        "karta": "Charter", "inicjatywa": "Initiative", "konwencja": "Convention",
                        "protokół": "Protocol"}.get(lemma_head, "Accord")
        if plural or head.text.endswith(("ń", "ach", "ami", "om")):
            english_head += "s"
        personal = all(morph.name_lemma_pl(t.text) or any(tag.startswith("adj") and lm.endswith("owy")
                                                           for lm, tag, _ in morph.analyse_pl(t.text)) for t in rest)
        if personal:
            label = " ".join(names) + " " + english_head if english_head.rstrip("s") not in ("Charter", "Initiative", "Treaty") \
                else english_head + " of " + " ".join(names)
        else:
            label = lemma_head.capitalize() + " " + " ".join(t.text for t in rest)
        key = slug(" ".join(names)) + "-" + english_head.lower().rstrip("s")
        ent = ctx.reg.add("accord", key, label, _span(c))
        ent.labels_pl.add(c.text)
        return ent
    text = re.sub(r"^the\s+", "", c.text, flags=re.I)
    words = text.split()
    head = words[-1].rstrip("s").lower()
    key = slug(" ".join(words[:-1])) + "-" + head
    return ctx.reg.add("accord", key, text, _span(c))


# "<name>, based in", "<name>, a state miner": what follows a name that makes it an organisation
_BASED_AFTER = re.compile(r"\s*(z siedzibą|,? based in|,? headquartered|-based)")
_APPOSITION = re.compile(r",\s+(?:a|an|the)?\s*(?:[\w'’.-]+\s+){0,4}?(company|firm|agency|bank|developer|lender|miner|"
                         r"producer|group|fund|operator|carrier|airline|manufacturer|maker|conglomerate|investor|"
                         r"spółka|firma|agencja|bank|fundusz|koncern|producent|przewoźnik)\b")


def _type_name(ctx: _Ctx, sm: SentenceMentions, idx: int, c: Chunk, first_pass: bool, speech: set[int], aircraft) -> None:
    lang, reg = ctx.lang, ctx.reg
    toks = sm.tokens[c.i:c.j]
    text = c.text
    if len(text) < 2 or _geo_only(sm, c, lang):
        return
    sm.__dict__["_crossed_comma"] = False
    role, quals = _role_before(sm, idx)
    crossed = sm.__dict__.get("_crossed_comma", False)
    role_a, quals_a = _role_after(sm, idx)
    role_after = False
    if role is None or (crossed and role_a is not None):
        role, quals = role_a, quals_a
        role_after = role is not None
    acronym = len(toks) == 1 and is_acronym(text)
    honorific = c.i > 0 and sm.tokens[c.i - 1].lower in HONORIFICS
    found, state, owned = descriptor_before(sm, c, lang)
    after = sm.sentence.text[c.end - sm.sentence.start: c.end - sm.sentence.start + 80].lower()
    based_after = _BASED_AFTER.match(after)
    aircraft_next = lang == "en" and any(0 <= a_i - c.j <= 9 and not any(t.text in ",;." for t in sm.tokens[c.j:a_i])
                                         for a_i, _, _ in aircraft)
    aircraft_prev = any(a_j == c.i for _, a_j, _ in aircraft) and lang == "pl"
    known_org = reg.find_org_by_name(text)
    deal_here = sm.has_cue("signed") or sm.has_cue("agreement")
    prev_tok = sm.tokens[c.i - 1].lower if c.i > 0 else ""
    counterparty = deal_here and prev_tok in ("with", "z", "ze", "from", "od") and len(toks) <= 4
    signer_subject = deal_here and any(0 <= si - c.j <= 2 for si, _, _ in sm.cue_tokens("signed")) and \
        any(is_acronym(t.text) or _org_class(t) for t in toks)
    appos = _APPOSITION.match(after) if not found and not (role is not None and role_after) else None
    if appos:
        found = "FinancialInstitution" if appos.group(1) in ("bank", "lender", "fund", "fundusz") else (
            "GovernmentBody" if appos.group(1) in ("agency", "agencja") else "Company")
    known_person = reg.lookup_person(toks[-1].text) if len(toks) <= 3 and not acronym else None
    is_person = False
    if role is not None and not acronym and not found and not all(t.text.isupper() for t in toks):
        is_person = True
    if honorific or (not acronym and (c.i in speech or c.j in speech or (c.i - 1) in speech) and len(toks) <= 3 and not known_org):
        is_person = True
    if lang == "pl" and len(toks) >= 2 and morph.is_given_name_pl(toks[0].text) and not found and not known_org:
        is_person = True
    if known_person and not known_org and not found:
        is_person = True
    if counterparty and not is_person:
        found = found or "Company"
    if signer_subject and not is_person:
        found = found or "Company"
    if known_org or found or based_after or acronym or aircraft_next or aircraft_prev:
        if not (is_person and role is not None and not known_org):
            is_person = False
    if is_person:
        case = _case_of(sm, c, role) if lang == "pl" else None
        if first_pass and len(toks) == 1 and role is None and not honorific:
            return                                   # wait until full names are known
        ent = reg.person_from_tokens(sm, c, case)
        if ent is None:
            return
        c.type = "PERSON"
        c.extra["entity"] = ent.key
        c.extra["nominative"] = _is_nominative(sm, c, case)
        if role is not None and not quals and not role_after and c.j + 1 < len(sm.tokens) and \
                sm.tokens[c.j].lower == "of":
            nxt = sm.chunk_at(c.j + 1) or (sm.chunk_at(c.j + 2) if sm.tokens[c.j + 1].lower == "the" else None)
            if nxt is not None and nxt.type in ("STATE", "ORG", "INTL", "CAPITAL"):
                quals = [nxt]
        if role is not None:
            qual = _qualifier_entity(ctx, sm, quals, first_pass)
            if qual is None and role.value not in CORPORATE_ROLES:
                rel = re.match(r",\s+(?:who|which|który|która)\b[^.;,]*", sm.sentence.text[c.end - sm.sentence.start:])
                if rel:
                    rel_end = c.end + rel.end()
                    inside = [q for q in sm.chunks if q.type in ("STATE", "STATEADJ") and c.end <= q.start < rel_end]
                    if inside:
                        qual = f"state:{inside[0].value}"
            if qual is None and getattr(ctx, "home_state", None) and role.value not in CORPORATE_ROLES:
                qual = ctx.home_state
            a = min(c.start, role.start)
            b = max(c.end, max([q.end for q in quals] + [role.end]))
            _add_post(ctx, ent.key, role, qual, Span(a, b), sm.sentence.index)
            second = role.extra.pop("second", None)
            if second and second[1]:
                q2 = _qualifier_entity(ctx, sm, second[1], first_pass)
                if q2:
                    _add_post(ctx, ent.key, second[0], q2, Span(a, max(b, second[1][0].end)), sm.sentence.index)
        return
    if known_org or found or based_after or acronym or aircraft_next or aircraft_prev:
        cls = found or (known_org.subclass if known_org else None) or "Company"
        name = text
        if lang == "pl" and len(toks) == 1 and not known_org:
            case = "gen" if aircraft_prev else (_case_of(sm, c, role) if role else None)
            if case is None and prev_tok in PREPOSITION_CASE and not is_acronym(text):
                case = PREPOSITION_CASE[prev_tok]
            if case:
                name = morph.base_forms(text, case)[0]
        ent = reg.organization(name, _span(c), cls=cls, based_in=state)
        if owned and state:
            ent.state_owned = True
        if based_after:
            for q in sm.chunks[idx + 1: idx + 3]:
                if q.type in ("STATE", "CAPITAL"):
                    ent.based_in = ent.based_in or q.value
        prev_chunk = sm.chunks[idx - 1] if idx > 0 else None
        if lang == "en" and prev_chunk is not None and prev_chunk.type == "STATEADJ" and prev_chunk.j == c.i and \
                prev_chunk.text[:1].isupper() and not known_org:
            full = prev_chunk.text + " " + name
            ctx.reg.entities.pop(ent.key, None)
            ent = reg.organization(full, Span(prev_chunk.start, c.end), cls=cls, based_in=prev_chunk.value)
        c.type = "ORG"
        c.extra["entity"] = ent.key
        if aircraft_next or aircraft_prev:
            c.extra["manufacturer"] = True
        _acronym_in_brackets(ctx, sm, c, ent)


def _org_class(tok) -> str | None:
    return lexicon("en").org_heads.get(tok.lower)


def _is_nominative(sm: SentenceMentions, c: Chunk, case: str | None) -> bool:
    if case:
        return case == "nom"
    last = sm.tokens[c.j - 1].text
    return morph.base_forms(last, None)[0] == last and not last.endswith(("owi", "a", "em", "u")) or \
        morph.name_lemma_pl(last) == last


# ------------------------------------------------------------------ subjects, quotes, proposals

def _persons(sm: SentenceMentions) -> list[Chunk]:
    return [c for c in sm.chunks if c.type == "PERSON" or (c.type == "ROLE" and c.extra.get("refers_to"))]


def _person_key(c: Chunk) -> str | None:
    return c.extra.get("entity") if c.type == "PERSON" else c.extra.get("refers_to")


def _sentence_subject(ctx: _Ctx, sm: SentenceMentions) -> None:
    outside = [c for c in _persons(sm) if not sm.in_quote(c.start)]
    subject = None
    for c in outside:
        if ctx.lang != "pl" or c.type == "ROLE" or c.extra.get("nominative", True):
            subject = _person_key(c)
            break
    sm.sentence_subject = subject                  # type: ignore[attr-defined]
    if subject:
        ctx.last_person = subject


def _quotes(ctx: _Ctx, sm: SentenceMentions) -> None:
    text = sm.sentence.text
    off = sm.sentence.start
    for qs, qe in sm.quotes:
        words = len(text[qs - off:qe - off].split())
        after = text[qe - off:]
        before = text[:qs - off]
        speaker = None
        verb = None
        if ctx.lang == "pl":
            m = re.match(r"[”\"]?\s*[-–—]\s*(\w+)", after)
            if m:
                verb = m.group(1)
                verb_end = qe + m.end()
                cands = [c for c in _persons(sm) if c.start >= verb_end]
                if cands and cands[0].start - verb_end < 30:
                    speaker = _person_key(cands[0])
                elif not any(c.start >= verb_end for c in sm.chunks if c.type in ("ORG", "STATE")) and \
                        sm.sentence.index - ctx.last_speaker_sentence <= 2 and not re.search(r"czytamy|oświadczeni|komunikat", after[:60]):
                    speaker = ctx.last_speaker
        else:
            m = re.match(r"[,.!?]?[”\"]?\s*,?\s*(said|says|added|told|stressed|noted|declared|wrote|insisted|explained|continued|according to)\s+", after, re.I)
            if m:
                verb_end = qe + m.end()
                cands = [c for c in _persons(sm) if c.start >= verb_end]
                if cands and cands[0].start - verb_end < 25:
                    speaker = _person_key(cands[0])
            m2 = re.match(r"[,.!?]?[”\"]?\s*,?\s*(he|she)\s+(said|added|told|stressed|noted|says)", after, re.I)
            if m2 and not speaker:
                speaker = ctx.last_speaker if sm.sentence.index - ctx.last_speaker_sentence <= 3 else ctx.last_person
            m3 = re.match(r"[,.!?]?[”\"]?\s*,?\s*", after)
            if not speaker and m3:
                rest_start = qe + m3.end()
                cands = [c for c in _persons(sm) if rest_start <= c.start <= rest_start + 60
                         and not re.search(r"[.;\"“”]", text[rest_start - off:c.start - off])]
                if cands:
                    tail = text[cands[0].end - off:cands[0].end - off + 25]
                    if re.match(r"\s*(said|says|added|told|stressed|noted|wrote)", tail):
                        speaker = _person_key(cands[0])
            if not speaker:
                mb = re.search(r"(said|says|told [\w ]+|added|according to [^,]+)[,:]?\s*[“\"]?$", before)
                if mb:
                    cands = [c for c in _persons(sm) if c.end <= qs and c.end >= qs - 80]
                    if cands:
                        speaker = _person_key(cands[-1])
        if not speaker and ctx.lang == "pl":
            verbs = [i for i, _, _ in sm.cue_tokens("speech") if sm.tokens[i].end <= qs]
            if verbs:
                cands = [c for c in _persons(sm) if sm.tokens[verbs[-1]].end <= c.start and c.end <= qs]
                if cands:
                    speaker = _person_key(cands[-1])
        if not speaker and words <= 6 and (sm.has_cue("characterize") or sm.has_cue("speech")):
            subj = getattr(sm, "sentence_subject", None)
            first_tok = sm.tokens[0] if sm.tokens else None
            starts_with_verb = first_tok is not None and ctx.lang == "pl" and any(
                tag.split(":")[0] in ("fin", "praet", "pcon", "impt") for _, tag, _ in morph.analyse_pl(first_tok.text))
            if starts_with_verb:
                speaker = ctx.last_person
            elif subj:
                speaker = subj
        if not speaker:
            m = re.match(r"^\s*(According to|Według|Zdaniem)\s+", text)
            if m and words >= 3:
                cands = [c for c in _persons(sm) if c.start - off < 60]
                if cands:
                    speaker = _person_key(cands[0])
        if speaker:
            ctx.facts.append(Fact("quotation", subject=speaker, text=text[qs - off:qe - off],
                                  evidence=[Span(qs, qe)], sentence=sm.sentence.index))
            if words > 6:
                ctx.last_speaker = speaker
                ctx.last_speaker_sentence = sm.sentence.index


def _proposals(ctx: _Ctx, sm: SentenceMentions) -> None:
    for i, j, _ in sm.cue_tokens("propose"):
        if sm.in_quote(sm.tokens[i].start):
            continue
        before = [c for c in _persons(sm) if c.end <= sm.tokens[i].start]
        proposer = _person_key(before[-1]) if before else None
        if proposer is None:
            states = [c for c in sm.chunks if c.type == "STATE" and c.end <= sm.tokens[i].start]
            proposer = _ent(states[-1]) if states else (ctx.last_person if ctx.lang == "pl" and sm.tokens and sm.tokens[0].index == 0 else None)
        if proposer is None:
            continue
        start = sm.tokens[j].start if j < len(sm.tokens) else sm.tokens[-1].end
        end = sm.sentence.end
        while end > start and sm.sentence.text[end - 1 - sm.sentence.start] in ".;!? ":
            end -= 1
        if end - start < 5:
            continue
        ctx.facts.append(Fact("proposal", subject=proposer, text=ctx.article.text[start:end],
                              evidence=[Span(sm.tokens[i].start if not before else before[-1].start, end)],
                              sentence=sm.sentence.index))
        break


def _accessions(ctx: _Ctx, sm: SentenceMentions) -> None:
    joins = [(i, j) for i, j, _ in sm.cue_tokens("join")]
    accords = [c for c in sm.chunks if c.type == "ACCORD" and not sm.in_quote(c.start) or c.type == "ACCORD" and joins]
    if joins and not accords:
        for i, j in joins:
            k = j
            while k < len(sm.tokens) and sm.tokens[k].lower in ("the", "to", "do", "formally", "officially"):
                k += 1
            c = sm.chunk_at(k) if k < len(sm.tokens) else None
            if c is not None and c.i == k and c.type in ("ORG", "INTL", "NAME") and len(c.text) > 3:
                old_key = _ent(c)
                if old_key and old_key in ctx.reg.entities and len(ctx.reg.entities[old_key].mentions) <= 1:
                    ctx.reg.entities.pop(old_key)
                c.type = "ACCORD"
                c.extra["entity"] = _accord(ctx, sm, c).key
                accords = [c]
                break
    if not joins or not accords:
        return
    ji = joins[0][0]
    accord = min(accords, key=lambda c: abs(c.i - ji))
    states = [c for c in sm.chunks if c.type == "STATE"]
    before = [c for c in states if c.j <= ji]
    after = [c for c in states if c.i > accord.j and c.i - accord.j <= 3]
    inside = [c for c in states if ji < c.i < accord.i]
    state = before[-1] if before else (inside[0] if inside else (after[0] if after else None))
    if state is None:
        refs = [c for c in sm.chunks if c.type == "ROLE" and c.extra.get("qualifier", "").startswith("state:") and c.j <= ji]
        if refs:
            key = refs[-1].extra["qualifier"]
        else:
            return
    else:
        key = _ent(state)
    keys = [key]
    if state is not None:
        k = states.index(state)
        while k > 0 and re.fullmatch(r"\s*(,|and|i|oraz|, and)\s*", sm.sentence.text[
                states[k - 1].end - sm.sentence.start:states[k].start - sm.sentence.start]):
            keys.append(_ent(states[k - 1]))
            k -= 1
    for key in keys:
        ctx.facts.append(Fact("accession", subject=key, object=_ent(accord),
                              evidence=[Span(sm.sentence.start, sm.sentence.end)], sentence=sm.sentence.index))


# ------------------------------------------------------------------ agreements

def _cue_value_priority(values: list[str]) -> str:
    for t in TYPE_PRIORITY:
        if t in values:
            return t
    return "Cooperation"


def _agreement_frames(ctx: _Ctx, sm: SentenceMentions) -> list[Agreement]:
    lang = ctx.lang
    accord_toks = {k for c in sm.chunks if c.type in ("ACCORD", "ORG", "INTL", "EVENTNAME") for k in range(c.i, c.j)}
    cues = [(i, j, v) for i, j, v in sm.cue_tokens("agreement")
            if not sm.in_quote(sm.tokens[i].start) and i not in accord_toks
            and not (j < len(sm.tokens) and sm.tokens[j].lower in ORG_DESCRIPTORS[ctx.lang] | ORG_DESCRIPTORS["en"])]
    if sm.has_cue("loi") and not any(v == "FinancingOffer" for _, _, v in cues) and not any(v == "Sale" for _, _, v in cues):
        banks = [c for c in sm.chunks if c.type in ("ORG", "INTL") and _ent(c) and
                 ctx.reg.entities.get(_ent(c)) is not None and ctx.reg.entities[_ent(c)].subclass == "FinancialInstitution"]
        if banks:
            i, j, _ = sm.cue_tokens("loi")[0]
            cues = cues + [(i, j, "FinancingOffer")]
    anaphor_only = False
    if not cues and sm.has_cue("signed") and _persons(sm):
        i, j, _ = sm.cue_tokens("signed")[0]
        cues = [(i, j, "Cooperation")]
        anaphor_only = True
    if not cues and sm.has_cue("facilitate"):
        i, j, _ = sm.cue_tokens("facilitate")[0]
        cues = [(i, j, "Cooperation")]
        anaphor_only = True
    if not cues:
        for i, j, _ in sm.cue_tokens("anaphor"):
            if _definite(sm, i) and not sm.in_quote(sm.tokens[i].start):
                cues = [(i, j, "Cooperation")]
                anaphor_only = True
                break
    if not cues or sm.has_cue("previous") or _is_heading(sm):
        return []
    ctx.amounts.extend(sm.amounts)
    text = sm.sentence.text
    off = sm.sentence.start
    money = [a for a in sm.amounts if a.currency and not a.is_equivalent and not sm.in_quote(a.start)]
    fin_cues = [(i, j) for i, j, v in cues if v == "FinancingOffer"]
    other_cues = [(i, j, v) for i, j, v in cues if v != "FinancingOffer"]
    frames: list[Agreement] = []
    excluded: set[str] = set()
    # facilitators
    facilitators: list[str] = []
    for i, j, _ in sm.cue_tokens("facilitate"):
        found_after = False
        for c in sm.chunks:
            if c.i >= j and c.i - j <= 6 and c.type in ("ORG", "INTL", "STATE") and _ent(c) and \
                    (j - i > 1 or lang == "pl" or re.search(r"\b(by|przez|of)\b", text[sm.tokens[j - 1].end - off:c.start - off] + " " + sm.tokens[i].text)):
                facilitators.append(_ent(c))
                excluded.add(_ent(c))
                found_after = True
                break
        if not found_after:
            before = [c for c in sm.chunks if c.j <= i and i - c.j <= 14 and c.type in ("ORG", "INTL") and _ent(c)]
            if before:
                facilitators.append(_ent(before[-1]))
                excluded.add(_ent(before[-1]))
    # organisations named only in a person's apposition are not parties by themselves
    post_orgs = set()
    for f in ctx.facts:
        if f.kind in ("post", "ownership") and f.sentence == sm.sentence.index and f.object:
            post_orgs.add(f.object)
    manufacturers = [_ent(c) for c in sm.chunks if c.extra.get("manufacturer")]
    if not manufacturers and any(x.unit == "Aircraft" for x in sm.amounts):
        for c in sm.chunks:
            if c.type == "ORG" and _ent(c) and c.i > 0 and (sm.tokens[c.i - 1].lower in ("from", "with", "z", "od")
                                                            or sm.tokens[c.i - 1].lower in ("koncernem", "producentem")):
                manufacturers.append(_ent(c))
                break
    excluded.update(m for m in manufacturers if m)
    # a financing offer: who offers, how much, for what
    fin = None
    if fin_cues:
        fi = fin_cues[0][0]
        financier = None
        for c in sm.chunks:
            clause = re.split(r"[,;(]", text[:c.start - off])[-1].lower()
            if re.search(r"according to|według|statement from|oświadczeni", clause):
                continue
            if c.type in ("ORG", "INTL") and _ent(c) and c.extra.get("entity") not in facilitators:
                prev = sm.tokens[c.i - 1].lower if c.i > 0 else ""
                prev2 = sm.tokens[c.i - 2].lower if c.i > 1 else ""
                ent = ctx.reg.entities.get(_ent(c))
                near = 0 <= c.i - fin_cues[0][1] <= 6
                if (near and (prev in ("od", "from", "by") or prev2 in ("od", "from", "by"))) or (
                        ent is not None and ent.subclass == "FinancialInstitution"):
                    financier = _ent(c)
                    break
        if financier is None:
            before = [c for c in sm.chunks if c.type in ("ORG", "INTL") and _ent(c) and c.end <= sm.tokens[fi].start
                      and _ent(c) not in facilitators]
            if before and not re.search(r"[;]", text[before[-1].end - off:sm.tokens[fi].start - off]):
                financier = _ent(before[-1])
        if financier is None:
            states_before = [c for c in sm.chunks if c.type == "STATE" and _ent(c) and c.end <= sm.tokens[fi].start
                             and not c.text.endswith(("'s", "’s")) and
                             (c.i == 0 or sm.tokens[c.i - 1].lower not in LOCATIVE[lang] | NON_PARTY_PREP)]
            if states_before:
                financier = _ent(states_before[-1])
        if financier:
            fin = Agreement(type="FinancingOffer", status="LetterOfIntent" if sm.has_cue("loi") else "Announced")
            fin.financiers.append(financier)
            excluded.add(financier)
            after_fin = [a for a in money if a.start >= sm.tokens[fi].start]
            before_fin = [a for a in money if a.end <= sm.tokens[fi].start]
            pick = after_fin[0] if after_fin else (before_fin[-1] if before_fin and not other_cues else None)
            if pick is not None:
                fin.amounts.append(pick)
                if pick.equivalent:
                    fin.amounts.append(pick.equivalent)
            fin.evidence.append(Span(sm.sentence.start, sm.sentence.end))
            fin.sentences.append(sm.sentence.index)
            fin.anaphoric = not other_cues
    main_cues = other_cues or ([] if fin else [(i, j, "FinancingOffer") for i, j in fin_cues])
    if fin and not main_cues:
        anaphors = [(i, j) for i, j, _ in sm.cue_tokens("anaphor") if _definite(sm, i) and i < fin_cues[0][0]]
        rest = [x for x in money if x not in fin.amounts and x.end <= sm.tokens[fin_cues[0][0]].start]
        if anaphors and rest:
            main_cues = [(anaphors[0][0], anaphors[0][1], "Cooperation")]
            anaphor_only = True
    if not main_cues:
        if fin:
            fin.sectors = [_ent(c) for c in sm.chunks if c.type == "SECTOR" and not sm.in_quote(c.start)]
            fin.commodities = [_ent(c) for c in sm.chunks if c.type == "COMMODITY" and not sm.in_quote(c.start)]
        return [fin] if fin else []
    a = Agreement(type=_cue_value_priority([v for _, _, v in main_cues]))
    first_i = main_cues[0][0]
    det = sm.tokens[first_i - 1].lower if first_i > 0 else ""
    a.anaphoric = anaphor_only or any(i == first_i for i, _, _ in sm.cue_tokens("anaphor")) and _definite(sm, first_i)
    vague = sm.has_cue("plural_vague") or sm.has_cue("previous") or (
        ctx.lang == "en" and all(sm.tokens[i].lower.endswith("s") and sm.tokens[i].lower not in ("talks", "sales")
                                 for i, _, _ in main_cues))
    if sm.has_cue("signed"):
        a.status = "Signed"
    elif sm.has_cue("agreed"):
        a.status = "Agreed"
    # parties
    last_role: tuple[Chunk, str] | None = None
    last_excluded: Chunk | None = None
    for c in sm.chunks:
        key = _ent(c)
        if not key or sm.in_quote(c.start) or key in excluded:
            continue
        if c.type not in ("STATE", "ORG", "INTL"):
            continue
        prev = sm.tokens[c.i - 1].lower if c.i > 0 else ""
        prev2 = sm.tokens[c.i - 2].lower if c.i > 1 else ""
        if prev in NON_PARTY_PREP:
            last_excluded = c
            continue
        if last_excluded is not None and re.fullmatch(r"\s*(,|or|and|lub|albo|i|oraz)\s*",
                                                      text[last_excluded.end - off:c.start - off]):
            last_excluded = c
            continue
        nxt_text = text[c.end - off:c.end - off + 3]
        if c.type == "STATE" and (c.text.endswith(("'s", "’s")) or nxt_text.startswith(("'s", "’s"))):
            continue
        pos = c.start - off
        clause = text[max(text.rfind(",", 0, pos), text.rfind(";", 0, pos), text.rfind("(", 0, pos)) + 1:pos].lower()
        if _ATTRIBUTION.search(clause):
            continue
        if c.type == "STATE":
            after = text[c.end - off:c.end - off + 12]
            if prev in LOCATIVE[lang] and prev not in ("z", "ze", "with"):
                if a.type == "InvestmentCommitment" and prev in ("w", "in", "into"):
                    a.parties.append(key)
                elif a.type == "Sale" and prev in ("to",):
                    a.buyers.append(key)
                continue
            if prev2 in ("siedzibą",) or prev in ("siedzibą",):
                continue
            if after.startswith("-based"):
                continue
        if key in post_orgs and not sm.has_cue("signed"):
            continue
        if last_role is not None and c.type == last_role[0].type:
            gap = text[last_role[0].end - off:c.start - off]
            if re.fullmatch(r"\s*(,|i|and|oraz|, and)\s*", gap):
                getattr(a, last_role[1]).append(key)
                last_role = (c, last_role[1])
                continue
        goods_next = re.match(r"\s*(goods|products|equipment|exports|wares|towar|produkt)", text[c.end - off:c.end - off + 15], re.I)
        if a.type == "Sale":
            if prev in ("przez", "by") or prev2 in ("przez",) or (prev == "of" and goods_next):
                a.sellers.append(key)
                last_role = (c, "sellers")
                continue
            window = " ".join(t.lower for t in sm.tokens[max(0, c.i - 4):c.i])
            if re.search(r"lini\w* lotnicz|airline|carrier|airways|przewoźnik", window) or prev in ("to", "for"):
                a.buyers.append(key)
                last_role = (c, "buyers")
                continue
        if a.type == "InvestmentCommitment" and c.type == "STATE":
            window = " ".join(t.lower for t in sm.tokens[max(0, c.i - 3):c.i])
            if re.search(r"sektor|sector", window):
                a.parties.append(key)
                continue
        a.parties.append(key)
    # persons: signatories, or leaders whose states are parties
    for c in _persons(sm):
        key = _person_key(c)
        if not key or sm.in_quote(c.start):
            continue
        pre = text[max(0, c.start - off - 25):c.start - off].lower()
        presence = re.search(r"obecności|presence of|witness|przy udziale|attended by", pre)
        if a.status == "Signed" and not presence and _is_signer(sm, c):
            a.signatories.append(key)
            for role, qual in ctx.person_posts.get(key, []):
                if qual and qual not in a.parties and qual not in excluded:
                    a.parties.append(qual)
        elif not a.parties or a.type not in ("Sale",):
            for role, qual in ctx.person_posts.get(key, []):
                if qual and qual.startswith("state:") and ctx.lex.role_entries[role].data.get("leader") == "yes" \
                        and qual not in a.parties and not a.status == "Signed":
                    a.parties.append(qual)
    if a.type in ("Sale", "InvestmentCommitment") and re.search(r"\b(his|her|their) country\b|\b(swój|jego|jej) kraj", text, re.I):
        for c in _persons(sm):
            for role, qual in ctx.person_posts.get(_person_key(c) or "", []):
                if qual and qual.startswith("state:") and ctx.lex.role_entries[role].data.get("leader") == "yes":
                    (a.buyers if a.type == "Sale" else a.parties).insert(0, qual)
                    break
    if a.type == "Cooperation" and any(x.unit == "Aircraft" for x in sm.amounts):
        a.type = "Sale"
        a.parties = [p for p in a.parties if p not in manufacturers]
    if a.type == "Sale" and not a.buyers:
        a.buyers = [p for p in a.parties if p not in a.sellers]
        a.parties = [p for p in a.parties if p in a.sellers]
    a.buyers = list(dict.fromkeys(a.buyers))
    a.sellers = list(dict.fromkeys(a.sellers))
    a.parties = [p for p in dict.fromkeys(a.parties) if p not in a.buyers and p not in a.sellers]
    a.facilitators = facilitators
    a.manufacturers = [m for m in manufacturers if m]
    a.commodities = [_ent(c) for c in sm.chunks if c.type == "COMMODITY" and not sm.in_quote(c.start)]
    a.sectors = [_ent(c) for c in sm.chunks if c.type == "SECTOR" and not sm.in_quote(c.start)]
    fin_amounts = {id(x) for x in (fin.amounts if fin else [])}
    for x in sm.amounts:
        if sm.in_quote(x.start) or id(x) in fin_amounts or x.is_equivalent:
            continue
        if x.currency or x.unit in ("Aircraft", "Item"):
            a.amounts.append(x)
            if x.equivalent:
                a.amounts.append(x.equivalent)
    for d in sm.dates:
        a.date = d.iso if len(d.iso) == 10 else a.date
    a.evidence.append(Span(sm.sentence.start, sm.sentence.end))
    a.sentences.append(sm.sentence.index)
    a.name = next((c.text for c in sm.chunks if c.type == "EVENTNAME"), None)
    if fin:
        fin.finances = a
        frames.append(a)
        frames.append(fin)
    else:
        frames.append(a)
    if vague and not a.amounts and not a.anaphoric:
        frames.remove(a)
        if fin:
            fin.finances = None
    return frames


def morph_lang(sm: SentenceMentions) -> str:
    return "pl" if any(t.lemmas - {t.lower} for t in sm.tokens[:6] if t.is_word) else "en"


DETERMINERS = {"the", "this", "that", "ta", "ten", "to", "tej", "tego", "tę", "tym"}


def _definite(sm: SentenceMentions, i: int) -> bool:
    """A definite reference to an agreement already mentioned: "The deal", "the framework agreement", "Umowa ..."."""
    if i == 0 or (i == 1 and not sm.tokens[0].is_word):
        return True
    if sm.tokens and morph_lang(sm) == "pl" and i <= 2:
        return True
    for k in range(i - 1, max(-1, i - 4), -1):
        t = sm.tokens[k]
        if t.lower in DETERMINERS:
            return True
        if not t.is_word or t.is_cap and k > 0:
            return False
    return False


def _is_signer(sm: SentenceMentions, c: Chunk) -> bool:
    """A person who signs: right before the signing verb, or after "by"/"between"/"między"."""
    text = sm.sentence.text
    off = sm.sentence.start
    for i, j, _ in sm.cue_tokens("signed"):
        vs, ve = sm.tokens[i].start, sm.tokens[j - 1].end
        if c.end <= vs:
            between = text[c.end - off:vs - off]
            limit = 100 if re.search(r"\b(and|i|oraz)\b", between) and "," not in between else 45
            if len(between) <= limit and not re.search(r"[.;]|\b(as|while|when|after|before|gdy|kiedy|który|która|who)\b", between):
                return True
        elif c.start >= ve:
            between = text[ve - off:c.start - off]
            if not between.strip():
                return True
            rest = list(between)
            for q in sm.chunks:
                if ve <= q.start and q.end <= c.start:
                    for x in range(q.start - ve, q.end - ve):
                        rest[x] = " "
            if not "".join(rest).strip(" ,"):
                return True
            if len(between) <= 140 and re.search(r"\b(by|between|między|przez|z|with|and|a|oraz|i)\b", between) and \
                    not re.search(r"[.;]|\b(as|while|when|gdy|kiedy)\b", between):
                return True
    return False


_FINAL_MARKS = (".", "!", "?", ":", '"', "”")
_ATTRIBUTION = re.compile(r"according to|według|reported by|carried by|news agency|agencj\w* prasow|cited by|said by")


def _is_heading(sm: SentenceMentions) -> bool:
    """A section heading: a short line with no sentence-final punctuation."""
    text = sm.sentence.text.strip()
    return not sm.sentence.is_caption and not text.endswith(_FINAL_MARKS) and len(text.split()) <= 16


def _compatible(a: Agreement, b: Agreement) -> bool:
    if a.type == "FinancingOffer" or b.type == "FinancingOffer":
        return False
    return True


def _merge_into(target: Agreement, src: Agreement) -> None:
    for field in ("parties", "buyers", "sellers", "investors", "financiers", "signatories", "facilitators",
                  "manufacturers", "commodities", "sectors"):
        lst = getattr(target, field)
        for x in getattr(src, field):
            if x not in lst:
                lst.append(x)
    target.amounts.extend(x for x in src.amounts if x not in target.amounts)
    target.evidence.extend(e for e in src.evidence if e not in target.evidence)
    target.sentences.extend(src.sentences)
    if TYPE_PRIORITY.index(src.type) < TYPE_PRIORITY.index(target.type) and src.type != "FinancingOffer":
        if target.type == "Cooperation":
            target.type = src.type
    order = ["Announced", "Agreed", "LetterOfIntent", "Signed"]
    if order.index(src.status) > order.index(target.status):
        target.status = src.status
    target.date = target.date or src.date
    target.name = target.name or src.name


def _merge_frames(frames: list[Agreement]) -> list[Agreement]:
    out: list[Agreement] = []
    replaced: dict[int, Agreement] = {}
    for f in frames:
        s = f.sentences[0]
        recent = [g for g in out if s - g.sentences[-1] <= 3 and _compatible(g, f)]
        target = None
        if f.type != "FinancingOffer":
            own_parties = set(f.all_parties())
            if f.anaphoric and recent:
                org_parties = {p for p in own_parties if not p.startswith("state:")}
                sharing = [g for g in recent if set(g.all_parties()) & org_parties]
                target = (sharing or recent)[-1]
            elif recent:
                for g in reversed(recent):
                    if s - g.sentences[-1] > 2:
                        continue
                    same_type = g.type == f.type and f.type != "Cooperation"
                    shared_comm = set(g.commodities) & set(f.commodities)
                    shared_party = set(g.all_parties()) & own_parties
                    if (same_type and (shared_comm or shared_party)) or (shared_comm and f.type == "JointVenture" and g.type in ("JointVenture", "Cooperation")):
                        target = g
                        break
        if target is not None:
            _merge_into(target, f)
            replaced[id(f)] = target
            continue
        out.append(f)
    # a lead sentence announcing a deal with no parties named: the next report of the same deal
    for f in list(out):
        if f.all_parties() or f.type == "FinancingOffer" or not (f.amounts or f.commodities):
            continue
        later = [g for g in out if g is not f and g.type != "FinancingOffer" and g.sentences[0] > f.sentences[-1]
                 and g.sentences[0] - f.sentences[-1] <= 3 and g.all_parties()
                 and (not f.commodities or set(f.commodities) & set(g.commodities) or not g.commodities)]
        if later:
            _merge_into(later[0], f)
            later[0].sentences.sort()
            replaced[id(f)] = later[0]
            out.remove(f)
    for f in out:
        if f.finances is not None and id(f.finances) in replaced:
            f.finances = replaced[id(f.finances)]
        if f.type == "FinancingOffer" and f.finances is None:
            prior = [g for g in out if g is not f and g.type != "FinancingOffer" and g.sentences[-1] <= f.sentences[0]
                     and f.sentences[0] - g.sentences[-1] <= 3]
            if prior:
                f.finances = prior[-1]
    return [f for f in out if _substantial(f)]


def _substantial(a: Agreement) -> bool:
    parties = a.all_parties()
    if not parties:
        return False
    if len(parties) >= 2:
        return True
    return bool(a.amounts or a.commodities or a.signatories or a.type == "FinancingOffer")


def _quantities(ctx: _Ctx, sm: SentenceMentions) -> None:
    for x in sm.amounts:
        if x.unit in ("Tonne", "Barrel", "CubicMetre", "Ounce") and not sm.in_quote(x.start):
            after = [c for c in sm.chunks if c.type == "COMMODITY" and c.start >= x.end and c.start - x.end <= 25]
            before = [c for c in sm.chunks if c.type == "COMMODITY" and c.end <= x.start and x.start - c.end <= 25]
            comm = after[0] if after else (before[-1] if before else None)
            if comm is not None:
                x.commodity = _ent(comm)
                x.used = True
                if x not in ctx.amounts:
                    ctx.amounts.append(x)


def _stakes(ctx: _Ctx, analyses: list[SentenceMentions], agreements: list[Agreement]) -> None:
    by_sentence = {}
    for a in agreements:
        for s in a.sentences:
            by_sentence.setdefault(s, a)
    for sm in analyses:
        for x in sm.amounts:
            if x.unit != "Percent" or sm.in_quote(x.start):
                continue
            window_after = sm.sentence.text[x.end - sm.sentence.start: x.end - sm.sentence.start + 30].lower()
            window_before = sm.sentence.text[max(0, x.start - sm.sentence.start - 12): x.start - sm.sentence.start].lower()
            stake_after = re.match(r"\s*(stake|share|interest|equity|ownership|udział|udziałów|akcji|pakiet|of the (?:venture|joint|company|project|shares))", window_after)
            stake_word = stake_after or re.search(r"(stake|share)", window_after[:12]) or \
                re.search(r"(remaining|the other|the rest of|pozostał\w*|with|keeping|retaining|retains|keeps|zachowa|"
                          r"zachowuje|pozostanie|holds?|owns?)\s*$", window_before)
            if not stake_word:
                continue
            owners = [c for c in sm.chunks if c.type == "ORG" and c.end <= x.start and _ent(c)] or \
                [c for c in sm.chunks if c.type == "STATE" and c.end <= x.start and _ent(c)]
            if not owners:
                continue
            goes_to = re.match(r"\s*(?:of the \w+\s+)?(?:goes|go|will go|falls|przypadnie|przypada|trafi)\s+(?:to|do)\s+",
                               sm.sentence.text[x.end - sm.sentence.start:])
            later = [c for c in sm.chunks if c.type == "ORG" and _ent(c) and goes_to and
                     c.start == x.end + goes_to.end()]
            others = [y.start for y in sm.amounts if y.unit == "Percent" and y is not x]
            candidates = [c for c in owners
                          if not re.search(r"\b(of|od|from|z)\s+(?:\w+\s+){0,2}$",
                                           sm.sentence.text[max(0, c.start - sm.sentence.start - 25):c.start - sm.sentence.start])
                          and not any(c.end <= p < x.start for p in others)]
            if later:
                owner = later[0]
            elif candidates:
                owner = candidates[-1]
            else:
                owner = owners[-1]
            # prefer the sentence subject when the nearest is inside a prepositional phrase
            x.used = True
            ctx.amounts.append(x)
            agreement = by_sentence.get(sm.sentence.index)
            fact = Fact("ownership", subject=_ent(owner), object=None, share=x,
                        evidence=[Span(owner.start, x.end)], sentence=sm.sentence.index)
            fact.text = "stake"
            fact.extra_agreement = agreement            # type: ignore[attr-defined]
            ctx.facts.append(fact)


# ------------------------------------------------------------------ the summit

def _summit(ctx: _Ctx, analyses: list[SentenceMentions], agreements: list[Agreement]) -> list[EventInfo]:
    lang = ctx.lang
    meet_sents = [sm for sm in analyses if sm.has_cue("meet") or sm.has_cue("host") or sm.has_cue("summit")
                  or re.search(r"delegacj|delegation", sm.sentence.text, re.I)]
    if not meet_sents:
        return []
    name = None
    for sm in analyses:
        for c in sm.chunks:
            if c.type == "EVENTNAME":
                name = name or c.text
    places: Counter = Counter()
    dates: Counter = Counter()
    lead = {sm.sentence.index for sm in analyses if not sm.sentence.is_caption and not _is_heading(sm)}
    lead = set(sorted(lead)[:2])
    for sm in meet_sents:
        if sm.has_cue("previous"):
            continue
        weight = 3 if sm.sentence.index in lead else 1
        for c in sm.chunks:
            nxt_chunk = sm.chunk_at(c.j) if c.j < len(sm.tokens) else None
            if c.type == "NAME" and not _ent(c) and sm.sentence.index in lead and c.i > 1 and \
                    sm.tokens[c.i - 1].lower == "the" and sm.tokens[c.i - 2].lower == "at" and not sm.in_quote(c.start) \
                    and not any(q.type == "PLACE" for q in sm.chunks if c.j <= q.i <= c.j + 1):
                end = c.end
                if c.j + 1 < len(sm.tokens) and sm.tokens[c.j].lower == "of":
                    tail = sm.chunk_at(c.j + 1)
                    if tail is not None and tail.type == "NAME" and tail.i == c.j + 1:
                        end = tail.end
                text_ = ctx.article.text[c.start:end]
                ent = ctx.reg.add("place", slug(text_), text_, Span(c.start, end), text_)
                ent.extra["kind"] = "venue"
                c.extra["entity"] = ent.key
                c.type = "PLACE"
            if c.type == "PLACE" and _ent(c):
                ent = ctx.reg.entities[_ent(c)]
                places[_ent(c)] += weight * (3 if ent.extra.get("kind") == "venue" else 1)
        for d in sm.dates:
            if len(d.iso) == 10:
                dates[d.iso] += 1
    if not dates:
        for sm in analyses[:4]:
            for d in sm.dates:
                if len(d.iso) == 10 and d.relative:
                    dates[d.iso] += 1
    date = dates.most_common(1)[0][0] if dates else ctx.article.date
    if not places:
        for sm in meet_sents:
            for c in sm.chunks:
                if c.type == "NAME" and not _ent(c) and c.i > 0 and sm.tokens[c.i - 1].lower in ("at", "w", "we", "in") \
                        and not sm.in_quote(c.start):
                    ent = ctx.reg.add("place", slug(c.text), c.text, _span(c), c.text)
                    ent.extra["kind"] = "venue"
                    c.extra["entity"] = ent.key
                    places[ent.key] += 2
    place = places.most_common(1)[0][0] if places else None
    label = f"{name} summit" if name else "Summit"
    if place and not name:
        label += " at " + ctx.reg.entities[place].label_en
    if date:
        label += f" ({date})"
    key = slug((name or "summit") + "-" + (date or "") + ("" if name else "-" + (place or "").split(":")[-1]))
    ev = EventInfo(key=key, label_en=label, kind="Summit", name=name, date=date, place=place)
    if lang == "pl":
        ev.labels_pl.add(f"szczyt {name}" if name else "szczyt")
    host = None
    for sm in meet_sents:
        if sm.has_cue("previous"):
            continue
        sent_span = Span(sm.sentence.start, sm.sentence.end)
        host_cues = [i for i, _, _ in sm.cue_tokens("host")]
        leaders_here: list[str] = []
        for c in _persons(sm):
            key = _person_key(c)
            if not key or sm.in_quote(c.start):
                continue
            if host is None and host_cues and c.start < sm.tokens[host_cues[0]].start and any(
                    ctx.lex.role_entries[r].data.get("leader") == "yes" for r, _ in ctx.person_posts.get(key, [])):
                host = key
            for role, qual in ctx.person_posts.get(key, []):
                if ctx.lex.role_entries[role].data.get("leader") == "yes" and qual and qual.startswith("state:"):
                    leaders_here.append(key)
                    ev.participants.setdefault(key, []).append(sent_span)
                    ev.participants.setdefault(qual, []).append(sent_span)
                    if host_cues and c.start < sm.tokens[host_cues[0]].start and host is None:
                        host = key
        # "leaders of A, B and C", "prezydenci A, B i C"
        for idx, c in enumerate(sm.chunks):
            is_leader_word = c.type == "ROLE" and ctx.lex.role_entries[c.value].data.get("leader") == "yes"
            if not is_leader_word:
                continue
            k = idx + 1
            first = True
            while k < len(sm.chunks):
                q = sm.chunks[k]
                gap = sm.sentence.text[sm.chunks[k - 1].end - sm.sentence.start:q.start - sm.sentence.start]
                gap_rx = r"\s*,?\s*(i|and|oraz|of|of the|the|a także|as well as)?\s*" if not first else \
                    r"\s*(?:(?:i|and|oraz|or)\s+\w+\s*)?(,|i|and|oraz|of|of the|,\s*and|the)?\s*"
                first = False
                if q.type in ("STATE", "STATEADJ") and re.fullmatch(gap_rx, gap):
                    ev.participants.setdefault(f"state:{q.value}", []).append(sent_span)
                    k += 1
                    continue
                break
            k = idx - 1
            while k >= 0:
                q = sm.chunks[k]
                gap = sm.sentence.text[q.end - sm.sentence.start:sm.chunks[k + 1].start - sm.sentence.start]
                if q.type in ("STATEADJ",) and re.fullmatch(r"\s*(,|and|i|oraz)?\s*", gap):
                    ev.participants.setdefault(f"state:{q.value}", []).append(sent_span)
                    k -= 1
                    continue
                break
        if re.search(r"podczas szczytu|na szczycie|w trakcie szczytu|at the summit|during the summit|on the sidelines",
                     sm.sentence.text, re.I):
            rel = re.search(r"\b(that|which|who|który|która|które|którego|whose)\b", sm.sentence.text)
            rel_at = sm.sentence.start + rel.start() if rel else sm.sentence.end
            for q in sm.chunks:
                if q.type == "STATE" and (q.i == 0 or sm.tokens[q.i - 1].lower not in LOCATIVE[lang] | NON_PARTY_PREP) \
                        and not q.text.endswith(("'s", "’s")) and not sm.in_quote(q.start) and q.start < rel_at:
                    if ctx.lang != "pl" or "nom" in morph.cases_pl(sm.tokens[q.i].text) or not morph.cases_pl(sm.tokens[q.i].text):
                        ev.participants.setdefault(f"state:{q.value}", []).append(sent_span)
        for q in sm.chunks:
            if q.type in ("STATE", "STATEADJ") and re.match(r"\s+delegation", sm.sentence.text[q.end - sm.sentence.start:]):
                ev.participants.setdefault(f"state:{q.value}", []).append(sent_span)
        for m in re.finditer(r"(delegacj\w*|delegation of|delegations? from)\s+", sm.sentence.text, re.I):
            after = [q for q in sm.chunks if q.type == "STATE" and q.start - sm.sentence.start == m.end()]
            for q in after:
                ev.participants.setdefault(f"state:{q.value}", []).append(sent_span)
        ev.evidence.append(sent_span)
    ev.host = host
    if host and ctx.home_state is None and place:
        venue_state = ctx.reg.entities[place].located_in
        if venue_state and not any(q for _, q in ctx.person_posts.get(host, [])):
            ctx.home_state = venue_state
            for f in ctx.facts:
                if f.kind == "post" and f.object is None and f.role not in CORPORATE_ROLES:
                    f.object = venue_state
                    ctx.person_posts[f.subject] = [(r, q or venue_state) for r, q in ctx.person_posts.get(f.subject, [])]
            ev.participants.setdefault(host, []).extend(ev.evidence[:1])
            ev.participants.setdefault(venue_state, []).extend(ev.evidence[:1])
    if host:
        for role, qual in ctx.person_posts.get(host, []):
            if qual and qual.startswith("state:"):
                ev.participants.setdefault(qual, [])
    for a in agreements:
        a.event = key
        if not a.date and a.name:
            a.date = date
    return [ev]


GROUP = {"JointVenture": "deal", "Cooperation": "deal", "InvestmentCommitment": "investment", "Sale": "sale",
         "FinancingOffer": "financing"}


def _agreement_keys(agreements: list[Agreement]) -> None:
    """Identity of each agreement across articles, so that several reports of one deal meet in one node.

    A deal about a commodity is known by its kind and commodity (plus its companies when one
    article reports two such deals); a sale by its maker and buyers; an investment pledge by its
    states; a financing offer by its financier and what it finances; anything else by its parties.
    """
    def base(a: Agreement) -> list[str]:
        group = GROUP.get(a.type, "deal")
        orgs = sorted(p for p in a.all_parties() if p.startswith("organization:"))
        states = sorted(p for p in a.all_parties() if p.startswith("state:"))
        if group == "sale":
            return [group] + sorted(a.manufacturers) + sorted(a.buyers) + sorted(a.commodities)
        if group == "investment":
            return [group] + (states or orgs)
        if a.commodities:
            return [group] + sorted(a.commodities)
        return [group] + (orgs or states)

    keys = [base(a) for a in agreements if a.type != "FinancingOffer"]
    for a in agreements:
        if a.type == "FinancingOffer":
            continue
        k = base(a)
        if keys.count(k) > 1:
            k = k + sorted(p for p in a.all_parties() if p.startswith("organization:"))
        a.key = "|".join(k)
    for a in agreements:
        if a.type == "FinancingOffer":
            target = a.finances.key if a.finances is not None and a.finances.key else "|".join(sorted(a.all_parties()))
            a.key = "|".join(["financing"] + sorted(a.financiers) + [target])
