"""The exploration commands: ``viz``, ``stats`` and ``path``.

``register(group)`` adds them to the main click group. The commands only parse
options, call the library (``summitkg.graph.projection``, ``.viz``,
``.analytics``) and print; networkx, pyvis and pyoxigraph are imported inside
the commands so that other commands do not pay for them at start-up.
"""
from __future__ import annotations

import json
import sys

import click

from summitkg.cli_common import format_option, output_option, store_option


def _project(store: str):
    from summitkg.graph.projection import project
    from summitkg.graph.store import open_read

    return project(open_read(store))


def _split_types(value: str | None) -> list[str] | None:
    if not value:
        return None
    types = [t.strip() for t in value.split(",") if t.strip()]
    return types or None


@click.command("viz")
@store_option
@output_option("The HTML file to write (works offline; vis-network is inlined).", required=True)
@click.option("--focus", default=None, metavar="NAME",
              help="Draw only the neighbourhood of this actor (case and diacritics ignored).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="Hops around --focus.")
@click.option("--types", default=None, metavar="T,...",
              help="Keep only these classes, comma-separated (e.g. Person,State,Company,Agreement).")
@click.option("--title", default=None, help="Page title.")
@click.option("--article", default=None, help="Open the page on this article's view (id or file name) "
              "instead of the whole corpus; the page's View list switches between them.")
def viz_command(store, output, focus, depth, types, title, article):
    """Write an interactive HTML graph of who is connected to whom."""
    from summitkg.graph.viz import write_html

    graph = _project(store)
    kwargs = {"title": title} if title else {}
    summary = write_html(graph, output, focus=focus, depth=depth, types=_split_types(types), article=article,
                         **kwargs)
    click.echo(f"wrote {summary['path']}: {summary['nodes']} nodes, {summary['edges']} edges")


@click.command("stats")
@store_option
@format_option(["text", "json"], "text", "output format; json is for scripts")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many central actors and agreements to list.")
def stats_command(store, fmt, top):
    """Counts by class, most central actors, components and the largest agreements."""
    from summitkg.graph.analytics import format_stats, stats

    result = stats(_project(store), top=top)
    if fmt == "json":
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        click.echo(format_stats(result))


@click.command("path")
@click.argument("a")
@click.argument("b")
@store_option
@format_option(["text", "json"], "text", "output format; json is for scripts")
def path_command(a, b, store, fmt):
    """How actors A and B are connected: through which agreements and people, with sources."""
    from summitkg.graph.analytics import format_path, path

    steps = path(_project(store), a, b)
    if fmt == "json":
        json.dump({"from": a, "to": b, "steps": steps}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        click.echo(format_path(steps))


def register(group: click.Group) -> None:
    """Add ``viz``, ``stats`` and ``path`` to ``group``."""
    group.add_command(viz_command)
    group.add_command(stats_command)
    group.add_command(path_command)
