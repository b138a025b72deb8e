"""Writing a store: a build's new generation, made current atomically, and compaction.

A build gets a writable copy of the current generation (a RocksDB checkpoint: hard links, so the
copy costs the number of table files, not their size), and the marker is switched with an
atomic rename once the copy is flushed and its files summed. Two generations share every table
file the build did not rewrite, so disk grows by what the build wrote, not by the store.
What the kernel cannot share is rewritten only by a compaction: when the quads removed since
the last one pass ``COMPACT_DEAD_RATIO`` of the live ones, or on ``summitkg compact``.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
import time
from pathlib import Path

from .atomic import write_atomic
from .store import (FORMAT_VERSION, GENERATION, LOCK, MARKER, SCRATCH_PREFIX, TRASH_PREFIX, _OWN_ENTRIES,
                    StoreError, _check_files, _first_line, _read_marker, _remove_generation,
                    current_path, damaged, file_sums, is_damage, store_info, verify)


# Store methods that change it: calling one marks a build's copy as changed.
_MUTATORS = frozenset({"add", "remove", "extend", "bulk_extend", "bulk_load", "load", "update", "clear",
                       "clear_graph", "remove_graph", "add_graph"})


class _Handle:
    """The writable store a build is given: every attribute is the store's, and the build's
    context closes it (drops the last reference) before the files are summed, whatever names
    the caller still binds to the handle.

    ``changed`` turns true at the first call of a method that writes (a build that wrote
    nothing keeps the current generation); the writer may set ``dead_quads`` (quads it removed
    or replaced, which stay on disk until a compaction) and ``graph_counts`` (graph -> quads
    of the new generation, kept beside it so the next build need not count the store)."""

    def __init__(self, store):
        self.store = store
        self.changed = False
        self.dead_quads = 0
        self.graph_counts: dict[str, int] | None = None

    def __getattr__(self, name):
        store = self.__dict__.get("store")
        if store is None:
            raise StoreError("the build's store is closed")
        if name in _MUTATORS:
            self.__dict__["changed"] = True
        return getattr(store, name)

    def close(self) -> None:
        import gc

        self.store = None
        gc.collect()


COUNTS_SUFFIX = ".graphs.json"
COMPACT_DEAD_RATIO = 0.25     # compact when the quads removed since the last compaction pass this share


def counts_path(root: str | Path, generation: str) -> Path:
    """The file beside a generation that holds its quads per graph."""
    return Path(root) / f"{generation}{COUNTS_SUFFIX}"


def graph_counts(root: str | Path) -> dict[str, int] | None:
    """Quads per named graph of the current generation as its build recorded them; None when it
    recorded none (a store written before, or by a command that does not keep them)."""
    root = Path(root)
    data = _read_marker(root)
    if data is None:
        return None
    try:
        counts = json.loads(counts_path(root, data["current"]).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(counts, dict) or counts.get("generation") != data["current"]:
        return None
    return {str(k): int(v) for k, v in counts["graphs"].items()}


def _write_json(path: Path, obj) -> None:
    write_atomic(path, json.dumps(obj, separators=(",", ":"), sort_keys=True))


def _write_marker(root: Path, marker: dict) -> None:
    write_atomic(root / MARKER, json.dumps(marker, indent=2), sync_dir=True)


@contextlib.contextmanager
def _build_lock(root: Path):
    lock_file = open(root / LOCK, "a")
    try:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{root}: another build is writing to this store (lock {root / LOCK}); "
                             f"try again when it has finished") from None
        yield
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
        lock_file.close()


def restore_previous(root: str | Path) -> str:
    """Make the generation kept from the build before current again, if its files are intact
    (checked in full); returns its name. For a store whose current generation is damaged."""
    root = Path(root)
    current_path(root)
    with _build_lock(root):
        data = _read_marker(root) or {}
        prev = data.get("previous")
        if not prev or not (root / prev).is_dir():
            raise StoreError(f"{root}: no earlier generation is kept; rebuild the store")
        sums = data.get("previous_files")
        problem = _check_files(root / prev, sums, content=True) if isinstance(sums, dict) else \
            "its build kept no checksums"
        if problem:
            raise StoreError(f"{root}: the kept generation {prev} cannot be restored ({problem}); rebuild the store")
        marker = {"format": FORMAT_VERSION, "current": prev, "generation": data["generation"],
                  "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "files": sums,
                  "restored_from": data["current"]}
        _write_marker(root, marker)
    return prev


def _check_folder(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root}: exists and is not a folder")
    if root.exists() and not (root / MARKER).exists() and any(
            not _OWN_ENTRIES.match(e.name) for e in root.iterdir()):
        raise StoreError(f"{root}: exists, is not empty and is not a summitkg store; refusing to write into it")


def _clean_leftovers(root: Path, keep: tuple) -> None:
    """Remove what killed builds left and generations older than the ones in ``keep``
    (the caller holds the build lock)."""
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(TRASH_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(SCRATCH_PREFIX):     # a killed build's (we hold the lock)
            with contextlib.suppress(OSError):
                entry.unlink()
        elif GENERATION.match(entry.name) and entry.name not in keep:
            _remove_generation(entry)
        elif entry.name.endswith(COUNTS_SUFFIX) and entry.name[:-len(COUNTS_SUFFIX)] not in keep:
            with contextlib.suppress(OSError):
                entry.unlink()


def _checkpoint(root: Path, current: str, target: Path) -> None:
    """Copy the current generation to ``target``: an Oxigraph backup (a RocksDB checkpoint), whose
    table files are hard links to the current ones, so the copy costs the number of files, not
    their size, and the two generations share every table the build does not rewrite."""
    import pyoxigraph

    try:
        old = pyoxigraph.Store.read_only(str(root / current))
        old.backup(str(target))
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        if is_damage(exc):
            raise damaged(root, _first_line(exc)) from None
        raise
    del old


def _compaction_due(dead: int, live: int | None) -> bool:
    """Whether the quads removed since the last compaction are past ``COMPACT_DEAD_RATIO`` of
    the live ones (unknown live counts never trigger it; ``summitkg compact`` always does)."""
    return live is not None and dead > COMPACT_DEAD_RATIO * max(live, 1)


@contextlib.contextmanager
def write_generation(root: str | Path, compact: bool = False):
    """Yield a writable copy of the current generation; make it current on success.

    On any exception (or a kill) the copy is abandoned and the pointer is not moved. A copy
    nothing was written to is dropped and the current generation stays (an unchanged rebuild
    costs no new generation). The copy is compacted (``Store.optimize``) only when ``compact``
    or when the dead quads pass :data:`COMPACT_DEAD_RATIO`: a compaction rewrites every table,
    so it costs the whole store and the new generation then shares no file with the kept one.
    """
    import pyoxigraph

    root = Path(root)
    _check_folder(root)
    root.mkdir(parents=True, exist_ok=True)
    with _build_lock(root):
        data = _read_marker(root) or {}
        current, previous = data.get("current"), data.get("previous")
        _clean_leftovers(root, (current, previous))
        existing = [int(e.name[4:]) for e in root.iterdir() if GENERATION.match(e.name)]
        number = max([int(data.get("generation", 0))] + existing) + 1
        name = f"gen-{number:06d}"
        target = root / name
        if current:
            verify(root)         # never build on damaged files (sizes; checksums when small)
            _checkpoint(root, current, target)
        handle = _Handle(pyoxigraph.Store(str(target)))
        try:
            yield handle
            counts = handle.graph_counts
            live = sum(counts.values()) if counts is not None else None
            dead = int(data.get("dead_quads", 0)) + handle.dead_quads
            if current and not handle.changed and not compact:
                handle.close()
                shutil.rmtree(target, ignore_errors=True)
                if counts is not None and graph_counts(root) is None:     # counted for the first time
                    _write_json(counts_path(root, current), {"generation": current, "graphs": counts})
                return
            handle.store.flush()
            if compact or _compaction_due(dead, live):
                with contextlib.suppress(OSError):
                    handle.store.optimize()
                    dead = 0
        except BaseException:
            handle.close()
            shutil.rmtree(target, ignore_errors=True)
            raise
        handle.close()                       # closed before its files are summed
        if counts is not None:
            _write_json(counts_path(root, name), {"generation": name, "graphs": counts})
        marker = {"format": FORMAT_VERSION, "current": name, "generation": number,
                  "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "files": file_sums(target, root / current if current else None, data.get("files")),
                  "dead_quads": dead}
        if live is not None:
            marker["quads"] = live
        if current:
            marker["previous"] = current
            if data.get("files"):
                marker["previous_files"] = data["files"]
        _write_marker(root, marker)
        # The generation before the one just replaced is no longer needed by anyone
        # who reads the new marker; the replaced one stays for readers of the old marker.
        if previous and previous != current:
            _remove_generation(root / previous)
            with contextlib.suppress(OSError):
                counts_path(root, previous).unlink()


def compact(root: str | Path) -> dict:
    """Rewrite the store's tables without the space removed and replaced quads still hold (a new
    generation, as a build makes); returns the marker's ``dead_quads`` before and the bytes of
    the current generation before and after."""
    root = Path(root)
    current_path(root)
    before = store_info(root)
    size_before = _generation_bytes(root / before["current"])
    counts = graph_counts(root)
    with write_generation(root, compact=True) as store:
        store.graph_counts = counts
    after = store_info(root)
    return {"dead_quads": int(before.get("dead_quads", 0)), "bytes_before": size_before,
            "bytes_after": _generation_bytes(root / after["current"]), "generation": after["current"]}


def _generation_bytes(path: Path) -> int:
    return sum(e.stat().st_size for e in path.iterdir() if e.is_file())
