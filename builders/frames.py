"""The frame engine: predicates and deal nouns, and the arguments their slot rules pick.

A frame is triggered by a cue of the language pack: a predicate (``predicate`` cues: sign,
commit, buy, finance, meet, say ...), a deal noun (``deal`` cues, which give the agreement
type) or a meeting noun (``meeting`` cues). Each typed mention of the trigger's clause gets a
grammatical function relative to the trigger, computed the same way for every language from
the pack's closed-class words and the morphology's cases:

- ``obl:REL``: governed by a preposition the pack maps to the relation REL (``with``, ``from``,
  ``between`` ...); in a language with cases, the case of the name picks the relation
  (Polish ``z`` + instrumental is ``with``, + genitive ``from``);
- ``poss``: a possessive before a noun trigger (Kazakhstan's deal);
- ``compound``: a name right before a noun trigger (US-Kazakh deal, tungsten deal, Boeing order);
- ``gen``: a genitive right after a noun trigger (umowa Polski);
- ``subject`` / ``object``: an unmarked name before / after the trigger, or, where cases are
  marked, in the nominative / accusative; the antecedent of a relative clause is its subject;
- names joined by a conjunction share the function of the first.

The rules of ``frames.tsv`` (frame, slot, function, types) then fill the frame's slots.
"""
from __future__ import annotations

from .clauses import clause_of
from .model import Clause, Frame, Mention, NamedArticle, SentenceMentions
from .pack import LanguagePack

TRIGGER_KINDS = ("predicate", "deal", "meeting")
NOMINAL_PREDICATES = ("meet", "say", "visit", "attend")   # frames a noun can carry too ("the visit", "talks")
AGENT = "by"            # the relation id of the preposition that names the doer of a passive
GENITIVE = "of"         # the relation id of a genitive preposition ("sectors of the US")
_SKIP_BEFORE = ("det", "possessive")
ARGUMENT_TYPES = ("PERSON", "STATE", "ORG", "PLACE", "COMMODITY", "SECTOR", "ACCORD")


