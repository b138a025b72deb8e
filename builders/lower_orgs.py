"""Organisation names written with only their first word capitalised, as Russian writes them
("Экспортно-импортный банк США", "Французское агентство развития", "Национальный банк
Казахстана"): capitalised adjectives, a lower-case head noun of an organisation, and its
complements in the genitive (lower-case words, a state's name). The packs that write names so
say it in their grammar table (flag ``lowercase_name_words``)."""
from __future__ import annotations

from .model import Token

_ADJ = "adj"


def _adjective(tok: Token) -> bool:
    return tok.is_word and _ADJ in tok.info.pos and "verb" not in tok.info.pos


def _joined_adjective(tokens: list[Token], k: int) -> int:
    """Length of an adjective at k, a hyphenated one counted whole (Экспортно-импортный: 3)."""
    if k + 2 < len(tokens) and tokens[k + 1].text in ("-", "‑") and tokens[k].end == tokens[k + 1].start \
            and tokens[k + 1].end == tokens[k + 2].start and _adjective(tokens[k + 2]):
        return 3
    return 1 if _adjective(tokens[k]) else 0


def lowercase_org(analyser, tokens: list[Token], i: int, marks: dict, busy: set[int]) -> tuple[int, str | None]:
    """End and class of an organisation's name that starts at token i in the lower-case style;
    (0, None) if none.
    The name needs a complement after its head (a genitive word, a state or a region), unless a
    joined adjective of two peoples leads it ("Российско-монгольский деловой совет"): "Французская
    компания" alone describes a company, it does not name one; nor does a head followed by a
    name ("американская компания Alder Metals Group"). A capitalised head may lead the name
    itself ("Ассоциация производителей Азии")."""
    n = len(tokens)
    if i in busy or not tokens[i].is_cap or (i in marks and marks[i].type not in ("STATEADJ",)):
        return 0, None
    k, joined = i, False
    while k < n and k not in busy:
        step = _joined_adjective(tokens, k)
        if not step or (k > i and tokens[k].is_cap):
            break
        joined = joined or step == 3 or "-" in tokens[k].text
        k += step
    head_first = k == i and analyser._org_class(tokens[i]) and "noun" in tokens[i].info.pos
    if k >= n or not head_first and (k == i or tokens[k].is_cap or not analyser._org_class(tokens[k])):
        return 0, None
    head = k
    k += 1
    conj = set(analyser.pack.words("conj"))
    end = k
    while k < n and k not in busy:
        t = tokens[k]
        if k in marks and marks[k].type in ("STATE", "PLACE") and "gen" in t.info.cases | _all_cases(t):
            k = end = marks[k].j
            break
        if t.is_cap or not t.is_word or "verb" in t.info.pos or "prep" in t.info.pos:
            break
        if t.lower in conj and k + 1 < n and "gen" in tokens[k + 1].info.cases and not tokens[k + 1].is_cap:
            k += 1
            continue
        if "gen" not in t.info.cases or not t.info.pos & {"noun", _ADJ}:
            break
        k += 1
        if "noun" in t.info.pos:
            end = k
    if end == head + 1 and (head_first or not joined):
        return 0, None                        # "Российско-монгольский деловой совет": a joined adjective names it
    nxt = tokens[end] if end < n else None
    if nxt is not None and (nxt.text in "«\"„“" or (nxt.is_cap and nxt.is_word)):
        return 0, None
    return end, analyser._org_class(tokens[head])


def _all_cases(t: Token) -> frozenset:
    """An indeclinable abbreviation (США) has no case of its own: it may be a genitive."""
    return frozenset({"gen"}) if t.text.isupper() else frozenset()
