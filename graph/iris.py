"""Deterministic IRIs under one documented base.

Entities are named from their identity keys (ISO codes for states, lexicon ids
for commodities, normalised names for people and organisations), so building
twice, or adding an article later, gives the same IRIs. Statement-level nodes
(evidence, amounts, qualified facts) are named from their article and offsets.
"""
from __future__ import annotations

import hashlib

from summitkg.builders.names import ascii_fold, slug

BASE = "https://w3id.org/summitkg/"
ONT = BASE + "ontology#"
ONTOLOGY = BASE + "ontology"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
ENTITIES_GRAPH = GRAPH + "entities"
DATASET = BASE + "dataset"

PREFIXES = {
    "skg": ONT,
    "skgid": ID,
    "skgg": GRAPH,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "qudt": "http://qudt.org/schema/qudt/",
    "wd": "http://www.wikidata.org/entity/",
}


def short_hash(*parts: object, n: int = 12) -> str:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:n]


def entity(kind: str, key: str) -> str:
    """IRI of an entity from its kind and identity key.

    Readable slugs where the key is Latin text; a hash is added where the slug would drop
    characters (non-Latin scripts, emoji) or be cut, so distinct keys never share an IRI.
    """
    if kind == "state":
        return f"{ID}state/{key.upper()}"
    s = slug(key)
    folded = ascii_fold(key)
    lossy = any(ord(ch) > 127 for ch in folded) or len(s) >= 80 or s == "x"
    return f"{ID}{kind}/{s}-{short_hash(kind, key, n=8)}" if lossy else f"{ID}{kind}/{s}"


def article(article_id: str) -> str:
    return f"{ID}article/{article_id}"


def article_graph(article_id: str) -> str:
    return f"{GRAPH}article/{article_id}"


def node(kind: str, article_id: str, *parts: object) -> str:
    """IRI of a statement-level node inside one article."""
    return f"{ID}{kind}/{article_id}/{short_hash(*parts)}"


def term(name: str) -> str:
    return ONT + name
