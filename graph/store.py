"""The persistent embedded store: a folder of Oxigraph generations.

A store folder holds ``summitkg-store.json`` (which generation is current) and
one Oxigraph database per generation. A build copies the current generation
(an Oxigraph backup, hard links where possible), changes the copy and then
switches the pointer with an atomic rename, so a build that fails or is
killed leaves the previous store exactly as it was, and a reader sees the old
or the new state, never half. A lock file refuses two builds at once.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

MARKER = "summitkg-store.json"
LOCK = ".build.lock"
FORMAT_VERSION = 1


class StoreError(RuntimeError):
    """A store that cannot be used; the message is one line for the user."""


def default_store_dir() -> Path:
    env = os.environ.get("SUMMITKG_STORE")
    if env:
        return Path(env)
    return Path.cwd() / "summitkg-store"


def _read_marker(root: Path) -> dict | None:
    try:
        data = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{root}: the store marker {MARKER} is unreadable ({exc})") from None
    if not isinstance(data, dict) or "current" not in data:
        raise StoreError(f"{root}: the store marker {MARKER} is not a summitkg store marker")
    return data


def is_store(root: str | Path) -> bool:
    root = Path(root)
    return (root / MARKER).is_file()


def current_path(root: str | Path) -> Path:
    root = Path(root)
    if not root.exists():
        raise StoreError(f"{root}: no such store (build one first with: summitkg build ARTICLE --store {root})")
    if not root.is_dir():
        raise StoreError(f"{root}: not a store folder")
    data = _read_marker(root)
    if data is None:
        raise StoreError(f"{root}: not a summitkg store (no {MARKER}); build one with: summitkg build ARTICLE --store {root}")
    path = root / data["current"]
    if not path.is_dir():
        raise StoreError(f"{root}: the current generation {data['current']} is missing")
    return path


def open_read(root: str | Path):
    """The current generation, opened read-only (many readers may do this at once)."""
    import pyoxigraph

    path = current_path(root)
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{root}: cannot open the store ({exc})") from None


def store_info(root: str | Path) -> dict:
    root = Path(root)
    data = _read_marker(root) or {}
    return data


@contextlib.contextmanager
def write_generation(root: str | Path):
    """Yield a writable copy of the current generation; make it current on success.

    On any exception (or a kill) the copy is abandoned and the pointer is not moved.
    """
    import pyoxigraph

    root = Path(root)
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root}: exists and is not a folder")
    if root.exists() and any(root.iterdir()) and not (root / MARKER).exists():
        raise StoreError(f"{root}: exists, is not empty and is not a summitkg store; refusing to write into it")
    root.mkdir(parents=True, exist_ok=True)
    lock_file = open(root / LOCK, "w")
    try:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{root}: another build is writing to this store; try again when it has finished") from None
        data = _read_marker(root)
        for stale in root.glob("gen-*"):
            if data is None or stale.name != data.get("current"):
                shutil.rmtree(stale, ignore_errors=True)
        number = int(data["generation"]) + 1 if data else 1
        name = f"gen-{number:06d}"
        target = root / name
        if data is not None:
            old = pyoxigraph.Store.read_only(str(root / data["current"]))
            old.backup(str(target))
            del old
        store = pyoxigraph.Store(str(target))
        yield store
        store.flush()
        try:
            store.optimize()
        except OSError:
            pass
        del store
        marker = {"format": FORMAT_VERSION, "current": name, "generation": number,
                  "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        tmp = root / (MARKER + ".tmp")
        tmp.write_text(json.dumps(marker, indent=2), encoding="utf-8")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, root / MARKER)
        if data is not None:
            shutil.rmtree(root / data["current"], ignore_errors=True)
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
        lock_file.close()