class FrameFinder:
    def __init__(self, pack: LanguagePack):
        self.pack = pack
        self.cased = pack.cased
        self.prep: dict[str, list[tuple[str, str]]] = {}
        for word, value in pack.words("prep").items():
            pairs = []
            for part in value.split("|"):
                case, _, rel = part.rpartition(":")
                pairs.append((case or "any", rel))
            self.prep[word] = pairs
        self.conj = set(pack.words("conj"))
        self.title_links = set(pack.words("det")) | set(pack.words("possessive_suffix")) | {
            w for w, v in pack.words("prep").items() if any(p.rpartition(":")[2] == GENITIVE for p in v.split("|"))}
        self.skip = set().union(*(pack.words(c) for c in _SKIP_BEFORE))
        self.negation = set(pack.words("negation"))
        self.irrealis = set(pack.words("irrealis"))
        self.personal = set(pack.words("pron")) - set(pack.words("pron_person"))
        self.det = set(pack.words("det"))
        self.indefinite = set(pack.words("indefinite"))
        self.possessive_suffix = set(pack.words("possessive_suffix"))
        self.possessive_endings = tuple(w for w in self.possessive_suffix if len(w) > 1) or ("\0",)
        self.passive_aux = set(pack.words("passive_aux"))
        self.participle_endings = [w for w, v in pack.words("participle_ending").items()]
        self.rel_function = pack.words("rel")
        self.rules: dict[str, tuple] = {}
        self.accepts: set[tuple[str, str, str]] = set()
        for r in pack.rules:
            self.rules[r.frame] = self.rules.get(r.frame, ()) + (r,)
            for t in r.types:
                self.accepts.add((r.frame.split(":")[0], r.function, t))
        self.pro_drop = bool(pack.words("pro_drop"))

    def frames(self, named: NamedArticle, clauses: list[list[Clause]]) -> list[Frame]:
        out: list[Frame] = []
        self.previous_subject: Mention | None = None
        self.recent_states: list[str] = []
        for sm, mentions, sentence_clauses in zip(named.sentences, named.mentions, clauses):
            args = [m for m in mentions if m.type in ARGUMENT_TYPES or (m.type == "ROLE" and m.refers_to)]
            args = [m for m in args if not self._modifies_org(sm, m, mentions, named) and not self._base_of(sm, m)]
            args = self._own_country(sm, args, named, sentence_clauses)
            args = self._both_states(sm, args)
            self._note_states(args, named)
            nouns = {c.i for c in sm.cues if c.kind in ("deal", "meeting")}
            for cue in sm.cues:
                if cue.kind not in TRIGGER_KINDS or sm.in_quote(sm.tokens[cue.i].start):
                    continue
                if (cue.i in nouns or cue.kind == "predicate") and not self._reading_matches(sm, cue):
                    continue                    # "announced orders": the noun, not the verb (or the other way)
                clause = clause_of(sentence_clauses, cue.i)
                if clause is None or any(m.i <= cue.i < m.j for m in mentions if m.type in ("ORG", "ACCORD", "PERSON")):
                    continue                # the cue word is inside a name (Development Bank, Abraham Accords)
                if cue.kind == "predicate" and any(d.i <= cue.i < d.j for d in sm.cues if d.kind == "org_descriptor"):
                    continue                # "export credit agency": a description, not a deed
                if cue.kind == "deal" and any(d.i == cue.j for d in sm.cues if d.kind in ("org_descriptor", "org_head")):
                    continue                # "an investment group", "a supply company": a firm, not a deal
                kind = self._kind(cue)
                frame = Frame(kind, cue.value, sm.sentence.index, clause, cue.i, cue.j,
                              negated=self._negated(sm, cue.i), hedged=self._hedged(sm, cue.i, clause),
                              definite=self._definite(sm, cue.i, clause),
                              passive=kind not in ("deal", "meeting") and self._passive(sm, cue.i, cue.j))
                self._fill(frame, sm, args, sentence_clauses)
                out.append(frame)
            self.previous_subject = self._sentence_subject(sm, args, sentence_clauses) or self.previous_subject
        return out

    def _case_at(self, tokens, i: int) -> str | None:
        cases = tokens[i].info.cases
        return next(iter(cases)) if len(cases) == 1 else ("acc" if "acc" in cases and "nom" in cases else None)

    def _sentence_subject(self, sm: SentenceMentions, args: list[Mention], clauses: list[Clause]) -> Mention | None:
        """The subject of a sentence's first main clause: a bare name before its first predicate."""
        main = next((c for c in clauses if c.kind == "main"), None)
        if main is None:
            return None
        preds = [c.i for c in sm.cues if c.kind == "predicate" and main.i <= c.i < main.j]
        limit = preds[0] if preds else main.j
        for m in args:
            if main.i <= m.i < limit and self._type_of(m) in ("PERSON", "STATE", "ORG") and self._bare(sm, m, main.i) \
                    and (not self.cased or m.case in ("nom", None)) and not sm.in_quote(m.start):
                return m
        return None

    def _own_country(self, sm: SentenceMentions, args: list[Mention], named: NamedArticle,
                     clauses: list[Clause]) -> list[Mention]:
        """"his country", "swój kraj": the state the sentence's subject leads, as a mention there."""
        extra = []
        for cue in sm.cues:
            if cue.kind != "own_country":
                continue
            subject = self._sentence_subject(sm, args, clauses)
            people = [m for m in (subject, self.previous_subject) if m is not None and self._type_of(m) == "PERSON"]
            for p in people:
                key = p.refers_to if p.type == "ROLE" else p.entity
                states = [q for r, q in named.roles_of.get(key or "", []) if q and q.startswith("state:")
                          and self.pack.is_leader_role(r)]
                if states:
                    t = sm.tokens
                    extra.append(Mention("STATE", cue.i, cue.j, t[cue.i].start, t[cue.j - 1].end, states[0], -1,
                                         case=self._case_at(t, cue.i)))
                    break
        return sorted(args + extra, key=lambda m: m.i) if extra else args

    def _note_states(self, args: list[Mention], named: NamedArticle) -> None:
        """The states named so far, most recent last: a state, or the state a leader named leads."""
        for m in args:
            key = m.entity if m.type == "STATE" else None
            if m.type == "PERSON" and m.entity:
                key = next((q for r, q in named.roles_of.get(m.entity, []) if q and q.startswith("state:")
                            and self.pack.is_leader_role(r)), None)
            if key:
                if key in self.recent_states:
                    self.recent_states.remove(key)
                self.recent_states.append(key)

    def _both_states(self, sm: SentenceMentions, args: list[Mention]) -> list[Mention]:
        """"both countries", "oba państwa": the two states named last, as two mentions there."""
        cues = [c for c in sm.cues if c.kind == "both_states"]
        if not cues or len(self.recent_states) < 2:
            return args
        t, extra = sm.tokens, []
        for cue in cues:
            if any(m.i < cue.j and cue.i < m.j for m in args):
                continue
            for key in self.recent_states[-2:]:
                extra.append(Mention("STATE", cue.i, cue.j, t[cue.i].start, t[cue.j - 1].end, key, -1))
        return sorted(args + extra, key=lambda m: m.i)

    def _base_of(self, sm: SentenceMentions, m: Mention) -> bool:
        """"X z siedzibą w USA", "X, based in the US": the state says where X is, it does not act."""
        return m.type == "STATE" and any(c.kind == "based" and c.j <= m.i <= c.j + 2 for c in sm.cues)

    def _modifies_org(self, sm: SentenceMentions, m: Mention, mentions: list[Mention], named: NamedArticle) -> bool:
        """"US aviation giant Boeing", "Kazakhstan's Air Astana": the state names where the firm is
        based; it is not an actor of its own there."""
        if m.type != "STATE":
            return False
        after = [x for x in mentions if x.i >= m.j and x.type in ("ORG", "PERSON", "STATE", "COMMODITY")]
        if not after or after[0].type != "ORG" or after[0].i - m.j > 4:
            return False
        org = named.entities.get(after[0].entity or "")
        gap = sm.tokens[m.j:after[0].i]
        return org is not None and org.based_in == m.entity.split(":")[-1] and all(
            t.is_word and not t.is_cap or t.text in self.possessive_suffix for t in gap)

    def _embedded(self, sm: SentenceMentions, i: int, lower: int) -> bool:
        """A noun inside a prepositional phrase ("na marginesie szczytu", "at the summit"): a modifier
        of the clause, which takes only the arguments right after it."""
        k, steps = i - 1, 0
        while k >= lower and steps < 4:
            t = sm.tokens[k]
            if t.lower in self.prep:
                return True
            if t.lower in self.skip or (t.is_word and not t.is_cap) or t.is_cap and k == i - 1:
                k, steps = k - 1, steps + 1
                continue
            return False
        return False

    def _reading_matches(self, sm: SentenceMentions, cue) -> bool:
        """For a word that can be a noun (deal, meeting) or a verb (predicate): the noun after a
        determiner, a possessive, a number, an adjective or another predicate; the verb otherwise."""
        if self.cased:
            return True                       # the lemma already tells a noun from a verb
        toks = sm.tokens
        prev = toks[cue.i - 1] if cue.i > 0 else None
        noun_context = prev is not None and (
            prev.lower in self.det or prev.lower in self.skip or prev.text in self.possessive_suffix
            or prev.text[:1].isdigit() or "adj" in prev.info.pos
            or any(c.kind == "predicate" and c.j == cue.i and not self._in_name(sm, c.i) for c in sm.cues))
        nxt = toks[cue.j] if cue.j < len(toks) else None
        noun_context = noun_context or (nxt is not None and self.prep.get(nxt.lower, [("", "")])[0][1] == GENITIVE)
        if cue.kind == "predicate" and cue.i not in {c.i for c in sm.cues if c.kind in ("deal", "meeting")}:
            return not noun_context or cue.value in NOMINAL_PREDICATES
        # a noun modifying the word ("tungsten venture", "state-owned company", "Boeing order")
        attributive = prev is not None and (
            any(c.kind in ("state_owned", "org_descriptor") and c.j == cue.i for c in sm.cues)
            or any(c.j == cue.i and c.type not in ("ROLE", "PERSON") for c in sm.chunks))
        return (noun_context or attributive) == (cue.kind in ("deal", "meeting"))

    @staticmethod
    def _in_name(sm: SentenceMentions, k: int) -> bool:
        """Token k is inside an organisation's or a person's name ("Kowal Mining signed")."""
        return any(c.i <= k < c.j for c in sm.chunks if c.type in ("ORG", "NAME"))

    @staticmethod
    def _kind(cue) -> str:
        return cue.kind if cue.kind in ("deal", "meeting") else cue.value

    # ------------------------------------------------------------ functions
    def _passive(self, sm: SentenceMentions, i: int, j: int) -> bool:
        """"was signed", "została podpisana", "an agreement signed by ...": the grammatical subject
        is what the action is done to; the doer is the "by" phrase."""
        toks = sm.tokens
        if any("passive" in toks[k].info.pos for k in range(i, j)):
            return True
        if any(t.lower in self.passive_aux for t in toks[max(0, i - 2):i]) and toks[j - 1].lower.endswith(
                tuple(self.participle_endings)) if self.participle_endings else False:
            return True
        agent = [k for k in range(j, min(j + 2, len(toks))) if self.prep.get(toks[k].lower, [("", "")])[0][1] == AGENT]
        return bool(agent) and i > 0 and not toks[i - 1].lower in self.passive_aux and (
            toks[i - 1].text == "," or toks[i - 1].is_cap or "noun" in toks[i - 1].info.pos)

    def _negated(self, sm: SentenceMentions, i: int) -> bool:
        return any(t.lower in self.negation for t in sm.tokens[max(0, i - 3):i])

    def _hedged(self, sm: SentenceMentions, i: int, clause: Clause) -> bool:
        """A conditional or possibility word shortly before the cue, in its clause: what could or
        would be done is not reported as done."""
        return any(t.lower in self.irrealis for t in sm.tokens[max(clause.i, i - 4):i])

    def _definite(self, sm: SentenceMentions, i: int, clause: Clause) -> bool:
        """"The deal", "this agreement", or (in a language without articles) a noun opening its clause."""
        for k in range(i - 1, max(clause.i - 1, i - 4), -1):
            t = sm.tokens[k]
            if t.lower in self.det and t.lower not in self.indefinite:
                return True
            if not t.is_word or t.is_cap and k > 0:
                return False
        return self.cased and i - clause.i <= 1

    def _governing(self, sm: SentenceMentions, m: Mention, lower: int) -> str | None:
        """The relation of a preposition governing the mention (looking back over determiners,
        possessives and adjectives), or None. A genitive complement of a noun the preposition
        governs takes that preposition ("w kluczowych sektorach USA", "in the sectors of the US")."""
        k, steps, lifted = m.i - 1, 0, False
        descriptors = {x for c in sm.cues if c.kind in ("org_descriptor", "state_owned") for x in range(c.i, c.j)}
        descriptors |= self._title_before(sm, m)
        while k >= lower and steps < 6:
            t = sm.tokens[k]
            if t.lower in self.prep:
                rel = self._relation(t.lower, m)
                if rel == GENITIVE and not lifted:
                    outer = self._outer(sm, k - 1, lower)
                    return outer or rel
                return rel
            if k in descriptors:              # a title, however long, is one step
                k, steps = k - 1, steps + (k - 1 not in descriptors)
                continue
            if t.lower in self.skip or (t.is_word and not t.is_cap and "adj" in t.info.pos) or t.text in ("-",):
                k, steps = k - 1, steps + 1
                continue
            if self.cased and not lifted and m.case in ("gen", None) and t.is_word and not t.is_cap \
                    and "noun" in t.info.pos and "verb" not in t.info.pos and k == m.i - 1 and self._may_be_genitive(sm, m):
                lifted = True
                k, steps = k - 1, steps + 1
                continue
            break
        return None

    def _title_before(self, sm: SentenceMentions, m: Mention) -> set[int]:
        """Tokens of a title right before a person's name and of what qualifies it ("by Harmon
        Ridge president Laura Whitcombe"), or of a possessive state before a firm ("by Abu Dhabi's
        ADQ"): the phrase's preposition governs the name."""
        if m.type == "ORG":
            start = m.i                       # "Uzbekistan's state-owned X": over the descriptor first
            described = {c.j: c.i for c in sm.cues if c.kind in ("org_descriptor", "state_owned")}
            while start in described and described[start] < start:
                start = described[start]
            end = start - 1 if start and sm.tokens[start - 1].text in self.possessive_suffix else start
            c = next((c for c in sm.chunks if c.j == end), None)
            if c is not None and (c.type == "STATEADJ" or c.type in ("STATE", "CAPITAL") and (
                    end < start or sm.tokens[c.j - 1].text.endswith(self.possessive_endings))):
                return set(range(c.i, m.i))
            return set()
        if m.type != "PERSON":
            return set()
        by_end = {c.j: c for c in sm.chunks}
        out, k, titled = set(), m.i, False
        while k in by_end or (titled and k - 1 in by_end and sm.tokens[k - 1].lower in self.conj
                               and by_end[k - 1].type == "ROLE"):
            if k not in by_end:               # "Crown Prince and Prime Minister X": two titles of one name
                out.add(k - 1)
                k -= 1
            c = by_end[k]
            if c.type == "ROLE" or (titled and c.type in ("ORG", "NAME", "STATE", "STATEADJ", "INTL")):
                titled = titled or c.type == "ROLE"
                out.update(range(c.i, c.j))
                k = c.i
            else:
                break
        return out if titled else set()

    def _may_be_genitive(self, sm: SentenceMentions, m: Mention) -> bool:
        cases = [sm.tokens[x].info.cases for x in range(m.i, m.j) if sm.tokens[x].info.cases]
        return not cases or any("gen" in c for c in cases)

    def _outer(self, sm: SentenceMentions, k: int, lower: int) -> str | None:
        """The preposition over the noun a genitive phrase hangs on (in [the sectors] of X)."""
        steps = 0
        while k >= lower and steps < 4:
            t = sm.tokens[k]
            if t.lower in self.prep:
                rel = self.prep[t.lower][0][1]
                return None if rel == GENITIVE else rel
            if not t.is_word or t.is_cap:
                return None
            k, steps = k - 1, steps + 1
        return None

    def _relation(self, prep: str, m: Mention) -> str:
        pairs = self.prep[prep]
        if len(pairs) == 1 or not self.cased:
            return pairs[0][1]
        for case, rel in pairs:
            if m.case == case:
                return rel
        return pairs[0][1]

    def _function(self, sm: SentenceMentions, m: Mention, frame: Frame, lower: int, is_noun: bool) -> str | None:
        rel = self._governing(sm, m, lower)
        if rel is not None:
            return f"obl:{rel}"
        toks = sm.tokens
        if is_noun and m.j <= frame.i:
            after = toks[m.j].text if m.j < len(toks) else ""
            if after in self.possessive_suffix or toks[m.j - 1].text.endswith(self.possessive_endings):
                if frame.i - m.j <= 3:
                    return "poss"
            if self.cased and m.case in ("dat", "inst", "loc"):
                pass                          # "выделит Казахстану кредит": a dative is no modifier of the noun
            elif frame.i - m.j <= 1 or all(not t.is_cap and (t.lower in self.skip or "adj" in t.info.pos or t.text == "-")
                                         for t in toks[m.j:frame.i]) and frame.i - m.j <= 3:
                return "compound"
        if m.i >= frame.j and self.cased and m.case == "gen" and m.i - frame.j <= 2:
            return "gen"                      # "umowa Polski", "przystąpienia Kazachstanu"
        if self.cased and m.case:
            if m.case == "nom":
                return "subject"
            if m.case == "acc" or (m.case == "gen" and frame.negated):
                return "object"
            if m.case in ("dat", "inst", "loc", "gen"):
                return None                   # an oblique case with no preposition: no core argument
        if m.j <= frame.i:
            return "subject"
        if m.i >= frame.j:
            return "object"
        return None

    def _fill(self, frame: Frame, sm: SentenceMentions, args: list[Mention], clauses: list[Clause]) -> None:
        clause = frame.clause
        is_noun = frame.kind in ("deal", "meeting")
        inside = [m for m in args if clause.i <= m.i and m.j <= clause.j and not sm.in_quote(m.start)]
        functions: list[tuple[Mention, str | None]] = []
        triggers = [(c.i, self._kind(c)) for c in sm.cues if c.kind in TRIGGER_KINDS and clause.i <= c.i < clause.j
                    and c.i >= frame.j and not self._embedded(sm, c.i, clause.i)]
        embedded = is_noun and self._embedded(sm, frame.i, clause.i)
        for m in inside:
            fn = self._function(sm, m, frame, clause.i, is_noun)
            head = self._coordinated_head(sm, functions, m)
            if head is not None:
                fn = head
            if fn and fn != "subject" and head is None and m.i >= frame.j and any(
                    t < m.i and (kind, fn, self._type_of(m)) in self.accepts for t, kind in triggers):
                fn = None                     # after another predicate that takes it: its argument, not this one's
            if embedded and fn and fn.startswith("obl:") and m.i - frame.j > 3 and head is None:
                fn = None                     # "on the sidelines of the summit ... between A and B": the verb's
            functions.append((m, fn))
        if not self.cased:
            functions = self._nearest_subjects(sm, functions, frame)
        elif not is_noun and not any(fn == "subject" for _, fn in functions):
            functions = self._open_subject(sm, functions)
        if frame.passive:
            functions = [(m, "patient" if fn == "subject" else ("subject" if fn == f"obl:{AGENT}" else fn))
                         for m, fn in functions]
        if not is_noun and not frame.passive and not any(fn == "subject" for _, fn in functions):
            inherited = self._inherited_subject(sm, args, clause, clauses)
            if inherited is not None:
                functions.append((inherited, "subject"))
        for rule in self.rules.get(frame.kind, ()) + tuple(self.rules.get(f"{frame.kind}:{frame.value}", ())):
            for m, fn in functions:
                if fn == rule.function and self._type_of(m) in rule.types:
                    frame.slots.setdefault(rule.slot, [])
                    if m not in frame.slots[rule.slot]:
                        frame.slots[rule.slot].append(m)

    def _open_subject(self, sm: SentenceMentions, functions: list) -> list:
        """A clause with no subject and one name whose form may be nominative or accusative
        ("помог деловой совет"): the name is the subject."""
        open_ = [m for m, fn in functions if m.case is None and fn in ("object", None)
                 and "nom" in sm.tokens[m.j - 1].info.cases and self._type_of(m) in ("ORG", "STATE", "PERSON")]
        if len(open_) != 1:
            return functions
        return [(m, "subject" if m is open_[0] else fn) for m, fn in functions]

    def _nearest_subjects(self, sm: SentenceMentions, functions: list, frame: Frame) -> list:
        """Where word order marks the subject, it is the name (or the names joined to it) nearest
        before the verb: in "Welcoming A and B, President C said", C said it, not A or B."""
        before = [(m, fn) for m, fn in functions if fn == "subject" and m.j <= frame.i]
        if len(before) < 2:
            return functions
        keep = [before[-1][0]]
        start = keep[0].i                   # where the kept name's unit begins: "X chief executive Y"
        titled = {k for c in sm.chunks if c.type in ("ROLE", "STATEADJ", "STATE", "ORG", "INTL") for k in range(c.i, c.j)}
        roles = {k for c in sm.chunks if c.type == "ROLE" for k in range(c.i, c.j)}
        bracketed = _bracketed(sm.tokens)
        for m, _ in reversed(before[:-1]):
            gap = [t for t in sm.tokens[m.j:start] if t.index not in bracketed]
            joined = any(t.lower in self.conj or t.text == "," for t in gap)
            if gap and not joined and self._type_of(keep[-1]) == "PERSON" and self._type_of(m) in ("ORG", "STATE") \
                    and all(t.index in roles for t in gap):
                start = m.i                 # the firm of the title before the person: part of the unit
            elif not gap or joined and all(t.text == "," or t.lower in self.conj or t.index in titled
                                           or t.lower in self.det or t.text in self.possessive_suffix for t in gap):
                keep.append(m)
                start = m.i
            else:
                break
        return [(m, fn if fn != "subject" or m.j > frame.i or m in keep else None) for m, fn in functions]

    def _inherited_subject(self, sm: SentenceMentions, args: list[Mention], clause: Clause,
                           clauses: list[Clause]) -> Mention | None:
        """A clause with no subject of its own: a subject relative clause (who, który) takes its
        antecedent; any other clause the subject of the main clause before it."""
        first = sm.tokens[clause.i].lower if clause.i < len(sm.tokens) else ""
        if clause.kind == "relative" and self.rel_function.get(first) == "subject":
            ante = [m for m in args if m.j <= clause.i]
            return ante[-1] if ante else None
        nxt = sm.tokens[clause.i + 1] if clause.i + 1 < clause.j else None
        reported = nxt is not None and nxt.lower in self.personal and clause.kind in ("relative", "subordinate")
        if not reported and clause.kind in ("relative", "subordinate") and nxt is not None and (
                nxt.lower in self.det or "pron" in nxt.info.pos):
            return None                     # "that the partners plan to buy": a subject of its own
        # "X announced that it would join": the pronoun is the main clause's subject
        if clause.kind in ("relative", "main", "subordinate"):
            before = [c for c in clauses if c.j <= clause.i and c.kind == "main"]
            for c in reversed(before):
                subjects = [m for m in args if c.i <= m.i and m.j <= c.j and self._bare(sm, m, c.i)
                            and (not self.cased or m.case in ("nom", None)) and self._type_of(m) in ("PERSON", "STATE", "ORG")]
                if subjects:
                    return subjects[0]
        verb_first = self._finite_verb_near_start(sm, clause)
        if self.pro_drop and verb_first and clause.i == 0 and self.previous_subject is not None and not any(
                self._type_of(m) in ("PERSON", "STATE", "ORG") and m.case in ("nom", None) and self._bare(sm, m, clause.i)
                for m in args if m.j <= clause.j):
            return self.previous_subject    # a sentence that leaves out its known subject
        return None

    def _finite_verb_near_start(self, sm: SentenceMentions, clause: Clause) -> bool:
        """A clause that opens with its verb (a word or two in): the sign of a left-out subject."""
        for t in sm.tokens[clause.i:min(clause.j, clause.i + 3)]:
            if "verb" in t.info.pos and "noun" not in t.info.pos:
                return True
        return False

    def _bare(self, sm: SentenceMentions, m: Mention, lower: int) -> bool:
        return self._governing(sm, m, lower) is None

    def _coordinated_head(self, sm: SentenceMentions, functions: list, m: Mention) -> str | None:
        """The function of the name a coordinated name is joined to ("between A, head of X, and B":
        B is joined to A, not to X): the nearest earlier name of the same kind, reached over a
        conjunction or a comma, not itself the complement of another name (an "of" phrase), and in
        the same case where cases are marked."""
        toks = sm.tokens
        title = self._title_before(sm, m)
        start = min(title) if title else m.i      # "A and Ecuador's Prime Minister B": B's title opens it
        if not start or not (toks[start - 1].lower in self.conj or toks[start - 1].text == ","):
            return None
        group = _GROUP.get(self._type_of(m))
        for prev, fn in reversed(functions):
            if _GROUP.get(self._type_of(prev)) != group or fn == f"obl:{GENITIVE}":
                continue
            if self.cased and m.case and prev.case and m.case != prev.case:
                continue
            gap = toks[prev.j:start]
            if len(gap) <= 2 and all(t.text == "," or t.lower in self.conj for t in gap):
                return fn
            if group == "actor-person" and self._apposition_gap(sm, prev.j, m.i):
                return fn                     # "by A, President of X, B, Chairman of Y, and C"
            if toks[start - 1].lower in self.conj and fn and fn.startswith("obl:"):
                return fn
            return None
        return None

    def _apposition_gap(self, sm: SentenceMentions, a: int, b: int) -> bool:
        """Tokens ``a`` to ``b`` are ", title (of qualifier)," and a comma or conjunction: the title of
        the name before, so the names on either side are coordinated."""
        toks = sm.tokens
        if b - a < 3 or toks[a].text != "," or not (toks[b - 1].text == "," or toks[b - 1].lower in self.conj):
            return False
        chunked = {k: c.type for c in sm.chunks for k in range(c.i, c.j)}
        inner = toks[a + 1:b - 1]
        if inner and inner[-1].text == "," and toks[b - 1].lower in self.conj:
            inner = inner[:-1]
        has_title = any(chunked.get(t.index) == "ROLE" for t in inner)
        return has_title and all(chunked.get(t.index) in ("ROLE", "NAME", "ORG", "STATE", "STATEADJ", "INTL")
                                 or t.lower in self.title_links for t in inner)

    @staticmethod
    def _type_of(m: Mention) -> str:
        return "PERSON" if m.type == "ROLE" else m.type


def _bracketed(tokens) -> set[int]:
    """Indices of tokens in brackets, brackets included ("Bank (JBIC) and ..."): an aside."""
    out, depth = set(), 0
    for t in tokens:
        if t.text == "(":
            depth += 1
        if depth:
            out.add(t.index)
        if t.text == ")" and depth:
            depth -= 1
    return out


_GROUP = {"PERSON": "actor-person", "STATE": "actor", "ORG": "actor", "COMMODITY": "commodity",
          "SECTOR": "sector", "PLACE": "place", "ACCORD": "accord"}
