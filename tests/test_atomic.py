"""The one atomic-write helper (``summitkg.graph.atomic.write_atomic``): whole files or none,
the permissions a user expects, and one-line errors."""
from __future__ import annotations

import os
import stat

import pytest

from summitkg.errors import UserError
from summitkg.graph.atomic import umask, write_atomic


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_file_gets_0666_minus_the_umask(tmp_path):
    out = write_atomic(tmp_path / "a.ttl", "x")
    assert out.read_text(encoding="utf-8") == "x"
    assert _mode(out) == 0o666 & ~umask()


def test_replaced_file_keeps_its_mode(tmp_path):
    out = tmp_path / "a.html"
    out.write_bytes(b"old")
    os.chmod(out, 0o640)
    write_atomic(out, b"new")
    assert out.read_bytes() == b"new" and _mode(out) == 0o640


def test_a_writer_that_fails_midway_leaves_the_old_file_and_no_scratch(tmp_path):
    out = tmp_path / "a.nq"
    out.write_bytes(b"old")

    def half(fh):
        fh.write(b"part of the new")
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        write_atomic(out, half)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nq"]


def test_refusals_are_one_line(tmp_path):
    with pytest.raises(UserError, match="is a folder"):
        write_atomic(tmp_path, b"x")
    with pytest.raises(UserError, match="no such folder"):
        write_atomic(tmp_path / "missing" / "a.ttl", b"x")
    made = write_atomic(tmp_path / "made" / "a.ttl", b"x", make_parents=True)
    assert made.read_bytes() == b"x"


def test_no_module_writes_a_scratch_file_and_renames_it_itself():
    """Every replace-by-rename in the code goes through the helper (one permission rule)."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent
    offenders = [str(p.relative_to(root)) for d in ("graph", "summitkg") for p in (root / d).glob("*.py")
                 if p.name != "atomic.py" and ("os.replace(" in p.read_text(encoding="utf-8")
                                                or "mkstemp(" in p.read_text(encoding="utf-8"))]
    assert offenders == []
