"""The summitkg command line: a thin click layer over the library.

Every command calls a public function (``summitkg.graph.build.build``,
``summitkg.graph.query.run`` ...); this module only parses options and prints.
Errors are one line on stderr with a non-zero exit code, never a traceback; the codes are
those of ``summitkg.errors`` and are given in one place, ``summitkg.cli_common.report_error``.
"""
from __future__ import annotations

import importlib
import os
import sys

import click

from summitkg import __version__
from summitkg.builders.morph import SUPPORTED
from summitkg.cli_common import Group, format_option, output_option, store_option


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summitkg")
def main():
    """Knowledge graphs of summit actors and agreements from news articles."""


@main.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
@click.option("--lang", type=click.Choice(list(SUPPORTED)), default=None, help="force the article language")
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="extraction processes (0 = all cores)")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
@click.option("--force", is_flag=True, help="extract every article again, even when its text has not changed")
@click.option("--curation", type=click.Path(dir_okay=False), default=None,
              help="a file of corrections (summitkg curate export) to add to the store's and apply")
@click.option("--article-timeout", type=click.FloatRange(min=0), default=300, show_default=True, metavar="SECONDS",
              help="stop the build if one article takes longer (0 = no limit); the store is left as it was")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="extract on the workers of this Dask scheduler instead of local processes")
@click.option("--shards", "shard_dir", type=click.Path(file_okay=False), default=None,
              help="also write the N-Quads of each batch of built articles here, named by content hash "
                   "(for a server store's bulk loader)")
def build(articles, store, lang, jobs, quiet, force, curation, article_timeout, scheduler, shard_dir):
    """Build ARTICLES (files or folders) into the store, one named graph each."""
    from summitkg.builders.article import distinct_inputs
    from summitkg.graph.build import TEXT_SUFFIXES, safe_build

    import signal

    # SIGTERM unwinds like an error: workers stopped, scratch file and unfinished generation removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    inputs, duplicates = distinct_inputs(articles, TEXT_SUFFIXES)
    if jobs == 0:
        jobs = os.cpu_count() or 1
    bar = None

    def progress(done, total, path):
        nonlocal bar
        if quiet or total < 2 or not sys.stderr.isatty():  # no bar in logs and pipes
            return
        if bar is None:
            bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)
            bar = None

    try:
        report = safe_build(inputs, store, language=lang, jobs=jobs, progress=progress, force=force,
                            curation=curation, article_seconds=article_timeout, scheduler=scheduler,
                            shard_dir=shard_dir)
    finally:
        if bar is not None:  # an error midway: end the bar's line before the error line
            bar.render_finish()
    for w in duplicates + report.warnings:
        click.echo(f"summitkg: warning: {w}", err=True)
    click.echo(f"built {len(report.built)} article(s), {len(report.unchanged)} unchanged; "
               f"{report.triples} triples in {len(report.graphs)} graphs; store: {store}")


@main.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
def remove(articles, store):
    """Remove ARTICLES (ids, file names or paths) from the store, with what only they said."""
    from summitkg.graph.articles import remove as remove_articles

    removed = remove_articles(store, list(articles))
    click.echo(f"removed {len(removed)} article(s): {', '.join(removed)}")


@main.command()
@click.argument("query_id")
@store_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="bind a query parameter (repeatable)")
@format_option(["table", "csv", "json"], "table", "csv applies to SELECT answers only")
@click.option("--timeout", type=click.FloatRange(min=0), default=60, show_default=True, metavar="SECONDS",
              help="stop the query after this long (0 = no limit)")
@click.option("--memory", "memory_mb", type=click.IntRange(min=256), default=2048, show_default=True, metavar="MB",
              help="stop the query if it needs more memory than this")
@click.option("--sources", "with_sources", is_flag=True,
              help="list each row's articles (title, date, file or address) and sentences, from its evidence column")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="show at most N rows (one page of the answer, in its order)")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N",
              help="skip the first N rows of the answer (with --limit: the page after them)")
def query(query_id, store, params, fmt, timeout, memory_mb, with_sources, limit, offset):
    """Run a catalogued query (by id) or a .rq file against the store, read-only.

    The query is evaluated in a child process with no network access, under the time and
    memory limits given. --limit/--offset give one page of the answer without computing the
    rest of its order."""
    from summitkg.graph import query as q
    from summitkg.graph.store import current_path

    bound = dict(q.parse_param(p) for p in params)
    cq = q.load_query(query_id)
    location = store
    current_path(location)  # a missing or foreign store is reported before anything runs
    given = dict(bound)
    if bound:
        bound = _canonical_params(location, bound)
    if with_sources:
        rows = _query_with_sources(location, cq, bound, fmt, timeout, memory_mb, limit, offset)
    else:
        rows = q.execute(location, cq, bound, fmt, timeout=timeout, memory_mb=memory_mb, limit=limit, offset=offset)
    if rows == 0 and given and not offset:
        _zero_row_hints(location, given, bound)


