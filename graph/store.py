"""The persistent embedded store: a folder of Oxigraph generations.

A store folder holds ``summitkg-store.json`` (which generation is current) and
one Oxigraph database per generation, with the quads per graph its build counted
beside it (``gen-NNNNNN.graphs.json``). A build copies the current generation
(an Oxigraph backup: hard links), changes the copy and then switches the pointer
with an atomic rename (:mod:`summitkg.graph.generations`), so a build that fails
or is killed leaves the previous store exactly as it was, and a reader sees the
old or the new state, never half. A lock file refuses two builds at once.

Generations are immutable once current. A reader pins the generation it opens
with a shared ``flock`` on the generation folder (held until the process ends);
a build deletes an old generation only when it can take that lock exclusively,
so a long query never loses its files under it. The generation a build
replaces is kept until the next build (readers that read the marker just
before the switch still find it).
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
import zlib
from pathlib import Path

from summitkg.errors import StoreError  # noqa: F401 - raised here, imported from here by callers

MARKER = "summitkg-store.json"
LOCK = ".build.lock"
FORMAT_VERSION = 1
GENERATION = re.compile(r"^gen-\d{6,}$")
TRASH_PREFIX = ".trash-"
SCRATCH_PREFIX = ".scratch-"
# Folder entries a store may hold; anything else means the folder is not ours.
_OWN_ENTRIES = re.compile(r"^(summitkg-(store|inputs)\.json(\.tmp)?|\.build\.lock|gen-\d{6,}(\.graphs\.json(\.tmp)?)?|"
                          r"\.trash-.*|\.scratch-.*)$")

# Generation folders this process has opened, pinned with a shared flock: path -> fd.
_PINNED: dict[str, int] = {}


class StoreDamaged(StoreError):
    """A generation whose files are not what its build wrote (or that the engine finds corrupt);
    every command (and the query child) reports it in one line, exit 2."""


# What RocksDB (under Oxigraph) says of a damaged file.
_CORRUPTION = re.compile(r"corruption|checksum mismatch|bad table magic|size mismatch|no such file or directory.*\.sst",
                         re.IGNORECASE)
VERIFY_CONTENT_BYTES = 64 << 20    # stores up to this size have every file's checksum verified on open
_UNCHECKED = re.compile(r"^(LOCK|LOG.*)$")    # files the engine may touch while only reading
_LAST_OPENED: list[Path] = []      # the store last opened, for messages about errors met later


def is_damage(exc: BaseException) -> bool:
    """Whether an engine error means damaged files."""
    return isinstance(exc, (RuntimeError, OSError)) and bool(_CORRUPTION.search(str(exc)))


def damaged(root: str | Path | None, detail: str) -> StoreDamaged:
    """One line: the store is damaged, why, and what to do (restore the kept generation if it is
    intact, else rebuild)."""
    root = Path(root) if root is not None else (_LAST_OPENED[-1] if _LAST_OPENED else Path("the store"))
    detail = " ".join(str(detail).split())[:200]
    advice = f"rebuild it: move {root} aside and run: summitkg build ARTICLES --store {root}"
    try:
        data = _read_marker(root) or {}
    except StoreError:
        data = {}
    prev = data.get("previous")
    if prev and data.get("previous_files") and _check_files(root / prev, data["previous_files"], content=True) is None:
        advice = (f"go back to the generation kept from the build before ({prev}, intact) with: "
                  f"summitkg restore --store {root}; or {advice}")
    return StoreDamaged(f"{root}: the store is damaged ({detail}); {advice}")


def file_sums(path: Path, earlier: Path | None = None, earlier_sums: dict | None = None) -> dict[str, list[int]]:
    """name -> [size, CRC-32] of a closed generation's files (what ``verify`` compares with).

    A file that is a hard link to the same file of the ``earlier`` generation (a table the build
    inherited and never rewrote) takes the sum recorded for it there, so summing costs what the
    build wrote, and damage found in a shared file later shows in both generations."""
    out = {}
    for entry in sorted(path.iterdir()):
        if entry.is_file() and not _UNCHECKED.match(entry.name):
            st = entry.stat()
            known = (earlier_sums or {}).get(entry.name)
            if known and earlier is not None and known[0] == st.st_size:
                try:
                    old = (earlier / entry.name).stat()
                except OSError:
                    old = None
                if old is not None and (old.st_dev, old.st_ino) == (st.st_dev, st.st_ino):
                    out[entry.name] = [st.st_size, known[1]]
                    continue
            out[entry.name] = [st.st_size, _crc(entry)]
    return out


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _check_files(path: Path, sums: dict, content: bool) -> str | None:
    """What is wrong with a generation's files against the sums its build recorded, or None.
    Sizes are always compared; contents when ``content``."""
    for name, (size, crc) in sorted(sums.items()):
        try:
            actual = (path / name).stat().st_size
        except OSError:
            return f"{path.name}/{name} is missing"
        if actual != size:
            return f"{path.name}/{name} is {actual} bytes, its build wrote {size}"
    if content:
        for name, (_size, crc) in sorted(sums.items()):
            try:
                if _crc(path / name) != crc:
                    return f"{path.name}/{name} was changed after its build (checksum differs)"
            except OSError as exc:
                return f"{path.name}/{name} cannot be read ({exc.strerror or exc})"
    return None


def verify(root: str | Path, content: bool | None = None) -> None:
    """StoreDamaged if the current generation's files differ from what its build wrote.

    Sizes always (one ``stat`` per file); checksums too when ``content`` is True, or by default
    when the generation is at most ``VERIFY_CONTENT_BYTES`` (a truncated or overwritten file is
    then found before the engine reads it). Stores written before sums were kept pass."""
    root = Path(root)
    data = _read_marker(root) or {}
    sums = data.get("files")
    if not isinstance(sums, dict):
        return
    if content is None:
        content = sum(v[0] for v in sums.values()) <= VERIFY_CONTENT_BYTES
    problem = _check_files(root / data["current"], sums, content)
    if problem:
        raise damaged(root, problem)


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
    except (OSError, ValueError, UnicodeDecodeError) as exc:
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
    verify(root)
    _LAST_OPENED[:] = [Path(root)]
    try:
        return pyoxigraph.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:
        if is_damage(exc):
            raise damaged(root, _first_line(exc)) from None
        raise StoreError(f"{root}: cannot open the store ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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


from .generations import (COMPACT_DEAD_RATIO, COUNTS_SUFFIX, compact, counts_path, graph_counts,  # noqa: E402,F401
                          restore_previous, write_generation)
