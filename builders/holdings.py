"""Stakes in ventures and physical quantities of commodities.

A percentage is a stake when a stake noun follows it ("70% stake", "30 proc. udziałów"), a
predicate of owning comes before it ("will retain 30%", "zachowa 30%"), or it is the rest
("the remaining 30%"). Its owner is the organisation (else the state) named last before it in
its clause, not inside an "of"/"from" phrase, or the one a "goes to" phrase names after it.
A tonnage, volume or weight is a quantity of the commodity named right after or before it.
"""
from __future__ import annotations

from .clauses import clause_of
from .model import Agreement, Amount, Clause, Fact, Mention, NamedArticle, SentenceMentions, Span
from .pack import LanguagePack

QUANTITY_UNITS = ("Tonne", "Barrel", "CubicMetre", "Ounce")
OWNER_NOT_AFTER = ("of", "from")          # relation ids of prepositions whose object owns nothing here


def _tokens_of(sm: SentenceMentions, x: Amount) -> tuple[int, int]:
    idx = [t.index for t in sm.tokens if t.start >= x.start and t.end <= x.end] or [0]
    return idx[0], idx[-1] + 1


class Holdings:
    def __init__(self, pack: LanguagePack, named: NamedArticle, clauses: list[list[Clause]]):
        self.pack = pack
        self.named = named
        self.clauses = clauses
        self.not_owner = {w for w, v in pack.words("prep").items()
                          if any(p.rpartition(":")[2] in OWNER_NOT_AFTER for p in v.split("|"))}

    def stakes(self, agreements: list[Agreement]) -> list[Fact]:
        by_sentence: dict[int, int] = {}
        for i, a in enumerate(agreements):
            for s in a.sentences:
                by_sentence.setdefault(s, i)
        out = []
        for sm, mentions, clauses in zip(self.named.sentences, self.named.mentions, self.clauses):
            for x in sm.amounts:
                if x.unit != "Percent" or sm.in_quote(x.start):
                    continue
                i, j = _tokens_of(sm, x)
                if not self._stake_context(sm, i, j):
                    continue
                owner = self._owner(sm, mentions, clauses, x, i, j)
                if owner is None:
                    continue
                out.append(Fact("ownership", subject=owner.entity, share=x, text="stake",
                                evidence=[Span(min(owner.start, x.start), max(owner.end, x.end))],
                                sentence=sm.sentence.index, agreement=by_sentence.get(sm.sentence.index)))
        return out

    def _stake_context(self, sm: SentenceMentions, i: int, j: int) -> bool:
        for c in sm.cues:
            if c.kind == "stake" and j <= c.i <= j + 3:
                return True
            if c.kind == "predicate" and c.value == "own" and 0 <= i - c.j <= 3:
                return True
            if c.kind == "remainder" and 0 <= i - c.j <= 2:
                return True
        return False

    def _owner(self, sm: SentenceMentions, mentions: list[Mention], clauses: list[Clause], x: Amount,
               i: int, j: int) -> Mention | None:
        clause = clause_of(clauses, i)
        lo = clause.i if clause else 0
        goes = [c for c in sm.cues if c.kind == "goes_to" and j <= c.i <= j + 4]
        if goes:
            after = [m for m in mentions if m.type == "ORG" and goes[0].j <= m.i <= goes[0].j + 2]
            if after:
                return after[0]
        others = [t for t in (_tokens_of(sm, y)[0] for y in sm.amounts if y.unit == "Percent" and y is not x)]
        for typ in ("ORG", "STATE"):
            cands = [m for m in mentions if m.type == typ and m.entity and lo <= m.i and m.j <= i
                     and not any(m.j <= p < i for p in others)]
            free = [m for m in cands if not (m.i > 0 and sm.tokens[m.i - 1].lower in self.not_owner)]
            if free or cands:
                return (free or cands)[-1]
        return None

    def quantities(self) -> list[Fact]:
        out = []
        for sm, mentions in zip(self.named.sentences, self.named.mentions):
            for x in sm.amounts:
                if x.unit not in QUANTITY_UNITS or sm.in_quote(x.start):
                    continue
                after = [m for m in mentions if m.type == "COMMODITY" and m.start >= x.end and m.start - x.end <= 25]
                before = [m for m in mentions if m.type == "COMMODITY" and m.end <= x.start and x.start - m.end <= 25]
                comm = after[0] if after else (before[-1] if before else None)
                if comm is not None:
                    out.append(Fact("quantity", subject=comm.entity, share=x, evidence=[Span(x.start, x.end)],
                                    sentence=sm.sentence.index))
        return out

    def subsidiaries(self) -> None:
        """``X, a subsidiary of Y`` / ``X, spółka zależna Y``: the organisation right before a
        subsidiary noun belongs to the first organisation named within a few words after it."""
        for sm, mentions in zip(self.named.sentences, self.named.mentions):
            orgs = [m for m in mentions if m.type == "ORG" and m.entity]
            for cue in (c for c in sm.cues if c.kind == "subsidiary"):
                child = [m for m in orgs if 0 <= cue.i - m.j - self._bracketed(sm, m.j, cue.i) <= 2]
                parent = [m for m in orgs if 0 <= m.i - cue.j <= 3]
                if not child or not parent or child[-1].entity == parent[0].entity:
                    continue
                ent = self.named.entities.get(child[-1].entity)
                if ent is not None and ent.parent is None:
                    ent.parent = parent[0].entity
                    ent.parent_evidence = Span(child[-1].start, parent[0].end)

    @staticmethod
    def _bracketed(sm: SentenceMentions, i: int, j: int) -> int:
        """How many tokens from ``i`` to ``j`` stand in brackets (an acronym after a name)."""
        depth, n = 0, 0
        for t in sm.tokens[i:j]:
            if t.text == "(":
                depth += 1
            n += depth > 0
            if t.text == ")":
                depth = max(0, depth - 1)
        return n
