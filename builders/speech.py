"""Quotations, proposals and accessions to accords.

A quotation's speaker is the person the sentence names as saying it: the subject of a verb of
saying next to the quote (before or after it, "X said" or "said X"), the person a dash-opened
line names after its closing dash, the person an attribution names ("according to X"), or, for
"he said" and for a quote that continues the previous one with no attribution, the last
speaker. A short quoted phrase inside a sentence about someone ("praised Y as 'a man of
peace'") is the words of that sentence's subject, never of the nearest person.
"""
from __future__ import annotations

from .model import Fact, Frame, Mention, NamedArticle, SentenceMentions, Span
from .pack import LanguagePack

SHORT_QUOTE_WORDS = 6


def _key(m: Mention) -> str | None:
    return m.refers_to if m.type == "ROLE" else m.entity


def _persons(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.type == "PERSON" or (m.type == "ROLE" and m.refers_to)]


class Speech:
    def __init__(self, pack: LanguagePack, named: NamedArticle, frames: list[Frame]):
        self.pack = pack
        self.named = named
        self.by_sentence: dict[int, list[Frame]] = {}
        for f in frames:
            self.by_sentence.setdefault(f.sentence, []).append(f)
        self.pronouns = set(pack.words("quote_pronoun"))
        self.last_speaker: str | None = None
        self.last_speaker_sentence = -10

    def quotations(self) -> list[Fact]:
        out: list[Fact] = []
        for sm, mentions in zip(self.named.sentences, self.named.mentions):
            for qs, qe in sm.quotes:
                speaker = self._speaker(sm, mentions, qs, qe)
                if not speaker:
                    continue
                text = sm.sentence.text[qs - sm.sentence.start:qe - sm.sentence.start]
                out.append(Fact("quotation", subject=speaker, text=text, evidence=[Span(qs, qe)],
                                sentence=sm.sentence.index))
                if len(text.split()) > SHORT_QUOTE_WORDS:
                    self.last_speaker, self.last_speaker_sentence = speaker, sm.sentence.index
        return out

    def _say_frames(self, sm: SentenceMentions) -> list[Frame]:
        return [f for f in self.by_sentence.get(sm.sentence.index, []) if f.kind == "say"]

    def _speaker(self, sm: SentenceMentions, mentions: list[Mention], qs: int, qe: int) -> str | None:
        tokens = sm.tokens
        words = len(sm.sentence.text[qs - sm.sentence.start:qe - sm.sentence.start].split())
        frames = [f for f in self._say_frames(sm) if not (qs <= tokens[f.i].start < qe)]
        after = [f for f in frames if tokens[f.i].start >= qe]
        before = [f for f in frames if tokens[f.i].end <= qs]
        persons = [m for m in _persons(mentions) if not (qs <= m.start < qe)]
        for f in (after[:1] + before[-1:]) if words > SHORT_QUOTE_WORDS or not before else before[-1:] + after[:1]:
            speaker = self._frame_speaker(f, sm, qs, qe, persons)
            if speaker:
                return speaker
        for cue in sm.cues:
            if cue.kind == "attribution" and not (qs <= tokens[cue.i].start < qe):
                named = [m for m in persons if cue.j <= m.i <= cue.j + 2]
                if named:
                    return _key(named[0])
        if frames and any(t.lower in self.pronouns for t in tokens if not (qs <= t.start < qe)):
            return self._recent(sm)
        if not frames and sm.tokens and qs - sm.sentence.start <= 2 and \
                sm.sentence.index - self.last_speaker_sentence <= 1 and not persons:
            return self.last_speaker
        return None

    def _frame_speaker(self, f: Frame, sm: SentenceMentions, qs: int, qe: int, persons: list[Mention]) -> str | None:
        speakers = [m for m in f.slots.get("speaker", []) if not (qs <= m.start < qe)]
        if speakers:
            subject_like = [m for m in speakers if m.j <= f.i] or speakers
            return _key(subject_like[-1] if subject_like[0].j <= f.i else subject_like[0])
        near = [m for m in persons if f.j <= m.i <= f.j + 3]
        if near and sm.tokens[f.i].start >= qe:
            return _key(near[0])                          # "...," said Anna Kowal
        if any(t.lower in self.pronouns for t in sm.tokens[max(0, f.i - 2):f.j + 2]):
            return self._recent(sm)
        return None

    def _recent(self, sm: SentenceMentions) -> str | None:
        if sm.sentence.index - self.last_speaker_sentence <= 3 and self.last_speaker:
            return self.last_speaker
        for prev_sm, prev in zip(reversed(self.named.sentences[:self._pos(sm)]),
                                 reversed(self.named.mentions[:self._pos(sm)])):
            people = _persons(prev)
            if people:
                return _key(people[0])
        return None

    def _pos(self, sm: SentenceMentions) -> int:
        return next(i for i, x in enumerate(self.named.sentences) if x is sm)


