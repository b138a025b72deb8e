"""The rule for an entity's English display name (its ``skos:prefLabel`` in the entity index).

A saved result must keep naming things the same way as a corpus grows, so the name depends
only on what the articles that name the entity say, never on other articles."""
from __future__ import annotations


def display_name(labels):
    """The English display name among the ``rdfs:label`` literals the article graphs give a node,
    one per article that gives it: the form the most articles use, ties broken by code point
    order (then language tag). Only the articles that name the node count, so adding articles
    that do not name it never changes its name; None when no label is English."""
    from collections import Counter

    english = Counter((o.value, o.language) for o in labels
                      if o.language == "en" or (o.language or "").startswith("en-"))
    if not english:
        return None
    import pyoxigraph

    value, lang = min(english, key=lambda k: (-english[k], k))
    return pyoxigraph.Literal(value, language=lang)
