"""Timing probes of the hardening issue (17, items 8-10), printed, never asserted in CI.

    python benchmarks/hardening.py [--skip-big-body]

- push against a 1 byte/s trickle with ``--timeout 3``: seconds until it ends;
- push against a 3 GiB answer (Content-Length and chunked): seconds and peak RSS of the push;
- SIGKILL of a ``build -j 2``: seconds until both workers are gone;
- opening a store: the cost of checking its files (sizes; CRC-32 of up to 64 MB).
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_cleanup import alive, children  # noqa: E402
from test_push_hostile import Hostile, huge_body, huge_chunked_body, push, trickle_body, trickle_status  # noqa: E402

CLI = [sys.executable, "-m", "summitkg.cli"]


def build_store(folder: Path, articles: list[Path]) -> Path:
    store = folder / "store"
    subprocess.run(CLI + ["build", *map(str, articles), "--store", str(store), "-q"], check=True, cwd=REPO)
    return store


def probe_push(store: Path, skip_big: bool) -> None:
    for answer in (trickle_status, trickle_body):
        srv = Hostile(answer)
        code, _, err, seconds, _ = push(store, srv.url(), timeout=3)
        srv.close()
        print(f"push, {answer.__name__}, --timeout 3: exit {code} after {seconds:.2f} s")
    if skip_big:
        return
    for answer in (huge_body, huge_chunked_body):
        srv = Hostile(answer)
        code, _, err, seconds, peak = push(store, srv.url(), timeout=60, deadline=300)
        srv.close()
        print(f"push, {answer.__name__} (3 GiB): exit {code} after {seconds:.2f} s, peak RSS {peak} MB")


def probe_workers(folder: Path, articles: list[Path]) -> None:
    corpus = folder / "corpus"
    corpus.mkdir()
    for copy in range(3):
        for a in articles:
            (corpus / f"c{copy}-{a.name}").write_text(a.read_text(encoding="utf-8") + f"\ncopy {copy}\n",
                                                      encoding="utf-8")
    store = folder / "kill-store"
    proc = subprocess.Popen(CLI + ["build", str(corpus), "--store", str(store), "-j", "2", "-q"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    while proc.poll() is None and len(workers) < 2:
        workers = {c for c in children(proc.pid) if alive(c)}
        time.sleep(0.05)
    time.sleep(1.0)
    t0 = time.monotonic()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    while any(alive(w) for w in workers) and time.monotonic() - t0 < 30:
        time.sleep(0.01)
    left = [w for w in workers if alive(w)]
    print(f"build -j 2 SIGKILLed: workers gone after {time.monotonic() - t0:.2f} s" +
          (f" (still alive: {left})" if left else ""))
    for w in left:
        os.kill(w, signal.SIGKILL)


def probe_verify(store: Path) -> None:
    from summitkg.graph import store as st

    size = sum(p.stat().st_size for p in st.current_path(store).iterdir() if p.is_file())
    for content in (False, True):
        t0 = time.perf_counter()
        for _ in range(20):
            st.verify(store, content=content)
        print(f"verify ({'sizes and CRC-32' if content else 'sizes'}), {size / 1e6:.1f} MB store: "
              f"{(time.perf_counter() - t0) / 20 * 1000:.2f} ms")
    data = os.urandom(1 << 20)
    with tempfile.NamedTemporaryFile() as fh:
        for _ in range(st.VERIFY_CONTENT_BYTES >> 20):
            fh.write(data)
        fh.flush()
        t0 = time.perf_counter()
        st._crc(Path(fh.name))
        print(f"CRC-32 of {st.VERIFY_CONTENT_BYTES >> 20} MB (the cap of the check on open, file cached): "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-big-body", action="store_true", help="leave out the 3 GiB answers")
    args = ap.parse_args()
    articles = sorted((REPO / "tests" / "data").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = build_store(folder, articles)
        probe_verify(store)
        probe_push(store, args.skip_big_body)
        probe_workers(folder, articles)


if __name__ == "__main__":
    main()
