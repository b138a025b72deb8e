"""Damaged stores (issue 17, item 10): a ``.sst`` overwritten, overwritten in the middle or
truncated, a garbage ``CURRENT``. Every command ends with one line saying the store is damaged
and what to do, exit 2 (before: ``internal error: RuntimeError: Corruption…``, exit 3, and
queries that read other files still exited 0). Real stores, damaged on copies."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli_cmd

DATA = REPO / "tests" / "data"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }\n"


@pytest.fixture(scope="module")
def two_generations(tmp_path_factory, seed_article) -> Path:
    """A store built twice (the second build keeps the first generation as ``previous``)."""
    root = tmp_path_factory.mktemp("dmg") / "store"
    assert run_cli_cmd("build", seed_article, "--store", root, "-q")[0] == 0
    assert run_cli_cmd("build", DATA / "en_01_c5plus1_tungsten_wire.txt", "--store", root, "-q")[0] == 0
    return root


def current_gen(root: Path) -> Path:
    return root / json.loads((root / "summitkg-store.json").read_text())["current"]


def damage(root: Path, kind: str) -> None:
    gen = current_gen(root)
    if kind == "garbage-current":
        (gen / "CURRENT").write_text("garbage-MANIFEST\n")
        return
    sst = max(gen.glob("*.sst"), key=lambda p: p.stat().st_size)
    size = sst.stat().st_size
    if kind == "overwritten":
        sst.write_bytes(os.urandom(size))
    elif kind == "overwritten-middle":
        with open(sst, "r+b") as fh:
            fh.seek(size // 4)
            fh.write(os.urandom(size // 2))
    elif kind == "truncated":
        os.truncate(sst, size // 2)


def copy_of(store: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy"
    shutil.copytree(store, out)
    return out


def one_damage_line(code: int, err: str, root: Path) -> str:
    assert code == 2, f"exit {code}: {err!r}"
    assert "Traceback" not in err and "internal error" not in err, err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("summitkg: error:"), err
    assert "the store is damaged" in lines[0] and str(root) in lines[0], lines[0]
    assert "summitkg build" in lines[0], lines[0]           # what to do
    return lines[0]


KINDS = ["overwritten", "overwritten-middle", "truncated", "garbage-current"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["query", "export", "validate", "build", "void", "serve"])
def test_every_command_says_the_store_is_damaged(two_generations, tmp_path, kind, command):
    root = copy_of(two_generations, tmp_path)
    damage(root, kind)
    marker = (root / "summitkg-store.json").read_bytes()
    rq = tmp_path / "count.rq"
    rq.write_text(COUNT)
    args = {"query": ["query", rq, "--store", root, "--format", "csv"],
            "export": ["export", "--store", root, "--format", "nt", "-o", tmp_path / "out.nt"],
            "validate": ["validate", "--store", root],
            "build": ["build", DATA / "en_01_c5plus1_tungsten_wire.txt", "--store", root, "-q", "--force"],
            "void": ["void", "--store", root],
            "serve": ["serve", "--store", root, "--port", "1"]}[command]     # refused before binding
    code, out, err = run_cli_cmd(*args, timeout=60)
    line = one_damage_line(code, err, root)
    assert "summitkg restore" in line, line            # the kept generation is intact
    assert (root / "summitkg-store.json").read_bytes() == marker
    assert not (tmp_path / "out.nt").exists()


def test_restore_brings_back_the_kept_generation(two_generations, tmp_path, seed_store):
    root = copy_of(two_generations, tmp_path)
    damage(root, "overwritten-middle")
    code, out, err = run_cli_cmd("restore", "--store", root)
    assert code == 0, err
    assert "restored gen-000001" in out
    assert run_cli_cmd("verify", "--store", root)[0] == 0
    from summitkg.graph.export import export

    assert sorted(export(root, "nq").splitlines()) == sorted(export(seed_store, "nq").splitlines())
    # and the next build works and cleans the damaged generation away
    code, _, err = run_cli_cmd("build", DATA / "en_01_c5plus1_tungsten_wire.txt", "--store", root, "-q")
    assert code == 0, err
    assert run_cli_cmd("verify", "--store", root)[0] == 0


def test_restore_refuses_a_damaged_kept_generation(two_generations, tmp_path):
    root = copy_of(two_generations, tmp_path)
    damage(root, "overwritten")
    prev = root / json.loads((root / "summitkg-store.json").read_text())["previous"]
    sst = max(prev.glob("*.sst"), key=lambda p: p.stat().st_size)
    sst.write_bytes(os.urandom(sst.stat().st_size))
    code, _, err = run_cli_cmd("query", "accords-joined", "--store", root)
    line = one_damage_line(code, err, root)
    assert "summitkg restore" not in line                # nothing intact to go back to
    code, _, err = run_cli_cmd("restore", "--store", root)
    assert code == 2 and "cannot be restored" in err and "rebuild" in err, err


def test_a_store_without_checksums_is_still_reported_as_damaged(two_generations, tmp_path):
    """A store written before sums were kept: the engine's own check gives the same line."""
    root = copy_of(two_generations, tmp_path)
    marker = json.loads((root / "summitkg-store.json").read_text())
    marker.pop("files"), marker.pop("previous_files")
    (root / "summitkg-store.json").write_text(json.dumps(marker))
    damage(root, "overwritten")
    for args in (["export", "--store", root, "--format", "nt"], ["validate", "--store", root]):
        one_damage_line(*run_cli_cmd(*args)[::2], root)


def test_an_intact_copy_verifies(two_generations, tmp_path):
    """Copies (no times kept) and read-only use change nothing the check looks at."""
    rq = tmp_path / "count.rq"
    rq.write_text(COUNT)
    code, original, err = run_cli_cmd("query", rq, "--store", two_generations, "--format", "csv")
    assert code == 0 and int(original.splitlines()[1]) > 1000, err
    root = copy_of(two_generations, tmp_path)
    code, out, err = run_cli_cmd("query", rq, "--store", root, "--format", "csv")
    assert code == 0 and out == original, (out, err)
    code, out, err = run_cli_cmd("verify", "--store", root)
    assert code == 0 and "intact" in out, err
