"""One projection of the RDF graph to a networkx graph, used by the viz, stats and path.

``project(store)`` reads the store with a handful of SPARQL queries (over the
union of the article graphs) and returns a :class:`networkx.MultiDiGraph`:

* **Nodes** are the persons, states, organisations (companies, financial
  institutions, government bodies, international organisations), agreements
  (and accords), commodities and events (summits, meetings). Node ids are
  opaque (``"n1"``, ``"n2"``... in IRI order); the IRI is an attribute.
  Attributes of every node:

  ``iri``, ``label`` (the English label, else any label), ``labels`` (every
  label, English and Polish, for name look-up), ``class`` (the most specific
  skg class, e.g. ``"Company"``), ``classes`` (that class and its skg
  superclasses), ``kind`` (the top class: Person, State, Organization,
  Agreement, Commodity or Event), ``facts`` (a list of ``[name, value]``
  pairs of strings to show), ``evidence`` (a list of dicts with ``quote``,
  ``sentence``, ``article``, ``begin``, ``end``, ``sentence_iri``: the words
  that name the entity or state the fact, their sentence and article title).

  Agreements also carry ``amounts`` (a list of dicts with ``value`` (float),
  ``currency`` or ``unit``, ``qualifier``, ``text``), ``value_usd`` (the
  largest stated USD amount, or None), ``date``, ``status``, ``type``,
  ``sectors``; events carry ``date`` and ``places``.

* **Edges** run in the direction of the RDF property; the edge key is the
  relation name. Attributes: ``relation`` (``party``, ``signatory``,
  ``affiliated with``, ``leads``, ``owns``, ``finances``, ``concerns``,
  ``participates in``, ``subsidiary of``, ``facilitator``, ``manufacturer``,
  ``joins``, ``reached at``, ``based in``), ``label`` (the same, for display),
  ``roles`` (for party edges: buyer, seller, investor, financier), ``facts``
  and ``evidence`` (as for nodes: the qualified node's evidence where the
  graph has one, else the agreement's evidence in sentences that also name
  the other end).

Amounts, dates, places, sectors, posts' titles and quotes are attributes, not
nodes. Edges whose ends are not both nodes of the projection are dropped.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from summitkg.errors import UserError

SKG = "https://w3id.org/summitkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

PREFIXES = """\
PREFIX skg: <https://w3id.org/summitkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# class -> its direct skg superclass (None for a top class of the projection)
PARENT: dict[str, str | None] = {
    "Person": None,
    "State": None,
    "Organization": None,
    "Company": "Organization",
    "FinancialInstitution": "Organization",
    "GovernmentBody": "Organization",
    "InternationalOrganization": "Organization",
    "Agreement": None,
    "Accord": "Agreement",
    "Commodity": None,
    "Event": None,
    "Summit": "Event",
    "Meeting": "Event",
}
CLASSES = tuple(PARENT)
ACTOR_KINDS = frozenset({"Person", "State", "Organization"})

# English display names of the classes (legend, filter, text output)
CLASS_LABELS = {
    "Person": "Person",
    "State": "State",
    "Organization": "Organisation",
    "Company": "Company",
    "FinancialInstitution": "Financial institution",
    "GovernmentBody": "Government body",
    "InternationalOrganization": "International organisation",
    "Agreement": "Agreement",
    "Accord": "International accord",
    "Commodity": "Commodity",
    "Event": "Event",
    "Summit": "Summit",
    "Meeting": "Meeting",
}

# relation name -> (SPARQL property path, subject is the edge source)
SIMPLE_RELATIONS = {
    "signatory": "skg:signatory",
    "facilitator": "skg:facilitator",
    "manufacturer": "skg:manufacturer",
    "concerns": "skg:concerns",
    "finances": "skg:finances",
    "reached at": "skg:event",
    "owns": "skg:owns",
    "participates in": "skg:participatesIn",
    "subsidiary of": "skg:subsidiaryOf",
    "based in": "skg:basedIn",
    "joins": "skg:joins",
}
RELATIONS = ("party", "signatory", "affiliated with", "leads", "owns", "finances", "concerns",
             "participates in", "subsidiary of", "facilitator", "manufacturer", "joins",
             "reached at", "based in")
PARTY_ROLES = ("buyer", "seller", "investor", "financier")


