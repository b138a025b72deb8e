"""Agreements from frames: one per clause that states a deal, then merged across sentences.

What makes an agreement, its type and its status per frame class is ``agreement_frames.tsv``;
which agreement role each slot fills is ``slots.tsv``. Within a clause, every frame adds its
slot fillers to the clause's agreement; the money and counts of the clause are its amounts
(a total that is not an agreement's value, such as trade, is left out), the commodities and
sectors named there are what it concerns. A person who signs or agrees makes the state they
lead, or the organisation they run, a party. Names after an attribution ("according to X"),
a witness phrase ("in the presence of X") or a facilitation phrase are not parties.

Across sentences, a definite or bare mention of a deal ("the agreement", "the deal was signed")
continues the latest agreement; a new report of the same kind that shares a party or a
commodity with a recent one continues it too. A financing offer stays an agreement of its own,
tied to the agreement it finances.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .model import Agreement, Amount, Frame, Mention, NamedArticle, SentenceMentions, Span
from .pack import LanguagePack
from .packdata import rows

TYPE_PRIORITY = ("FinancingOffer", "JointVenture", "InvestmentCommitment", "Sale", "Cooperation")
STATUS_ORDER = ("Announced", "Agreed", "LetterOfIntent", "Signed")
ROLE_FIELDS = ("parties", "buyers", "sellers", "investors", "financiers", "signatories", "facilitators",
               "commodities", "sectors")
UNITS_COUNTED = ("Aircraft", "Model", "Item")


@dataclass
class _Draft:
    """An agreement being assembled from one clause."""

    agreement: Agreement
    sentence: int
    clause: tuple[int, int]
    anaphoric: bool = False
    refers_back: bool = False            # a definite deal noun: "the agreement", "umowa ta"
    about_accord: bool = False           # no deal of its own, but a named accord in the clause
    bare_noun: bool = False              # a deal noun in a language with no articles (either reading)
    issuers: list = field(default_factory=list)   # who issued a letter of intent named in the clause
    seen: dict = field(default_factory=dict)      # field name -> keys already merged in
    vague: bool = False
    negotiators: list[str] = field(default_factory=list)
    witnesses: list[str] = field(default_factory=list)
    continuation: bool = False           # only what a deal reported just before goes on to do


class AgreementBuilder:
    def __init__(self, pack: LanguagePack, named: NamedArticle):
        self.pack = pack
        self.named = named
        self.frame_rules = {r["frame"]: r for r in rows(None, "agreement_frames.tsv")}
        self.slot_roles = {r["slot"]: r["role"] for r in rows(None, "slots.tsv")}
        self._clause_orgs: dict[int, list[str]] = {}

    # ------------------------------------------------------------ one clause
    def build(self, frames: list[Frame], event: str | None = None) -> list[Agreement]:
        drafts: list[_Draft] = []
        by_clause: dict[tuple[int, int, int], list[Frame]] = {}
        for f in frames:
            by_clause.setdefault((f.sentence, f.clause.i, f.clause.j), []).append(f)
        index = {sm.sentence.index: (sm, ms) for sm, ms in zip(self.named.sentences, self.named.mentions)}
        for (s, a, b), group in sorted(by_clause.items()):
            sm, mentions = index[s]
            drafts.extend(self._clause_drafts(sm, mentions, group, a, b))
        self._predicated = {f.sentence for f in frames if f.kind != "deal"}
        dealing = {f.sentence for f in frames if f.kind in ("sign", "agree") or (
            self.frame_rules.get(f.kind) or {}).get("makes", "support") != "support"}
        for sm in self.named.sentences:
            if sm.sentence.index not in dealing:
                drafts.extend(self._value_draft(sm))
        drafts.sort(key=lambda d: d.sentence)
        merged = self._merge(drafts)
        out = self._finish(merged)
        for a in out:
            a.event = event
        agreement_keys(out)
        return out

    def _issuers(self, draft: _Draft) -> None:
        """Who issued a letter: its financier when a bank and no verb of financing names another;
        otherwise a party ("A and B signed a letter under which A will finance ...")."""
        ag = draft.agreement
        named_financier = bool(ag.financiers)
        for key in draft.issuers:
            ent = self.named.entities.get(key)
            bank = ent is not None and ent.subclass == "FinancialInstitution"
            target = ag.financiers if bank and not named_financier else ag.parties
            if key not in target and key not in ag.financiers:
                target.append(key)

    def _value_draft(self, sm: SentenceMentions) -> list[_Draft]:
        """"The project's value was put at $1.1bn": a sentence with no deal words of its own that
        gives a value: the amount of the deal reported just before."""
        money = [x for x in sm.amounts if x.currency and not x.is_equivalent and not sm.in_quote(x.start)
                 and not self._total(sm, x)]
        values = [c for c in sm.cues if c.kind == "value" and not sm.in_quote(sm.tokens[c.i].start)]
        if not money or not values or sm.tokens[values[0].i].start > money[0].start:
            return []
        ag = Agreement(type="Cooperation")
        ag.amounts = self._amounts(sm, money, sm.sentence.start, sm.sentence.end)
        ag.evidence.append(Span(sm.sentence.start, sm.sentence.end))
        ag.sentences.append(sm.sentence.index)
        draft = _Draft(ag, sm.sentence.index, (0, len(sm.tokens)))
        draft.anaphoric = draft.refers_back = True
        return [draft]

    def _is_financing(self, f: Frame) -> bool:
        rule = self.frame_rules.get(f.kind, {})
        return rule.get("type") == "FinancingOffer" or (f.kind == "deal" and f.value == "FinancingOffer")

    def _clause_drafts(self, sm: SentenceMentions, mentions: list[Mention], group: list[Frame],
                       a: int, b: int) -> list[_Draft]:
        """One agreement for the clause; two when it states a deal and, after it, a financing offer
        for it ("the venture received a letter of interest from EXIM for up to $900m")."""
        fin = [f for f in group if self._is_financing(f)]
        rest = [f for f in group if f not in fin]
        banks = any(f.slots.get("financier") for f in fin)
        main_types = [t for t in (self._makes(f, sm, [1]) for f in rest) if t and t not in ("FinancingOffer", "LetterOfIntent")]
        if not (fin and banks and main_types):
            draft = self._clause_draft(sm, mentions, group, a, b)
            return [draft] if draft else []
        letters = [f for f in rest if f.kind == "deal" and f.value == "LetterOfIntent"]
        cut = min(sm.tokens[f.i].start for f in fin + letters)
        main = self._clause_draft(sm, mentions, [f for f in rest if f not in letters], a, b, (0, cut))
        finance = self._clause_draft(sm, mentions, fin + letters, a, b, (cut, 1 << 30))
        if main is not None and finance is not None:
            banks_keys = set(finance.agreement.financiers)
            for fld in ("parties", "buyers", "sellers", "investors"):
                setattr(main.agreement, fld, [k for k in getattr(main.agreement, fld) if k not in banks_keys])
        return [d for d in (main, finance) if d is not None]

    def _makes(self, f: Frame, sm: SentenceMentions, money: list) -> str | None:
        rule = self.frame_rules.get(f"{f.kind}:{f.value}") or self.frame_rules.get(f.kind)
        if rule is None or f.negated or (f.kind == "deal" and self._topic(sm, f)):
            return None
        if rule.get("unless") == "stake" and self._stake_after(sm, f):
            return None
        makes = rule["makes"]
        targets = any(f.slots.get(k) for k in ("sector", "target", "commodity"))
        if makes == "stake":
            return rule["type"] if self._stake_after(sm, f) else None
        if makes == "counted" and not (money or f.j - f.i > 1 or self._counted(sm, f)):
            return None
        if makes in ("yes", "counted") or (makes == "money" and money) or (makes == "money_or_target" and (money or targets)) or (
                makes == "parties" and sum(
                len(v) for k, v in f.slots.items() if self.slot_roles.get(k) in ("parties",)) >= 1):
            return f.value if rule["type"] == "=" else rule["type"]
        return None

    @staticmethod
    def _counted(sm: SentenceMentions, f: Frame) -> bool:
        """A count of goods or an amount of money in the frame's clause ("deliveries of 37 jets")."""
        lo, hi = sm.tokens[f.clause.i].start, sm.tokens[min(f.clause.j, len(sm.tokens)) - 1].end
        return any(lo <= x.start < hi and (x.currency or x.unit not in (None, "Percent")) for x in sm.amounts)

    def _topic(self, sm: SentenceMentions, f: Frame) -> bool:
        """A deal noun in a list after "concerning" / "dotyczące": what deals are about, not a deal."""
        markers = self.pack.words("topic_marker")
        k = f.i - 1
        while k >= 0 and f.i - k <= 8:
            t = sm.tokens[k]
            if t.lower in markers or t.lemmas & markers.keys():
                return True
            if not (t.is_word or t.text == ",") or any(c.kind == "predicate" and c.i <= k < c.j for c in sm.cues):
                return False
            k -= 1
        return False

    def _stake_after(self, sm: SentenceMentions, f: Frame) -> bool:
        """"to acquire 70% of the shares": a stake, not a sale."""
        pct = [t.index for x in sm.amounts if x.unit == "Percent" for t in sm.tokens if t.start >= x.start and t.end <= x.end]
        return any(f.j <= p <= f.j + 3 for p in pct) and any(c.kind == "stake" and f.j <= c.i <= f.j + 6 for c in sm.cues)

    def _clause_draft(self, sm: SentenceMentions, mentions: list[Mention], group: list[Frame],
                      a: int, b: int, window: tuple[int, int] = (0, 1 << 30)) -> _Draft | None:
        start, end = sm.tokens[a].start, sm.tokens[b - 1].end
        sources = {k for c in sm.cues if c.kind == "attribution" for k in range(c.j, c.j + 4)}
        group = [f for f in group if not (f.kind == "deal" and f.i in sources)]   # "according to a joint statement"
        money = [x for x in sm.amounts if start <= x.start < end and x.currency and not x.is_equivalent
                 and not sm.in_quote(x.start) and not self._total(sm, x) and window[0] <= x.start < window[1]]
        makers = [f for f in group if self._makes(f, sm, money)]
        types = [self._makes(f, sm, money) for f in makers]
        support = [f for f in group if self.frame_rules.get(f.kind, {}).get("makes") == "support" and not f.negated]
        predicates = [f for f in group if f.kind not in ("deal", "meeting") and not f.negated]
        money_first = bool(money) and bool(predicates) and money[0].start < sm.tokens[predicates[0].i].start
        goods = any(a <= m.i < b and m.type == "COMMODITY" for m in mentions) or bool(money)
        helped = any(f.kind == "facilitate" and f.slots.get("facilitator") for f in support) or any(
            c.kind == "facilitation" and a <= c.i < b for c in sm.cues)
        continues = not types and (goods and any(f.kind == "develop" for f in support) or helped)
        if not types and not (support and any(f.kind in ("sign", "agree") for f in support)) and not money_first \
                and not continues:
            return None
        ag = Agreement(type=next((t for t in TYPE_PRIORITY if t in types), "Cooperation"))
        draft = _Draft(ag, sm.sentence.index, (a, b))
        deal_frames = [f for f in group if f.kind == "deal"]
        indefinite = any(not f.definite for f in deal_frames)
        draft.refers_back = bool(deal_frames) and not indefinite
        draft.bare_noun = bool(deal_frames) and bool(self.pack.words("no_articles"))
        proper_nouns = all(f.kind == "deal" and sm.tokens[f.i].is_cap and f.i > a for f in makers)
        draft.about_accord = (not types or proper_nouns) and any(m.type == "ACCORD" and a <= m.i < b for m in mentions)
        draft.anaphoric = not types and not indefinite or bool(deal_frames) and not indefinite or (
            bool(makers) and all(f.kind == "own" for f in makers))
        draft.vague = any(c.kind == "vague" and a <= c.i < b for c in sm.cues) and not money
        draft.continuation = continues        # "The partners will build a copper smelter": the deal just reported
        for f in group:
            if f.value == "LetterOfIntent":
                ag.status = _later(ag.status, "LetterOfIntent")
            rule = self.frame_rules.get(f.kind)
            if rule and not f.negated:
                ag.status = _later(ag.status, rule["status"])
            for slot, fillers in f.slots.items():
                role = self.slot_roles.get(slot)
                for m in fillers:
                    self._assign(draft, role, m)
        excluded = self._excluded(sm, mentions, a, b)
        draft.issuers = [k for k in draft.issuers if k not in excluded]
        ag.financiers = [k for k in ag.financiers if k not in excluded]
        self._issuers(draft)
        if ag.financiers and ag.type == "Cooperation" and ag.status == "LetterOfIntent":
            ag.type = "FinancingOffer"
        for m in mentions:
            if a <= m.i < b and not sm.in_quote(m.start) and m.type in ("COMMODITY", "SECTOR") and m.entity:
                self._assign(draft, "commodities" if m.type == "COMMODITY" else "sectors", m)
        for fld in ("parties", "buyers", "sellers", "investors", "financiers", "signatories"):
            setattr(ag, fld, [k for k in getattr(ag, fld) if k not in excluded])
        ag.facilitators += [k for k in excluded.get("facilitators", []) if k not in ag.facilitators]
        for fld in ("parties", "buyers", "sellers", "investors", "financiers"):
            setattr(ag, fld, [k for k in getattr(ag, fld) if k not in ag.facilitators])
        if ag.type == "Sale" or any(x.unit in ("Aircraft", "Model") for x in sm.amounts if start <= x.start < end):
            for key in self._airline_owners(sm, mentions, a, b):
                if key not in ag.buyers:
                    ag.buyers.append(key)
        ag.amounts = self._amounts(sm, money, start, end)
        if ag.facilitators and not (ag.all_parties() or ag.amounts or ag.commodities or ag.signatories):
            draft.continuation = True         # "Talks were brokered by X": who helped the deal reported before
        self._clause_orgs[id(ag)] = [m.entity for m in mentions if m.type == "ORG" and a <= m.i < b and m.entity]
        ag.date = next((d.iso for d in sm.dates if len(d.iso) == 10), None)
        ag.evidence.append(Span(sm.sentence.start, sm.sentence.end))
        ag.sentences.append(sm.sentence.index)
        return draft

    def _airline_owners(self, sm: SentenceMentions, mentions: list[Mention], a: int, b: int) -> list[str]:
        """States whose airlines buy: named right after an airline noun ("liniom lotniczym Kazachstanu,
        Tadżykistanu i Uzbekistanu", "the airlines of X") or right before it ("Kazakh carriers")."""
        out: list[str] = []
        airline = [c for c in sm.cues if c.kind == "airline" and a <= c.i < b]
        states = [m for m in mentions if m.type in ("STATE", "STATEADJ") and a <= m.i < b]
        for c in airline:
            chain = [m for m in states if c.j <= m.i <= c.j + 2 or 0 <= c.i - m.j <= 1]
            for m in states:
                if chain and m.i > chain[-1].j and m.i - chain[-1].j <= 2 and all(
                        t.text == "," or t.lower in self.pack.words("conj") for t in sm.tokens[chain[-1].j:m.i]):
                    chain.append(m)
            for m in chain:
                key = m.entity or f"state:{m.value}"
                if key not in out:
                    out.append(key)
        return out

    def _assign(self, draft: _Draft, role: str | None, m: Mention) -> None:
        key = m.refers_to if m.type == "ROLE" else m.entity
        if not key or not role:
            return
        if role == "negotiators":
            draft.negotiators.append(key)
            return
        if role == "witnesses":
            draft.witnesses.append(key)
            return
        if role == "issuers":
            if key not in draft.issuers:
                draft.issuers.append(key)
            return
        target = getattr(draft.agreement, role)
        if key not in target:
            target.append(key)
        if role == "investors" and key not in draft.agreement.parties:
            draft.agreement.parties.append(key)

    def _excluded(self, sm: SentenceMentions, mentions: list[Mention], a: int, b: int) -> dict:
        """Mentions after an attribution, a witness phrase or a facilitation phrase in the clause."""
        out: dict = {}
        for cue in sm.cues:
            if cue.kind not in ("attribution", "presence", "facilitation") or not (a <= cue.i < b):
                continue
            after = [m for m in mentions if cue.j <= m.i <= cue.j + 2
                     and m.type in ("PERSON", "ORG", "STATE", "ROLE", "STATEADJ")]
            if after and after[0].type == "STATEADJ":      # "according to the American president"
                after = [m for m in mentions if m.i == after[0].j and m.type in ("ROLE", "ORG", "PERSON")]
            chain = after[:1]
            conj = self.pack.words("conj")
            for m in mentions:
                if chain and m.i > chain[-1].j and m.i - chain[-1].j <= 2 and m.type == chain[-1].type and any(
                        t.lower in conj for t in sm.tokens[chain[-1].j:m.i]):
                    chain.append(m)             # "according to A and B" (not "according to A, B did")
            for m in chain:
                key = m.entity or m.refers_to
                if key:
                    out[key] = cue.kind
                    if cue.kind == "facilitation":
                        out.setdefault("facilitators", []).append(key)
        return out

    def _total(self, sm: SentenceMentions, x: Amount) -> bool:
        """A total that is not an agreement's value: trade, turnover, GDP, a budget."""
        tok = [t.index for t in sm.tokens if t.start >= x.start and t.end <= x.end]
        if not tok:
            return False
        first, last = tok[0], tok[-1]
        deals = [c.i for c in sm.cues if c.kind == "deal"]
        return any(c.kind == "trade_total" and (first - 4 <= c.j <= first or last < c.i <= last + 3 or (
            first - 10 <= c.j <= first and not any(c.j <= d < first for d in deals)
            and not any(t.text in ",;" for t in sm.tokens[c.j:first]))) for c in sm.cues)

    def _amounts(self, sm: SentenceMentions, money: list[Amount], start: int, end: int) -> list[Amount]:
        out: list[Amount] = []
        for x in money:
            out.append(x)
            if x.equivalent is not None:
                out.append(x.equivalent)
        for x in sm.amounts:
            if start <= x.start < end and x.unit in UNITS_COUNTED and not sm.in_quote(x.start):
                out.append(x)
        return out

    # ------------------------------------------------------------ across sentences
    def _merge(self, drafts: list[_Draft]) -> list[_Draft]:
        out: list[_Draft] = []
        busy = {d.sentence for d in drafts if not _empty(d)}
        for d in drafts:
            if _empty(d) and d.sentence in busy:
                continue                       # "it was announced that ...": the deal is in the clause after
            a = d.agreement
            reach = 1 if d.continuation and not a.facilitators else (5 if d.continuation else 3)
            recent = [g for g in out if d.sentence - g.agreement.sentences[-1] <= reach and not _financing(g.agreement)
                      and not _financing(a)]
            target = None
            named_back = [g for g in out if d.refers_back and not d.bare_noun and not _financing(g.agreement) and not _financing(a)
                          and set(g.agreement.commodities) & set(a.commodities) and not d.about_accord
                          and g.agreement.all_parties()
                          and d.sentence - g.agreement.sentences[-1] <= 8]
            if named_back and not set(a.all_parties()) - set(named_back[-1].agreement.all_parties()):
                target = named_back[-1]                # "the copper deal", further back: the deal on copper
            elif d.anaphoric and recent:
                orgs = {p for p in a.all_parties() if not p.startswith("state:")}
                sharing = [g for g in recent if orgs & set(g.agreement.all_parties())]
                if d.about_accord:
                    pass                               # joining a named accord: an accession, not this deal
                elif sharing or len(orgs) < 2 or d.refers_back:
                    target = (sharing or recent)[-1]     # two new firms signing: a deal of their own
            elif recent:
                for g in reversed(recent):
                    same_type = g.agreement.type == a.type and a.type != "Cooperation"
                    shared = (set(g.agreement.commodities) & set(a.commodities)) or (
                        set(g.agreement.all_parties()) & set(a.all_parties()))
                    if d.sentence - g.agreement.sentences[-1] <= 2 and (same_type and (shared or d.bare_noun) or (
                            set(g.agreement.commodities) & set(a.commodities) and a.type in ("JointVenture", "Cooperation"))):
                        target = g
                        break
            if target is not None:
                _merge_into(target, d)
            else:
                out.append(d)
        return out

    def _finish(self, drafts: list[_Draft]) -> list[Agreement]:
        out: list[Agreement] = []
        for d in drafts:
            a = d.agreement
            self._people_parties(d)
            self._sale_roles(a)
            self._lead_in(a)
            if d.vague and not a.amounts:
                continue
            if _substantial(a):
                out.append(a)
        for i, a in enumerate(out):
            if _financing(a):
                prior = [j for j, g in enumerate(out) if not _financing(g) and g.sentences[-1] <= a.sentences[0]
                         and a.sentences[0] - g.sentences[-1] <= 3]
                a.finances = prior[-1] if prior else None
        return out

    def _lead_in(self, a: Agreement) -> None:
        """"The biggest ticket was a copper project ...": the sentence before a deal, naming a
        commodity but no deal of its own, says what the deal is about."""
        if a.commodities or not a.sentences:
            return
        index = {sm.sentence.index: (sm, ms) for sm, ms in zip(self.named.sentences, self.named.mentions)}
        before = index.get(a.sentences[0] - 1)
        if before is None or before[0].sentence.index in self._predicated or any(
                m.type in ("STATE", "ORG", "PERSON") for m in before[1]) or any(x.unit == "Aircraft" for x in a.amounts):
            return
        for m in before[1]:
            if m.type == "COMMODITY" and m.entity and m.entity not in a.commodities and not before[0].in_quote(m.start):
                a.commodities.append(m.entity)
                a.evidence.append(Span(before[0].sentence.start, before[0].sentence.end))

    def _people_parties(self, d: _Draft) -> None:
        """Signatories and negotiators make the state they lead or the firm they run a party."""
        a = d.agreement
        a.signatories = [p for p in a.signatories if p not in d.witnesses]
        for person in a.signatories + d.negotiators:
            for role, qual in self.named.roles_of.get(person, []):
                if not qual or qual in a.all_parties() or qual in a.facilitators:
                    continue
                leader = self.pack.is_leader_role(role)
                corporate = self.pack.entry("role", role).data.get("corporate") == "yes"
                if (person in a.signatories and (leader or corporate or qual.startswith("organization:"))) or \
                        (person in d.negotiators and leader and qual.startswith("state:")):
                    a.parties.append(qual)

    def _sale_roles(self, a: Agreement) -> None:
        ents = self.named.entities
        counted = [x for x in a.amounts if x.unit in ("Aircraft", "Model")]
        if counted and a.type == "Cooperation":
            a.type = "Sale"
        if a.type != "Sale":
            return
        makers = [k for k in a.sellers + a.parties + a.buyers if k in ents and ents[k].maker]
        if counted and not makers:
            named_here = [k for k in self._clause_orgs.get(id(a), []) if k in ents and ents[k].maker]
            every = sorted((k for k, e in ents.items() if e.maker), key=lambda k: -len(ents[k].mentions))
            makers = named_here[:1] or every[:1]
        a.manufacturers = list(dict.fromkeys(makers))
        if not a.buyers:
            a.buyers = [p for p in a.parties if p not in a.sellers and p not in a.manufacturers]
        a.parties = [p for p in a.parties if p not in a.buyers and p not in a.sellers and p not in a.manufacturers]
        a.amounts = [replace(x, unit="Aircraft") if x.unit == "Model" else x for x in a.amounts]


