"""``summitkg curate``: a researcher's corrections to the graph (``summitkg.graph.curation``).

Each subcommand records one correction in the store and applies all of them, as a build does;
``list`` shows them, ``withdraw`` takes one back, ``export`` writes them for
``summitkg build --curation FILE``."""
from __future__ import annotations

import json

import click

from summitkg.cli_common import format_option, output_option, store_option


def _options(fn):
    fn = store_option(fn)
    fn = click.option("--by", "curator", default="curator", show_default=True, help="who makes the correction")(fn)
    return click.option("--note", default="", help="why (kept with the correction)")(fn)


def _run(action: str, args: list[str], store, curator, note) -> None:
    from summitkg.graph.curation import curate

    c = curate(store, action, args, curator=curator, note=note)
    click.echo(f"{c.action}: {c.iri.rsplit('/', 1)[-1]} recorded and applied")


@click.group()
def curate():
    """Correct the graph: merge or split nodes, rename one, reject facts."""


@curate.command()
@click.argument("first")
@click.argument("second")
@_options
def merge(first, second, store, curator, note):
    """FIRST and SECOND (IRIs or names) are one actor or one deal."""
    _run("merge", [first, second], store, curator, note)


@curate.command()
@click.argument("first")
@click.argument("second")
@_options
def split(first, second, store, curator, note):
    """FIRST and SECOND are never joined, whatever rule would join them."""
    _run("split", [first, second], store, curator, note)


@curate.command()
@click.argument("node")
@click.argument("name")
@_options
def rename(node, name, store, curator, note):
    """Show NODE (and what is joined to it) as NAME."""
    _run("rename", [node, name], store, curator, note)


@curate.command()
@click.argument("node")
@click.argument("fact", nargs=-1)
@_options
def reject(node, fact, store, curator, note):
    """Reject every statement about NODE, or only NODE PREDICATE OBJECT (skg:name or IRI)."""
    _run("reject", [node, *fact], store, curator, note)


@curate.command("list")
@store_option
@format_option(["text", "json"], "text")
def list_(store, fmt):
    """The store's corrections, in the order they are applied."""
    from summitkg.graph.curation import corrections
    from summitkg.graph.store import open_read

    found = corrections(open_read(store))
    if fmt == "json":
        click.echo(json.dumps([{"id": c.iri.rsplit("/", 1)[-1], "action": c.action, "target": c.target,
                                "other": c.other, "predicate": c.predicate, "label": c.label,
                                "curator": c.curator, "note": c.note} for c in found], indent=2))
        return
    for c in found:
        rest = " ".join(x for x in (c.predicate, c.other, repr(c.label) if c.label else None) if x)
        click.echo(f"{c.iri.rsplit('/', 1)[-1]}  {c.action:7s} {c.target} {rest}  ({c.curator}{': ' + c.note if c.note else ''})")
    if not found:
        click.echo("no corrections")


@curate.command()
@click.argument("ident")
@store_option
def withdraw(ident, store):
    """Take back the correction IDENT (its id from list, or a unique prefix)."""
    from summitkg.graph.curation import withdraw_from

    c = withdraw_from(store, ident)
    click.echo(f"withdrawn: {c.action} {c.target}")


@curate.command("export")
@store_option
@output_option()
def export_(store, output):
    """The corrections as Turtle, for summitkg build --curation FILE."""
    from summitkg.graph.curation import export
    from summitkg.graph.store import open_read

    data = export(open_read(store))
    if output:
        from summitkg.graph.atomic import write_atomic

        write_atomic(output, data)
    else:
        click.echo(data.decode("utf-8"), nl=False)


def register(group: click.Group) -> None:
    group.add_command(curate)
