"""The graph layer: facts to RDF, the embedded store, export, validation and queries."""
