"""Plain data classes for everything one stage of the extractor hands to the next.

The pipeline runs one way: text -> sentences -> tokens with morphology -> mentions ->
typed names and entities -> clauses -> frames -> facts. Each stage returns new objects and
never changes what an earlier stage returned; every field a later stage reads is declared
here. Offsets are character offsets into ``Article.text``, so every fact can be traced back
to the exact words.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) of the article text."""

    start: int
    end: int


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    is_caption: bool = False
    duplicate_of: int | None = None


@dataclass
class Article:
    """A source article: its text (the body the offsets refer to) and metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    language: str = "pl"
    url: str | None = None
    publisher: str | None = None
    source_path: str | None = None
    content_hash: str = ""
    header_fields: dict = field(default_factory=dict)
    boilerplate: list[Span] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dateline: str | None = None
    dateline_place: str | None = None


@dataclass(frozen=True)
class WordInfo:
    """What a language's morphology says of one word form (see ``builders/morph``).

    ``lemmas``: base forms; ``pos``: coarse parts of speech (noun, verb, adj, prep, conj,
    num, adv, pron, part, name); ``cases``: grammatical cases the form can be in (nom, gen,
    dat, acc, inst, loc, voc), empty where the language marks none; ``names``: the name
    classes the dictionary gives the form (given, surname, geo, org); ``zipf``: how common the
    word is (0 unknown, 7 very common); ``known``: the dictionary has it."""

    lemmas: frozenset = frozenset()
    pos: frozenset = frozenset()
    cases: frozenset = frozenset()
    names: frozenset = frozenset()
    zipf: float = 0.0
    known: bool = False


class Token:
    """One token with its offsets, its index in the sentence, the keys lexicons match on and
    its morphology. A slotted class: tens of thousands are made per article."""

    __slots__ = ("text", "start", "end", "index", "lower", "keys", "is_cap", "is_word", "info")
    __hash__ = None

    def __init__(self, text: str, start: int, end: int, index: int, lower: str, keys: frozenset,
                 is_cap: bool, is_word: bool, info: WordInfo):
        self.text, self.start, self.end, self.index = text, start, end, index
        self.lower, self.keys, self.is_cap, self.is_word, self.info = lower, keys, is_cap, is_word, info

    @property
    def lemmas(self) -> frozenset:
        return self.info.lemmas

    def __eq__(self, other):
        if other.__class__ is not Token:
            return NotImplemented
        return (self.text, self.start, self.end, self.index) == (other.text, other.start, other.end, other.index)

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}-{self.end}, #{self.index})"


@dataclass(frozen=True)
class Chunk:
    """A mention found in one sentence: a lexicon match (STATE, STATEADJ, CAPITAL, PLACE, INTL,
    COMMODITY, SECTOR, ROLE), a capitalised span (NAME, ORG, ACCORD, VENUE, EVENTNAME).
    Tokens ``i`` to ``j`` (exclusive); ``value`` is the lexicon id; ``cls`` the organisation
    class an ORG's head word or legal form gives; ``based`` a state in the name (its iso2)."""

    type: str
    i: int
    j: int
    start: int
    end: int
    text: str
    value: str | None = None
    cls: str | None = None
    based: str | None = None


@dataclass(frozen=True)
class Cue:
    """A cue phrase of the language pack found at tokens ``i`` to ``j``: its kind and value."""

    kind: str
    i: int
    j: int
    value: str


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str            # YYYY-MM-DD or YYYY-MM
    relative: bool = False


@dataclass
class Amount:
    """Money, a quantity, a count or a percentage, as stated."""

    value: float
    start: int
    end: int
    currency: str | None = None
    unit: str | None = None              # Tonne, Percent, Aircraft, ...
    qualifier: str | None = None         # About, UpTo, Over, Nearly, AtLeast, Range
    min_value: float | None = None
    max_value: float | None = None
    period: str | None = None
    period_years: int | None = None
    equivalent: "Amount | None" = None
    is_equivalent: bool = False
    sentence: int = -1
    model: str | None = None             # the product named with a count ("787-9"), for aircraft


@dataclass
class SentenceMentions:
    """Everything found in one sentence before names are typed."""

    sentence: Sentence
    tokens: list[Token]
    chunks: list[Chunk]
    amounts: list[Amount]
    dates: list[DateMention]
    quotes: list[tuple[int, int]]        # character spans of quote contents
    cues: list[Cue]
    shouting: bool = False               # a line in capitals: a headline, not prose

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)

    def cues_of(self, kind: str) -> list[Cue]:
        return [c for c in self.cues if c.kind == kind]

    def has_cue(self, kind: str) -> bool:
        return any(c.kind == kind and not self.in_quote(self.tokens[c.i].start) for c in self.cues)