def _later(status: str, other: str) -> str:
    if other not in STATUS_ORDER:
        return status
    return other if STATUS_ORDER.index(other) > STATUS_ORDER.index(status) else status


def _financing(a: Agreement) -> bool:
    return a.type == "FinancingOffer"


def _merge_into(target: _Draft, src: _Draft) -> None:
    t, s = target.agreement, src.agreement
    for fld in ROLE_FIELDS + ("evidence", "sentences"):
        _extend_unique(target, fld, getattr(t, fld), getattr(s, fld), lambda x: x)
    _extend_unique(target, "amounts", t.amounts, s.amounts, lambda x: (x.start, x.end, x.value, x.currency, x.unit))
    if t.type == "Cooperation" and s.type != "Cooperation":
        t.type = s.type
    t.status = _later(t.status, s.status)
    t.date = t.date or s.date
    target.negotiators += src.negotiators
    target.witnesses += src.witnesses
    target.vague = target.vague and src.vague


def _extend_unique(draft: _Draft, name: str, lst: list, items, key) -> None:
    """Append the items not yet in ``lst``, with a set kept on the draft (a list lookup per item
    made merging n drafts into one cost n squared)."""
    seen = draft.seen.get(name)
    if seen is None:
        seen = draft.seen[name] = {key(x) for x in lst}
    for x in items:
        k = key(x)
        if k not in seen:
            seen.add(k)
            lst.append(x)


