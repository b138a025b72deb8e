"""The summit or meeting an article reports: its kind, name, date, place, host and participants.

Meeting frames (meeting nouns such as summit, talks, visit; verbs such as meet, host, attend)
outside quotations, in sentences that do not point to an earlier event, make the article's
event. It is a Summit when a summit noun or an event name (C5+1, G20) says so, a Meeting
otherwise. Its participants are the persons and states the frames' slots name, the states a
list of leaders names ("the leaders of A, B and C"), delegations, and the states whose leaders
take part. Its place is the venue or city named in those sentences (venues first, the lead
sentences weighing most), else the dateline's city; its date the date named there, else the
article's.
"""
from __future__ import annotations

from collections import Counter

from .model import EventInfo, Frame, Mention, NamedArticle, SentenceMentions, Span
from .names import slug
from .pack import LanguagePack

MEETING_FRAMES = ("meeting", "meet", "host", "visit", "attend")
GENITIVE = "of"         # the relation id of a preposition that marks a genitive (leaders of A and B)
LIST_RELATIONS = (GENITIVE, "from")     # "leaders of A and B", "delegations from A, B and C"


class EventFinder:
    def __init__(self, pack: LanguagePack, named: NamedArticle, frames: list[Frame]):
        self.pack = pack
        self.named = named
        self.frames = [f for f in frames if f.kind in MEETING_FRAMES and not f.negated]
        self.index = {sm.sentence.index: (sm, ms) for sm, ms in zip(named.sentences, named.mentions)}

    def _earlier(self, sm: SentenceMentions) -> bool:
        return any(t.lower in self.pack.words("previous") for t in sm.tokens)

    def _future(self, f: Frame) -> bool:
        """A meeting still to come ("the next summit", "kolejne konsultacje"): not this event."""
        tokens = self.index[f.sentence][0].tokens
        nxt = self.pack.words("next_event")
        return any(t.lower in nxt or t.lemmas & nxt.keys() for t in tokens[max(0, f.i - 2):f.i])

    def events(self, article_date: str | None, dateline: Span | None = None) -> list[EventInfo]:
        frames = [f for f in self.frames if not self._earlier(self.index[f.sentence][0]) and not self._future(f)]
        if not frames:
            return []
        sentences = sorted({f.sentence for f in frames})
        name = next((sm.tokens[m.i].text for sm, ms in self.index.values() for m in ms if m.type == "EVENTNAME"), None)
        place = self._place(sentences)
        lead = sorted(self.index)[:3]
        date = self._date(sentences, dateline) or self._date(lead, dateline) or article_date
        kind = "Summit" if name is not None or any(f.kind == "meeting" and f.value == "Summit" for f in frames) \
            else "Meeting"
        label = (f"{name} summit" if name else kind) + (
            f" at {self.named.entities[place].label_en}" if place and not name else "") + (f" ({date})" if date else "")
        key = slug(f"{name or kind}-{date or ''}" + ("" if name else f"-{(place or '').split(':')[-1]}"))
        ev = EventInfo(key=key, label_en=label, kind=kind, name=name, date=date, place=place)
        if self.pack.native_labels:
            ev.labels.setdefault(self.pack.language, set()).add(label)
        for s in sentences:
            sm, mentions = self.index[s]
            span = Span(sm.sentence.start, sm.sentence.end)
            ev.evidence.append(span)
            self._participants(ev, sm, mentions, [f for f in frames if f.sentence == s], span)
        self._host_state(ev)
        ev.kind = "Summit" if kind == "Summit" or self._leaders_of_states(ev) >= 2 else "Meeting"
        if not name and ev.kind != kind:
            ev.key = slug(f"{ev.kind}-{date or ''}-{(place or '').split(':')[-1]}")
            ev.label_en = ev.label_en.replace(kind, ev.kind, 1)
            ev.labels = {k: {x.replace(kind, ev.kind, 1) for x in v} for k, v in ev.labels.items()}
        return [ev]

    def _leaders_of_states(self, ev: EventInfo) -> int:
        """How many states the event's participants lead: two or more make a summit (heads of state
        or government meeting), one a visit or talks."""
        states = {q for p in ev.participants if p.startswith("person:")
                  for r, q in self.named.roles_of.get(p, []) if q and q.startswith("state:") and self.pack.is_leader_role(r)}
        return len(states)

    def _place(self, sentences: list[int]) -> str | None:
        votes: Counter = Counter()
        lead = set(sorted(self.index)[:2])
        for s in sentences:
            sm, mentions = self.index[s]
            for m in mentions:
                if m.type == "PLACE" and m.entity and not sm.in_quote(m.start):
                    if self.named.entities[m.entity].place_kind == "region":
                        continue                # "Central Asia", "the Gulf": where from, not where it met
                    venue = self.named.entities[m.entity].place_kind == "venue"
                    votes[m.entity] += (3 if s in lead else 1) * (3 if venue else 1)
        return max(votes, key=lambda k: (votes[k], k)) if votes else None

    def _date(self, sentences: list[int], dateline: Span | None) -> str | None:
        """The day named most in the event's sentences; the dateline's date is the article's."""
        votes: Counter = Counter()
        for s in sentences:
            for d in self.index[s][0].dates:
                if len(d.iso) == 10 and not (dateline and dateline.start <= d.start < dateline.end):
                    votes[d.iso] += 1
        return max(votes, key=lambda k: (votes[k], k)) if votes else None

    def _add(self, ev: EventInfo, key: str | None, span: Span) -> None:
        if key:
            spans = ev.participants.setdefault(key, [])
            if span not in spans:
                spans.append(span)

    def _participants(self, ev: EventInfo, sm: SentenceMentions, mentions: list[Mention], frames: list[Frame],
                      span: Span) -> None:
        for f in frames:
            for slot in ("participant", "host"):
                for m in f.slots.get(slot, []):
                    key = m.refers_to if m.type == "ROLE" else m.entity
                    if slot == "host" and ev.host is None and m.type in ("PERSON", "ROLE"):
                        ev.host = key
                    self._add(ev, key, span)
                    for role, qual in self.named.roles_of.get(key or "", []):
                        if qual and qual.startswith("state:") and self.pack.is_leader_role(role):
                            self._add(ev, qual, span)
        for m in mentions:
            if sm.in_quote(m.start):
                continue
            key = m.refers_to if m.type == "ROLE" else m.entity
            if m.type in ("PERSON", "ROLE") and key:
                for role, qual in self.named.roles_of.get(key, []):
                    if qual and qual.startswith("state:") and self.pack.is_leader_role(role):
                        self._add(ev, key, span)
                        self._add(ev, qual, span)
        self._listed_states(ev, sm, mentions, span)
        self._named_before(ev, sm, mentions, span)

    def _named_before(self, ev: EventInfo, sm: SentenceMentions, mentions: list[Mention], span: Span) -> None:
        """States named right before a meeting noun ("US-Kazakh talks", "polsko-litewskie
        konsultacje"): the meeting is theirs."""
        joiners = set(self.pack.words("conj")) | {",", "-", "–"}
        for cue in sm.cues:
            if cue.kind != "meeting" or sm.in_quote(sm.tokens[cue.i].start):
                continue
            end = cue.i
            for m in reversed([m for m in mentions if m.j <= cue.i]):
                if m.type not in ("STATE", "STATEADJ") or not m.entity or \
                        not all(t.lower in joiners for t in sm.tokens[m.j:end]):
                    break
                self._add(ev, m.entity, span)
                end = m.i

    def _listed_states(self, ev: EventInfo, sm: SentenceMentions, mentions: list[Mention], span: Span) -> None:
        """States named in a list next to a leaders' title ("leaders of A, B and C", "Kazakh and
        Uzbek presidents"), a meeting noun, or a delegation ("delegations from A and B", "the
        Lithuanian delegation")."""
        conj = set(self.pack.words("conj")) | {","} | set(self.pack.words("det")) | {
            w for w, v in self.pack.words("prep").items() if any(p.rpartition(":")[2] in LIST_RELATIONS for p in v.split("|"))}
        delegation = set(self.pack.words("delegation"))
        anchors = [(m.i, m.j) for m in mentions if m.type == "ROLE" and self.pack.is_leader_role(m.value)]
        anchors += [(t.index, t.index + 1) for t in sm.tokens if t.lower in delegation or t.lemmas & delegation]
        for idx, m in enumerate(mentions):
            if m.type == "STATE" and any(c.kind == "meeting" and c.i <= m.i <= c.j + 1 for c in sm.cues):
                anchors.append((m.i, m.i))
        for i, j in anchors:
            after = [q for q in mentions if q.i >= j]
            before = [q for q in reversed(mentions) if q.j <= i]
            for run, edge in ((after, j), (before, i)):
                for q in run:
                    a, b = (edge, q.i) if q.i >= edge else (q.j, edge)
                    if q.type not in ("STATE", "STATEADJ") or not all(t.lower in conj for t in sm.tokens[a:b]):
                        break
                    self._add(ev, q.entity or f"state:{q.value}", span)
                    edge = q.j if q.i >= edge else q.i

    def _host_state(self, ev: EventInfo) -> None:
        """The host's state takes part; a place's state hosts when the host holds no other post."""
        if not ev.host:
            return
        for role, qual in self.named.roles_of.get(ev.host, []):
            if qual and qual.startswith("state:"):
                ev.participants.setdefault(qual, [])
