"""Publishing commands: ``serve``, ``push``, ``docs`` and ``void``.

``register(group)`` adds them to the main click group. Heavy imports happen
inside the commands. ``python -m summitkg.cli_publish`` runs them on their own.
"""
from __future__ import annotations

import os
import sys

import click

from summitkg.cli_common import Group, output_option, store_option
from summitkg.errors import CheckFailed, UserError

_PUSH_EPILOG = """\b
Graph Store endpoints (--endpoint):
  Oxigraph  http://HOST:7878/store
  Virtuoso  http://HOST:8890/sparql-graph-crud-auth   (digest auth)
  Fuseki    http://HOST:3030/DATASET/data
  GraphDB   http://HOST:7200/repositories/REPO/rdf-graphs/service
Credentials: SUMMITKG_USER and SUMMITKG_PASSWORD, or ~/.netrc (by host).
"""


@click.command("serve")
@store_option
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
def serve_cmd(store, port, host, timeout_s, workers, memory_mb, max_result_mb, per_client,
              union_default_graph):
    """Serve the store read-only over the SPARQL 1.1 Protocol, with a YASGUI query page.

    Queries are screened (no SERVICE, LOAD, dataset clauses or updates) and evaluated in
    processes with no network access, under the limits given.
    """
    from summitkg.graph import endpoint

    limits = endpoint.Limits(timeout_s=timeout_s, workers=workers, memory_mb=memory_mb,
                             max_result_mb=max_result_mb, per_client=per_client,
                             union_default_graph=union_default_graph)
    sys.exit(endpoint.serve(store, port=port, host=host, limits=limits,
                            echo=lambda line: click.echo(line)))


@click.command("push", epilog=_PUSH_EPILOG)
@store_option
@click.option("--endpoint", metavar="URL", help="The store's Graph Store HTTP Protocol endpoint.")
@click.option("--update-endpoint", metavar="URL",
              help="SPARQL Update endpoint, used if --endpoint is absent or does not do the Graph Store Protocol.")
@click.option("--query-endpoint", metavar="URL",
              help="SPARQL query endpoint to count the pushed graphs with (else Graph Store GET).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True,
              help="Seconds each request may take in all (connecting, sending, the whole answer).")
@click.option("--no-check", is_flag=True, help="Do not count the graphs in the store afterwards.")
def push_cmd(store, endpoint, update_endpoint, query_endpoint, timeout, no_check):
    """Load the ontology and every article's named graph into a SPARQL 1.1 store.

    Each graph is replaced (PUT ?graph=IRI), so pushing again leaves no duplicates.
    """
    from summitkg.graph import publish

    if not endpoint and not update_endpoint:
        raise click.UsageError("give --endpoint URL (Graph Store endpoint) or --update-endpoint URL")
    report = publish.push(store, endpoint, update_endpoint=update_endpoint,
                          query_endpoint=query_endpoint, timeout=timeout, verify=not no_check,
                          progress=lambda g: click.echo(f"  sent {g.graph} ({g.triples} triples)", err=True))
    for line in report.lines():
        click.echo(line)
    if report.mismatches:
        g = report.mismatches[0]
        raise CheckFailed(f"push: the store holds {g.remote_triples} triples in {g.graph}, "
                          f"{g.triples} were sent ({len(report.mismatches)} graphs differ)")


@click.command("docs")
@output_option("Folder for index.html.", folder=True, default=os.path.join("docs", "ontology"), show_default=True)
def docs_cmd(output):
    """Write the ontology documentation as HTML (pyLODE) to OUTPUT/index.html."""
    from summitkg.graph import publish

    path = publish.ontology_docs(output)
    click.echo(f"Wrote {path}")


@click.command("void")
@store_option
@output_option("Write the Turtle here (default: standard output).")
@click.option("--sparql-endpoint", metavar="URL", default=None, help="State this public SPARQL endpoint.")
@click.option("--license", "license_iri", metavar="IRI", default=None,
              help="the licence you may give the dataset (none is stated by default: it holds article texts)")
def void_cmd(store, output, sparql_endpoint, license_iri):
    """Print a VoID/DCAT description of the dataset (Turtle)."""
    from summitkg.graph import publish
    from summitkg.graph.store import open_read, store_info

    built = store_info(store).get("updated")
    store = open_read(store)
    if license_iri and not license_iri.startswith(("http://", "https://")):
        raise UserError(f"--license {license_iri!r}: give the licence as an IRI")
    text = publish.void_description(store, built=built, sparql_endpoint=sparql_endpoint, license=license_iri)
    if not output:
        click.echo(text, nl=False)
        return
    from summitkg.graph.atomic import write_atomic

    write_atomic(output, text)
    click.echo(f"Wrote {output}")


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
    @click.group(cls=Group)
    def main():
        """summitkg publishing commands."""

    register(main)
    main()


if __name__ == "__main__":
    _standalone()