def _query_with_sources(location, cq, bound, fmt, timeout, memory_mb, limit=None, offset=0) -> int:
    """Run the query as JSON, then write it with each row's sources (``summitkg.graph.sources``)."""
    import io
    import json
    import sys

    from summitkg.errors import UserError
    from summitkg.graph import query as q
    from summitkg.graph import sources
    from summitkg.graph.store import open_read

    if fmt == "csv":
        raise UserError("--sources lists sources under a table or in JSON; use --format table or json")
    buf = io.StringIO()
    n = q.execute(location, cq, bound, "json", out=buf, timeout=timeout, memory_mb=memory_mb, limit=limit, offset=offset)
    result = json.loads(buf.getvalue())
    if "evidence" not in result.get("head", {}).get("vars", []):
        raise UserError(f"query '{cq.id}' has no evidence column, so --sources has nothing to list")
    st = open_read(location)
    if fmt == "json":
        sys.stdout.write(json.dumps(sources.add_sources(st, result), ensure_ascii=False) + "\n")
    else:
        sources.write_table_with_sources(st, result, sys.stdout, len(cq.columns))
    return n


def _canonical_params(location, bound: dict[str, str]) -> dict[str, str]:
    """Each parameter as the graph names it: any label, alias or language form of one entity
    (USA, Stany Zjednoczone, wolfram, a Polish spelling of a surname) becomes its display name."""
    from summitkg.graph.lookup import canonical
    from summitkg.graph.store import open_read

    st = open_read(location)
    return {k: canonical(st, v) for k, v in bound.items()}


def _zero_row_hints(location, given: dict[str, str], bound: dict[str, str]) -> None:
    """Why a parametrised query found nothing: a value no entity is named, with the nearest names."""
    from summitkg.graph.lookup import nearest, search
    from summitkg.graph.store import open_read

    st = open_read(location)
    for name, value in given.items():
        if bound.get(name) != value or any(score == 1.0 for score, _e in search(st, value, limit=5)):
            continue                        # it names an entity: there is just no row for it
        close = nearest(st, value)
        hint = f"; nearest: {', '.join(close)}" if close else "; try summitkg search"
        click.echo(f"summitkg: note: no entity is named {value!r} ({name}){hint}", err=True)


@main.command()
@format_option(["text", "json"], "text")
def queries(fmt):
    """The catalogue of ready queries and the question each answers."""
    import json

    from summitkg.graph.query import catalogue

    cat = catalogue()
    if fmt == "json":
        click.echo(json.dumps([{"id": q.id, "question": q.question, "params": q.params, "columns": q.columns,
                                "column_docs": q.column_docs}
                               for q in cat.values()], indent=2))
        return
    for q in cat.values():
        params = " ".join(f"--param {p}=..." for p in q.params)
        click.echo(f"{q.id:30s} {q.question}" + (f"  [{params}]" if params else ""))


@main.command()
@store_option
@format_option(["ttl", "nt", "nq", "trig", "jsonld", "xml"], "ttl")
@output_option()
@click.option("--ontology-only", is_flag=True, help="export only the ontology")
@click.option("--data-only", is_flag=True, help="export the article graphs without the ontology")
def export(store, fmt, output, ontology_only, data_only):
    """Export the store in an RDF format (triple formats merge the named graphs)."""
    from summitkg.graph.export import export as do_export

    graphs = "ontology" if ontology_only else ("data" if data_only else "all")
    data = do_export(store, fmt, output, graphs=graphs)
    if data is not None:
        sys.stdout.buffer.write(data)
    else:
        click.echo(f"wrote {output}", err=True)


@main.command()
@store_option
@click.option("--verbose", "-v", is_flag=True, help="print the whole SHACL report")
def validate(store, verbose):
    """Check the graph against the SHACL shapes: exit 0 conforms, 1 violations, 2 cannot load."""
    from summitkg.graph.store import open_read
    from summitkg.graph.validate import validate as do_validate

    conforms, text, violations = do_validate(open_read(store))
    if conforms:
        click.echo("conforms: the graph passes every SHACL shape")
        return
    click.echo(text if verbose else "\n".join(text.splitlines()[:40]))
    from summitkg.errors import CheckFailed
    raise CheckFailed(f"{violations} SHACL violation(s)")


@main.command()
@store_option
def restore(store):
    """Make the generation kept from the build before current again (after damage), if intact."""
    from summitkg.graph.store import restore_previous

    root = store
    name = restore_previous(root)
    click.echo(f"restored {name} as the current generation of {root}")


@main.command()
@store_option
def verify(store):
    """Check every file of the current generation against the checksums its build recorded."""
    from summitkg.graph.store import verify as do_verify

    root = store
    do_verify(root, content=True)
    click.echo(f"intact: {root}")


@main.command()
@store_option
def compact(store):
    """Rewrite the store without the space replaced and removed quads still take (builds do
    this themselves past a threshold; the graph does not change)."""
    from summitkg.graph.store import compact as do_compact

    root = store
    res = do_compact(root)
    click.echo(f"compacted {root}: {res['bytes_before'] / 2**20:.1f} MB -> {res['bytes_after'] / 2**20:.1f} MB "
               f"({res['dead_quads']} dead quads dropped); current generation {res['generation']}")


def _register(group: click.Group) -> None:
    for name in ("summitkg.cli_explore", "summitkg.cli_publish", "summitkg.cli_curate", "summitkg.cli_lookup"):
        importlib.import_module(name).register(group)


_register(main)

if __name__ == "__main__":
    main()
