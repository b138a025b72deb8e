"""The worker side of a build: read and hash an article, extract it only when its graph in the
store is missing or differs, and return its N-Quads. Runs in the build's worker processes
(forked before the store is opened) or, for ``jobs=1``, in the build's own process."""
from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from summitkg.builders.article import InputError, read_article
from summitkg.builders.gc_pause import gc_paused

CHUNKSIZE = 4               # articles handed to a worker at a time


def _article_id(article) -> str:
    from types import SimpleNamespace

    from .rdf import article_id
    return article_id(SimpleNamespace(article=article))


def fingerprint(article) -> tuple[str, str, str]:
    """What decides that an article is unchanged: its text's hash, its language and its file name
    (all three are written into its graph, so a change in any of them changes the graph)."""
    from .rdf import source_name

    return (article.content_hash, article.language or "",
            source_name(article.source_path) if article.source_path else "")


ARTICLE_SECONDS = 300.0      # the time budget of one article's extraction (0: none)


class ArticleTimeout(InputError):
    """An article whose extraction ran past the time budget: the build stops, the store stays."""


@contextlib.contextmanager
def _time_budget(seconds: float, path: str):
    """Raise :class:`ArticleTimeout` in this thread if the block runs longer than ``seconds``.
    A last resort behind linear-time extraction, so one pathological text cannot hold the
    store's lock for hours; only in a main thread (where SIGALRM is delivered)."""
    import signal
    import threading

    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise ArticleTimeout(f"{path}: extraction took longer than {seconds:g} s (the per-article budget, "
                             f"--article-timeout); nothing was written to the store")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract_article(article, path: str):
    """(article id, N-Quads bytes, quad count, warnings) of one read article."""
    from summitkg.builders.extract import extract

    from .rdf import to_nquads

    with _time_budget(ARTICLE_SECONDS, path):
        extraction = extract(article)
        aid, data, n = to_nquads(extraction)
    warnings = list(article.warnings)
    if not any(e.kind in ("person", "state", "organization") for e in extraction.entities.values()):
        warnings.append(f"{path}: no people, states or organisations found; only the article node was stored")
    return aid, data, n, warnings


# ---------------------------------------------------------------- worker side

_KNOWN: dict[str, tuple[str, str, str]] = {}
_KNOWN_FROM: str | None = None


def _init_worker(known: dict[str, tuple[str, str, str]], parent: int | None = None) -> None:
    global _KNOWN, _KNOWN_FROM
    _KNOWN, _KNOWN_FROM = known, None
    if parent is not None:
        die_with_parent(parent)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the build that forked it dies, even by SIGKILL
    (which no cleanup code survives): ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux. Without
    it a killed build's workers lived on, reparented to PID 1. If the parent is already gone
    when this runs, the worker leaves at once."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _known(path: str | None) -> dict[str, tuple[str, str, str]]:
    """The store's fingerprints, read once per worker from the JSON file the build wrote."""
    global _KNOWN, _KNOWN_FROM
    if path and path != _KNOWN_FROM:
        with open(path, encoding="utf-8") as fh:
            _KNOWN = {k: tuple(v) for k, v in json.load(fh).items()}
        _KNOWN_FROM = path
    return _KNOWN


def _process(args):
    """Read and hash one article; extract it only if its graph is missing or differs.

    Returns (article id, fingerprint, N-Quads bytes or None when unchanged, quad count, warnings).

    The garbage collector is paused until the article's objects are dropped: resumed any earlier
    (when ``extract`` returns), its next pass walks the whole live extraction, and promoting it
    to older generations brings on full passes over the lexicons as well."""
    with gc_paused():
        return _process_article(args)


def _process_article(args):
    path, language, force = args[:3]
    known = _known(args[3] if len(args) > 3 else None)
    return process_read(read_article(path, language=language), path, known, force)


def process_read(article, path: str, known: dict, force: bool):
    """(article id, fingerprint, N-Quads bytes or None when unchanged, quad count, warnings) of
    one read article, extracted only if ``known`` (id -> fingerprint) does not hold it as it is."""
    aid = _article_id(article)
    fp = fingerprint(article)
    if not force and known.get(aid) == fp:
        return aid, fp, None, 0, list(article.warnings)
    aid2, data, n, warnings = _extract_article(article, path)
    assert aid2 == aid, (aid, aid2)
    return aid, fp, data, n, warnings


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (CPython keeps them in ``_processes``)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            proc.kill()


def _noop() -> None:
    return None


def _pool(jobs: int, known=None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers, all started now.

    With the ``fork`` start method (Linux) the workers are forked here, before the build opens the
    database, so they never inherit its handles or threads, and library callers need no
    ``if __name__ == "__main__"`` guard. Elsewhere the platform's default method is used."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(known or {}, os.getpid()))
    for f in [pool.submit(_noop) for _ in range(jobs)]:
        f.result()
    return pool
