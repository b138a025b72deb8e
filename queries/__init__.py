"""Catalogued SPARQL queries, one .rq file per competency question."""