class NameNotFound(UserError):
    """No node, or more than one, answers to a name."""


def class_chain(cls: str) -> list[str]:
    """``cls`` and its superclasses within the projection, most specific first."""
    out = []
    while cls:
        out.append(cls)
        cls = PARENT.get(cls)
    return out


def normalise_name(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive key for matching names."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())


def resolve_type(name: str) -> str:
    """A class name from the user (``company``, ``Organisation``, ``Financial institution``)."""
    key = normalise_name(name).replace(" ", "")
    for cls, label in CLASS_LABELS.items():
        if key in (cls.casefold(), normalise_name(label).replace(" ", "")):
            return cls
    for alias, cls in (("organisations", "Organization"), ("organizations", "Organization"),
                       ("people", "Person"), ("persons", "Person"), ("states", "State"),
                       ("companies", "Company"), ("agreements", "Agreement"),
                       ("commodities", "Commodity"), ("events", "Event"), ("summits", "Summit")):
        if key == alias:
            return cls
    valid = ", ".join(CLASSES)
    raise UserError(f"unknown type {name!r}; use one of: {valid}")


def find_node(graph, name: str, *, actors_only: bool = False) -> str:
    """The node id whose label matches ``name`` (case- and diacritic-insensitive).

    An exact match on any label (English or Polish) wins; otherwise a unique
    node whose label contains the name as whole words. Raises NameNotFound.
    """
    key = normalise_name(name)
    if not key:
        raise NameNotFound("empty name")
    nodes = [(n, d) for n, d in graph.nodes(data=True)
             if not actors_only or d.get("kind") in ACTOR_KINDS]
    exact = [n for n, d in nodes if key in {normalise_name(x) for x in d.get("labels", [d.get("label", "")])}]
    if not exact:
        pattern = re.compile(r"(^| )" + re.escape(key) + r"( |$)")
        exact = [n for n, d in nodes
                 if any(pattern.search(normalise_name(x)) for x in d.get("labels", [d.get("label", "")]))]
    if len(exact) == 1:
        return exact[0]
    what = "actor" if actors_only else "node"
    if not exact:
        raise NameNotFound(f"no {what} named {name!r} in the graph")
    # prefer actors over other nodes when a name is shared (a state and its summit)
    actors = [n for n in exact if graph.nodes[n].get("kind") in ACTOR_KINDS]
    if len(actors) == 1:
        return actors[0]
    names = sorted({f"{graph.nodes[n]['label']} ({graph.nodes[n]['class']})" for n in exact})
    raise NameNotFound(f"{name!r} matches {len(exact)} {what}s: {'; '.join(names[:8])}; be more specific")


def _q(store, query: str):
    return store.query(PREFIXES + query, use_default_graph_as_union=True)


def _num(text: str):
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _fmt_amount(a: dict) -> str:
    v = a.get("value")
    if v is None:
        return a.get("text") or "?"
    if isinstance(v, int) or float(v).is_integer():
        num = f"{int(v):,}"
    else:
        num = f"{v:,}"
    if a.get("currency"):
        s = f"{a['currency']} {num}"
    elif a.get("unit"):
        unit = a["unit"]
        s = f"{num}%" if unit == "Percent" else f"{num} {unit.lower()}"
    else:
        s = num
    if a.get("qualifier"):
        s = f"{a['qualifier']} {s}"
    if a.get("text") and a["text"] not in s:
        s += f" (“{a['text']}”)"
    return s


def project(store):
    """Project a pyoxigraph store (or anything with its ``query``) to a networkx MultiDiGraph."""
    import networkx as nx

    # -- nodes and their classes
    types: dict[str, set[str]] = {}
    values = " ".join(f"skg:{c}" for c in CLASSES)
    for sol in _q(store, f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {values} }} ?s a ?t . FILTER(isIRI(?s)) }}"):
        types.setdefault(sol["s"].value, set()).add(sol["t"].value[len(SKG):])

    def most_specific(ts: set[str]) -> str:
        supers = {p for t in ts for p in class_chain(t)[1:]}
        cands = sorted((t for t in ts if t not in supers), key=lambda t: (-len(class_chain(t)), t))
        return cands[0]

    iris = sorted(types)
    ids = {iri: f"n{i}" for i, iri in enumerate(iris, 1)}
    g = nx.MultiDiGraph()
    for iri in iris:
        cls = most_specific(types[iri])
        chain = class_chain(cls)
        g.add_node(ids[iri], iri=iri, label=None, labels=[], **{"class": cls}, classes=chain,
                   kind=chain[-1], facts=[], evidence=[])

    # -- labels: English first, then others
    labels: dict[str, list[tuple[int, str]]] = {}
    for sol in _q(store, "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"):
        iri = sol["s"].value
        if iri not in ids:
            continue
        lit = sol["l"]
        lang = getattr(lit, "language", None) or ""
        rank = 0 if lang == "en" else (1 if lang in ("", "en-gb", "en-us") or lang.startswith("en") else 2)
        labels.setdefault(iri, []).append((rank, lit.value))
    for iri, nid in ids.items():
        ls = sorted(set(labels.get(iri, [])))
        d = g.nodes[nid]
        if ls:
            d["label"] = ls[0][1]
            seen = []
            for _, text in ls:
                if text not in seen:
                    seen.append(text)
            d["labels"] = seen
        else:
            local = re.split(r"[/#]", iri.rstrip("/#"))[-1]
            d["label"] = local
            d["labels"] = [local]

    # -- evidence of entities (mentions) and facts (evidence)
    evidence: dict[str, list[dict]] = {}
    q = """SELECT ?s ?ev ?quote ?b ?e ?sent ?stext ?title WHERE {
      { ?s skg:evidence ?ev } UNION { ?s skg:mention ?ev }
      OPTIONAL { ?ev nif:anchorOf ?quote }
      OPTIONAL { ?ev nif:beginIndex ?b }
      OPTIONAL { ?ev nif:endIndex ?e }
      OPTIONAL { ?ev skg:sentence ?sent . OPTIONAL { ?sent nif:anchorOf ?stext } }
      OPTIONAL { ?ev skg:article ?art . OPTIONAL { ?art dcterms:title ?title } }
    }"""
    for sol in _q(store, q):
        def val(name):
            t = sol[name]
            return t.value if t is not None else None
        rec = {
            "quote": val("quote") or "",
            "sentence": val("stext") or "",
            "article": val("title") or "",
            "begin": _num(val("b")) if val("b") is not None else None,
            "end": _num(val("e")) if val("e") is not None else None,
            "sentence_iri": val("sent") or "",
        }
        lst = evidence.setdefault(sol["s"].value, [])
        if rec not in lst:
            lst.append(rec)

    def ev_sorted(lst):
        return sorted(lst, key=lambda r: (r["article"], r["begin"] if r["begin"] is not None else -1,
                                          r["quote"], r["sentence"]))

    for iri, nid in ids.items():
        g.nodes[nid]["evidence"] = ev_sorted(evidence.get(iri, []))

    # sentences in which each node is named (to pick an agreement's evidence per edge)
    mention_sents: dict[str, set[str]] = {}
    for sol in _q(store, "SELECT ?s ?sent WHERE { ?s skg:mention ?ev . ?ev skg:sentence ?sent }"):
        mention_sents.setdefault(sol["s"].value, set()).add(sol["sent"].value)

    # -- agreement attributes
    amounts: dict[str, list[dict]] = {}
    q = """SELECT ?a ?amt ?v ?cur ?unit ?qual ?sf WHERE {
      ?a skg:amount ?amt .
      OPTIONAL { ?amt skg:value ?v } OPTIONAL { ?amt skg:currency ?cur }
      OPTIONAL { ?amt skg:unit ?unit } OPTIONAL { ?amt skg:qualifier ?qual }
      OPTIONAL { ?amt skg:surfaceForm ?sf }
    }"""
    for sol in _q(store, q):
        a = sol["a"].value
        if a not in ids:
            continue
        rec = {
            "value": _num(sol["v"].value) if sol["v"] is not None else None,
            "currency": sol["cur"].value if sol["cur"] is not None else None,
            "unit": sol["unit"].value.rsplit("#", 1)[-1] if sol["unit"] is not None else None,
            "qualifier": (sol["qual"].value.rsplit("#", 1)[-1].replace("UpTo", "up to")
                          .replace("AtLeast", "at least").lower() if sol["qual"] is not None else None),
            "text": sol["sf"].value if sol["sf"] is not None else None,
        }
        lst = amounts.setdefault(a, [])
        if rec not in lst:
            lst.append(rec)

    def label_of_concept(term) -> str:
        local = re.split(r"[/#]", term.value.rstrip("/#"))[-1]
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()

    attrs: dict[str, dict[str, set[str]]] = {}
    q = """SELECT ?s ?p ?o ?ol WHERE {
      VALUES ?p { skg:status skg:agreementType skg:targetsSector skg:date skg:place skg:isoCode
                  skg:legalForm }
      ?s ?p ?o .
      OPTIONAL { ?o rdfs:label ?ol . FILTER(lang(?ol) = "en") }
    }"""
    for sol in _q(store, q):
        s = sol["s"].value
        if s not in ids:
            continue
        p = sol["p"].value[len(SKG):]
        o = sol["o"]
        text = sol["ol"].value if sol["ol"] is not None else (
            o.value if not isinstance(o.value, str) or not o.value.startswith("http") else label_of_concept(o))
        attrs.setdefault(s, {}).setdefault(p, set()).add(text)

    for iri, nid in ids.items():
        d = g.nodes[nid]
        a = attrs.get(iri, {})
        facts = [["type", CLASS_LABELS[d["class"]]]]
        if d["kind"] == "Agreement":
            amts = sorted(amounts.get(iri, []), key=lambda r: (r["currency"] or "~", r["unit"] or "",
                                                               -(r["value"] or 0), r["text"] or ""))
            d["amounts"] = amts
            usd = [r["value"] for r in amts if r["currency"] == "USD" and r["value"] is not None]
            d["value_usd"] = max(usd) if usd else None
            d["status"] = sorted(a.get("status", ()))
            d["type"] = sorted(a.get("agreementType", ()))
            d["sectors"] = sorted(a.get("targetsSector", ()))
            d["date"] = sorted(a.get("date", ()))
            for t in d["type"]:
                facts.append(["agreement type", t])
            for t in d["status"]:
                facts.append(["status", t])
            for r in amts:
                facts.append(["amount", _fmt_amount(r)])
            for t in d["sectors"]:
                facts.append(["sector", t])
            for t in d["date"]:
                facts.append(["date", t])
        elif d["kind"] == "Event":
            d["date"] = sorted(a.get("date", ()))
            d["places"] = sorted(a.get("place", ()))
            for t in d["date"]:
                facts.append(["date", t])
            for t in d["places"]:
                facts.append(["place", t])
        for t in sorted(a.get("isoCode", ())):
            facts.append(["ISO code", t])
        for t in sorted(a.get("legalForm", ())):
            facts.append(["legal form", t])
        if len(d["labels"]) > 1:
            facts.append(["also called", ", ".join(d["labels"][1:])])
        d["facts"] = facts

    # -- edges
    edges: dict[tuple[str, str, str], dict] = {}

    def add(s_iri: str, rel: str, o_iri: str, **extra):
        if s_iri not in ids or o_iri not in ids or s_iri == o_iri:
            return None
        key = (s_iri, rel, o_iri)
        e = edges.get(key)
        if e is None:
            e = edges[key] = {"relation": rel, "label": rel, "roles": [], "facts": [], "evidence": []}
        for k, v in extra.items():
            if k == "roles":
                for r in v:
                    if r not in e["roles"]:
                        e["roles"].append(r)
            elif k == "facts":
                for f in v:
                    if f not in e["facts"]:
                        e["facts"].append(f)
            elif k == "evidence":
                for r in v:
                    if r not in e["evidence"]:
                        e["evidence"].append(r)
        return e

    # party edges, with the sub-property roles
    roles = " ".join(f"skg:{r}" for r in PARTY_ROLES)
    for sol in _q(store, f"""SELECT ?a ?x ?role WHERE {{
          {{ ?a skg:hasParty ?x }} UNION {{ VALUES ?role {{ {roles} }} ?a ?role ?x }} }}"""):
        role = sol["role"].value[len(SKG):] if sol["role"] is not None else None
        add(sol["a"].value, "party", sol["x"].value, roles=[role] if role else [])

    for rel, prop in SIMPLE_RELATIONS.items():
        for sol in _q(store, f"SELECT ?s ?o WHERE {{ ?s {prop} ?o }}"):
            add(sol["s"].value, rel, sol["o"].value)

    # affiliations, and posts (qualified) with their titles and evidence
    for sol in _q(store, """SELECT ?p ?o ?lead WHERE {
          ?p skg:affiliatedWith ?o . BIND(EXISTS { ?p skg:leads ?o } AS ?lead) }"""):
        lead = sol["lead"] is not None and sol["lead"].value == "true"
        add(sol["p"].value, "leads" if lead else "affiliated with", sol["o"].value)
    for sol in _q(store, "SELECT ?p ?o WHERE { ?p skg:leads ?o }"):
        add(sol["p"].value, "leads", sol["o"].value)
    posts = """SELECT ?q ?p ?o ?title ?rolel WHERE {
          ?p skg:holdsPost ?q . ?q skg:postIn ?o .
          OPTIONAL { ?q skg:roleTitle ?title }
          OPTIONAL { ?q skg:role ?r . ?r rdfs:label ?rolel . FILTER(lang(?rolel) = "en") } }"""
    for sol in _q(store, posts):
        p, o, q_iri = sol["p"].value, sol["o"].value, sol["q"].value
        rel = "leads" if (p, "leads", o) in edges else "affiliated with"
        title = sol["title"].value if sol["title"] is not None else (
            sol["rolel"].value if sol["rolel"] is not None else None)
        add(p, rel, o, facts=[["post", title]] if title else [], evidence=evidence.get(q_iri, []))

    # qualified ownership, participation and accession
    for sol in _q(store, """SELECT ?q ?s ?o ?v WHERE { ?q skg:owner ?s ; skg:ownedEntity ?o .
                            OPTIONAL { ?q skg:share ?sh . ?sh skg:value ?v } }"""):
        share = [["share", f"{_num(sol['v'].value)}%"]] if sol["v"] is not None else []
        add(sol["s"].value, "owns", sol["o"].value, facts=share, evidence=evidence.get(sol["q"].value, []))
    for sol in _q(store, "SELECT ?q ?s ?o WHERE { ?q skg:participant ?s ; skg:event ?o }"):
        add(sol["s"].value, "participates in", sol["o"].value, evidence=evidence.get(sol["q"].value, []))
    for sol in _q(store, "SELECT ?q ?s ?o WHERE { ?q skg:accessionState ?s ; skg:accord ?o }"):
        add(sol["s"].value, "joins", sol["o"].value, evidence=evidence.get(sol["q"].value, []))

    # edges without evidence of their own: for an agreement, its evidence in the
    # sentences that also name the other end (else all of it); otherwise the
    # sentences that name both ends
    for (s_iri, rel, o_iri), e in edges.items():
        if not e["evidence"]:
            agr, other = (s_iri, o_iri) if g.nodes[ids[s_iri]]["kind"] == "Agreement" else (o_iri, s_iri)
            if g.nodes[ids[agr]]["kind"] == "Agreement":
                ev = evidence.get(agr, [])
                near = [r for r in ev if r["sentence_iri"] and r["sentence_iri"] in mention_sents.get(other, ())]
                e["evidence"] = near or list(ev)
            else:
                both = mention_sents.get(s_iri, set()) & mention_sents.get(o_iri, set())
                e["evidence"] = [r for r in evidence.get(s_iri, []) if r["sentence_iri"] in both]
        e["evidence"] = ev_sorted(e["evidence"])
        if e["roles"]:
            e["roles"].sort()
            e["label"] = "party (" + ", ".join(e["roles"]) + ")"
            e["facts"].insert(0, ["role", ", ".join(e["roles"])])

    for (s_iri, rel, o_iri) in sorted(edges, key=lambda k: (ids[k[0]], RELATIONS.index(k[1]), ids[k[2]])):
        g.add_edge(ids[s_iri], ids[o_iri], key=rel, **edges[(s_iri, rel, o_iri)])
    from .corpus_view import annotate_articles
    annotate_articles(store, g, ids)
    return g


def undirected(graph):
    """A simple undirected view of the projection (parallel relations merged, relations listed)."""
    import networkx as nx

    u = nx.Graph()
    u.add_nodes_from(graph.nodes(data=True))
    for s, o, rel in graph.edges(keys=True):
        if u.has_edge(s, o):
            u[s][o]["relations"].append(rel)
        else:
            u.add_edge(s, o, relations=[rel])
    return u
