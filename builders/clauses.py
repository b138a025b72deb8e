"""Clauses: a sentence cut where one predicate's arguments end and another's begin.

Cuts fall at semicolons, at relative pronouns and subordinating conjunctions (the pack's
``rel`` and ``subord`` words) that open a clause after a comma or a dash, at a contrastive
conjunction after a comma, and around quotations. A relative clause remembers the mention
it hangs on (its antecedent), which is its subject when it names none of its own.
"""
from __future__ import annotations

from .model import Clause, SentenceMentions
from .pack import LanguagePack

_PUNCT_CUT = {";"}
_PUNCT_SOFT = {",", "–", "—", "(", ":"}


def split_clauses(sm: SentenceMentions, pack: LanguagePack) -> list[Clause]:
    toks = sm.tokens
    if not toks:
        return []
    rel, sub = pack.words("rel"), pack.words("subord")
    contrast, comp = pack.words("contrast"), pack.words("complementizer")
    says = {c.j for c in sm.cues if c.kind == "predicate" and c.value == "say"}
    preds = {k for c in sm.cues if c.kind == "predicate" for k in range(c.i, c.j)}
    cuts: list[tuple[int, str]] = [(0, "main")]
    for k, t in enumerate(toks):
        if k == 0:
            if t.lower in sub:
                cuts[0] = (0, "subordinate")
            continue
        prev = toks[k - 1].text
        if t.text in _PUNCT_CUT:
            cuts.append((k + 1, "main"))
        elif t.lower in rel and (prev in _PUNCT_SOFT or toks[k - 1].is_cap):
            cuts.append((k, "relative"))
        elif t.lower in sub and prev in _PUNCT_SOFT:
            cuts.append((k, "subordinate"))
        elif t.lower in contrast and prev in _PUNCT_SOFT:
            cuts.append((k, "main"))
        elif t.lower in comp and not _quoted(sm, t.start) and (k in says or k - 1 in says or prev in _PUNCT_SOFT):
            cuts.append((k, "complement"))
        elif t.lower in comp and not _quoted(sm, t.start) and _content_word(toks[k - 1]) and k - 1 not in preds:
            cuts.append((k, "relative"))        # "mills that the partners plan to buy": a relative clause
    clauses = []
    for (a, kind), (b, _) in zip(cuts, cuts[1:] + [(len(toks), "")]):
        if b > a:
            clauses.append(Clause(sm.sentence.index, a, b, kind))
    return clauses


def _content_word(t) -> bool:
    """A lower-case word of no closed class: a noun or the like a relative clause may hang on."""
    return t.is_word and not t.is_cap and not t.info.pos and not t.text[:1].isdigit()


def _quoted(sm: SentenceMentions, pos: int) -> bool:
    return sm.in_quote(pos)


def clause_of(clauses: list[Clause], tok: int) -> Clause | None:
    for c in clauses:
        if c.i <= tok < c.j:
            return c
    return None
