"""OWL ontology, SHACL shapes and JSON-LD context (data files)."""
