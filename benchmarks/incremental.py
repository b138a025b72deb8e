"""What a growing store costs: a full build of N synthetic articles, an unchanged rebuild, adding
one article, the peak memory of the build's process tree and the disk the store takes after the
second build. Every build goes through the CLI in a fresh process, as a user runs it.

    python benchmarks/incremental.py N [--jobs 2] [--repeats 3] [--keep DIR]

Prints one JSON object (medians with min and max of ``--repeats`` runs). A benchmark, not a
test: the figures depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from run import _tree_rss  # noqa: E402

CLI = "import sys; from summitkg.cli import main; sys.argv[0] = 'summitkg'; main()"


def cli(*args, peak: bool = False) -> tuple[float, int]:
    """Run ``summitkg ARGS``; (wall seconds, peak RSS of the process tree in bytes)."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CLI, *map(str, args)], cwd="/",   # not a checkout
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    top = 0
    while peak and proc.poll() is None:
        top = max(top, _tree_rss(proc.pid))
        time.sleep(0.25)
    out, err = proc.communicate()
    took = time.perf_counter() - t
    if proc.returncode:
        raise RuntimeError(f"summitkg {' '.join(map(str, args))} failed: {err[-800:]}")
    return took, top


def disk_bytes(path: Path) -> int:
    """Bytes on disk, a hard-linked file counted once (as ``du`` does)."""
    seen, total = set(), 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(root, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


def generation_bytes(store: Path) -> int:
    marker = json.loads((store / "summitkg-store.json").read_text())
    return disk_bytes(store / marker["current"])


_LATENCY = r"""
import json, statistics, sys, time, itertools
from summitkg.graph import query
from summitkg.graph.store import open_read
PARAMS = {"commodity": "tungsten", "state": "Kazakhstan"}
st = open_read(sys.argv[1])
out = {}
for qid, q in query.catalogue().items():
    params = {p: PARAMS[p] for p in q.params}
    page, full, rows = [], [], 0
    for _ in range(3):
        t = time.perf_counter()
        try:
            res = query.run(st, q, params, limit=100)
        except TypeError:                        # a version without limit: the first 100 rows read
            res = itertools.islice(query.run(st, q, params), 100)
        list(res)
        page.append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = sum(1 for _ in query.run(st, q, params))
        full.append(time.perf_counter() - t)
    out[qid] = {"first_page_ms": 1000 * statistics.median(page), "full_ms": 1000 * statistics.median(full),
                "rows": rows}
print(json.dumps(out))
"""


def query_latencies(store: Path) -> dict:
    """Per catalogued query: median of 3 warm runs of its first page (100 rows) and of its
    whole answer, in one process with the store open (what an interactive caller sees)."""
    proc = subprocess.run([sys.executable, "-c", _LATENCY, str(store)], cwd="/", capture_output=True,
                          text=True, check=True)
    per = json.loads(proc.stdout.strip().splitlines()[-1])
    pages = [v["first_page_ms"] for v in per.values()]
    return {"first_page_ms_max": max(pages), "first_page_ms_median": statistics.median(pages),
            "full_ms_max": max(v["full_ms"] for v in per.values()), "per_query": per}


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def measure(n: int, jobs: int, repeats: int, work: Path) -> dict:
    corpus, store = work / "corpus", work / "store"
    write_corpus(corpus, n)
    res: dict = {"articles": n, "jobs": jobs}
    took, top = cli("build", corpus, "--store", store, "-j", jobs, "-q", peak=True)
    res.update(build_s=took, build_articles_per_s=n / took, build_peak_tree_mb=top / 2**20,
               generation_mb=generation_bytes(store) / 2**20)
    runs = [cli("build", corpus, "--store", store, "-j", jobs, "-q")[0] for _ in range(repeats)]
    res["unchanged_rebuild_s"] = spread(runs)
    res["disk_after_second_build_mb"] = disk_bytes(store) / 2**20
    res["disk_ratio_to_one_generation"] = disk_bytes(store) / generation_bytes(store)
    runs, peaks = [], []
    for k in range(repeats):
        write_corpus(corpus, 1, start=n + k)
        took, top = cli("build", corpus, "--store", store, "-j", jobs, "-q", peak=True)
        runs.append(took)
        peaks.append(top / 2**20)
    res["add_one_article_s"] = spread(runs)
    res["add_one_peak_tree_mb"] = max(peaks)
    res["disk_after_adds_mb"] = disk_bytes(store) / 2**20
    res["queries"] = query_latencies(store)
    return res


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--keep", default=None, help="build in this folder and keep it")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="skg-incr-"))
    try:
        print(json.dumps(measure(args.n, args.jobs, args.repeats, work), indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
