"""Mentions in one sentence: lexicon matches, capitalised spans, amounts, dates, quotations, cues.

Lexicon matches are states, state adjectives, capitals, places, international organisations,
commodities, sectors and titles. Capitalised spans become organisations (a head word such as
Bank or Ministry, or a legal form), accords (an accord head word beside a name), venues (a venue
head word), event names (C5+1, G20) or unknown names; what an unknown name is, is decided with
the whole article in view (``naming``). All the words these rules look for are the pack's.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Chunk, Cue, Sentence, SentenceMentions, Token
from .numbers import find_amounts, find_dates
from .pack import LABEL_LANGUAGE, LanguagePack, language_pack
from .lower_orgs import lowercase_org
from .quotes import find_quotes
from .text import Tokenizer, script_of

_EVENT_NAME = re.compile(r"[A-Z]{1,4}\d*\+[A-Z0-9]+|G\d{1,2}|[A-Z]\d\+\d")     # C5+1, G20, CA+JPN
CLOSED_CLASSES = frozenset({"conj", "prep", "adv", "pron", "det"})   # word classes no name belongs to
_OPENERS = "\"„“«-–—:("
_QUOTE_OPENERS = "\"„“«"
LEXICON_ORDER = ("PLACE", "STATE", "INTL", "INTLADJ", "CAPITAL", "STATEADJ", "ROLE", "COMMODITY", "SECTOR")


class SentenceAnalyser:
    """Mentions of the sentences of one article."""

    def __init__(self, pack: LanguagePack, anchor_date: str | None, lower_vocab: frozenset = frozenset(),
                 cap_vocab: frozenset = frozenset()):
        self.pack = pack
        self.tokenizer = Tokenizer(pack)
        self.anchor = anchor_date
        self.lower_vocab = lower_vocab
        self.cap_vocab = cap_vocab
        self.org_heads = self._phrase_values("org_head")
        self.org_heads_lower = {k.lower(): v for k, v in self.org_heads.items()}
        self.descriptor_words = frozenset(k.lower() for k in self._phrase_values("org_descriptor"))
        self.foreign_org_heads = {} if pack.language == LABEL_LANGUAGE else _english_org_heads()
        self.accord_heads = {k.lower() for k in self._phrase_values("accord_head")}
        self.venue_heads = {k.lower() for k in self._phrase_values("venue_head")}
        self.connectors = set(pack.words("name_connector"))
        self.joined_names: set[str] = set()     # names with a conjunction the article wrote as one
        self.possessive_endings = tuple(w for w in pack.words("possessive_suffix") if len(w) > 1) or ("\0",)
        self.pronouns = set(pack.words("pron"))
        self.particles = set(pack.words("name_particle"))
        self.legal_prefixes = pack.legal_form_prefixes()
        self.open_endings = tuple(pack.words("nominative_ending")) or ("\0",)
        self._text, self._offset = None, 0

    def _phrase_values(self, kind: str) -> dict[str, str]:
        return phrase_values(self.pack, kind)

    def analyse(self, sentence: Sentence) -> SentenceMentions:
        pack = self.pack
        text, off = sentence.text, sentence.start
        self._text, self._offset = text, off
        tokens = self.tokenizer.tokens(text, off)
        amounts = find_amounts(text, off, pack.language, sentence.index)
        dates = find_dates(text, off, pack.language, self.anchor)
        quotes = find_quotes(text, off, pack)
        busy = _busy_tokens(tokens, amounts, dates, pack)
        words = [t for t in tokens if t.is_word]
        shouting = len(words) >= 3 and sum(1 for t in words if t.text.isupper()) / len(words) > 0.6
        title_case = len(words) >= 4 and sum(1 for t in words if t.is_cap) / len(words) > 0.7
        at = pack.positions(tokens)
        cues = [Cue(kind, i, j, e.data.get("value", ""))
                for kind, matcher in pack.cue_matchers.items()
                for i, j, e in matcher.find(tokens, at=at.get(id(matcher), []))]
        marks = self._lexicon_marks(tokens, busy, at, title_case)
        spans = self._capitalised(tokens, marks, busy, sentence, title_case)
        chunks = [c for c in _merge(spans, marks) if not (c.type == "NAME" and self._cue_words_only(c, cues))]
        if shouting:
            chunks = [c for c in chunks if c.type not in ("NAME", "ORG", "ACCORD")]
        chunks = [c for c in chunks if not (c.type in ("ORG", "NAME") and c.j - c.i >= 3 and c.text.isupper())]
        return SentenceMentions(sentence, tokens, chunks, amounts, dates, quotes, cues, shouting)

    @staticmethod
    def _cue_words_only(c: Chunk, cues: list[Cue]) -> bool:
        """A capitalised deal or meeting noun ("Summit", "Agreement"): not a name of its own."""
        covered = {k for cue in cues if cue.kind in ("deal", "meeting") for k in range(cue.i, cue.j)}
        return all(k in covered for k in range(c.i, c.j))

    def _lexicon_marks(self, tokens: list[Token], busy: set[int], at: dict, title_case: bool) -> dict[int, Chunk]:
        marks: dict[int, Chunk] = {}
        found = []
        for rank, typ in enumerate(LEXICON_ORDER):
            matcher = self.pack.matchers[typ]
            found.extend((i - j, rank, i, j, typ, e) for i, j, e in matcher.find(tokens, at=at.get(id(matcher), [])))
        found.sort(key=lambda f: f[:3])       # the longest match first ("South Africa" over "Africa"), then type order
        for _, _, i, j, typ, e in found:
            if any(k in marks or k in busy for k in range(i, j)):
                continue
            if typ in ("COMMODITY", "SECTOR") and all(tokens[k].is_cap for k in range(i, j)) and i > 0 \
                    and not title_case and j < len(tokens) and tokens[j].is_cap:
                continue        # Gold Fields, Energy Ministry: a commodity word inside a name
            c = _chunk(typ, tokens, i, j, value=e.id)
            for k in range(i, j):
                marks[k] = c
        return marks

    # ------------------------------------------------------------ capitalised spans
    def _starts_span(self, tokens: list[Token], i: int, marks: dict, busy: set[int]) -> bool:
        tok = tokens[i]
        if i in busy:
            return False
        if i in marks and marks[i].i == i and marks[i].type in ("INTL", "PLACE", "STATE") and tok.is_cap:
            return True
        if self._legal_form(tokens, i) or (tok.text[:1].isupper() and "+" in tok.text):
            return True
        return self._capword(tokens, i)

    def _capword(self, tokens: list[Token], i: int) -> bool:
        """A capitalised word that can be part of a name. At a sentence start, a word the article
        writes in lower case elsewhere, or a common word of the language it never writes capitalised
        inside a sentence, is not (unless a name head word follows it)."""
        tok = tokens[i]
        if not tok.is_word or not tok.is_cap or len(tok.text) < 2:
            return False
        first = i == 0 or tokens[i - 1].text in _OPENERS or tokens[i - 1].text in ".!?" or (
            i == 1 and tokens[0].text in "\"„“«")           # a sentence start inside a quotation too
        if not first or tok.text.isupper():
            return True
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        more = nxt is not None and nxt.is_cap and nxt.is_word
        if more and (tok.lower in self.accord_heads or tok.lemmas & self.accord_heads or self._org_class(tok)):
            return True
        return not self.is_common(tok, more)

    def is_common(self, tok: Token, followed_by_name: bool = False) -> bool:
        """A common word of the language, not (the start of) a name."""
        low = tok.lower
        if low in self.pack.common or low in self.lower_vocab:
            return True
        if tok.info.pos & CLOSED_CLASSES and not followed_by_name and low not in self.cap_vocab:
            return True                       # "Jak podkreślił ...": a conjunction or adverb, whatever else it may be
        if low in self.cap_vocab or tok.info.names & {"given", "surname", "geo", "org"}:
            return False
        if tok.info.known and tok.info.pos and self.pack.cased and not tok.info.names:
            return True
        return tok.info.zipf >= (5.5 if followed_by_name else 4.3)

    def _org_class(self, tok: Token) -> str | None:
        for key in (tok.text, tok.lower, *tok.lemmas):
            cls = self.org_heads.get(key) or self.org_heads_lower.get(key.lower())
            if cls:
                return cls
        if not tok.info.known and tok.is_cap:       # "funduszu Noval Investment Authority": an English name
            return self.foreign_org_heads.get(tok.lower)
        return None

    def _newline_before(self, tokens: list[Token], j: int) -> bool:
        return self._text is not None and "\n" in self._text[tokens[j - 1].end - self._offset:tokens[j].start - self._offset]

    def _legal_form(self, tokens: list[Token], i: int) -> int:
        """Length of a legal form starting at token i (0 if none)."""
        t = tokens[i].text
        if t in self.pack.legal_forms or t.rstrip(".") in self.pack.legal_forms:
            return 1
        joined = ""
        for k in range(i, min(i + 6, len(tokens))):
            joined += tokens[k].text if not joined or tokens[k].start == tokens[k - 1].end else " " + tokens[k].text
            if joined not in self.legal_prefixes:
                return 0
            if joined in self.pack.legal_forms and k > i:
                return k - i + 1
        return 0

    def _span_end(self, tokens: list[Token], i: int, busy: set[int]) -> int:
        n, j = len(tokens), i + 1
        while j < n and j not in busy:
            t = tokens[j]
            if t.is_word and (t.is_cap or t.text.isupper()) and not (len(t.text) == 1 and t.lower in self.pronouns):
                if self._newline_before(tokens, j) and self.is_common(t) or _script_change(tokens[j - 1], t):
                    break                     # a new line that opens with a common word, a change of script
                j += 1
            elif self._legal_form(tokens, j):
                j += self._legal_form(tokens, j)
            elif t.text in _QUOTE_OPENERS and self._legal_form(tokens, j - 1) and j + 1 < n and tokens[j + 1].is_cap:
                j += 1                        # a legal form before the quoted name: ОАО «Кыргызнефтегаз»
            elif t.lower in self.particles and j + 2 < n and tokens[j + 1].lower in self.particles and tokens[j + 2].is_cap:
                j += 2
            elif t.lower in self.connectors and j + 1 < n and (tokens[j + 1].is_cap or (
                    j + 2 < n and tokens[j + 1].lower in self.pack.words("det") and tokens[j + 2].is_cap)):
                j += 1
            elif t.text in ("-", "&", "–") and j + 1 < n and tokens[j + 1].is_cap and t.end == tokens[j + 1].start:
                j += 1
            else:
                break
        while j > i and (tokens[j - 1].lower in self.connectors or not tokens[j - 1].is_word) and \
                not self._legal_form(tokens, j - 1):
            j -= 1
        return j

    def _capitalised(self, tokens: list[Token], marks: dict, busy: set[int], sentence: Sentence,
                     title_case: bool) -> list[Chunk]:
        chunks: list[Chunk] = []
        i, n = 0, len(tokens)
        lower_style = self.pack.flag("lowercase_name_words")
        while i < n:
            end, cls = lowercase_org(self, tokens, i, marks, busy) if lower_style else (0, None)
            if end:
                chunks.append(_chunk("ORG", tokens, i, end, cls=cls))
                i = end
                continue
            if not self._starts_span(tokens, i, marks, busy):
                i += 1
                continue
            j = self._span_end(tokens, i, busy)
            if lower_style:   # "В Ташкенте Французское агентство развития": the name starts a new span
                j = next((k for k in range(i + 1, j) if lowercase_org(self, tokens, k, marks, busy)[0]), j)
            v = self._venue_end(tokens, i, j, marks)
            if v:
                chunks.append(_chunk("VENUE", tokens, i, v))
                while v < j and (tokens[v].lower in self.connectors or not tokens[v].is_word):
                    v += 1
                if v < j:
                    chunks.extend(self._classify(tokens, v, j, marks, title_case))
            else:
                chunks.extend(self._classify(tokens, i, j, marks, title_case))
            i = max(j, i + 1)
        return chunks

    def _venue_end(self, tokens: list[Token], i: int, j: int, marks: dict) -> int:
        """End of a venue's name at the start of a capitalised span (Palace of Independence,
        Great Hall of the People): up to its head word and the "of" phrase after it; 0 if none."""
        head = next((h for h in range(i, j) if tokens[h].lower in self.venue_heads
                     or tokens[h].lemmas & self.venue_heads), None)
        if head is None or any(k in marks for k in range(i, head + 1)) or (head == i and j - i < 2):
            return 0
        inner = self.pack.words("venue_connector")
        end = head + 1
        while end < j and (tokens[end].lower in inner or tokens[end].is_cap and end not in marks):
            end += 1
        while end > head + 1 and tokens[end - 1].lower in inner:
            end -= 1
        return end if end - i >= 2 else 0

    def _classify(self, tokens: list[Token], i: int, j: int, marks: dict, title_case: bool) -> list[Chunk]:
        """Split a capitalised span into organisation, accord, event-name and name chunks."""
        if j <= i:
            return []
        if i in marks and marks[i].i == i and marks[i].j == j and marks[i].type in LEXICON_ORDER:
            return []
        for k in range(i, j):
            if ("+" in tokens[k].text or tokens[k].text[:1] == "G") and _EVENT_NAME.fullmatch(tokens[k].text):
                return (self._classify(tokens, i, k, marks, title_case) + [_chunk("EVENTNAME", tokens, k, k + 1)]
                        + self._classify(tokens, k + 1, j, marks, title_case))
        if i in marks and marks[i].i == i and marks[i].type == "INTL" and marks[i].j < j and tokens[marks[i].j].is_cap:
            return [marks[i]] + self._classify(tokens, marks[i].j, j, marks, title_case)   # European Commission | Ursula ...
        accord = self._accord(tokens, i, j)
        if accord is not None:
            return [accord]
        org = self._organisation(tokens, i, j, marks, title_case)
        if org is not None:
            return org
        return self._names(tokens, i, j, marks, title_case)

    def _accord(self, tokens: list[Token], i: int, j: int) -> Chunk | None:
        if j - i < 2:
            return None
        for k in range(i, j):
            t = tokens[k]
            if t.is_cap and (t.lower in self.accord_heads or t.lemmas & self.accord_heads):
                if (k == i and self.pack.flag("head_first")) or (k == j - 1 and k > i):
                    return _chunk("ACCORD", tokens, i, j)
        return None

    def _organisation(self, tokens: list[Token], i: int, j: int, marks: dict, title_case: bool) -> list[Chunk] | None:
        head_at = legal = None
        for k in range(i, j):
            if self._legal_form(tokens, k) and j - i > 1:
                legal = k
            if tokens[k].is_cap and self._org_class(tokens[k]) and j - i > 1 and not (
                    k in marks and marks[k].type == "ROLE") and head_at is None:
                head_at = k
        if head_at is None and legal is None:
            return None
        a, based = self._name_start(tokens, i, j, marks)
        for k in range(max(a, head_at if head_at is not None else a) + 1, j):
            if k in marks and marks[k].type == "ROLE" and marks[k].i == k:
                # "European Commission President Ursula von der Leyen": the organisation ends at the title
                return (self._classify(tokens, i, k, marks, title_case) + [marks[k]]
                        + self._classify(tokens, marks[k].j, j, marks, title_case))
        split = self._split_at_conjunction(tokens, a, j, head_at, legal, marks)
        if split is not None:
            pre = self._classify(tokens, i, a, marks, title_case) if a > i else []
            return pre + self._classify(tokens, a, split, marks, title_case) + \
                self._classify(tokens, split + 1, j, marks, title_case)
        person_at = self._person_inside(tokens, a, j, head_at)
        if person_at is not None:
            return (self._organisation(tokens, i, person_at, marks, title_case) or self._classify(tokens, i, person_at, marks, title_case)) \
                + self._names(tokens, person_at, j, marks, title_case)
        if j - a < 1 or (j - a == 1 and head_at == a and legal is None):
            return None
        classes = [self._org_class(tokens[k]) for k in range(a, j)]
        cls = next((c for c in ("FinancialInstitution", "GovernmentBody", "InternationalOrganization", "Company",
                                "Organization") if c in classes), None)
        if legal is not None and cls != "FinancialInstitution":
            cls = "Company"
        pre = self._classify(tokens, i, a, marks, title_case) if a > i else []
        return pre + [_chunk("ORG", tokens, a, j, cls=cls or "Company", based=based)]

    def _person_inside(self, tokens: list[Token], a: int, j: int, head_at: int | None) -> int | None:
        """Where a person's name begins inside an organisation's span ("Komisji Europejskiej Ursula
        von der Leyen"): a given name the morphology knows, or a change of grammatical case, after the
        head word and at least one more word."""
        if head_at is None:
            return None
        for k in range(head_at + 2, j):
            t = tokens[k]
            if "given" in t.info.names and k + 1 < j and not self._org_class(t):
                return k
            if self._case_break(tokens[k - 1], t):
                return k
        return None

    def _case_break(self, prev: Token, t: Token) -> bool:
        """Two capitalised words in cases that cannot agree (Wrightem | Tusk): two names, not one."""
        if not self.pack.cased:
            return False

        def name_cases(tok: Token) -> frozenset:
            if tok.info.names & {"given", "surname"}:
                return tok.info.cases
            guessed = self.pack.morph.guess_case(tok.text)
            return frozenset({guessed}) if guessed else frozenset()
        guess = self.pack.morph.guess_case
        a, b = name_cases(prev), name_cases(t)
        if not prev.info.known and prev.lower.endswith(self.open_endings) and "nom" in b:
            return False                      # "Сунита Рао": a foreign given name in -a is a base form too
        if guess(prev.text) not in (None, "nom") and not guess(t.text) and not t.info.known:
            return True                       # "Wrightem | Tusk": an oblique name, then a base form
        return bool(a) and bool(b) and a.isdisjoint(b) and bool(guess(prev.text) or guess(t.text))

    def _name_start(self, tokens: list[Token], i: int, j: int, marks: dict) -> tuple[int, str | None]:
        """Leading titles, capitals, state adjectives of a public body and possessive states are not
        part of an organisation's name; the state they name is where it is based."""
        a, based = i, None
        while a < j - 1 and a in marks:
            c = marks[a]
            nxt_cls = self._org_class(tokens[c.j]) if c.j < j else None
            joined = c.j < j and tokens[c.j].text == "-"      # "Chilijsko-Peruwiańska Rada": part of the name
            lead = not joined and (c.type in ("ROLE", "CAPITAL") or c.type == "STATEADJ" and (
                self.pack.flag("lowercase_adjectives") or nxt_cls in ("GovernmentBody", "FinancialInstitution", "InternationalOrganization"))) \
                or (c.type == "STATE" and tokens[c.j - 1].text.endswith(self.possessive_endings) and c.j < j)
            if not lead:
                break
            if c.type in ("STATEADJ", "STATE", "CAPITAL"):
                based = c.value
            a = c.j
        while a < j - 1 and (tokens[a].lower in self.pack.words("det") or tokens[a].lower in self.connectors):
            a += 1
        if a < j - 1 and a not in marks and self._descriptor_word(tokens[a]) and self.pack.cased \
                and tokens[a + 1].is_cap and (tokens[a + 1].text.isupper() or not any(
                    self.pack.morph.info(part).known for part in tokens[a + 1].text.split("-") if part)):
            a += 1                            # "Spółka Noval Corp": the descriptor, then a name of its own
        return a, based

    def _descriptor_word(self, tok: Token) -> bool:
        return tok.lower in self.descriptor_words or bool(tok.lemmas & self.descriptor_words)

    def _split_at_conjunction(self, tokens, a: int, b: int, head_at, legal, marks) -> int | None:
        """Where "X and Y" is two names: unless the head word needs a complement (Ministry of A and B)."""
        conj = self.pack.words("conj")
        for k in range(a + 1, b):
            if tokens[k].lower not in conj:
                continue
            head_before = head_at is not None and head_at < k
            complement = any(tokens[x].lower in self.connectors and tokens[x].lower not in conj
                             for x in range(a, k)) or (self.pack.flag("head_first") and head_at == a)
            nxt_state = k + 1 in marks and marks[k + 1].type == "STATE"
            legal_after = legal is not None and legal > k and (
                tokens[legal].text.isupper() or "." in tokens[legal].text) and not any(
                self._legal_form(tokens, x) for x in range(a, k))
            joined = " ".join(t.lower for t in tokens[a:b])
            if legal_after:                         # "Oil and Gas Corporation JSC": one name, here and later
                self.joined_names.add(" ".join(t.lower for t in tokens[a:legal]))
            elif any(joined.startswith(n) for n in self.joined_names):
                continue
            if (not (head_before and complement) or nxt_state) and not legal_after:
                return k
        return None

    def _names(self, tokens: list[Token], i: int, j: int, marks: dict, title_case: bool) -> list[Chunk]:
        """The span split at lexicon matches and connectors; the rest are unknown names."""
        out: list[Chunk] = []
        k, start = i, None
        while k < j:
            if k in marks:
                if start is not None:
                    out.append(_chunk("NAME", tokens, start, k))
                    start = None
                k = marks[k].j
                continue
            t = tokens[k]
            if start is None and not (t.is_cap and t.is_word):
                k += 1
                continue
            if t.lower in self.connectors and t.lower not in self.particles and start is not None:
                out.append(_chunk("NAME", tokens, start, k))
                start = None
                k += 1
                continue
            if start is not None and k > start and self._name_break(tokens, start, k, marks):
                out.append(_chunk("NAME", tokens, start, k))
                start = None
            if start is None:
                start = k
            k += 1
        if start is not None:
            out.append(_chunk("NAME", tokens, start, j))
        if title_case:
            out = [c for c in out if c.j - c.i <= 3]
        return [c for c in out if not (c.j - c.i == 1 and (
            tokens[c.i].lower.rstrip(".") in self.pack.months or tokens[c.i].lower in self.pack.weekdays))]

    def _name_break(self, tokens: list[Token], start: int, k: int, marks: dict) -> bool:
        """Two names run together: "ORLEN Daniel Obajtek" (a name in capitals, then a given name),
        or a title's name followed by another given name."""
        t = tokens[k]
        given = "given" in t.info.names
        after_role = start > 0 and (start - 1) in marks and marks[start - 1].type == "ROLE"
        if after_role and k + 1 < len(tokens) and given and tokens[k + 1].is_cap and (
                k - start >= 2 or not tokens[start].info.names & {"given", "surname"}):
            return True                       # "prezes Novalu | Anna Kowal": the firm, then its head
        caps_before = all(tokens[x].text.isupper() and len(tokens[x].text) >= 2 for x in range(start, k))
        if self._case_break(tokens[k - 1], t):
            return True
        return caps_before and not t.text.isupper() and (after_role or given)


def _script_change(prev: Token, t: Token) -> bool:
    """Two words of a run in different scripts (Orano | Пьер): not one name."""
    a, b = script_of(prev.text), script_of(t.text)
    return bool(a and b) and a != b


def _chunk(typ: str, tokens: list[Token], i: int, j: int, value: str | None = None, cls: str | None = None,
           based: str | None = None) -> Chunk:
    s, e = tokens[i].start, tokens[j - 1].end
    return Chunk(typ, i, j, s, e, _text_of(tokens, i, j), value=value, cls=cls, based=based)


def _text_of(tokens: list[Token], i: int, j: int) -> str:
    out = tokens[i].text
    for k in range(i + 1, j):
        out += (" " if tokens[k].start > tokens[k - 1].end else "") + tokens[k].text
    return out


def _busy_tokens(tokens: list[Token], amounts, dates, pack: LanguagePack) -> set[int]:
    """Tokens inside an amount (its digits, scale and currency) or a date: no name starts there."""
    busy: set[int] = set()
    for a in amounts:
        for t in tokens:
            if t.start < a.end and t.end > a.start and (
                    t.text[:1].isdigit() or pack.scale_of(t.text) or t.text in pack.currency_symbols
                    or (a.currency and t.text == a.currency) or t.text.upper() in pack.currency_codes):
                busy.add(t.index)
    for d in dates:
        for t in tokens:
            if t.start < d.end and t.end > d.start:
                busy.add(t.index)
    return busy


def _merge(spans: list[Chunk], marks: dict[int, Chunk]) -> list[Chunk]:
    """Capitalised-span chunks and the lexicon chunks they did not swallow, ordered, no overlaps."""
    covered = {k for c in spans if c.type in ("ORG", "ACCORD", "EVENTNAME", "VENUE") for k in range(c.i, c.j)}
    out = list(spans)
    seen = set()
    for _, c in sorted(marks.items()):
        if id(c) in seen:
            continue
        seen.add(id(c))
        if not any(x in covered for x in range(c.i, c.j)):
            out.append(c)
    out.sort(key=lambda c: (c.i, -c.j))
    dedup: list[Chunk] = []
    for c in out:
        if dedup and c.i < dedup[-1].j:
            continue
        dedup.append(c)
    return dedup


def phrase_values(pack: LanguagePack, kind: str) -> dict[str, str]:
    """The one-word phrases of a cue class, with their values."""
    m = pack.cue(kind)
    out: dict[str, str] = {}
    if m is None:
        return out
    for patterns in m.index.values():
        for p in patterns:
            if len(p.words) == 1:
                out[p.words[0]] = p.entry.data.get("value", "")
    return out


@lru_cache(maxsize=None)
def _english_org_heads() -> dict[str, str]:
    """Organisation head words of English, for English names inside other languages' texts."""
    return {k.lower(): v for k, v in phrase_values(language_pack(LABEL_LANGUAGE), "org_head").items()}
