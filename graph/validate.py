"""SHACL validation of the built graph against ``ontology/shapes.ttl``."""
from __future__ import annotations

from importlib import resources


def validate(store) -> tuple[bool, str, int]:
    """(conforms, report text, number of violations) for the union of all article graphs."""
    import pyoxigraph
    import rdflib
    from pyshacl import validate as shacl

    from . import iris

    quads = [q for q in store.quads_for_pattern(None, None, None, None)
             if not (isinstance(q.graph_name, pyoxigraph.NamedNode) and q.graph_name.value == iris.ONTOLOGY_GRAPH)]
    nt = pyoxigraph.serialize([pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads],
                              format=pyoxigraph.RdfFormat.N_TRIPLES)
    data = rdflib.Graph()
    data.parse(data=nt.decode("utf-8"), format="nt")
    # the ontology's named individuals (statuses, agreement types, units) are typed there, not in the data
    onto = pyoxigraph.NamedNode(iris.ONTOLOGY_GRAPH)
    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for q in store.quads_for_pattern(None, rdf_type, None, onto):
        if q.object.value.startswith(iris.ONT):
            data.add((rdflib.URIRef(q.subject.value), rdflib.RDF.type, rdflib.URIRef(q.object.value)))
    shapes = rdflib.Graph()
    shapes.parse(data=resources.files("summitkg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8"),
                 format="turtle")
    conforms, report_graph, text = shacl(data, shacl_graph=shapes, inference="none", advanced=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = len(set(report_graph.subjects(rdflib.RDF.type, sh.ValidationResult)))
    return bool(conforms), text, violations
