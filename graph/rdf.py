"""Facts to RDF: one named graph of quads per article, with deterministic IRIs and
evidence (article, sentence, exact character offsets) for every fact.

The writer emits N-Quads, the form the build loads: terms are kept as their N-Triples bytes
(IRIs checked by pyoxigraph's ``NamedNode``, literals escaped as ``pyoxigraph.serialize``
escapes them), which costs a fraction of building a pyoxigraph ``Quad`` per statement and
serialising it afterwards; the output is byte for byte what ``pyoxigraph.serialize`` writes."""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from summitkg.builders.gc_pause import gc_paused
from summitkg.builders.model import Agreement, Amount, Extraction, Span
from summitkg.builders.names import slug

from . import iris

XSD = "http://www.w3.org/2001/XMLSchema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"

CLASS_OF = {"person": ["Person", "Actor"], "state": ["State", "Actor"], "organization": ["Organization", "Actor"],
            "place": ["Place"], "commodity": ["Commodity"], "sector": ["Sector"], "accord": ["Accord"],
            "role": ["Role"]}
TYPE_LABEL = {"JointVenture": "Joint venture", "Sale": "Sale", "InvestmentCommitment": "Investment commitment",
              "FinancingOffer": "Financing offer", "Cooperation": "Agreement"}


def _ref(value: str) -> bytes:
    """An IRI as an N-Triples term, checked as pyoxigraph checks it (ValueError if invalid)."""
    return b"<" + NamedNode(value).value.encode("utf-8") + b">"


_iri = lru_cache(maxsize=None)(_ref)      # vocabulary and datatype IRIs: a bounded set


@lru_cache(maxsize=None)
@lru_cache(maxsize=1)
def ontology_terms() -> frozenset:
    """Local names of the terms ``ontology/summitkg.ttl`` declares (classes, properties and
    individuals), read from the file the graph loads."""
    from importlib import resources

    text = resources.files("summitkg.ontology").joinpath("summitkg.ttl").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^skg:([A-Za-z][\w-]*)\s+a\s", text, re.M))


@lru_cache(maxsize=None)
def T(name: str) -> bytes:
    """An ontology term; a name the ontology does not declare is a bug, refused at once."""
    if name not in ontology_terms():
        raise KeyError(f"skg:{name} is not declared in ontology/summitkg.ttl")
    return _ref(iris.ONT + name)


RDF_TYPE = _iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = _iri("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = _iri("http://www.w3.org/2004/02/skos/core#altLabel")
OWL_SAMEAS = _iri("http://www.w3.org/2002/07/owl#sameAs")
NIF_BEGIN = _iri(NIF + "beginIndex")
NIF_END = _iri(NIF + "endIndex")
NIF_ANCHOR = _iri(NIF + "anchorOf")
_EVIDENCE, _ARTICLE, _SENTENCE = T("Evidence"), T("article"), T("sentence")

_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_OTHER_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)} | {0x08: "\\b", 0x0C: "\\f"}


@lru_cache(maxsize=None)
def _language(tag: str) -> bytes:
    """The tag as pyoxigraph normalises it (lower case; ValueError if malformed)."""
    return Literal("", language=tag).language.encode("ascii")


def literal(value: str, lang: str | None = None, dtype: str | None = None) -> bytes:
    """A literal as an N-Triples term: a language-tagged string, a typed value (``dtype`` an XSD
    local name) or a plain string."""
    if _NEEDS_ESCAPE.search(value):
        value = _escape(value)
    text = ('"' + value + '"').encode("utf-8")
    if dtype:
        return text + b"^^" + _iri(XSD + dtype)
    if lang:
        return text + b"@" + _language(lang)
    return text


def _plain_literal(value: str) -> bytes:
    """A plain string literal of a value known to need no escapes."""
    return ('"' + value + '"').encode("utf-8")


def _escape(value: str) -> str:
    """N-Triples string escapes, as pyoxigraph writes them: the common ones by ``replace``
    (``str.translate`` with a mapping is slow on long non-ASCII text such as a whole article),
    other control characters by table."""
    value = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
             .replace("\r", "\\r").replace("\t", "\\t"))
    return value.translate(_CONTROL_ESCAPES) if _OTHER_CONTROL.search(value) else value


@lru_cache(maxsize=1 << 16)
def _offset(n: int) -> bytes:
    """A character offset as an xsd:nonNegativeInteger literal."""
    return literal(str(n), dtype="nonNegativeInteger")


