"""Publishing commands: ``serve``, ``push``, ``docs`` and ``void``.

``register(group)`` adds them to the main click group. Heavy imports happen
inside the commands. ``python -m summitkg.cli_publish`` runs them on their own.
"""
from __future__ import annotations

import os
import sys

import click

from summitkg.errors import UserError

_PUSH_EPILOG = """\b
Graph Store endpoints (--endpoint):
  Oxigraph  http://HOST:7878/store
  Virtuoso  http://HOST:8890/sparql-graph-crud-auth   (digest auth)
  Fuseki    http://HOST:3030/DATASET/data
  GraphDB   http://HOST:7200/repositories/REPO/rdf-graphs/service
Credentials: SUMMITKG_USER and SUMMITKG_PASSWORD, or ~/.netrc (by host).
"""


def _store_option(f):
    return click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
                        help="Store folder (default: $SUMMITKG_STORE or ./summitkg-store).")(f)


def _store(store_dir):
    if store_dir:
        return store_dir
    from summitkg.graph.store import default_store_dir

    return str(default_store_dir())


def _one_line(exc: Exception) -> UserError:
    if isinstance(exc, UserError):
        return exc
    return UserError(str(exc))


@click.command("serve")
@_store_option
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="TCP port.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=1), default=30, show_default=True,
              help="Time limit per query, in seconds.")
@click.option("--workers", type=click.IntRange(2, 64), default=4, show_default=True,
              help="Queries evaluated at once (one process each).")
@click.option("--memory", "memory_mb", type=click.IntRange(min=256), default=384, show_default=True,
              help="Memory limit per evaluating process, in MB.")
@click.option("--max-result", "max_result_mb", type=click.IntRange(min=1), default=64, show_default=True,
              help="Largest answer sent, in MB.")
@click.option("--per-client", type=click.IntRange(min=1), default=2, show_default=True,
              help="Queries one client address may have running or waiting.")
@click.option("--union-default-graph/--no-union-default-graph", default=True, show_default=True,
              help="Let queries without GRAPH see all named graphs.")
def serve_cmd(store_dir, port, host, timeout_s, workers, memory_mb, max_result_mb, per_client,
              union_default_graph):
    """Serve the store read-only over the SPARQL 1.1 Protocol, with a YASGUI query page.

    Queries are screened (no SERVICE, LOAD, dataset clauses or updates) and evaluated in
    processes with no network access, under the limits given.
    """
    from summitkg.graph import endpoint

    limits = endpoint.Limits(timeout_s=timeout_s, workers=workers, memory_mb=memory_mb,
                             max_result_mb=max_result_mb, per_client=per_client,
                             union_default_graph=union_default_graph)
    sys.exit(endpoint.serve(_store(store_dir), port=port, host=host, limits=limits,
                            echo=lambda line: click.echo(line)))


@click.command("push", epilog=_PUSH_EPILOG)
@_store_option
@click.option("--endpoint", metavar="URL", help="The store's Graph Store HTTP Protocol endpoint.")
@click.option("--update-endpoint", metavar="URL",
              help="SPARQL Update endpoint, used if --endpoint is absent or does not do the Graph Store Protocol.")
@click.option("--query-endpoint", metavar="URL",
              help="SPARQL query endpoint to count the pushed graphs with (else Graph Store GET).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True,
              help="Seconds each request may take in all (connecting, sending, the whole answer).")
