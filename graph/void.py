"""A VoID/DCAT description of the dataset (``summitkg void``), as Turtle."""
from __future__ import annotations

import re
import time

from summitkg.graph import iris

RIGHTS = ("The article texts (nif:isString, nif:anchorOf) belong to their publishers; no licence is "
          "stated for them here. State the licence of the data you may license with summitkg void --license.")
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SD = "http://www.w3.org/ns/sparql-service-description#"


def void_description(store, *, built: str | None = None, sparql_endpoint: str | None = None,
                     license: str | None = None) -> str:
    """A VoID/DCAT description of the dataset in ``store`` (a pyoxigraph Store), as Turtle.

    States the triple count (whole dataset and each named graph), the classes
    with their instance counts, the source articles, the licence only where the publisher gives
    one (``license``: the dataset embeds third-party article text, which summitkg cannot license;
    a ``dcterms:rights`` statement says so),
    the build time (``built``, an ISO 8601 UTC time; default: now) and the tool
    version. Every node has an IRI under ``https://w3id.org/summitkg/dataset``
    (no blank nodes), so loading it twice adds nothing.
    """
    import pyoxigraph as ox

    import summitkg

    N, L = ox.NamedNode, ox.Literal

    def lit_int(n):
        return L(str(n), datatype=N(XSD + "integer"))

    ds = N(iris.DATASET)
    triples: list = []

    def add(s, p, o):
        triples.append(ox.Triple(s, N(p), o))

    def scalar(q):
        rows = list(store.query(q))
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    total = scalar("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    subjects = scalar("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    objects = scalar("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    properties = scalar("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    entities = scalar(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                      f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), \"{iris.ID}\")) }}")
    classes = [(str(r["c"].value), int(r["n"].value)) for r in store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c")]
    graphs = [(str(r["g"].value), int(r["n"].value)) for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")]
    articles = [r for r in store.query(f"""
        SELECT ?a (SAMPLE(?u) AS ?url) (SAMPLE(?t) AS ?title) WHERE {{
          GRAPH ?g {{ ?a a <{iris.ONT}Article> }}
          OPTIONAL {{ GRAPH ?g2 {{ ?a <{SCHEMA}url>|<{DCT}source> ?u }} }}
          OPTIONAL {{ GRAPH ?g3 {{ ?a <{SCHEMA}headline>|<{DCT}title>|<{RDFS_LABEL}> ?t }} }}
        }} GROUP BY ?a ORDER BY ?a""")]

    if built is None:
        built = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    version = summitkg.__version__
    tool = N(iris.BASE + "tool/summitkg/" + version)
    build = N(iris.DATASET + "/build/" + re.sub(r"[^0-9A-Za-z]", "", built))

    for t in (VOID + "Dataset", DCAT + "Dataset", PROV + "Entity"):
        add(ds, RDF_TYPE, N(t))
    add(ds, DCT + "title", L("summitkg: summit actors and agreements from news articles", language="en"))
    add(ds, DCT + "description", L("Actors, agreements, amounts and events of diplomatic summits extracted "
                                   "from news articles, each fact with its evidence in the article text.",
                                   language="en"))
    if license:
        add(ds, DCT + "license", N(license))
    add(ds, DCT + "rights", L(RIGHTS, language="en"))
    add(ds, DCT + "modified", L(built, datatype=N(XSD + "dateTime")))
    add(ds, DCT + "conformsTo", N(iris.ONTOLOGY))
    add(ds, VOID + "vocabulary", N(iris.ONTOLOGY))
    add(ds, VOID + "uriSpace", L(iris.ID))
    add(ds, VOID + "triples", lit_int(total))
    add(ds, VOID + "entities", lit_int(entities))
    add(ds, VOID + "classes", lit_int(len(classes)))
    add(ds, VOID + "properties", lit_int(properties))
    add(ds, VOID + "distinctSubjects", lit_int(subjects))
    add(ds, VOID + "distinctObjects", lit_int(objects))
    for fmt in ("application/n-quads", "application/trig"):
        add(ds, VOID + "feature", N("http://www.w3.org/ns/formats/" + {"application/n-quads": "N-Quads",
                                                                        "application/trig": "TriG"}[fmt]))
    if sparql_endpoint:
        add(ds, VOID + "sparqlEndpoint", N(sparql_endpoint))
    add(ds, PROV + "wasGeneratedBy", build)
    add(build, RDF_TYPE, N(PROV + "Activity"))
    add(build, PROV + "endedAtTime", L(built, datatype=N(XSD + "dateTime")))
    add(build, PROV + "wasAssociatedWith", tool)
    add(tool, RDF_TYPE, N(PROV + "SoftwareAgent"))
    add(tool, RDF_TYPE, N(SCHEMA + "SoftwareApplication"))
    add(tool, RDFS_LABEL, L(f"summitkg {version}"))
    add(tool, SCHEMA + "name", L("summitkg"))
    add(tool, SCHEMA + "softwareVersion", L(version))
    for cls, n in classes:
        part = N(iris.DATASET + "/class/" + iris.short_hash(cls))
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", N(cls))
        add(part, VOID + "entities", lit_int(n))
    for g, n in graphs:
        sub = N(iris.DATASET + "/graph/" + g[len(iris.GRAPH):] if g.startswith(iris.GRAPH)
                else iris.DATASET + "/graph/" + iris.short_hash(g))
        add(ds, VOID + "subset", sub)
        add(sub, RDF_TYPE, N(VOID + "Dataset"))
        add(sub, SD + "name", N(g))
        add(sub, VOID + "triples", lit_int(n))
        if license:
            add(sub, DCT + "license", N(license))
    for row in articles:
        a = row["a"]
        add(ds, DCT + "source", a)
        add(ds, PROV + "wasDerivedFrom", a)
        url = row["url"]
        if url is not None and isinstance(url, ox.NamedNode):
            add(a, PROV + "hadPrimarySource", url)
        elif url is not None:
            add(a, SCHEMA + "url", L(url.value))
        if row["title"] is not None:
            add(a, DCT + "title", row["title"])
    prefixes = {"void": VOID, "dcat": DCAT, "dcterms": DCT, "prov": PROV, "schema": SCHEMA, "xsd": XSD,
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skg": iris.ONT, "skgid": iris.ID,
                "sd": SD}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return data.decode("utf-8")


