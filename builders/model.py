"""Plain data classes for what the extractor finds: spans, entities, amounts and facts.

Everything here is language independent; offsets are character offsets into
``Article.text`` so every fact can be traced back to the exact words.
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


@dataclass
class Entity:
    """One actor, place, commodity or other thing named in the text.

    ``kind`` is one of person, state, organization, place, commodity, sector,
    accord, event, role. ``key`` is the identity used to build the IRI.
    """

    kind: str
    key: str
    label_en: str
    labels_pl: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)
    subclass: str | None = None          # Company, FinancialInstitution, GovernmentBody, ...
    iso2: str | None = None
    wikidata: str | None = None
    legal_form: str | None = None
    based_in: str | None = None          # entity key of a state
    state_owned: bool = False
    parent: str | None = None            # entity key of a parent organisation
    located_in: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class Amount:
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
    commodity: str | None = None         # entity key
    sentence: int = -1
    is_equivalent: bool = False
    used: bool = False


@dataclass
class Fact:
    """A fact with its evidence spans; ``kind`` says which fields matter."""

    kind: str                            # post, ownership, participation, accession, quotation, proposal
    subject: str | None = None           # entity key
    object: str | None = None            # entity key
    role: str | None = None
    role_title: str | None = None
    text: str | None = None
    share: Amount | None = None
    evidence: list[Span] = field(default_factory=list)
    sentence: int = -1


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
    finances: "Agreement | None" = None
    date: str | None = None
    event: str | None = None
    label: str | None = None
    evidence: list[Span] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    anaphoric: bool = False
    name: str | None = None
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
    labels_pl: set[str] = field(default_factory=set)


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