@click.option("--no-check", is_flag=True, help="Do not count the graphs in the store afterwards.")
def push_cmd(store_dir, endpoint, update_endpoint, query_endpoint, timeout, no_check):
    """Load the ontology and every article's named graph into a SPARQL 1.1 store.

    Each graph is replaced (PUT ?graph=IRI), so pushing again leaves no duplicates.
    """
    from summitkg.graph import publish

    if not endpoint and not update_endpoint:
        raise click.UsageError("give --endpoint URL (Graph Store endpoint) or --update-endpoint URL")
    report = publish.push(_store(store_dir), endpoint, update_endpoint=update_endpoint,
                          query_endpoint=query_endpoint, timeout=timeout, verify=not no_check,
                          progress=lambda g: click.echo(f"  sent {g.graph} ({g.triples} triples)", err=True))
    for line in report.lines():
        click.echo(line)
    if report.mismatches:
        g = report.mismatches[0]
        raise UserError(f"push: the store holds {g.remote_triples} triples in {g.graph}, "
                        f"{g.triples} were sent ({len(report.mismatches)} graphs differ)", 1)


@click.command("docs")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default=os.path.join("docs", "ontology"),
              show_default=True, help="Folder for index.html.")
def docs_cmd(out_dir):
    """Write the ontology documentation as HTML (pyLODE) to OUT/index.html."""
    from summitkg.graph import publish

    path = publish.ontology_docs(out_dir)
    click.echo(f"Wrote {path}")


@click.command("void")
@_store_option
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False), default=None,
              help="Write the Turtle here (default: standard output).")
@click.option("--sparql-endpoint", metavar="URL", default=None, help="State this public SPARQL endpoint.")
@click.option("--license", "license_iri", metavar="IRI", default=None,
              help="the licence you may give the dataset (none is stated by default: it holds article texts)")
def void_cmd(store_dir, out_file, sparql_endpoint, license_iri):
    """Print a VoID/DCAT description of the dataset (Turtle)."""
    from summitkg.graph import publish
    from summitkg.graph.store import StoreError, open_read, store_info

    try:
        store = open_read(_store(store_dir))
        built = store_info(_store(store_dir)).get("updated")
    except StoreError as exc:
        raise UserError(str(exc)) from None
    if license_iri and not license_iri.startswith(("http://", "https://")):
        raise UserError(f"--license {license_iri!r}: give the licence as an IRI")
    text = publish.void_description(store, built=built, sparql_endpoint=sparql_endpoint, license=license_iri)
    if not out_file:
        click.echo(text, nl=False)
        return
    import tempfile

    folder = os.path.dirname(os.path.abspath(out_file))
    fd, tmp = tempfile.mkstemp(prefix=".void-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    from summitkg.graph.publish import _umask

    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, out_file)
    click.echo(f"Wrote {out_file}")


@click.command("load-virtuoso")
@click.argument("shard_dir", type=click.Path(file_okay=False, exists=True))
@click.option("--address", required=True, metavar="HOST:PORT", help="Virtuoso's SQL port (isql), e.g. 127.0.0.1:1111.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
              help="Also write this store's ontology, entities and links graphs as a shard and load it.")
def load_virtuoso_cmd(shard_dir, address, store_dir):
    """Bulk-load the N-Quads shards of SHARD_DIR (summitkg build --shards) into Virtuoso with
    ld_dir + rdf_loader_run; the folder must be in the server's DirsAllowed.

    The account is read from SUMMITKG_USER and SUMMITKG_PASSWORD. Graphs in new shards are
    replaced; shards the server loaded before are skipped."""
    from summitkg.graph import bulkload

    if store_dir:
        bulkload.write_derived_shard(store_dir, shard_dir)
    res = bulkload.virtuoso_load(shard_dir, address)
    click.echo(f"{len(res['loaded'])} shard(s) loaded, {len(res['already'])} loaded before; "
               f"{res['graphs_cleared']} graph(s) replaced")


COMMANDS = (serve_cmd, push_cmd, docs_cmd, void_cmd, load_virtuoso_cmd)


def register(group: click.Group) -> None:
    """Add the publishing commands to ``group``."""
    for cmd in COMMANDS:
        group.add_command(cmd)


def _standalone() -> None:
    @click.group()
    def main():
        """summitkg publishing commands."""

    register(main)
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UserError as exc:
        click.echo(f"summitkg: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    _standalone()
