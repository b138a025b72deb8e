"""Identity of actors by their names, across the articles of a store: the name rules of
``graph/identity`` (alias, translation, acronym, reclassified, surname, spelling), which the
module docstring there describes, and the folding and vocabulary they compare names with."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from summitkg.builders.names import ascii_fold

from . import iris

ONT = iris.ONT


def _rows(store, query: str):
    return store.query(query)


def fold_name(text: str) -> str:
    """A name as compared here: accents, case, dashes and punctuation folded away."""
    folded = ascii_fold(text).casefold().replace("-", " ")
    return " ".join("".join(ch if ch.isalnum() or ch.isspace() else " " for ch in folded).split())


@dataclass
class Named:
    iri: str
    cls: str
    labels: set = field(default_factory=set)        # folded labels and alternative labels
    own: set = field(default_factory=set)           # folded rdfs:labels only
    raw: set = field(default_factory=set)           # rdfs:labels as written
    articles: set = field(default_factory=set)


def _named(store) -> dict[str, Named]:
    out: dict[str, Named] = {}
    q = f"""PREFIX skg: <{ONT}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?s ?c ?p ?l ?g WHERE {{ GRAPH ?g {{ ?s a ?c ; ?p ?l }}
      VALUES ?c {{ skg:Person skg:Organization }} VALUES ?p {{ rdfs:label skos:altLabel }}
      FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}article/")) }}"""
    for r in _rows(store, q):
        n = out.setdefault(r["s"].value, Named(r["s"].value, r["c"].value.rsplit("#", 1)[-1]))
        folded = fold_name(r["l"].value)
        if folded:
            n.labels.add(folded)
            if r["p"].value.endswith("#label"):
                n.own.add(folded)
                n.raw.add(r["l"].value)
        n.articles.add(r["g"].value)
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], frozenset, int]:
    """Folded word or phrase -> its concept (an English organisation word, or a state code), the
    stop words, and the longest phrase in words."""
    from summitkg.builders.packdata import rows, split

    vocab: dict[str, str] = {}
    stop: set[str] = set()
    for r in rows(None, "org_words.tsv"):
        forms = [r["en"]] + split(r.get("pl")) + split(r.get("ru"))
        if r["kind"] == "stop":
            stop.update(fold_name(f) for form in forms for f in split(form))
            continue
        for f in forms:
            vocab[fold_name(f)] = "w:" + fold_name(r["en"])
    for r in rows(None, "states.tsv"):
        for col in ("name_en", "aliases_en", "name_pl", "aliases_pl", "forms_pl", "name_ru"):
            for f in split(r.get(col)):
                key = fold_name(f)
                if len(key) > 2:
                    vocab.setdefault(key, "s:" + r["iso2"])
    return vocab, frozenset(stop), max(len(k.split()) for k in vocab)


def signature(name: str) -> frozenset | None:
    """The concepts a name is made of, in any language, or None when it is not specific (only
    vocabulary words, or fewer than two parts)."""
    vocab, stop, longest = _vocabulary()
    words = [w for w in fold_name(name).split() if w not in stop]
    parts: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            concept = vocab.get(" ".join(words[i:i + n]))
            if concept:
                parts.append(concept)
                i += n
                break
        else:
            parts.append("x:" + words[i])
            i += 1
    if len(parts) < 2 or not any(p.startswith("w:") for p in parts):
        return None
    if not any(p[0] in "sx" for p in parts):
        return None
    return frozenset(parts)