@dataclass(frozen=True)
class Mention:
    """A chunk once typed: what it is and which entity it names.

    ``type`` is PERSON, STATE, ORG, PLACE, COMMODITY, SECTOR, ACCORD, ROLE or EVENTNAME;
    ``entity`` the entity key (None for ROLE and EVENTNAME); ``case`` the grammatical case
    the name is in, where the language marks one; ``chunk`` its index in the sentence's
    chunks; ``refers_to`` for a ROLE with no name, the person who holds that post."""

    type: str
    i: int
    j: int
    start: int
    end: int
    entity: str | None
    chunk: int
    case: str | None = None
    value: str | None = None
    refers_to: str | None = None
    qualifier: str | None = None         # the state or organisation a bare ROLE is qualified by


@dataclass
class Entity:
    """One actor, place, commodity or other thing named in the text.

    ``kind`` is one of person, state, organization, place, commodity, sector, accord.
    ``key`` is the identity used to build the IRI."""

    kind: str
    key: str
    label_en: str
    labels: dict[str, set] = field(default_factory=dict)   # language -> surface labels
    aliases: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)
    subclass: str | None = None          # Company, FinancialInstitution, GovernmentBody, ...
    iso2: str | None = None
    wikidata: str | None = None
    legal_form: str | None = None
    based_in: str | None = None          # iso2 of a state
    state_owned: bool = False
    parent: str | None = None            # entity key of a parent organisation
    parent_evidence: Span | None = None
    located_in: str | None = None        # entity key of a state
    place_kind: str | None = None        # city or venue
    aliases_en: list[str] = field(default_factory=list)
    maker: bool = False                  # named before a product code: a manufacturer


@dataclass(frozen=True)
class Clause:
    """A stretch of one sentence with at most one main predicate: tokens ``i`` to ``j``.
    ``kind``: main, relative (who/which ...), subordinate (while/after ...) or quote."""

    sentence: int
    i: int
    j: int
    kind: str = "main"


@dataclass
class Frame:
    """A predicate or a deal noun and the arguments its slot rules found.

    ``kind`` is the frame class (sign, commit, buy, deal, meet, say, ...), ``value`` what the
    cue says beyond it (an agreement type, a status); ``slots`` maps a slot name to the
    mentions that fill it."""

    kind: str
    value: str
    sentence: int
    clause: Clause
    i: int
    j: int
    slots: dict[str, list[Mention]] = field(default_factory=dict)
    negated: bool = False
    hedged: bool = False                 # "could join", "byłoby przystąpienie": not asserted
    definite: bool = False               # "the deal", "the agreement": refers back
    passive: bool = False                # "was signed by": the subject is not the doer


@dataclass
class Fact:
    """A fact with its evidence spans; ``kind`` says which fields matter."""

    kind: str                            # post, ownership, accession, quotation, proposal
    subject: str | None = None           # entity key
    object: str | None = None            # entity key
    role: str | None = None
    role_title: str | None = None
    text: str | None = None
    share: Amount | None = None
    evidence: list[Span] = field(default_factory=list)
    sentence: int = -1
    agreement: int | None = None         # index into Extraction.agreements (a stake in a venture)


@dataclass
class Agreement:
    type: str = "Cooperation"
    status: str = "Announced"
    parties: list[str] = field(default_factory=list)
    buyers: list[str] = field(default_factory=list)
    sellers: list[str] = field(default_factory=list)
    investors: list[str] = field(default_factory=list)
    financiers: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    facilitators: list[str] = field(default_factory=list)
    manufacturers: list[str] = field(default_factory=list)
    commodities: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    finances: int | None = None          # index of the agreement a financing offer is for
    date: str | None = None
    event: str | None = None
    evidence: list[Span] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    key: str | None = None

    def all_parties(self) -> list[str]:
        seen: list[str] = []
        for group in (self.parties, self.buyers, self.sellers, self.investors, self.financiers):
            for key in group:
                if key not in seen:
                    seen.append(key)
        return seen


@dataclass
class EventInfo:
    key: str
    label_en: str
    kind: str = "Summit"
    name: str | None = None
    date: str | None = None
    place: str | None = None
    host: str | None = None
    participants: dict[str, list[Span]] = field(default_factory=dict)
    evidence: list[Span] = field(default_factory=list)
    labels: dict[str, set] = field(default_factory=dict)


@dataclass
class Extraction:
    """Everything found in one article."""

    article: Article
    sentences: list[Sentence]
    entities: dict[str, Entity]
    facts: list[Fact]
    agreements: list[Agreement]
    amounts: list[Amount]
    events: list[EventInfo]


@dataclass
class NamedArticle:
    """The output of typing names: per sentence its typed mentions (aligned with ``sentences``),
    the article's entities, the posts titles give (``post`` and ``ownership`` facts) and, for
    each person, the (role, qualifier) pairs of those posts."""

    sentences: list[SentenceMentions]
    mentions: list[list[Mention]]
    entities: dict[str, Entity]
    posts: list[Fact]
    roles_of: dict[str, list[tuple[str, str | None]]]
    home_state: str | None = None
