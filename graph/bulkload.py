"""Loading N-Quads shards into OpenLink Virtuoso with its bulk loader (``ld_dir`` +
``rdf_loader_run``), for stores past what the embedded store or a push over HTTP serve well.

The shards are the files ``summitkg build --shards DIR`` writes (one per batch of articles,
named by the SHA-256 of their content) plus, from :func:`write_derived_shard`, one file holding
the ontology, entities and links graphs of the store. Virtuoso reads the files itself, so
``DIR`` must be on the server's disk and listed in its ``DirsAllowed``; the commands go through
``isql-vt`` on the server's SQL port.

Per graph, a load replaces: before the loader runs, every graph held by a shard the server has
not loaded yet is cleared, so an article rebuilt into a new shard leaves no old triples. Shards
already loaded (state 2 in ``DB.DBA.load_list``) are not read again; loading the same folder
twice changes nothing. Articles removed from the store are not removed from the server (use
``summitkg push``, which replaces every graph, after removals).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from summitkg.errors import UserError

from . import iris
from .atomic import write_atomic

_GRAPH = re.compile(rb"<([^>]+)> \.\s*$")


def write_derived_shard(store_dir, shard_dir) -> Path:
    """The store's graphs other than the article graphs (ontology, entities, links, corrections)
    as one N-Quads shard ``derived-<sha256>.nq`` in ``shard_dir``; older derived shards removed."""
    import pyoxigraph

    from .store import open_read

    shards = Path(shard_dir)
    shards.mkdir(parents=True, exist_ok=True)
    store = open_read(store_dir)
    prefix = iris.GRAPH + "article/"
    graphs = sorted(g.value for g in store.named_graphs()
                    if isinstance(g, pyoxigraph.NamedNode) and not g.value.startswith(prefix))
    lines = sorted(pyoxigraph.serialize(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(g)),
                                        format=pyoxigraph.RdfFormat.N_QUADS).splitlines(keepends=True)
                   for g in graphs)
    data = b"".join(line for group in lines for line in group)
    path = shards / f"derived-{hashlib.sha256(data).hexdigest()}.nq"
    for old in shards.glob("derived-*.nq"):
        if old != path:
            old.unlink()
    if not path.exists():
        write_atomic(path, data)
    return path


def shard_graphs(path: Path) -> set[str]:
    """The named graphs one N-Quads shard writes to (the last term of each line)."""
    out: set[str] = set()
    with open(path, "rb") as fh:
        for line in fh:
            m = _GRAPH.search(line)
            if m:
                out.add(m.group(1).decode("utf-8"))
    return out


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def isql(address: str, user: str, password: str, sql: str, timeout: float = 3600) -> str:
    """Run SQL statements (each ending with ``;``, one a line) through ``isql-vt`` at ``address``
    (HOST:PORT of the SQL port), given on its standard input; the output, or a one-line error."""
    binary = shutil.which("isql-vt") or shutil.which("isql")
    if not binary:
        raise UserError("the Virtuoso bulk loader needs isql-vt (Debian package virtuoso-opensource)")
    try:
        proc = subprocess.run([binary, address, user, password, "VERBOSE=OFF", "BANNER=OFF"],
                              input=sql + "\n", capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UserError(f"Virtuoso at {address} did not finish within {timeout:g} s") from None
    errors = [ln for ln in (proc.stdout + proc.stderr).splitlines() if re.search(r"\*\*\* Error|Connect failed", ln)]
    if proc.returncode or errors:
        detail = (errors or (proc.stderr or proc.stdout).strip().splitlines() or ["failed"])[0]
        raise UserError(f"Virtuoso at {address}: {detail.strip()[:300]}")
    return proc.stdout


def virtuoso_load(shard_dir, address: str, user: str | None = None, password: str | None = None) -> dict:
    """Bulk-load the shards in ``shard_dir`` into Virtuoso (SQL port ``address``); returns the
    shards loaded now and the ones the server had loaded before. ``user``/``password`` default
    to $SUMMITKG_USER / $SUMMITKG_PASSWORD."""
    user = user or os.environ.get("SUMMITKG_USER")
    password = password or os.environ.get("SUMMITKG_PASSWORD")
    if not user or not password:
        raise UserError("give the Virtuoso account in SUMMITKG_USER and SUMMITKG_PASSWORD")
    folder = Path(shard_dir).resolve()
    shards = sorted(folder.glob("*.nq"))
    if not shards:
        raise UserError(f"{shard_dir}: no .nq shards here (write them with: summitkg build --shards DIR)")
    out = isql(address, user, password,
               f"SELECT 'SKGDONE', ll_file FROM DB.DBA.load_list WHERE ll_file LIKE {_sql_string(str(folder) + '/%')} "
               f"AND ll_state = 2;")
    done = {Path(m.group(1)).name for m in re.finditer(r"SKGDONE\s+(\S+)", out)}
    new = [s for s in shards if s.name not in done]
    graphs = sorted(set().union(*(shard_graphs(s) for s in new))) if new else []
    statements = [f"SPARQL CLEAR GRAPH <{g}>;" for g in graphs]
    statements += [f"ld_dir({_sql_string(str(folder))}, '*.nq', {_sql_string(iris.GRAPH + 'bulk-default')});",
                   "rdf_loader_run();", "checkpoint;",
                   f"SELECT 'SKGFAIL', ll_file, ll_error FROM DB.DBA.load_list WHERE ll_file LIKE "
                   f"{_sql_string(str(folder) + '/%')} AND (ll_state <> 2 OR ll_error IS NOT NULL);"]
    out = isql(address, user, password, "\n".join(statements))
    failed = re.findall(r"SKGFAIL\s+(\S+)\s+(.*)", out)
    if failed:
        name, error = failed[0]
        raise UserError(f"Virtuoso did not load {Path(name).name}: {error.strip()[:200]} "
                        f"({len(failed)} shard(s) failed)")
    return {"loaded": [s.name for s in new], "already": sorted(done), "graphs_cleared": len(graphs)}