def proposals(named: NamedArticle, frames: list[Frame]) -> list[Fact]:
    out = []
    index = {sm.sentence.index: sm for sm in named.sentences}
    for f in frames:
        if f.kind != "propose" or not f.slots.get("proposer"):
            continue
        sm = index[f.sentence]
        who = f.slots["proposer"][0]
        start = sm.tokens[f.j].start if f.j < len(sm.tokens) else sm.tokens[-1].end
        end = sm.sentence.end
        while end > start and sm.sentence.text[end - 1 - sm.sentence.start] in ".;!? ":
            end -= 1
        if end - start < 5:
            continue
        out.append(Fact("proposal", subject=_key(who), text=sm.sentence.text[start - sm.sentence.start:end - sm.sentence.start],
                        evidence=[Span(min(who.start, sm.tokens[f.i].start), end)], sentence=f.sentence))
    return out


def accessions(named: NamedArticle, frames: list[Frame]) -> list[Fact]:
    out = []
    index = {sm.sentence.index: sm for sm in named.sentences}
    for f in frames:
        if f.kind != "join" or f.negated or f.hedged:
            continue
        sm = index[f.sentence]
        accords = f.slots.get("accord", []) or _accord_after(named, sm, f)
        members = f.slots.get("member", [])
        if not accords or not members:
            continue
        for m in members:
            out.append(Fact("accession", subject=m.entity, object=accords[0].entity,
                            evidence=[Span(sm.sentence.start, sm.sentence.end)], sentence=f.sentence))
    return out


def _accord_after(named: NamedArticle, sm: SentenceMentions, f: Frame) -> list[Mention]:
    """An accord the sentence names after the verb of joining, when the verb's own clause names
    none ("to join the initiative ...: the Abraham Accords"); else the accord the last three
    sentences named ("to join the initiative", referring back)."""
    pos = named.sentences.index(sm)
    mentions = named.mentions[pos]
    after = [m for m in mentions if m.type == "ACCORD" and m.i >= f.j and not sm.in_quote(m.start)][:1]
    if after:
        return after
    for back in range(pos - 1, max(-1, pos - 4), -1):
        earlier = [m for m in named.mentions[back] if m.type == "ACCORD"]
        if earlier:
            return earlier[-1:]
    return []


def led_posts(named: NamedArticle, frames: list[Frame], known: set[tuple[str, str | None]]) -> list[Fact]:
    """"X will be led by Y", "Y heads X": Y holds the head post of X."""
    out = []
    index = {sm.sentence.index: sm for sm in named.sentences}
    for f in frames:
        if f.kind != "lead" or f.negated:
            continue
        leaders = [m for m in f.slots.get("leader", []) if _key(m)]
        orgs = [m for m in f.slots.get("organisation", []) if m.entity]
        sm = index[f.sentence]
        for p in leaders:
            for o in orgs[:1]:
                if (_key(p), o.entity) in known:
                    continue
                out.append(Fact("post", subject=_key(p), object=o.entity, role=LEAD_ROLE,
                                role_title=sm.sentence.text[sm.tokens[f.i].start - sm.sentence.start:
                                                            sm.tokens[f.j - 1].end - sm.sentence.start],
                                evidence=[Span(min(p.start, o.start), max(p.end, o.end))], sentence=f.sentence))
    return out


LEAD_ROLE = "head"        # the role id (roles.tsv) of whoever leads an organisation
