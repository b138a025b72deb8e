"""The one way summitkg writes a file: whole or not at all.

Everything goes to a temporary file in the target's folder, which is synced and renamed over
the target: a reader, or a crash or kill at any moment, sees the old file or the new one,
never a part. The file gets the usual permissions: those of the file it replaces, else
0666 minus the umask (``mkstemp`` alone would leave 0600, unreadable to a web server).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from summitkg.errors import UserError


def umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_dir(path: str | Path) -> None:
    """Make a rename in ``path`` durable (best effort: some file systems refuse)."""
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


def write_atomic(out: str | Path, data, *, make_parents: bool = False, sync_dir: bool = False) -> Path:
    """Write ``data`` to ``out`` atomically and return ``out`` as a Path.

    ``data``: bytes, str (written as UTF-8), or a function that writes to a binary file.
    ``make_parents`` creates missing folders; otherwise a missing folder is a one-line
    :class:`UserError`, as are a folder given as ``out`` and a folder that cannot be written.
    ``sync_dir`` also syncs the folder, for files a store's consistency rests on."""
    out = Path(out)
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name")
    folder = out.parent if str(out.parent) else Path(".")
    try:
        if make_parents:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise UserError(f"{folder}: no such folder for the output file")
        fd, tmp = tempfile.mkstemp(dir=str(folder), prefix="." + out.name + ".", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"{out}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = out.stat().st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~umask()
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync_dir:
        fsync_dir(folder)
    return out
