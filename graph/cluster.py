"""Extraction on a Dask cluster: a build whose articles are read and extracted by the workers of
a ``distributed`` scheduler instead of local processes.

The client reads each article's bytes (the size limit and file checks as a local build), sends
them in batches of ``BATCH_ARTICLES`` to the cluster with the store's fingerprints (scattered
once), and gets back per article what a local worker returns: unchanged articles come back
without N-Quads. Every batch's N-Quads can be written as a shard named by its content hash
(``SHARDS/<sha256>.nq``, for a server store's bulk loader, :mod:`summitkg.graph.bulkload`; a
local build writes the same shards with ``--shards``); the
articles' graphs are then loaded into the embedded store exactly as a local build loads them, in
input order, so the store is byte-identical to a local build's.

The workers need the same summitkg (and its lexicons) installed; they read nothing from the
client's disk. The per-article time budget (``--article-timeout``) is not applied on a cluster
(it needs the main thread of the process extracting).

    from summitkg.graph.build import build
    build(["articles/"], "store", scheduler="tcp://10.0.0.5:8786", shard_dir="shards/")
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from summitkg.errors import UserError

from .atomic import write_atomic

BATCH_ARTICLES = 8          # articles per task (and per shard)
IN_FLIGHT_PER_WORKER = 2    # batches submitted ahead per worker: results held stay bounded


def connect(scheduler: str, timeout: float = 20.0):
    """A ``distributed.Client`` of the scheduler at ``scheduler`` (``tcp://HOST:PORT``), or a
    one-line error."""
    try:
        from distributed import Client
    except ImportError:
        raise UserError("a cluster build needs the 'distributed' package (pip install 'summitkg[cluster]')") from None
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UserError(f"cannot reach the Dask scheduler at {scheduler} ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None


def read_bytes(path: Path) -> bytes:
    """An article file's bytes, with the checks and size limit of a local build."""
    from summitkg.builders.article import MAX_BYTES, InputError, _mb, check_regular

    try:
        st = os.stat(path)
        check_regular(path, st.st_mode)
        if st.st_size > MAX_BYTES:
            raise InputError(f"{path}: the article is {_mb(st.st_size)}, over the size limit of "
                             f"{_mb(MAX_BYTES)} per article (split it into smaller files)")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: the article is over the size limit of {_mb(MAX_BYTES)} per article")
    return data


def extract_batch(items: list[tuple[str, bytes]], language: str | None, force: bool, known: dict) -> list:
    """Runs on a worker: each (path, bytes) decoded, read and, unless ``known`` holds it
    unchanged, extracted; the local build's per-article results, in order."""
    from summitkg.builders.article import article_from_text, decode
    from summitkg.builders.gc_pause import gc_paused

    from .build_workers import process_read

    out = []
    for path, data in items:
        with gc_paused():
            text, warnings = decode(data, path)
            article = article_from_text(text, source_path=path, language=language, warnings=warnings)
            out.append(process_read(article, path, known, force))
    return out


def write_shard(shard_dir: Path, results: list) -> Path | None:
    """The batch's N-Quads as ``<sha256>.nq`` in ``shard_dir`` (atomically; None if the batch
    wrote nothing). The same batch always gives the same name."""
    data = b"".join(r[2] for r in results if r[2])
    if not data:
        return None
    path = shard_dir / f"{hashlib.sha256(data).hexdigest()}.nq"
    if not path.exists():
        write_atomic(path, data)
    return path


def sharded(results, shard_dir: str | Path, batch: int = BATCH_ARTICLES):
    """Pass per-article results through, writing the N-Quads of every ``batch`` of them as one
    shard (:func:`write_shard`) in ``shard_dir``; a local build's and a cluster build's shards
    of the same articles are the same files."""
    shards = Path(shard_dir)
    shards.mkdir(parents=True, exist_ok=True)
    group: list = []
    for r in results:
        group.append(r)
        if len(group) == batch:
            write_shard(shards, group)      # before the batch is passed on: a consumer that
            yield from group                # stops at the last article still gets every shard
            group = []
    if group:
        write_shard(shards, group)
        yield from group


def cluster_results(client, files: list[Path], language: str | None, force: bool, known: dict,
                    batch: int = BATCH_ARTICLES):
    """Per-file results in input order, extracted on the cluster; batches are submitted a few
    ahead of the one being read, so memory holds a bounded number of them."""
    known_future = client.scatter([known], broadcast=True)[0]     # a list: a dict would be scattered by key
    groups = [files[i:i + batch] for i in range(0, len(files), batch)]
    ahead = max(1, IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {}))))
    futures: list = []

    def submit(k: int) -> None:
        items = [(str(f), read_bytes(f)) for f in groups[k]]
        futures.append(client.submit(extract_batch, items, language, force, known_future,
                                     key=f"summitkg-extract-{k}-{os.getpid()}-{id(futures)}", pure=False))

    try:
        for k in range(min(ahead, len(groups))):
            submit(k)
        for k in range(len(groups)):
            results = futures[k].result()
            futures[k] = None
            if k + ahead < len(groups):
                submit(k + ahead)
            yield from results
    finally:
        for f in futures:
            if f is not None:
                f.cancel()
