"""``summitkg search`` and ``summitkg show``: entities by name, and one entity's whole record
(``summitkg.graph.lookup``)."""
from __future__ import annotations

import json

import click

from summitkg.cli_common import format_option, store_option


def _open(store):
    from summitkg.graph.store import open_read
    return open_read(store)


@click.command()
@click.argument("text")
@store_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option(["text", "json"], "text")
def search(text, store, limit, fmt):
    """Entities whose names (any language, accents and case aside) hold TEXT, best first."""
    from summitkg.graph.lookup import search as find_all

    found = find_all(_open(store), text, limit=limit)
    if fmt == "json":
        click.echo(json.dumps([{"score": round(s, 3), "name": e.name, "iri": e.iri, "types": sorted(set(e.types)),
                                "labels": {k: sorted(v) for k, v in sorted(e.labels.items())}} for s, e in found],
                              indent=2, ensure_ascii=False))
        return
    for score, e in found:
        kinds = ", ".join(t for t in sorted(set(e.types)) if t != "Actor")
        click.echo(f"{score:.2f}  {e.name}  ({kinds})  {e.iri}")
    if not found:
        click.echo(f"no entity's name holds {text!r}")


@click.command()
@click.argument("name")
@store_option
@format_option(["text", "json"], "text")
def show(name, store, fmt):
    """One entity (an IRI or any of its names): types, labels, what is joined to it, and every
    statement about it with the articles that make it."""
    from summitkg.graph.lookup import show as record

    r = record(_open(store), name)
    if fmt == "json":
        click.echo(json.dumps(r, indent=2, ensure_ascii=False))
        return
    click.echo(f"{r['name']}  ({', '.join(t for t in r['types'] if t != 'Actor')})  {r['iri']}")
    for lang, labels in r["labels"].items():
        click.echo(f"  labels @{lang or '-'}: {'; '.join(labels)}")
    for j in r["joined"]:
        click.echo(f"  joined: {j}")
    for f in r["facts"]:
        arrow = "" if f["direction"] == "out" else "of "
        detail = f" [{f['details']}]" if f["details"] else ""
        cited = "; ".join(f"{s['title'] or s['article']} ({s['date']})" if s["date"] else (s["title"] or s["article"])
                          for s in f["sources"][:3])
        more = f" +{len(f['sources']) - 3} more" if len(f["sources"]) > 3 else ""
        click.echo(f"  {arrow}{f['predicate']}: {f['value']}{detail}\n      source: {cited}{more}")


def register(group: click.Group) -> None:
    group.add_command(search)
    group.add_command(show)
