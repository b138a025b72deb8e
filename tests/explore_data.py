"""Small hand-built graphs for the exploration tests (no extractor involved).

``Article`` writes the Turtle of one article's named graph following the
instance-data contract: typed entities with labels and mentions, agreements
with parties, amounts and evidence, posts, participations, and evidence nodes
with exact offsets into the article text.
"""
from __future__ import annotations

import itertools
import json

ID = "https://w3id.org/summitkg/id/"
GRAPH = "https://w3id.org/summitkg/graph/article/"

PREFIXES = """\
@prefix skg: <https://w3id.org/summitkg/ontology#> .
@prefix skgid: <https://w3id.org/summitkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

SUPER = {"Company": "Organization", "FinancialInstitution": "Organization", "GovernmentBody": "Organization",
         "InternationalOrganization": "Organization", "Accord": "Agreement", "Summit": "Event",
         "Meeting": "Event"}


def lit(text: str) -> str:
    """A Turtle string literal (JSON escaping is valid Turtle ECHAR/UCHAR escaping)."""
    return json.dumps(text, ensure_ascii=False)


class Article:
    def __init__(self, article_id: str, title: str, sentences: list[str]):
        self.id = article_id
        self.title = title
        self.sentences = sentences
        self.text = " ".join(sentences)
        self.starts = list(itertools.accumulate([0] + [len(s) + 1 for s in sentences[:-1]]))
        self.lines: list[str] = []
        self.counter = itertools.count(1)
        art = f"<{ID}article/{article_id}>"
        self.art = art
        self.lines.append(f"{art} a skg:Article ; dcterms:title {lit(title)} .")
        for i, s in enumerate(sentences):
            b = self.starts[i]
            self.lines.append(f"<{self.sent(i)}> a skg:Sentence ; nif:anchorOf {lit(s)} ; "
                              f"nif:beginIndex {b} ; nif:endIndex {b + len(s)} ; skg:article {art} .")

    def sent(self, i: int) -> str:
        return f"{ID}sentence/{self.id}/{i}"

    def evidence(self, sentence: int, quote: str) -> str:
        s = self.sentences[sentence]
        pos = s.index(quote)
        b = self.starts[sentence] + pos
        ev = f"{ID}evidence/{self.id}/{next(self.counter)}"
        assert self.text[b:b + len(quote)] == quote
        self.lines.append(f"<{ev}> a skg:Evidence ; nif:anchorOf {lit(quote)} ; nif:beginIndex {b} ; "
                          f"nif:endIndex {b + len(quote)} ; skg:sentence <{self.sent(sentence)}> ; "
                          f"skg:article {self.art} .")
        return ev

    def entity(self, iri: str, cls: str, label: str, *, pl: str | None = None,
               mentions: list[tuple[int, str]] = (), evidence: list[tuple[int, str]] = ()) -> str:
        iri = iri if iri.startswith("http") else ID + iri
        types = [f"skg:{cls}"] + ([f"skg:{SUPER[cls]}"] if cls in SUPER else [])
        self.lines.append(f"<{iri}> a {', '.join(types)} ; rdfs:label {lit(label)}@en"
                          + (f", {lit(pl)}@pl" if pl else "") + " .")
        for i, q in mentions:
            self.lines.append(f"<{iri}> skg:mention <{self.evidence(i, q)}> .")
        for i, q in evidence:
            self.lines.append(f"<{iri}> skg:evidence <{self.evidence(i, q)}> .")
        return iri

    def triple(self, s: str, p: str, o: str) -> None:
        s = s if s.startswith("http") else ID + s
        o = o if (o.startswith("http") or o.startswith('"') or o.startswith("skg:")) else ID + o
        o = o if not o.startswith("http") else f"<{o}>"
        self.lines.append(f"<{s}> {p} {o} .")

    def amount(self, agreement: str, value: str, *, currency: str | None = None, unit: str | None = None,
               text: str | None = None) -> None:
        amt = f"{ID}amount/{self.id}/{next(self.counter)}"
        props = [f'skg:value "{value}"^^xsd:decimal']
        if currency:
            props.append(f"skg:currency {lit(currency)}")
        if unit:
            props.append(f"skg:unit skg:{unit}")
        if text:
            props.append(f"skg:surfaceForm {lit(text)}")
        self.lines.append(f"<{amt}> a skg:Amount ; " + " ; ".join(props) + " .")
        self.triple(agreement, "skg:amount", amt)

    def post(self, person: str, org: str, title: str, sentence: int, quote: str, leads: bool = False) -> None:
        q = f"{ID}post/{self.id}/{next(self.counter)}"
        ev = self.evidence(sentence, quote)
        self.lines.append(f"<{q}> a skg:Post ; skg:postIn <{ID + org}> ; skg:roleTitle {lit(title)} ; "
                          f"skg:evidence <{ev}> .")
        self.triple(person, "skg:holdsPost", q)
        self.triple(person, "skg:affiliatedWith", org)
        if leads:
            self.triple(person, "skg:leads", org)

    def participation(self, actor: str, event: str, sentence: int, quote: str) -> None:
        q = f"{ID}participation/{self.id}/{next(self.counter)}"
        ev = self.evidence(sentence, quote)
        self.lines.append(f"<{q}> a skg:Participation ; skg:participant <{ID + actor}> ; "
                          f"skg:event <{ID + event}> ; skg:evidence <{ev}> .")
        self.triple(actor, "skg:participatesIn", event)

    def turtle(self) -> str:
        return PREFIXES + "\n".join(self.lines) + "\n"

    @property
    def graph(self) -> str:
        return GRAPH + self.id


def seed_article() -> Article:
    """A small summit article: two deals, five actors, three people, one summit."""
    a = Article("t1", "Deals signed at the C5+1 summit", [
        "Presidents Kassym-Jomart Tokayev and Donald Trump met at the C5+1 summit in the White House on November 6.",
        "Tau-Ken Samruk and Cove Kaz Capital Group signed a $1.1 billion tungsten joint venture.",
        "Cove Kaz Capital Group, an American firm led by chief executive Jane Doe, takes a 49 percent stake.",
        "Jane Doe signed the agreement for Cove Kaz Capital Group.",
        "The Export-Import Bank of the United States issued a letter of interest for $900 million to finance the venture.",
        "Another report put the letter of interest at $700 million.",
        "Tau-Ken Samruk is a Kazakhstan state company.",
        "Uzbekistan was also mentioned.",
    ])
    kz = a.entity("state/KZ", "State", "Kazakhstan", pl="Kazachstan", mentions=[(6, "Kazakhstan")])
    us = a.entity("state/US", "State", "United States", pl="Stany Zjednoczone",
                  mentions=[(4, "United States")])
    a.entity("state/UZ", "State", "Uzbekistan", mentions=[(7, "Uzbekistan")])
    a.entity("person/kassym-jomart-tokayev", "Person", "Kassym-Jomart Tokayev",
             mentions=[(0, "Kassym-Jomart Tokayev")])
    a.entity("person/donald-trump", "Person", "Donald Trump", mentions=[(0, "Donald Trump")])
    a.entity("person/jane-doe", "Person", "Jane Doe", mentions=[(2, "Jane Doe"), (3, "Jane Doe")])
    a.entity("org/tau-ken-samruk", "Company", "Tau-Ken Samruk",
             mentions=[(1, "Tau-Ken Samruk"), (6, "Tau-Ken Samruk")])
    a.entity("org/cove-kaz-capital-group", "Company", "Cove Kaz Capital Group",
             mentions=[(1, "Cove Kaz Capital Group"), (2, "Cove Kaz Capital Group"), (3, "Cove Kaz Capital Group")])
    a.entity("org/exim", "FinancialInstitution", "Export-Import Bank of the United States",
             mentions=[(4, "Export-Import Bank of the United States")])
    a.entity("commodity/tungsten", "Commodity", "tungsten", pl="wolfram", mentions=[(1, "tungsten")])
    a.entity("event/c5-1-summit", "Summit", "C5+1 summit", mentions=[(0, "C5+1 summit")])
    a.entity("place/white-house", "Place", "White House", mentions=[(0, "White House")])
    jv = a.entity("agreement/t1/jv", "Agreement", "tungsten joint venture",
                  evidence=[(1, "signed a $1.1 billion tungsten joint venture"), (3, "signed the agreement")])
    loi = a.entity("agreement/t1/loi", "Agreement", "EXIM letter of interest",
                   evidence=[(4, "issued a letter of interest for $900 million"),
                             (5, "put the letter of interest at $700 million")])
    a.triple("agreement/t1/jv", "skg:hasParty", "org/tau-ken-samruk")
    a.triple("agreement/t1/jv", "skg:hasParty", "org/cove-kaz-capital-group")
    a.triple("agreement/t1/jv", "skg:investor", "org/cove-kaz-capital-group")
    a.triple("agreement/t1/jv", "skg:signatory", "person/jane-doe")
    a.triple("agreement/t1/jv", "skg:concerns", "commodity/tungsten")
    a.triple("agreement/t1/jv", "skg:event", "event/c5-1-summit")
    a.triple("agreement/t1/jv", "skg:status", "skg:Signed")
    a.triple("agreement/t1/jv", "skg:agreementType", "skg:JointVenture")
    a.amount("agreement/t1/jv", "1100000000", currency="USD", text="$1.1 billion")
    a.amount("agreement/t1/jv", "49", unit="Percent", text="49 percent")
    a.triple("agreement/t1/loi", "skg:hasParty", "org/exim")
    a.triple("agreement/t1/loi", "skg:financier", "org/exim")
    a.triple("agreement/t1/loi", "skg:finances", "agreement/t1/jv")
    a.amount("agreement/t1/loi", "900000000", currency="USD", text="$900 million")
    a.amount("agreement/t1/loi", "700000000", currency="USD", text="$700 million")
    a.post("person/kassym-jomart-tokayev", "state/KZ", "President", 0, "Presidents Kassym-Jomart Tokayev",
           leads=True)
    a.post("person/donald-trump", "state/US", "President", 0, "Donald Trump", leads=True)
    a.post("person/jane-doe", "org/cove-kaz-capital-group", "chief executive", 2, "chief executive Jane Doe")
    a.participation("state/KZ", "event/c5-1-summit", 0, "met at the C5+1 summit")
    a.participation("state/US", "event/c5-1-summit", 0, "met at the C5+1 summit")
    a.triple("event/c5-1-summit", "skg:place", "place/white-house")
    a.triple("event/c5-1-summit", "skg:date", '"2025-11-06"^^xsd:date')
    a.triple("org/tau-ken-samruk", "skg:basedIn", "state/KZ")
    a.triple("org/cove-kaz-capital-group", "skg:basedIn", "state/US")
    a.triple("org/exim", "skg:basedIn", "state/US")
    assert jv and loi and kz and us
    return a


PROBE_IMG = '<img src=x onerror="document.body.dataset.x=1">'
PROBE_SCRIPT = "</script><script>document.body.dataset.x=1</script>"
PROBE_HREF = 'href <a href="x" onmouseover="document.body.dataset.x=1">href</a><img src=x onerror="document.body.dataset.x=1">'
PROBE_JS_URL = "javascript:document.body.dataset.x=1"
PROBE_TITLE = "<b>Probe</b><script>document.body.dataset.x=1</script><img src=x onerror=\"document.body.dataset.x=1\">"
PROBES = (PROBE_IMG, PROBE_SCRIPT, PROBE_HREF, PROBE_JS_URL)


def probe_article() -> Article:
    """An article whose names, sentences and title carry script and event-handler probes."""
    a = Article("probe", PROBE_TITLE, [
        f"{PROBE_IMG} signed a deal with {PROBE_SCRIPT}.",
        f"{PROBE_HREF} and {PROBE_JS_URL} joined it, said Kazakhstan.",
    ])
    a.entity("org/probe-img", "Company", PROBE_IMG, mentions=[(0, PROBE_IMG)])
    a.entity("org/probe-script", "Company", PROBE_SCRIPT, mentions=[(0, PROBE_SCRIPT)])
    a.entity("org/probe-href", "Company", PROBE_HREF, mentions=[(1, PROBE_HREF)])
    a.entity("person/probe-js", "Person", PROBE_JS_URL, mentions=[(1, PROBE_JS_URL)])
    a.entity("state/KZ", "State", "Kazakhstan", mentions=[(1, "Kazakhstan")])
    a.entity("agreement/probe/deal", "Agreement", PROBE_HREF + " deal",
             evidence=[(0, f"signed a deal with {PROBE_SCRIPT}")])
    for x in ("org/probe-img", "org/probe-script", "org/probe-href", "person/probe-js"):
        a.triple("agreement/probe/deal", "skg:hasParty", x)
    a.amount("agreement/probe/deal", "5", currency="USD", text=PROBE_IMG)
    a.post("person/probe-js", "org/probe-href", PROBE_IMG, 1, PROBE_JS_URL)
    return a


def build_store(root, articles) -> None:
    """Write the articles, each into its own named graph, as a new store generation."""
    import pyoxigraph

    from summitkg.graph.store import write_generation

    with write_generation(root) as store:
        for a in articles:
            store.load(a.turtle(), format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.NamedNode(a.graph))


def synthetic_store(root, n_nodes: int = 500) -> None:
    """A larger store (about ``n_nodes`` nodes) for timing the page: agreements between companies."""
    import random

    rnd = random.Random(7)
    a = Article("big", "Synthetic summit", ["Synthetic sentence."])
    n_states = 20
    n_agr = n_nodes // 4
    n_org = n_nodes - n_states - n_agr
    for i in range(n_states):
        a.entity(f"state/S{i}", "State", f"State {i}")
    for i in range(n_org):
        a.entity(f"org/c{i}", "Company", f"Company {i}", mentions=[(0, "Synthetic")])
        a.triple(f"org/c{i}", "skg:basedIn", f"state/S{rnd.randrange(n_states)}")
    for i in range(n_agr):
        a.entity(f"agreement/big/{i}", "Agreement", f"Deal {i}", evidence=[(0, "sentence")])
        for c in rnd.sample(range(n_org), 2):
            a.triple(f"agreement/big/{i}", "skg:hasParty", f"org/c{c}")
        a.amount(f"agreement/big/{i}", str(rnd.randrange(1, 1000) * 1_000_000), currency="USD")
    build_store(root, [a])
