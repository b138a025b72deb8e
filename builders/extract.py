"""The extractor: an article in, everything found in it out.

text -> sentences -> tokens with morphology -> mentions -> typed names and entities ->
clauses -> frames -> agreements, posts, quotations, proposals, accessions, stakes, quantities
and the event. Each step is a module of its own; this one only runs them in order.
"""
from __future__ import annotations

from .agreements import AgreementBuilder
from .clauses import split_clauses
from .events import EventFinder
from .frames import FrameFinder
from .gc_pause import gc_paused
from .holdings import Holdings
from .mentions import SentenceAnalyser
from .quotes import vocabularies
from .model import Article, Extraction
from .morph import SUPPORTED
from .naming import Namer
from .pack import LABEL_LANGUAGE, LanguagePack, language_pack
from .speech import Speech, accessions, led_posts, proposals
from .text import split_sentences


def home_state(pack: LanguagePack, article: Article) -> str | None:
    """The state of the dateline's city: a title with no state (President X) refers to it."""
    place = (article.dateline_place or "").split(",")[0].strip()
    if not place:
        return None
    for e in pack.entries["state"].values():
        capitals = [c.strip().upper() for lang in dict.fromkeys((LABEL_LANGUAGE, pack.language))
                    for c in (e.data.get(f"capital_{lang}") or "").split("|") if c.strip()]
        if place.upper() in capitals:
            return f"state:{e.id}"
    for e in pack.entries["place"].values():
        names = [e.label_en] + (e.data.get("aliases_en") or "").split("|")
        if place.upper() in (n.upper() for n in names if n) and e.data.get("state"):
            return f"state:{e.data['state']}"
    return None


@gc_paused()
def extract(article: Article) -> Extraction:
    if article.language not in SUPPORTED:
        return Extraction(article, [], {}, [], [], [], [])
    pack = language_pack(article.language)
    sentences = split_sentences(article, pack)
    lower, cap = vocabularies(article.text)
    analyser = SentenceAnalyser(pack, article.date, lower, cap)
    analysed = [analyser.analyse(s) for s in sentences if s.duplicate_of is None]
    named = Namer(pack, analyser, home_state(pack, article)).run(analysed)
    clauses = [split_clauses(sm, pack) for sm in named.sentences]
    frames = FrameFinder(pack).frames(named, clauses)
    events = EventFinder(pack, named, frames).events(article.date, _dateline_span(article))
    title = (article.title or "").strip().rstrip(".")
    body = [f for f in frames if not title or named.sentences[_position(named, f.sentence)].sentence.text.strip().rstrip(".") != title]
    agreements = AgreementBuilder(pack, named).build(body, events[0].key if events else None)
    holdings = Holdings(pack, named, clauses)
    holdings.subsidiaries()
    known_posts = {(f.subject, f.object) for f in named.posts}
    facts = (named.posts + led_posts(named, frames, known_posts) + Speech(pack, named, frames).quotations()
             + proposals(named, frames)
             + accessions(named, frames) + holdings.stakes(agreements) + holdings.quantities())
    known = named.entities
    for a in agreements:
        for name in ("parties", "buyers", "sellers", "investors", "financiers", "signatories", "facilitators",
                     "manufacturers", "commodities", "sectors"):
            setattr(a, name, [k for k in getattr(a, name) if k in known])
    amounts = [x for a in agreements for x in a.amounts] + [f.share for f in facts if f.share is not None]
    return Extraction(article, sentences, named.entities, facts, agreements, amounts, events)


def _position(named, sentence_index: int) -> int:
    for i, sm in enumerate(named.sentences):
        if sm.sentence.index == sentence_index:
            return i
    return 0


def _dateline_span(article: Article):
    from .model import Span

    if not article.dateline:
        return None
    start = article.text.find(article.dateline)
    return Span(start, start + len(article.dateline)) if start >= 0 else None
