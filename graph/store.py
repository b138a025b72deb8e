"""The persistent embedded store: a folder of Oxigraph generations.

A store folder holds ``summitkg-store.json`` (which generation is current) and
one Oxigraph database per generation. A build copies the current generation
(an Oxigraph backup, hard links where possible), changes the copy and then
switches the pointer with an atomic rename, so a build that fails or is
killed leaves the previous store exactly as it was, and a reader sees the old
or the new state, never half. A lock file refuses two builds at once.

Generations are immutable once current. A reader pins the generation it opens
with a shared ``flock`` on the generation folder (held until the process ends);
a build deletes an old generation only when it can take that lock exclusively,
so a long query never loses its files under it. The generation a build
replaces is kept until the next build (readers that read the marker just
before the switch still find it).
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
from pathlib import Path

MARKER = "summitkg-store.json"
LOCK = ".build.lock"
FORMAT_VERSION = 1
GENERATION = re.compile(r"^gen-\d{6,}$")
TRASH_PREFIX = ".trash-"
SCRATCH_PREFIX = ".scratch-"
# Folder entries a store may hold; anything else means the folder is not ours.
_OWN_ENTRIES = re.compile(r"^(summitkg-store\.json(\.tmp)?|\.build\.lock|gen-\d{6,}|\.trash-.*|\.scratch-.*)$")

# Generation folders this process has opened, pinned with a shared flock: path -> fd.
_PINNED: dict[str, int] = {}


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
    if not isinstance(data, dict) or not GENERATION.match(str(data.get("current", ""))):
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


def _pin(path: Path) -> bool:
    """Hold a shared lock on a generation folder so no build deletes it; False if it is gone."""
    key = str(path)
    if key in _PINNED:
        return True
    try:
        fd = os.open(key, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a build is moving this generation away
        st, here = os.fstat(fd), os.stat(key)
        if (st.st_dev, st.st_ino) != (here.st_dev, here.st_ino):
            raise FileNotFoundError(key)
    except FileNotFoundError:
        os.close(fd)
        return False
    _PINNED[key] = fd
    return True


def open_read(root: str | Path):
    """The current generation, opened read-only (many readers may do this at once).

    Never creates or changes anything in the store folder."""
    import pyoxigraph

    for _ in range(20):
        path = current_path(root)
        if _pin(path):
            break
        time.sleep(0.05)  # a build switched generations between reading the marker and opening
    else:
        raise StoreError(f"{root}: the store keeps changing under this reader; try again")
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{root}: cannot open the store ({exc})") from None


def store_info(root: str | Path) -> dict:
    root = Path(root)
    data = _read_marker(root) or {}
    return data


def scratch_file(root: str | Path, name: str, suffix: str = "") -> Path:
    """A path for a build's temporary file inside the store folder: the build removes it, and
    should it be killed first, the next build does (so nothing is left in /tmp)."""
    return Path(root) / f"{SCRATCH_PREFIX}{name}-{os.getpid()}{suffix}"


def _remove_generation(path: Path) -> bool:
    """Delete an old generation unless a reader still has it pinned; True if removed."""
    try:
        fd = os.open(str(path), os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a query is reading it; a later build removes it
        trash = path.with_name(f"{TRASH_PREFIX}{path.name}-{os.getpid()}")
        os.rename(path, trash)
    finally:
        os.close(fd)
    shutil.rmtree(trash, ignore_errors=True)
    return True


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(str(path), os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def write_generation(root: str | Path):
    """Yield a writable copy of the current generation; make it current on success.

    On any exception (or a kill) the copy is abandoned and the pointer is not moved.
    """
    import pyoxigraph

    root = Path(root)
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root}: exists and is not a folder")
    if root.exists() and not (root / MARKER).exists() and any(
            not _OWN_ENTRIES.match(e.name) for e in root.iterdir()):
        raise StoreError(f"{root}: exists, is not empty and is not a summitkg store; refusing to write into it")
    root.mkdir(parents=True, exist_ok=True)
    lock_file = open(root / LOCK, "a")
    try:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{root}: another build is writing to this store (lock {root / LOCK}); "
                             f"try again when it has finished") from None
        data = _read_marker(root)
        current = data["current"] if data else None
        previous = data.get("previous") if data else None
        # Leftovers of killed builds and generations older than the previous one.
        for entry in sorted(root.iterdir()):
            if entry.name.startswith(TRASH_PREFIX):
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(SCRATCH_PREFIX):     # a killed build's (we hold the lock)
                with contextlib.suppress(OSError):
                    entry.unlink()
            elif GENERATION.match(entry.name) and entry.name not in (current, previous):
                _remove_generation(entry)
        existing = [int(e.name[4:]) for e in root.iterdir() if GENERATION.match(e.name)]
        number = max([int(data["generation"]) if data else 0] + existing) + 1
        name = f"gen-{number:06d}"
        target = root / name
        if data is not None:
            old = pyoxigraph.Store.read_only(str(root / current))
            old.backup(str(target))
            del old
        store = pyoxigraph.Store(str(target))
        try:
            yield store
            store.flush()
            try:
                store.optimize()
            except OSError:
                pass
        except BaseException:
            del store
            shutil.rmtree(target, ignore_errors=True)
            raise
        del store
        marker = {"format": FORMAT_VERSION, "current": name, "generation": number,
                  "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        if current:
            marker["previous"] = current
        tmp = root / (MARKER + ".tmp")
        tmp.write_text(json.dumps(marker, indent=2), encoding="utf-8")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, root / MARKER)
        _fsync_dir(root)
        # The generation before the one just replaced is no longer needed by anyone
        # who reads the new marker; the replaced one stays for readers of the old marker.
        if previous and previous != current:
            _remove_generation(root / previous)
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
        lock_file.close()
