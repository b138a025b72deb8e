"""Identity across a corpus: which nodes of different articles are one real actor or one deal.

Each article names its entities and deals by identity keys (``builders/registry``,
``builders/agreements``), so two articles that name an actor the same way already share a node.
This pass, run over the whole store after every build, joins the rest by evidence and records
each join in the ``links`` graph with the rule that made it, so a researcher can see and undo it:

- ``curator``: a researcher's merge (``graph/curation``); a curator's split keeps two nodes
  apart whatever rule would join them.
- ``alias``: an organisation is named, in one article, by a name another article gives as an
  alias of exactly one organisation (``EXIM`` beside "Export-Import Bank of the United States").
- ``translation``: organisations whose names are the same words in two languages, read through
  a general vocabulary of organisation words (``lexicons/org_words.tsv``: bank, fund, ministry,
  export-import …) and the names of states ("Bank Eksportowo-Importowy Stanów Zjednoczonych",
  "Export-Import Bank of the United States"); only names that hold a state or a word outside
  the vocabulary, so generic names ("Ministry of Energy") are never joined this way.
- ``acronym``: an organisation named only by an acronym is the one organisation of other
  articles whose name it spells (EXIM, "EXport-IMport Bank …"), among those whose state, where
  the name holds one, the acronym's articles name (a name with such a state before one without).
- ``reclassified``: an organisation that carries the full name of a person of another article
  is that person (one class per actor).
- ``surname``: a person named by a surname alone is the one person of the corpus with that
  surname and a given name.
- ``spelling``: two people with the same given name whose surnames are one letter apart
  (five letters or more).
- ``shared-party`` (deals): the same kind of deal, reported by different articles, with at
  least one organisation party in common (a subsidiary counting as its parent) and the
  organisation parties of one among those of the other (a deal of X with Y and a deal of X with
  Z are two deals), states in common where both name them, for a sale a buyer in common, a
  commodity in common where both name commodities, and stated amounts and dates that agree
  (within 10 % and 60 days). Where one of the two names no organisation, two states in common,
  and the states of one among those of the other, stand in for it. Deals with organisations on
  both sides and none in common are never joined; deals of one article are never joined (the
  extraction already told them apart). A deal joins a group only when it is compatible with
  every member, so a chain of loose resemblances never merges two deals.

- ``same-event``: events of one name (format or place) dated within 60 days of each other by
  different articles, at one place where both name a place (an article that mentions a past summit dates it by its own day).

Each group is represented by one member (the node most English articles name, then most
articles, then the longest name, ties by IRI); every other
member gets ``owl:sameAs`` the representative and the representative's display name in the
entities graph, so the catalogued queries show one row. The result depends only on the store's
contents, not on build order or ``-j``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import iris
from .actors import Named, _article_states, _named, _vocabulary, entity_links, fold_name, signature  # noqa: F401

LINKS_GRAPH = iris.GRAPH + "links"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
ONT = iris.ONT
GROUP = {"JointVenture": "deal", "Cooperation": "deal", "Agreement": "deal", "Memorandum": "deal",
         "InvestmentCommitment": "investment", "Sale": "sale", "FinancingOffer": "financing"}
AMOUNT_TOLERANCE = 0.10
DATE_TOLERANCE_DAYS = 60


@dataclass
class Deal:
    iri: str
    group: str = "deal"
    articles: set = field(default_factory=set)
    orgs: set = field(default_factory=set)
    states: set = field(default_factory=set)
    commodities: set = field(default_factory=set)
    buyers: set = field(default_factory=set)
    target: str | None = None                       # the deal a financing offer finances
    amounts: set = field(default_factory=set)       # (currency, value)
    dates: set = field(default_factory=set)


def _rows(store, query: str):
    return store.query(query)


def _deals(store, same: dict[str, str]) -> dict[str, Deal]:
    """Every agreement node with what the article graphs say of it; organisations as the
    representative of the actor they were joined to (``same``), subsidiaries as their parent."""
    deals: dict[str, Deal] = {}
    q = f"""PREFIX skg: <{ONT}>
    SELECT ?a ?g ?t WHERE {{ GRAPH ?g {{ ?a a skg:Agreement . OPTIONAL {{ ?a skg:agreementType ?t }} }}
      FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}article/")) }}"""
    for r in _rows(store, q):
        d = deals.setdefault(r["a"].value, Deal(r["a"].value))
        d.articles.add(r["g"].value)
        if r["t"] is not None:
            d.group = GROUP.get(r["t"].value.rsplit("#", 1)[-1], "deal")
    facts = f"""PREFIX skg: <{ONT}>
    SELECT ?a ?p ?o WHERE {{ GRAPH ?g {{ ?a a skg:Agreement ; ?p ?o }}
      VALUES ?p {{ skg:hasParty skg:manufacturer skg:buyer skg:concerns skg:date skg:finances }}
      FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}article/")) }}"""
    for r in _rows(store, facts):
        d, p, o = deals[r["a"].value], r["p"].value.rsplit("#", 1)[-1], r["o"].value
        if p == "concerns":
            d.commodities.add(o)
        elif p == "date":
            d.dates.add(o[:10])
        elif p == "buyer":
            d.buyers.add(o)
        elif p == "finances":
            d.target = min(o, d.target or o)
        elif o.startswith(iris.ID + "state/"):
            d.states.add(o)
        else:
            d.orgs.add(o)
    money = f"""PREFIX skg: <{ONT}>
    SELECT ?a ?c ?v WHERE {{ GRAPH ?g {{ ?a a skg:Agreement ; skg:amount ?m . ?m skg:currency ?c ; skg:value ?v }}
      FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}article/")) }}"""
    parents = {r["s"].value: r["p"].value for r in _rows(store, f"""PREFIX skg: <{ONT}>
        SELECT ?s (MIN(?o) AS ?p) WHERE {{ GRAPH ?g {{ ?s skg:subsidiaryOf ?o }} }} GROUP BY ?s""")}
    for d in deals.values():
        d.orgs = {_family(same.get(o, o), parents) for o in d.orgs}
        d.buyers = {_family(same.get(o, o), parents) for o in d.buyers}
    for r in _rows(store, money):
        try:
            deals[r["a"].value].amounts.add((r["c"].value, float(r["v"].value)))
        except ValueError:
            continue
    return deals


def _family(org: str, parents: dict[str, str]) -> str:
    """An organisation's topmost parent (itself if none is stated): a deal of a subsidiary and
    one of its parent can be the same deal."""
    seen = {org}
    while org in parents and parents[org] not in seen:
        org = parents[org]
        seen.add(org)
    return org


def _amounts_agree(a: set, b: set) -> bool:
    shared = {c for c, _ in a} & {c for c, _ in b}
    for cur in shared:
        xs = [v for c, v in a if c == cur]
        ys = [v for c, v in b if c == cur]
        if not any(abs(x - y) <= AMOUNT_TOLERANCE * max(x, y) for x in xs for y in ys):
            return False
    return True


def _dates_agree(a: set, b: set) -> bool:
    from datetime import date

    def day(s: str):
        try:
            return date.fromisoformat(s)
        except ValueError:
            return None
    xs = [d for d in map(day, a) if d]
    ys = [d for d in map(day, b) if d]
    if not xs or not ys:
        return True
    return any(abs((x - y).days) <= DATE_TOLERANCE_DAYS for x in xs for y in ys)


def compatible(a: Deal, b: Deal) -> bool:
    """Whether two deal nodes can be one deal (the rule in the module docstring)."""
    if a.group != b.group or a.articles & b.articles:
        return False
    if a.orgs and b.orgs:
        if not (a.orgs & b.orgs) or not (a.orgs <= b.orgs or b.orgs <= a.orgs):
            return False
        if a.states and b.states and not (a.states & b.states):
            return False
    elif len(a.states & b.states) < 2 or not (a.states <= b.states or b.states <= a.states):
        return False
    if a.group == "sale" and not (a.buyers & b.buyers):
        return False                    # a maker sells to many: a sale is known by its buyer
    if a.target and b.target and a.target != b.target:
        return False
    if a.commodities and b.commodities and not (a.commodities & b.commodities):
        return False
    return _amounts_agree(a.amounts, b.amounts) and _dates_agree(a.dates, b.dates)


def _state_pairs(d: Deal):
    states = sorted(d.states)
    return [(a, b) for i, a in enumerate(states) for b in states[i + 1:]]


def _block_keys(d: Deal, first: bool) -> list[tuple]:
    """Keys under which a group is filed by its first member (``first``), or looked up by a
    deal: :func:`compatible` needs the same kind of deal and an organisation in common when both
    name organisations, else two states in common, so a group none of whose keys the deal has
    cannot take it (its first member already refuses it)."""
    if first:
        if d.orgs:
            return [(d.group, "org", o) for o in d.orgs] + [(d.group, "pair+org", p) for p in _state_pairs(d)]
        return [(d.group, "pair", p) for p in _state_pairs(d)]
    keys = [(d.group, "pair", p) for p in _state_pairs(d)]
    if d.orgs:
        return keys + [(d.group, "org", o) for o in d.orgs]
    return keys + [(d.group, "pair+org", p) for p in _state_pairs(d)]


def _candidate_groups(d: Deal, index: dict) -> list[int]:
    """The groups (by position, so the first that fits still wins) that may take ``d``."""
    found: set[int] = set()
    for key in _block_keys(d, first=False):
        found.update(index.get(key, ()))
    return sorted(found)


def deal_groups(deals: dict[str, Deal], apart: frozenset = frozenset()) -> list[list[str]]:
    """Groups of deal IRIs that are one deal: complete linkage, most specific deals first; the
    deals financed first, so that offers to finance one deal can be grouped by it. Pairs in
    ``apart`` (sorted IRI pairs a curator split) are never in one group."""
    def group(pool: list[Deal]) -> list[list[Deal]]:
        order = sorted(pool, key=lambda d: (-len(d.articles), -(len(d.orgs) + len(d.states)), d.iri))
        groups: list[list[Deal]] = []
        index: dict[tuple, list[int]] = defaultdict(list)     # block key -> groups, in order
        for d in order:
            for i in _candidate_groups(d, index):
                g = groups[i]
                if all(compatible(d, m) and tuple(sorted((d.iri, m.iri))) not in apart for m in g):
                    g.append(d)
                    break
            else:
                groups.append([d])
                for key in _block_keys(d, first=True):
                    index[key].append(len(groups) - 1)
        return groups
    return grouped_in_two_passes(deals, group)


def grouped_in_two_passes(deals: dict[str, Deal], group) -> list[list[str]]:
    """The deals other than financing offers grouped by ``group``, then the offers, each pointing
    at the representative of the deal it finances (so offers to finance one deal group by it)."""
    first = group([d for d in deals.values() if d.group != "financing"])
    rep = {m.iri: g[0].iri for g in first for m in g}
    for d in deals.values():
        if d.target:
            d.target = rep.get(d.target, d.target)
    groups = first + group([d for d in deals.values() if d.group == "financing"])
    return [[m.iri for m in g] for g in groups if len(g) > 1]


def _components(pairs, weight, apart: frozenset = frozenset()) -> list[list[str]]:
    """Groups joined by ``pairs`` (in their order), never joining two nodes a pair of ``apart``
    keeps apart; each group sorted with its representative first."""
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}

    def find(x):
        if x not in parent:
            parent[x], members[x] = x, [x]
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b, _ in pairs:
        ra, rb = find(a), find(b)
        if ra == rb or any(tuple(sorted((x, y))) in apart for x in members[ra] for y in members[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        members[keep].extend(members.pop(gone))
    return [sorted(g, key=lambda x: (tuple(-w for w in weight(x)), x)) for g in members.values() if len(g) > 1]


def _weights(store) -> dict[str, tuple[int, int, int]]:
    """How many English articles and how many articles name each node, and how many words its
    name has (up to four): the representative of a group is the most named, in English first,
    since the graph's display names are English."""
    q = f"""SELECT ?s (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{RDF_TYPE}> ?c }}
      FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}article/")) }} GROUP BY ?s"""
    counts = {r["s"].value: int(r["n"].value) for r in _rows(store, q)}
    english = {r["s"].value: int(r["n"].value) for r in _rows(store, f"""SELECT ?s (COUNT(DISTINCT ?g) AS ?n)
      WHERE {{ GRAPH ?g {{ ?s <{RDF_TYPE}> ?c . ?a <http://purl.org/dc/terms/language> "en" }} }} GROUP BY ?s""")}
    lengths: dict[str, int] = {}
    for r in _rows(store, f"""SELECT ?s ?l WHERE {{ GRAPH <{iris.ENTITIES_GRAPH}> {{ ?s <{PREF_LABEL}> ?l }} }}"""):
        lengths[r["s"].value] = len(r["l"].value.split())
    return {s: (english.get(s, 0), n, min(lengths.get(s, 0), 4)) for s, n in counts.items()}


def event_links(store, weight) -> list[tuple[str, str, str]]:
    """Events of one name (a summit's format or place, its date aside) dated within 60 days of
    each other by different articles, at the same place where both name one, are one event: an
    article that mentions the summit after it happened dates it by its own day."""
    from datetime import date

    q = f"""SELECT ?e ?l ?d ?g ?p WHERE {{ GRAPH ?g {{ ?e a <{ONT}Event> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l ;
      <{ONT}date> ?d FILTER(LANG(?l) = "en") OPTIONAL {{ ?e <{ONT}place> ?p }} }}
      FILTER(STRSTARTS(STR(?g), "{iris.GRAPH}article/")) }}"""
    events: dict[str, tuple[str, date | None, set, set]] = {}
    for r in _rows(store, q):
        name = fold_name(r["l"].value.rsplit(" (", 1)[0])
        try:
            day = date.fromisoformat(r["d"].value[:10])
        except ValueError:
            continue
        e = events.setdefault(r["e"].value, (name, day, set(), set()))
        e[2].add(r["g"].value)
        if r["p"] is not None:
            e[3].add(r["p"].value)
    by_name: dict[str, list[str]] = defaultdict(list)
    for iri, (name, _day, _arts, _places) in events.items():
        by_name[name].append(iri)
    out = []
    for name, iris_ in sorted(by_name.items()):
        order = sorted(iris_, key=lambda x: (tuple(-w for w in weight(x)), x))
        for i, a in enumerate(order):
            for b in order[:i]:
                (_, da, ga, pa), (_, db, gb, pb) = events[a], events[b]
                if abs((da - db).days) <= DATE_TOLERANCE_DAYS and not (ga & gb) and (not pa or not pb or pa & pb):
                    out.append((a, b, "same-event"))
                    break
    return out


def links(store, merges=(), apart: frozenset = frozenset()) -> list[tuple[str, str, str]]:
    """(member, representative, rule) for every node joined to another, deterministic.
    ``merges``: node pairs a curator joined; ``apart``: sorted pairs a curator split."""
    weights = _weights(store)
    weight = lambda x: weights.get(x, (0, 0, 0))            # noqa: E731
    named = [(a, b, "curator") for a, b in merges] + entity_links(_named(store), _article_states(store))
    same = {m: g[0] for g in _components(named, weight, apart) for m in g[1:]}
    pairs = list(named)
    for group in deal_groups(_deals(store, same), apart):
        pairs.extend((m, group[0], "shared-party") for m in group[1:])
    pairs += event_links(store, weight)
    rules: dict[str, str] = {}
    for a, b, rule in pairs:
        for x in (a, b):
            if x not in rules or rule == "curator":
                rules[x] = rule
    out = []
    for group in _components(pairs, weight, apart):
        out.extend((m, group[0], rules[m]) for m in group[1:])
    return sorted(out)


def resolve(store, refresh) -> int:
    """Recompute the links graph over the whole store and give each joined node its group's
    display name. ``refresh(store, subjects)`` recomputes entities-graph entries (the display
    names of nodes joined before are restored first). Returns the number of joins."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(LINKS_GRAPH)
    same = pyoxigraph.NamedNode(OWL_SAMEAS)
    before = set()
    if store.contains_named_graph(graph):
        renamed = pyoxigraph.NamedNode(ONT + "curatedName")
        before = {q.subject.value for q in store.quads_for_pattern(None, same, None, graph)}
        before |= {q.subject.value for q in store.quads_for_pattern(None, renamed, None, graph)}
        store.remove_graph(graph)
    from .curation import apply_rejects, corrections

    fixes = corrections(store)
    before |= apply_rejects(store, fixes)
    if before:
        refresh(store, before)
    merges = [c.pair() for c in fixes if c.action == "merge"]
    apart = frozenset(c.pair() for c in fixes if c.action == "split")
    found = links(store, merges, apart)
    entities = pyoxigraph.NamedNode(iris.ENTITIES_GRAPH)
    pref = pyoxigraph.NamedNode(PREF_LABEL)
    quads = []
    rule_p, member_p, rep_p = (pyoxigraph.NamedNode(ONT + p) for p in ("identityRule", "member", "representative"))
    for member, rep, rule in found:
        m, r = pyoxigraph.NamedNode(member), pyoxigraph.NamedNode(rep)
        quads.append(pyoxigraph.Quad(m, same, r, graph))
        link = pyoxigraph.NamedNode(f"{iris.ID}link/{iris.short_hash(member, rep)}")
        quads.append(pyoxigraph.Quad(link, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(ONT + "IdentityLink"), graph))
        quads.append(pyoxigraph.Quad(link, member_p, m, graph))
        quads.append(pyoxigraph.Quad(link, rep_p, r, graph))
        quads.append(pyoxigraph.Quad(link, rule_p, pyoxigraph.Literal(rule), graph))
        names = [q.object for q in store.quads_for_pattern(r, pref, None, entities)]
        if names:
            for q in list(store.quads_for_pattern(m, pref, None, entities)):
                store.remove(q)
            quads.append(pyoxigraph.Quad(m, pref, names[0], entities))
    store.extend(quads)
    _rename(store, fixes, found)
    return len(found)


def _rename(store, fixes, found) -> None:
    """A curator's display name for a node and for every node joined to it (also noted in the
    links graph, so the next pass restores the node's own name if the rename is withdrawn)."""
    import pyoxigraph

    entities, pref = pyoxigraph.NamedNode(iris.ENTITIES_GRAPH), pyoxigraph.NamedNode(PREF_LABEL)
    rep = {m: r for m, r, _rule in found}
    groups: dict[str, set[str]] = defaultdict(set)
    for m, r in rep.items():
        groups[r].add(m)
    for c in fixes:
        if c.action != "rename":
            continue
        head = rep.get(c.target, c.target)
        for node in sorted({head} | groups.get(head, set())):
            n = pyoxigraph.NamedNode(node)
            for q in list(store.quads_for_pattern(n, pref, None, entities)):
                store.remove(q)
            store.add(pyoxigraph.Quad(n, pref, pyoxigraph.Literal(c.label, language="en"), entities))
            store.add(pyoxigraph.Quad(n, pyoxigraph.NamedNode(ONT + "curatedName"),
                                      pyoxigraph.Literal(c.label, language="en"), pyoxigraph.NamedNode(LINKS_GRAPH)))
