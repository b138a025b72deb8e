"""Mentions in one sentence: typed chunks over tokens (states, roles, places,
commodities, sectors, organisations, names, accords), plus amounts, dates,
quotations and cue words.

Chunks are found by lexicon matches and by general cues: capitalised spans,
organisation head words (Bank, Ministry, Capital, spółka), legal forms, accords
(Accords, Porozumienia). Whether an unknown capitalised span is a person or an
organisation is decided later, with the whole article in view (``entities``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import morph
from .amounts import DateMention, find_amounts, find_dates
from .lexicon import Lexicon, _rows
from .model import Amount, Sentence
from .text import Token, tokenize

PLACE_HEADS = {"palace", "hall", "centre", "center", "complex", "hotel", "stadium", "castle", "residence", "mansion",
               "pałac", "zamek", "sala", "rezydencja", "ratusz"}
SPEECH_LEMMAS = {"powiedzieć", "dodać", "podkreślić", "stwierdzić", "zaznaczyć", "oświadczyć", "mówić", "ocenić",
                 "przekonywać", "zapewnić", "wskazać", "poinformować", "zauważyć", "tłumaczyć", "argumentować"}
ACCORD_HEADS = {
    "en": {"accord", "accords", "agreement", "treaty", "declaration", "pact", "charter", "initiative", "convention",
           "protocol", "pledge", "compact", "alliance", "coalition", "community"},
    "pl": {"porozumienie", "traktat", "deklaracja", "pakt", "karta", "inicjatywa", "konwencja", "protokół",
           "zobowiązanie", "sojusz", "koalicja"},
}
_ACCORD_HEADS_ANY = {lang: heads | ACCORD_HEADS["en"] for lang, heads in ACCORD_HEADS.items()}
_PLACE_HEADS_ANY_CASE = PLACE_HEADS | {h.capitalize() for h in PLACE_HEADS}
_EVENT_NAME = re.compile(r"[A-Z]{1,4}\d*\+[A-Z0-9]+|G\d{1,2}|[A-Z]\d\+\d")     # C5+1, G20, CA+JPN
NAME_PARTICLES = {"bin", "bint", "ibn", "al", "el", "van", "von", "der", "de", "du", "la", "da", "di", "dos", "del"}
CONNECTORS = {"en": {"of", "for", "and", "&", "de", "du", "al", "bin", "ibn", "bint", "van", "von", "der", "la", "the", "on", "da", "di"},
              "pl": {"i", "ds.", "ds", "and", "of", "&", "the", "for"}}
LOCATIVE = {"en": {"in", "at", "to", "from", "near", "inside", "into"},
            "pl": {"w", "we", "do", "z", "ze", "na", "przy", "pod", "koło", "od"}}
ORG_DESCRIPTORS = {
    "en": {"company", "firm", "bank", "lender", "miner", "producer", "group", "operator", "carrier", "airline",
           "manufacturer", "maker", "developer", "fund", "investor", "conglomerate", "giant", "agency", "corporation",
           "holding", "enterprise", "startup", "exporter", "importer", "supplier", "trader", "utility", "railway",
           "automaker", "planemaker", "insurer", "consortium", "subsidiary", "unit", "affiliate", "partner"},
    "pl": {"spółka", "firma", "bank", "koncern", "grupa", "producent", "operator", "przewoźnik", "fundusz",
           "inwestor", "agencja", "korporacja", "holding", "przedsiębiorstwo", "dostawca", "eksporter", "importer",
           "konsorcjum", "linia", "kompania", "start-up", "startup", "deweloper", "gigant", "partner"},
}


@lru_cache(maxsize=1)
def _en_common() -> frozenset[str]:
    return frozenset(r["word"] for r in _rows("en_common.tsv"))


@dataclass
class Chunk:
    type: str            # ROLE STATE STATEADJ CAPITAL PLACE INTL ORG NAME COMMODITY SECTOR ACCORD EVENTNAME
    i: int               # first token
    j: int               # one past the last token
    start: int
    end: int
    text: str
    value: str | None = None       # lexicon id (iso2, role id, commodity id ...)
    extra: dict = field(default_factory=dict)


@dataclass
class SentenceMentions:
    sentence: Sentence
    tokens: list[Token]
    chunks: list[Chunk]
    amounts: list[Amount]
    dates: list[DateMention]
    quotes: list[tuple[int, int]]                  # character spans of quote contents
    cues: dict[str, list[tuple[int, int, str]]]     # kind -> (token i, token j, value)
    is_title_case: bool = False

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)

    def chunk_at(self, tok: int) -> Chunk | None:
        for c in self.chunks:
            if c.i <= tok < c.j:
                return c
        return None

    def cue_tokens(self, kind: str) -> list[tuple[int, int, str]]:
        return self.cues.get(kind, [])

    def has_cue(self, kind: str, outside_quotes: bool = True) -> bool:
        for i, _, _ in self.cues.get(kind, []):
            if not outside_quotes or not self.in_quote(self.tokens[i].start):
                return True
        return False


_ARABIC_ARTICLE = re.compile(r"(al|el|ad|as|ash|at|ibn|bin|bint)-[A-Z]")
_QUOTE_RX = re.compile(r"\"([^\"]{2,}?)\"|„([^”\"]{2,}?)[”\"]|“([^”]{2,}?)”|«([^»]{2,}?)»|”([^”]{2,}?)”")


def find_quotes(text: str, offset: int) -> list[tuple[int, int]]:
    out = []
    if text[:1] in "–—-":
        ends = [m for m in re.finditer(r"\s+[–—-]\s+(?=(\w+))", text[1:])]
        verbs = [m for m in ends if morph.lemmas_pl(m.group(1)) & SPEECH_LEMMAS]
        end = (verbs or ends)[-1] if ends else None
        if end is not None:
            start = re.match(r"[–—-]\s+", text).end()
            out.append((offset + start, offset + 1 + end.start()))
    for m in _QUOTE_RX.finditer(text):
        for g in range(1, 6):
            if m.group(g) is not None:
                out.append((offset + m.start(g), offset + m.end(g)))
                break
    return out


def _is_capword(tok: Token, lang: str, first: bool, lex: Lexicon, nxt: Token | None = None,
                lower_vocab: frozenset = frozenset()) -> bool:
    if not tok.is_word or not tok.is_cap or len(tok.text) < 2:
        return False
    if first and nxt is not None and nxt.is_cap and nxt.is_word and (
            tok.lemmas & _ACCORD_HEADS_ANY[lang] or _org_class(tok, lex, lang)):
        return True
    if first:
        low = tok.lower
        if lang == "en":
            if low in _en_common() or (low.endswith("ly") and len(low) > 4) or low in lower_vocab:
                return False
        else:
            if morph.is_common_word_pl(tok.text) and not morph.is_given_name_pl(tok.text) and not tok.text.isupper():
                return False
    return True


def _org_class(tok: Token, lex: Lexicon, lang: str) -> str | None:
    for key in (tok.lower, *tok.lemmas):
        cls = lex.org_heads.get(key)
        if cls:
            return cls
    return None


def _is_legal_form(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """Length of a legal form starting at token i (0 if none)."""
    t = tokens[i].text
    if t in lex.legal_forms or t.rstrip(".") in lex.legal_forms:
        return 1
    # multi-token forms: "sp. z o.o.", "S.A."; stop as soon as the text so far starts no form
    prefixes = lex.legal_form_prefixes()
    joined = ""
    for k in range(i, min(i + 6, len(tokens))):
        joined += tokens[k].text if not joined or tokens[k].start == tokens[k - 1].end else " " + tokens[k].text
        if joined not in prefixes:
            return 0
        if joined in lex.legal_forms and k > i:
            return k - i + 1
    return 0


def analyse_sentence(sentence: Sentence, language: str, lex: Lexicon, anchor_date: str | None,
                     lower_vocab: frozenset = frozenset()) -> SentenceMentions:
    text = sentence.text
    off = sentence.start
    tokens = tokenize(text, off, language)
    amounts = find_amounts(text, off, language, sentence.index)
    dates = find_dates(text, off, language, anchor_date)
    quotes = find_quotes(text, off)
    busy: set[int] = set()
    for a in amounts:
        for t in tokens:
            if t.start < a.end and t.end > a.start and (t.text[:1].isdigit() or t.lower in lex.scales or
                                                       t.text in lex.currency_symbols or (a.currency and t.text == a.currency)):
                busy.add(t.index)
    for d in dates:
        for t in tokens:
            if t.start < d.end and t.end > d.start:
                busy.add(t.index)

    words = [t for t in tokens if t.is_word]
    caps = sum(1 for t in words if t.is_cap)
    title_case = len(words) >= 4 and caps / len(words) > 0.7 and language == "en"
    all_caps = len(words) >= 3 and sum(1 for t in words if t.text.isupper()) / len(words) > 0.6

    at = lex.positions(tokens)
    cues: dict[str, list[tuple[int, int, str]]] = {}
    for kind, matcher in lex.cues.items():
        if matcher not in at:
            continue
        for i, j, e in matcher.find(tokens, at=at[matcher]):
            cues.setdefault(kind, []).append((i, j, e.data.get("value", "")))

    marks: dict[int, Chunk] = {}

    def mark(c: Chunk) -> None:
        for k in range(c.i, c.j):
            marks[k] = c

    def span(i: int, j: int) -> tuple[int, int, str]:
        s, e = tokens[i].start, tokens[j - 1].end
        return s, e, sentence.text[s - off:e - off]

    for typ, matcher in (("PLACE", lex.places), ("STATE", lex.state_names), ("INTL", lex.intl_orgs),
                         ("CAPITAL", lex.capitals), ("STATEADJ", lex.state_adjectives),
                         ("COMMODITY", lex.commodities), ("SECTOR", lex.sectors), ("ROLE", lex.roles)):
        if matcher not in at:
            continue
        for i, j, e in matcher.find(tokens, at=at[matcher]):
            if any(k in marks or k in busy for k in range(i, j)):
                continue
            if typ in ("COMMODITY", "SECTOR") and all(tokens[k].is_cap for k in range(i, j)) and i > 0 and not title_case:
                # capitalised commodity words inside names (Gold Fields, Energy Ministry) are not commodities
                nxt = tokens[j] if j < len(tokens) else None
                if nxt is not None and nxt.is_cap:
                    continue
            s, en, t = span(i, j)
            mark(Chunk(typ, i, j, s, en, t, e.id))

    # capitalised spans: organisations, accords, event names, unknown names
    chunks: list[Chunk] = []
    i = 0
    n = len(tokens)
    conn = CONNECTORS[language]
    legal_prefixes = lex.legal_form_prefixes()
    while i < n:
        tok = tokens[i]
        if not tok.is_cap and "-" not in tok.text and tok.text not in legal_prefixes and \
                tok.text.rstrip(".") not in lex.legal_forms:
            i += 1          # only a capitalised word, an al-/bin- name or a legal form starts a span
            continue
        first = i == 0 or tokens[i - 1].text in "\"„“«-–—:(" or (i == 1 and tokens[0].text in "\"„“«")
        nxt = tokens[i + 1] if i + 1 < n else None
        lex_start = (i in marks and marks[i].i == i and marks[i].type in ("INTL", "PLACE", "STATE") and tok.is_cap) or \
            ("-" in tok.text and bool(_ARABIC_ARTICLE.match(tok.text)))
        if i in busy or not (lex_start or _is_capword(tok, language, first, lex, nxt, lower_vocab) or _is_legal_form(tokens, i, lex)
                             or (tok.text[:1].isupper() and "+" in tok.text)):
            i += 1
            continue
        j = i + 1
        while j < n:
            t = tokens[j]
            if j in busy:
                break
            if t.is_word and (t.is_cap or t.text.isupper() or ("-" in t.text and _ARABIC_ARTICLE.match(t.text))) \
                    and t.text not in ("I",):
                j += 1
                continue
            if _is_legal_form(tokens, j, lex):
                j += _is_legal_form(tokens, j, lex)
                continue
            if t.lower in NAME_PARTICLES and j + 2 < n and tokens[j + 1].lower in NAME_PARTICLES and tokens[j + 2].is_cap:
                j += 2
                continue
            if t.lower in conn and j + 1 < n and (tokens[j + 1].is_cap or (tokens[j + 1].lower in ("the",) and j + 2 < n and tokens[j + 2].is_cap)):
                j += 1
                continue
            if t.text in ("-", "&", "–") and j + 1 < n and tokens[j + 1].is_cap and t.end == tokens[j + 1].start:
                j += 1
                continue
            break
        while j > i and (tokens[j - 1].lower in conn or not tokens[j - 1].is_word) and not _is_legal_form(tokens, j - 1, lex):
            j -= 1
        # venues: Government Palace, Bharat Mandapam conference complex, Zamek Królewski
        if j - i >= 2 and tokens[j - 1].lower in _PLACE_HEADS_ANY_CASE or (
                j - i >= 2 and tokens[i].lemmas & PLACE_HEADS and language == "pl"):
            s_, e_ = tokens[i].start, tokens[j - 1].end
            if not any(k in marks for k in range(i, j)):
                chunks.append(Chunk("PLACE", i, j, s_, e_, sentence.text[s_ - sentence.start:e_ - sentence.start],
                                    extra={"venue": True}))
                i = j
                continue
        chunks.extend(_classify_span(tokens, i, j, marks, language, lex, sentence, title_case))
        i = max(j, i + 1)

    # keep lexicon chunks that were not swallowed by an organisation or accord
    covered = set()
    for c in chunks:
        if c.type in ("ORG", "ACCORD", "EVENTNAME"):
            covered.update(range(c.i, c.j))
    out = [c for c in chunks]
    seen_lex = set()
    for k, c in sorted(marks.items()):
        if id(c) in seen_lex:
            continue
        seen_lex.add(id(c))
        if any(x in covered for x in range(c.i, c.j)):
            continue
        out.append(c)
    out.sort(key=lambda c: (c.i, -c.j))
    dedup: list[Chunk] = []
    for c in out:
        if dedup and c.i < dedup[-1].j:
            continue
        dedup.append(c)
    if all_caps:
        dedup = [c for c in dedup if c.type not in ("NAME", "ORG", "ACCORD")]
    dedup = [c for c in dedup if not (c.type in ("ORG", "NAME") and c.j - c.i >= 3 and c.text.isupper())]
    return SentenceMentions(sentence, tokens, dedup, amounts, dates, quotes, cues, title_case)


def _classify_span(tokens: list[Token], i: int, j: int, marks: dict[int, Chunk], lang: str, lex: Lexicon,
                   sentence: Sentence, title_case: bool) -> list[Chunk]:
    """Split a capitalised span into organisation / accord / event / name chunks."""
    if j <= i:
        return []
    off = sentence.start

    def mk(typ: str, a: int, b: int, **extra) -> Chunk:
        s, e = tokens[a].start, tokens[b - 1].end
        return Chunk(typ, a, b, s, e, sentence.text[s - off:e - off], extra=extra)

    if i in marks and marks[i].i == i and marks[i].j == j and marks[i].type in ("PLACE", "STATE", "INTL", "CAPITAL", "ROLE"):
        return []
    # event names such as C5+1, G20, CA+JPN
    for k in range(i, j):
        t = tokens[k].text
        if ("+" in t or t[:1] == "G") and _EVENT_NAME.fullmatch(t):
            rest = _classify_span(tokens, i, k, marks, lang, lex, sentence, title_case) if k > i else []
            rest2 = _classify_span(tokens, k + 1, j, marks, lang, lex, sentence, title_case) if k + 1 < j else []
            return rest + [mk("EVENTNAME", k, k + 1)] + rest2

    # accords: a capitalised accord head word with a name beside it
    heads = _ACCORD_HEADS_ANY[lang]
    for k in range(i, j):
        t = tokens[k]
        if t.is_cap and (t.lower in heads or t.lemmas & heads) and j - i >= 2:
            if lang == "pl" and k == i and k + 1 < j:
                return [mk("ACCORD", i, j)]
            if k == j - 1 and k > i:
                return [mk("ACCORD", i, j)]

    # organisations: a head word or a legal form somewhere in the span
    head_at = None
    legal = None
    for k in range(i, j):
        if _is_legal_form(tokens, k, lex) and (j - i) > 1:
            legal = k
        if tokens[k].is_cap and _org_class(tokens[k], lex, lang) and (j - i) > 1:
            if k in marks and marks[k].type in ("ROLE",):
                continue
            head_at = k if head_at is None else head_at
    if head_at is not None or legal is not None:
        a = i
        based = None
        # leading role titles, state adjectives and possessive states are not part of the name
        while a < j - 1 and a in marks and (marks[a].type in ("ROLE", "CAPITAL") or (
                marks[a].type == "STATEADJ" and (lang == "pl" or _org_class(tokens[marks[a].j], lex, lang) in (
                    "GovernmentBody", "FinancialInstitution", "InternationalOrganization")
                    or tokens[marks[a].j].text in ("Export-Import",)))) or (
                a < j - 1 and a in marks and marks[a].type == "STATE" and (
                tokens[marks[a].j - 1].text.endswith(("'s", "’s")))
                and marks[a].j < j):
            if marks[a].type in ("STATEADJ", "STATE", "CAPITAL"):
                based = marks[a].value
            a = marks[a].j
        while a < j - 1 and tokens[a].lower in ("of", "the", "for", "and", "i", "&"):
            a += 1
        b = j
        for k in range(max(a, head_at if head_at is not None else a) + 1, j):
            if k in marks and marks[k].type == "ROLE" and marks[k].i == k:
                # "European Commission President Ursula von der Leyen": the organisation ends at the title
                left = _classify_span(tokens, i, k, marks, lang, lex, sentence, title_case)
                return left + [marks[k]] + _classify_span(tokens, marks[k].j, j, marks, lang, lex, sentence, title_case)
        # "X and Y" stays two names unless the head word needs a complement (Ministry of A and B)
        for k in range(a, b):
            if tokens[k].lower in ("and", "i") and k > a:
                head_before = head_at is not None and head_at < k
                complement = any(tokens[x].lower in ("of", "for") for x in range(a, k)) or (
                    lang == "pl" and head_at == a)
                nxt_state = k + 1 in marks and marks[k + 1].type in ("STATE",)
                legal_after = legal is not None and legal > k and (
                    tokens[legal].text.isupper() or "." in tokens[legal].text) and not any(
                    _is_legal_form(tokens, x, lex) for x in range(a, k))
                if (not (head_before and complement) or nxt_state) and not legal_after:
                    left = _classify_span(tokens, a, k, marks, lang, lex, sentence, title_case)
                    right = _classify_span(tokens, k + 1, b, marks, lang, lex, sentence, title_case)
                    pre = _classify_span(tokens, i, a, marks, lang, lex, sentence, title_case) if a > i else []
                    return pre + left + right
        if b - a >= 1 and not (b - a == 1 and head_at == a and legal is None):
            classes = [_org_class(tokens[k], lex, lang) for k in range(a, b)]
            cls = next((c for c in ("FinancialInstitution", "GovernmentBody", "InternationalOrganization", "Company",
                                    "Organization") if c in classes), None)
            if legal is not None:
                cls = cls if cls in ("FinancialInstitution",) else "Company"
            chunk = mk("ORG", a, b, cls=cls or "Company", based=based)
            pre = _classify_span(tokens, i, a, marks, lang, lex, sentence, title_case) if a > i else []
            return pre + [chunk]

    # otherwise: split the span at lexicon matches; the rest are unknown names
    out: list[Chunk] = []
    k = i
    start = None
    while k < j:
        if k in marks:
            if start is not None:
                out.append(mk("NAME", start, k))
                start = None
            k = marks[k].j
            continue
        t = tokens[k]
        if start is None and not (t.is_cap and t.is_word):
            k += 1
            continue
        if t.lower in CONNECTORS[lang] and t.lower not in NAME_PARTICLES and start is not None:
            out.append(mk("NAME", start, k))
            start = None
            k += 1
            continue
        after_role = start is not None and start > 0 and (start - 1) in marks and marks[start - 1].type == "ROLE"
        if after_role and k > start and k + 1 < j and morph.is_given_name_pl(t.text) and tokens[k + 1].is_cap:
            out.append(mk("NAME", start, k))
            start = None
        if start is not None and k > start and tokens[k - 1].text.isupper() and len(tokens[k - 1].text) >= 2 and \
                not t.text.isupper() and all(tokens[x].text.isupper() for x in range(start, k)) and (
                    after_role or morph.is_given_name_pl(t.text)):
            out.append(mk("NAME", start, k))
            start = None
        if start is None:
            start = k
        k += 1
    if start is not None:
        out.append(mk("NAME", start, j))
    if title_case:
        out = [c for c in out if c.j - c.i <= 3]
    return [c for c in out if not (c.type == "NAME" and c.j - c.i == 1 and (
        tokens[c.i].lower.rstrip(".") in lex.months or tokens[c.i].lower in lex.weekdays))]