def _edit1(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def entity_links(named: dict[str, Named], context: dict[str, set] | None = None) -> list[tuple[str, str, str]]:
    """(node, node, rule) pairs that are one actor, by the rules in the module docstring;
    ``context``: article graph -> the states it names (for acronyms)."""
    links: list[tuple[str, str, str]] = []
    orgs = sorted((n for n in named.values() if n.cls == "Organization"), key=lambda n: n.iri)
    by_label: dict[str, list[Named]] = defaultdict(list)
    for n in orgs:
        for label in n.labels:
            by_label[label].append(n)
    for n in orgs:
        for label in sorted(n.own):
            others = [m for m in by_label[label] if m.iri != n.iri and not (m.articles & n.articles)]
            if len({m.iri for m in others}) == 1:
                links.append((n.iri, others[0].iri, "alias"))
    by_signature: dict[frozenset, list[Named]] = defaultdict(list)
    for n in orgs:
        for sig in {signature(label) for label in n.own} - {None}:
            by_signature[sig].append(n)
    for sig, nodes in sorted(by_signature.items(), key=lambda kv: sorted(kv[0])):
        for other in nodes[1:]:
            if other.iri != nodes[0].iri and not (other.articles & nodes[0].articles):
                links.append((other.iri, nodes[0].iri, "translation"))
    links += _acronym_links(orgs, context or {})
    persons = sorted((n for n in named.values() if n.cls == "Person"), key=lambda n: n.iri)
    people = {label: n for n in reversed(persons) for label in n.own if len(label.split()) >= 2}
    links += [(n.iri, people[label].iri, "reclassified") for n in orgs for label in sorted(n.own)
              if label in people and not (people[label].articles & n.articles)]
    full = [(n, label.split()) for n in persons for label in sorted(n.own) if len(label.split()) >= 2]
    for n in persons:
        singles = [label for label in n.own if len(label.split()) == 1]
        if singles and not any(len(label.split()) >= 2 for label in n.own):
            cands = {m.iri for m, words in full if words[-1] in singles and m.iri != n.iri}
            if len(cands) == 1:
                links.append((n.iri, cands.pop(), "surname"))
    links += spelling_links(full)
    return sorted(set(links))


def spelling_links(full: list[tuple[Named, list[str]]]) -> list[tuple[str, str, str]]:
    """People with the same given names whose surnames are one letter apart (five letters or
    more), compared only within one set of given names (a pass over all pairs grew with the
    square of the corpus)."""
    by_given: dict[tuple, list[tuple[int, Named, list[str]]]] = defaultdict(list)
    for i, (n, words) in enumerate(full):
        by_given[tuple(words[:-1])].append((i, n, words))
    out = []
    for same in by_given.values():
        for k, (_i, n, words) in enumerate(same):
            for _j, m, other in same[k + 1:]:
                if m.iri != n.iri and len(words[-1]) >= 5 and _edit1(words[-1], other[-1]) \
                        and not (m.articles & n.articles):
                    out.append((n.iri, m.iri, "spelling"))
    return out


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether the acronym is the starts of the name's first words, in order (EXIM: EXport
    IMport …; NATO: North Atlantic Treaty Organization)."""
    def go(i: int, j: int) -> bool:
        if i == len(acronym):
            return j > 0
        if j == len(words):
            return False
        w = words[j]
        return any(w[:k] == acronym[i:i + k] and go(i + k, j + 1) for k in range(min(len(w), len(acronym) - i), 0, -1))
    return go(0, 0)


def _acronym_links(orgs: list[Named], context: dict[str, set]) -> list[tuple[str, str, str]]:
    """An organisation named only by an acronym, joined to the one organisation of other
    articles whose name it spells, among those whose state (if the name holds one) the
    acronym's articles name."""
    _vocab, stop, _n = _vocabulary()
    spelled = [(m, [w for w in label.split() if w not in stop]) for m in orgs for label in sorted(m.own)
               if len(label.split()) >= 2]
    out = []
    for n in orgs:
        acronyms = [r for r in n.raw if r.isalpha() and r.isupper() and 3 <= len(r) <= 8]
        if not acronyms or len(n.raw) != len(acronyms):
            continue
        states = set().union(*(context.get(a, set()) for a in n.articles))
        for acr in acronyms:
            cands: dict[str, set] = {}
            for m, words in spelled:
                if m.iri != n.iri and not (m.articles & n.articles) and _spells(acr.casefold(), words):
                    cands.setdefault(m.iri, set()).update(
                        p for label in m.own for p in (signature(label) or ()) if p[0] == "s")
            fitting = {iri for iri, st in cands.items() if st <= states}
            stated = {iri for iri in fitting if cands[iri]}          # a state in the name is evidence
            pick = stated if stated else fitting
            if len(pick) == 1:
                out.append((n.iri, pick.pop(), "acronym"))
    return out


def _article_states(store) -> dict[str, set]:
    q = f"""SELECT DISTINCT ?g ?s WHERE {{ GRAPH ?g {{ ?s a <{ONT}State> }}
      FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}article/")) }}"""
    out: dict[str, set] = defaultdict(set)
    for r in _rows(store, q):
        out[r["g"].value].add("s:" + r["s"].value.rsplit("/", 1)[-1])
    return out