def _empty(d: _Draft) -> bool:
    a = d.agreement
    return d.anaphoric and not (a.all_parties() or a.amounts or a.commodities or a.signatories)


def _substantial(a: Agreement) -> bool:
    parties = a.all_parties()
    if not parties:
        return False
    return len(parties) >= 2 or bool(a.amounts or a.commodities or a.signatories or _financing(a)) or (
        a.type == "InvestmentCommitment" and bool(a.investors and a.sectors))   # "X will invest in A and B"


GROUP = {"JointVenture": "deal", "Cooperation": "deal", "InvestmentCommitment": "investment", "Sale": "sale",
         "FinancingOffer": "financing"}


def agreement_keys(agreements: list[Agreement]) -> None:
    """Identity of each agreement: its kind, every party it has (manufacturers of a sale too) and
    what it concerns, so that two deals with different parties never share a node. A deal with
    fewer than two resolved parties is not specific enough to be the same as another article's:
    its key is marked ``article|`` and the graph scopes its node to the article. Reports of one deal that
    name different parties are joined later, at corpus level, by evidence (``graph/identity``).
    A financing offer is keyed by its financiers and what it finances."""
    def base(a: Agreement) -> list[str]:
        group = GROUP.get(a.type, "deal")
        parties = sorted(set(a.all_parties()) | set(a.manufacturers))
        scope = "corpus" if len(parties) >= 2 else "article"
        return [scope, group] + parties + ["~"] + sorted(a.commodities)

    keys = [base(a) for a in agreements if not _financing(a)]
    for a in agreements:
        if _financing(a):
            continue
        k = base(a)
        if keys.count(k) > 1:
            k = k + sorted(a.sectors) + sorted(f"{m.value}{m.currency}" for m in a.amounts)
        a.key = "|".join(k)
    for a in agreements:
        if _financing(a):
            target = agreements[a.finances].key if a.finances is not None else "|".join(sorted(a.all_parties()))
            scope = "corpus" if a.financiers and not (target or "").startswith("article|") else "article"
            a.key = "|".join([scope, "financing"] + sorted(a.financiers) + [target or ""])