def decimal_literal(value: float) -> bytes:
    d = Decimal(repr(round(value, 4))).normalize()
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return literal(text, dtype="decimal")


def source_name(path: str) -> str:
    """The file name an article graph records: control characters (which a file name may hold
    and XML may not) replaced by spaces."""
    from summitkg.builders.encoding import replace_controls

    return replace_controls(Path(path).name)[0]


def article_id(extraction: Extraction) -> str:
    art = extraction.article
    if art.url:
        return slug(art.url.split("://", 1)[-1])[:60] + "-" + iris.short_hash(art.url, n=6)
    name = Path(art.source_path or "article").name
    return slug(name.rsplit(".", 1)[0] if "." in name else name)


@lru_cache(maxsize=1)
def _roles() -> dict[str, dict[str, str]]:
    from summitkg.builders.packdata import rows

    return {r["id"]: r for r in rows(None, "roles.tsv")}


class _Writer:
    def __init__(self, extraction: Extraction, aid: str):
        self.x = extraction
        self.aid = aid
        self.graph = _ref(iris.article_graph(aid))
        self.article = _ref(iris.article(aid))
        self.triples: list[tuple[bytes, bytes, bytes]] = []
        self.text = extraction.article.text
        self.lang = extraction.article.language
        self.sentence_nodes: list[tuple[int, int, bytes]] = []
        self.sentence_starts: list[int] = []
        self.entity_nodes: dict[str, bytes] = {}
        self.evidence_nodes: dict[tuple[int, int], bytes] = {}
        # evidence and sentence IRIs: a checked prefix and digits, which keep an IRI valid
        self._evidence_prefix = _ref(f"{iris.ID}evidence/{aid}/")[:-1]
        self._sentence_prefix = _ref(f"{iris.ID}sentence/{aid}/")[:-1]
        self.amount_nodes: dict[tuple[int, int], bytes] = {}
        # sentence and evidence anchors are slices of the text: none needs escaping if it does not
        self.anchor = _plain_literal if _NEEDS_ESCAPE.search(self.text) is None else literal

    def add(self, s: bytes, p: bytes, o: bytes) -> None:
        self.triples.append((s, p, o))

    lit = staticmethod(literal)

    # -------------------------------------------------------------- provenance
    def write_article(self) -> None:
        art = self.x.article
        a = self.article
        for cls in (T("Article"), _iri(SCHEMA + "NewsArticle"), _iri(PROV + "Entity"), _iri(NIF + "Context")):
            self.add(a, RDF_TYPE, cls)
        if art.title:
            self.add(a, _iri(DCT + "title"), self.lit(art.title, art.language))
            self.add(a, RDFS_LABEL, self.lit(art.title, art.language))
        if art.date:
            self.add(a, _iri(SCHEMA + "datePublished"), self.lit(art.date, dtype="date"))
        self.add(a, _iri(SCHEMA + "inLanguage"), self.lit(art.language))
        self.add(a, _iri(DCT + "language"), self.lit(art.language))
        if art.url:
            self.add(a, _iri(SCHEMA + "url"), self.lit(art.url, dtype="anyURI"))
        if art.publisher:
            self.add(a, _iri(SCHEMA + "publisher"), self.lit(art.publisher))
        if art.source_path:
            self.add(a, _iri(DCT + "source"), self.lit(source_name(art.source_path)))
        self.add(a, T("contentHash"), self.lit(art.content_hash))
        self.add(a, _iri(NIF + "isString"), self.lit(art.text))
        for s in self.x.sentences:
            node = self._sentence_prefix + b"%d>" % s.index
            self.sentence_nodes.append((s.start, s.end, node))
            self.sentence_starts.append(s.start)
            self.add(node, RDF_TYPE, T("Sentence"))
            self.add(node, NIF_BEGIN, _offset(s.start))
            self.add(node, NIF_END, _offset(s.end))
            self.add(node, NIF_ANCHOR, self.anchor(s.text))
            self.add(node, T("article"), a)
            self.add(node, T("isCaption"), self.lit("true" if s.is_caption else "false", dtype="boolean"))

    def evidence(self, span: Span) -> bytes:
        key = (span.start, span.end)
        node = self.evidence_nodes.get(key)
        if node is None:
            node = self.evidence_nodes[key] = self._evidence_prefix + b"%d-%d>" % key
            add = self.triples.append
            add((node, RDF_TYPE, _EVIDENCE))
            add((node, NIF_BEGIN, _offset(span.start)))
            add((node, NIF_END, _offset(span.end)))
            add((node, NIF_ANCHOR, self.anchor(self.text[span.start:span.end])))
            add((node, _ARTICLE, self.article))
            sn = self.sentence_of(span)
            if sn is not None:
                add((node, _SENTENCE, sn))
        return node

    def sentence_of(self, span: Span) -> bytes | None:
        """The sentence holding the span's start (sentences are sorted and do not overlap)."""
        k = bisect.bisect_right(self.sentence_starts, span.start) - 1
        if k >= 0:
            s, e, sn = self.sentence_nodes[k]
            if s <= span.start < e or span.end <= e:
                return sn
        return None

    # -------------------------------------------------------------- entities
    def node_of(self, key: str | None) -> bytes | None:
        if not key:
            return None
        if key in self.entity_nodes:
            return self.entity_nodes[key]
        kind, ident = key.split(":", 1)
        node = _ref(iris.entity(kind, ident))
        self.entity_nodes[key] = node
        return node

    def write_entities(self) -> None:
        used = self._used_keys()
        for key, e in sorted(self.x.entities.items()):
            if e.kind in ("role",):
                continue
            if e.kind in ("sector", "commodity", "place") and key not in used and not e.mentions:
                continue
            node = self.node_of(key)
            for cls in CLASS_OF.get(e.kind, []):
                self.add(node, RDF_TYPE, T(cls))
            if e.kind == "organization":
                sub = e.subclass or "Company"
                if sub != "Organization":
                    self.add(node, RDF_TYPE, T(sub))
                if e.based_in:
                    self.add(node, T("basedIn"), self.node_of(f"state:{e.based_in}"))
                    if e.state_owned:
                        self.add(node, T("ownedByState"), self.node_of(f"state:{e.based_in}"))
                if e.legal_form:
                    self.add(node, T("legalForm"), self.lit(e.legal_form))
                if e.parent and e.parent in self.x.entities:
                    self.add(node, T("subsidiaryOf"), self.node_of(e.parent))
                    if e.parent_evidence is not None:
                        self.add(node, T("mention"), self.evidence(e.parent_evidence))
            if e.kind == "state":
                self.add(node, T("isoCode"), self.lit(e.iso2 or key.split(":")[1]))
                if e.wikidata:
                    self.add(node, OWL_SAMEAS, _iri("http://www.wikidata.org/entity/" + e.wikidata))
            if e.kind == "place" and e.located_in:
                self.add(node, T("locatedIn"), self.node_of(e.located_in))
            self.add(node, RDFS_LABEL, self.lit(e.label_en, "en"))
            for lang, labels in sorted(e.labels.items()):
                ordered = sorted(labels)
                for own in ordered:
                    self.add(node, RDFS_LABEL if own == ordered[0] else SKOS_ALT, self.lit(own, lang))
            for alias in e.aliases_en:
                self.add(node, SKOS_ALT, self.lit(alias, "en"))
            for alias in sorted(e.aliases):
                if alias != e.label_en:
                    self.add(node, SKOS_ALT, self.lit(alias, "en" if self.lang == "en" else self.lang))
            for span in e.mentions:
                self.add(node, T("mention"), self.evidence(span))

    def _used_keys(self) -> set[str]:
        used: set[str] = set()
        for a in self.x.agreements:
            used.update(a.commodities + a.sectors)
        for f in self.x.facts:
            if f.kind == "quantity" and f.subject:
                used.add(f.subject)
        return used

    def role_node(self, role_id: str) -> bytes:
        node = _ref(f"{iris.ID}role/{role_id}")
        row = _roles().get(role_id, {})
        self.add(node, RDF_TYPE, T("Role"))
        self.add(node, RDFS_LABEL, self.lit(row.get("label_en", role_id), "en"))
        self.add(node, T("isLeaderRole"), self.lit("true" if row.get("leader") == "yes" else "false", dtype="boolean"))
        return node

    # -------------------------------------------------------------- facts
    def write_facts(self, agreement_nodes: dict[int, bytes]) -> None:
        for f in self.x.facts:
            subj = self.node_of(f.subject)
            obj = self.node_of(f.object)
            ident = (f.kind, f.subject, f.object, f.role, f.evidence[0].start if f.evidence else -1,
                     f.evidence[0].end if f.evidence else -1)
            node = _ref(iris.node(f.kind, self.aid, *ident))
            if f.kind == "post":
                self.add(node, RDF_TYPE, T("Post"))
                self.add(node, T("role"), self.role_node(f.role))
                if f.role_title:
                    self.add(node, T("roleTitle"), self.lit(f.role_title, self.lang))
                self.add(subj, T("holdsPost"), node)
                if obj is not None:
                    self.add(node, T("postIn"), obj)
                    self.add(subj, T("affiliatedWith"), obj)
                    if _roles().get(f.role, {}).get("leader") == "yes" and f.object.startswith("state:"):
                        self.add(subj, T("leads"), obj)
            elif f.kind == "ownership":
                self.add(node, RDF_TYPE, T("Ownership"))
                self.add(node, T("owner"), subj)
                target = obj
                if target is None and f.agreement is not None:
                    target = agreement_nodes.get(f.agreement)
                if target is not None:
                    self.add(node, T("ownedEntity"), target)
                    self.add(subj, T("owns"), target)
                    if f.subject.startswith("person:") and obj is not None:
                        self.add(subj, T("affiliatedWith"), obj)
                if f.share is not None:
                    self.add(node, T("share"), self.amount(f.share))
            elif f.kind == "quotation":
                self.add(node, RDF_TYPE, T("Quotation"))
                self.add(node, T("quotedText"), self.lit(f.text or "", self.lang))
                self.add(node, T("spokenBy"), subj)
            elif f.kind == "proposal":
                self.add(node, RDF_TYPE, T("Proposal"))
                self.add(node, T("proposedBy"), subj)
                self.add(node, T("description"), self.lit(f.text or "", self.lang))
            elif f.kind == "quantity":
                self.amount(f.share, commodity=f.subject)
                continue
            elif f.kind == "accession":
                self.add(node, RDF_TYPE, T("Accession"))
                self.add(node, T("accessionState"), subj)
                self.add(node, T("accord"), obj)
                self.add(subj, T("joins"), obj)
            for span in f.evidence:
                self.add(node, T("evidence"), self.evidence(span))

    def amount(self, m: Amount, commodity: str | None = None) -> bytes:
        key = (m.start, m.end)
        if key in self.amount_nodes:
            return self.amount_nodes[key]
        node = self.amount_nodes[key] = _ref(f"{iris.ID}amount/{self.aid}/{m.start}-{m.end}")
        self.add(node, RDF_TYPE, T("Amount"))
        if m.currency:
            self.add(node, RDF_TYPE, T("MonetaryAmount"))
            self.add(node, T("currency"), self.lit(m.currency))
            self.add(node, T("currencyUnit"), _iri("http://qudt.org/vocab/currency/" + m.currency))
        else:
            self.add(node, RDF_TYPE, T("Quantity"))
            self.add(node, T("unit"), T(m.unit or "Item"))
        self.add(node, T("value"), decimal_literal(m.value))
        if m.min_value is not None:
            self.add(node, T("minValue"), decimal_literal(m.min_value))
        if m.max_value is not None:
            self.add(node, T("maxValue"), decimal_literal(m.max_value))
        if m.qualifier:
            self.add(node, T("qualifier"), T(m.qualifier))
        if m.period:
            self.add(node, T("period"), self.lit(m.period, self.lang))
            if m.period_years:
                self.add(node, T("periodDuration"), self.lit(f"P{m.period_years}Y", dtype="duration"))
        if commodity:
            self.add(node, T("ofCommodity"), self.node_of(commodity))
        self.add(node, T("surfaceForm"), self.lit(self.text[m.start:m.end]))
        self.add(node, T("evidence"), self.evidence(Span(m.start, m.end)))
        if m.equivalent is not None:
            self.add(node, T("statedEquivalent"), self.amount(m.equivalent))
        return node

    def write_agreements(self) -> dict[int, bytes]:
        nodes: dict[int, bytes] = {}
        for i, a in enumerate(self.x.agreements):
            nodes[i] = _ref(agreement_iri(a.key, self.aid))
        for i, a in enumerate(self.x.agreements):
            node = nodes[i]
            self.add(node, RDF_TYPE, T("Agreement"))
            self.add(node, RDFS_LABEL, self.lit(self.agreement_label(a), "en"))
            self.add(node, T("agreementType"), T(a.type))
            self.add(node, T("status"), T(a.status))
            for role, keys in (("buyer", a.buyers), ("seller", a.sellers), ("investor", a.investors),
                               ("financier", a.financiers)):
                for k in keys:
                    self.add(node, T(role), self.node_of(k))
            for k in a.all_parties():
                self.add(node, T("hasParty"), self.node_of(k))
            for k in a.signatories:
                self.add(node, T("signatory"), self.node_of(k))
            for k in a.facilitators:
                self.add(node, T("facilitator"), self.node_of(k))
            for k in a.manufacturers:
                self.add(node, T("manufacturer"), self.node_of(k))
            for k in a.commodities:
                self.add(node, T("concerns"), self.node_of(k))
            for k in a.sectors:
                self.add(node, T("targetsSector"), self.node_of(k))
            for m in a.amounts:
                if not m.is_equivalent:
                    self.add(node, T("amount"), self.amount(m))
            if a.finances is not None and a.finances in nodes:
                self.add(node, T("finances"), nodes[a.finances])
            if a.date:
                self.add(node, T("date"), self.lit(a.date, dtype="date"))
            if a.event:
                self.add(node, T("event"), _ref(iris.entity("event", a.event)))
            for span in a.evidence:
                self.add(node, T("evidence"), self.evidence(span))
        return nodes

    def agreement_label(self, a: Agreement) -> str:
        names = [self.x.entities[k].label_en for k in a.all_parties() if k in self.x.entities]
        label = TYPE_LABEL.get(a.type, "Agreement") + ": " + ", ".join(names[:4])
        comm = [self.x.entities[k].label_en for k in a.commodities if k in self.x.entities]
        if comm:
            label += " (" + ", ".join(comm) + ")"
        return label

    def write_events(self) -> None:
        for ev in self.x.events:
            node = _ref(iris.entity("event", ev.key))
            self.add(node, RDF_TYPE, T("Summit" if ev.kind == "Summit" else "Meeting"))
            self.add(node, RDF_TYPE, T("Event"))
            self.add(node, RDFS_LABEL, self.lit(ev.label_en, "en"))
            for lang, labels in sorted(ev.labels.items()):
                for own in sorted(labels):
                    self.add(node, RDFS_LABEL, self.lit(own, lang))
            if ev.date:
                self.add(node, T("date"), self.lit(ev.date, dtype="date"))
            if ev.place:
                self.add(node, T("place"), self.node_of(ev.place))
            if ev.host:
                self.add(node, T("host"), self.node_of(ev.host))
            for span in ev.evidence[:10]:
                self.add(node, T("evidence"), self.evidence(span))
            for actor, spans in sorted(ev.participants.items()):
                an = self.node_of(actor)
                self.add(an, T("participatesIn"), node)
                p = _ref(iris.node("participation", self.aid, ev.key, actor))
                self.add(p, RDF_TYPE, T("Participation"))
                self.add(p, T("participant"), an)
                self.add(p, T("event"), node)
                for span in (spans or ev.evidence[:1]):
                    self.add(p, T("evidence"), self.evidence(span))


def agreement_iri(key: str, aid: str) -> str:
    """A deal named by its identity key; one the key marks as not specific enough to be
    another article's deal (no resolved party) is named inside its own article."""
    if key.startswith("corpus|"):
        return f"{iris.ID}agreement/{iris.short_hash(key)}"
    return iris.node("agreement", aid, key)


@gc_paused()
def to_nquads(extraction: Extraction, aid: str | None = None) -> tuple[str, bytes, int]:
    """The article's id, its named graph as N-Quads (each statement once, in the order first
    written) and the number of quads."""
    aid = aid or article_id(extraction)
    w = _Writer(extraction, aid)
    w.write_article()
    w.write_entities()
    nodes = w.write_agreements()
    w.write_facts(nodes)
    w.write_events()
    triples = dict.fromkeys(w.triples)
    if not triples:
        return aid, b"", 0
    tail = b" " + w.graph + b" .\n"
    return aid, tail.join([b" ".join(t) for t in triples]) + tail, len(triples)


def to_quads(extraction: Extraction, aid: str | None = None) -> tuple[str, list[Quad]]:
    """The article's id and its named graph as pyoxigraph quads."""
    aid, data, _ = to_nquads(extraction, aid)
    return aid, list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS))
