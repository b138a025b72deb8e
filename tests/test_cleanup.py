"""Processes and files a build leaves behind (issue 17, item 9): after SIGKILL (or SIGTERM) of a
``-j 2`` build its workers die too and no temporary file is left outside the store folder; the
next build removes what a killed one left inside it. Real subprocesses, real signals."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import CLI, REPO, run_cli_cmd

DATA = REPO / "tests" / "data"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """24 distinct articles, enough for a -j 2 build to run a few seconds."""
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(3):
        for src in sorted(DATA.glob("*.txt")):
            text = src.read_text(encoding="utf-8").replace("url: https://", f"url: https://copy{copy}.")
            (folder / f"c{copy}-{src.name}").write_text(text + f"\nThis is copy {copy}.\n", encoding="utf-8")
    return folder


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _describe(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "gone"
    return f"state {stat[0]} ppid {stat[1]}: {cmd[:120]}"


def start_build(corpus: Path, store: Path, tmpdir: Path) -> tuple[subprocess.Popen, set[int]]:
    """A ``build -j 2`` running with its own TMPDIR, once both workers are up and a
    generation is being written."""
    env = dict(os.environ, TMPDIR=str(tmpdir))
    env.pop("SUMMITKG_DEBUG", None)
    proc = subprocess.Popen(CLI + ["build", str(corpus), "--store", str(store), "-j", "2", "-q", "--force"],
                            cwd=str(REPO), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.3)      # the known-fingerprints file is written just after the generation
        workers = {c for c in children(proc.pid) if alive(c)}
        if len(workers) >= 2 and (store / "gen-000002").exists():
            return proc, workers
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"the build never had two workers and its scratch file (exit {proc.poll()}): "
                f"{proc.stderr.read().decode(errors='replace')[-500:]}")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_a_killed_build_and_nothing_is_left_in_tmp(corpus, tmp_path, sig):
    """Before: both workers lived on (reparented to PID 1) for at least 60 s, and every killed
    build left a /tmp/summitkg-known-*.json."""
    store, tmpdir = tmp_path / "store", tmp_path / "tmp"
    tmpdir.mkdir()
    assert run_cli_cmd("build", corpus / sorted(os.listdir(corpus))[0], "--store", store)[0] == 0
    proc, workers = start_build(corpus, store, tmpdir)
    killed = time.monotonic()
    os.kill(proc.pid, sig)
    proc.wait(30)
    while time.monotonic() - killed < 10 and any(alive(w) for w in workers):
        time.sleep(0.05)
    left = [w for w in workers if alive(w)]
    states = {w: _describe(w) for w in left}
    for w in left:
        os.kill(w, signal.SIGKILL)
    print(f"{sig.name}: workers gone {time.monotonic() - killed:.2f} s after the kill")
    assert not left, f"workers {states} outlived the build by 10 s"
    assert list(tmpdir.iterdir()) == [], f"left in TMPDIR: {list(tmpdir.iterdir())}"
    # The next build removes the killed build's scratch file and works.
    code, _, err = run_cli_cmd("build", corpus / sorted(os.listdir(corpus))[0], "--store", store)
    assert code == 0, err
    assert not [p for p in store.iterdir() if p.name.startswith((".scratch-", ".trash-"))]


def test_a_finished_parallel_build_leaves_no_scratch_file(corpus, tmp_path):
    store, tmpdir = tmp_path / "store", tmp_path / "tmp"
    tmpdir.mkdir()
    files = sorted(corpus.iterdir())[:4]
    code, _, err = run_cli_cmd("build", *files, "--store", store, "-j", "2", env={"TMPDIR": str(tmpdir)})
    assert code == 0, err
    assert list(tmpdir.iterdir()) == []
    assert not [p for p in store.iterdir() if p.name.startswith(".scratch-")]


def test_a_worker_whose_parent_is_gone_leaves_at_once():
    """The race the initializer closes: a parent that died before ``prctl`` ran."""
    code = subprocess.run(
        [CLI[0], "-c", "from summitkg.graph.build import die_with_parent; die_with_parent(1); "
                       "print('still here')"], capture_output=True, text=True, timeout=60)
    assert code.returncode == 1 and "still here" not in code.stdout
