"""``summitkg serve`` under hostile clients (hardening issue, items 2-4): it never calls out,
survives a deeply nested request and a flood of heavy queries with bounded memory, stops each
at its time limit, and keeps answering other clients meanwhile. Real server process, real
loopback sockets; a second client speaks from 127.0.0.2."""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest

HEAVY_CPU = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HEAVY_MEMORY = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?c ?d ?f WHERE { ?a ?b ?c . ?d ?e ?f } }"
LIGHT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/summitkg/graph/entities> { ?s a ?t } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port: int, query: str, source: str = "127.0.0.1", accept: str = "application/sparql-results+json",
         timeout: float = 60) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request("POST", "/query", body=urllib.parse.urlencode({"query": query}),
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
    tree, todo = set(), [pid]
    while todo:
        p = todo.pop()
        tree.add(p)
        todo.extend(c for c, pp in parents.items() if pp == p and c not in tree)
    return sum(rss.get(p, 0) for p in tree) / 2**20


@pytest.fixture(scope="module")
def server(seed_store):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "summitkg.cli", "serve", "--store", str(seed_store),
                             "--port", str(port), "--timeout", "5"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    end = time.monotonic() + 90
    while True:
        try:
            if post(port, "ASK {}", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        assert proc.poll() is None and time.monotonic() < end, "summitkg serve did not start"
        time.sleep(0.2)
    yield {"port": port, "proc": proc}
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out


def test_answers_a_catalogued_query_as_the_protocol_says(server):
    from summitkg.graph.query import catalogue

    status, body = post(server["port"], catalogue()["state-leaders"].text)
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    assert {r["person"]["value"] for r in rows} >= {"Donald Trump"}
    status, body = post(server["port"], LIGHT, accept="text/csv")
    assert status == 200 and body.splitlines()[0] == b"n"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/x> { ?a ?b ?c } }",
    "PREFIX : <http://127.0.0.1:{port}/>\nSELECT * WHERE { FILTER(1<2)SERVICE:x#>\n{ ?a ?b ?c } }",
    "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\nSELECT * WHERE { ?a nif:isString ?t "
    "LATERAL { BIND(IRI(CONCAT(\"http://127.0.0.1:{port}/\", ENCODE_FOR_URI(?t))) AS ?u) FILTER(1<2)SERVICE#>\n?u { ?x ?y ?z } } }",
], ids=["service", "comparison-trick", "lateral-leak"])
def test_the_endpoint_never_calls_out(server, listener, text):
    status, body = post(server["port"], text.replace("{port}", str(listener.port)))
    assert status == 400, body
    time.sleep(0.1)
    assert listener.requests == []


def test_updates_are_refused(server):
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=10)
    conn.request("POST", "/update", body=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert conn.getresponse().status == 403
    conn.close()
    assert post(server["port"], LIGHT)[0] == 200


def test_a_deeply_nested_request_is_refused_and_the_server_lives(server):
    status, body = post(server["port"], "SELECT * WHERE { FILTER(" + "(" * 8000 + "1" + ")" * 8000 + ") }")
    assert status == 400 and b"nest" in body
    assert post(server["port"], LIGHT)[0] == 200


def test_a_flood_of_heavy_queries(server):
    """50 heavy queries at once (half CPU-bound, half memory-bound): each is refused or stopped by
    its time limit, the server's memory stays under 2 GB, a second client keeps being answered."""
    port, results, light = server["port"], [], []
    peak = [0.0]
    done = threading.Event()

    def heavy(i):
        t0 = time.monotonic()
        status, _ = post(port, HEAVY_CPU if i % 2 else HEAVY_MEMORY, timeout=120)
        results.append((status, time.monotonic() - t0))

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(server["proc"].pid))
            time.sleep(0.1)

    def other_client():
        while not done.is_set():
            t0 = time.monotonic()
            light.append((post(port, LIGHT, source="127.0.0.2", timeout=60)[0], time.monotonic() - t0))
            time.sleep(0.2)

    threads = [threading.Thread(target=heavy, args=(i,)) for i in range(50)]
    helpers = [threading.Thread(target=watch), threading.Thread(target=other_client)]
    for t in helpers + threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    done.set()
    for t in helpers:
        t.join(timeout=60)
    assert len(results) == 50
    assert {s for s, _ in results} <= {429, 503, 504}, sorted(results)
    assert max(t for _, t in results) < 5 + 10          # the time limit, plus a margin for the machine
    assert peak[0] < 2048, f"peak {peak[0]:.0f} MB"
    assert light and all(s == 200 for s, _ in light), light
    assert sorted(t for _, t in light)[len(light) // 2] < 2.0, light   # median latency of the other client
    assert server["proc"].poll() is None
    assert post(port, LIGHT)[0] == 200
    print(f"flood: statuses {sorted({s for s, _ in results})}, slowest {max(t for _, t in results):.1f} s, "
          f"peak {peak[0]:.0f} MB; other client: {len(light)} answers, "
          f"median {sorted(t for _, t in light)[len(light) // 2]:.2f} s")


def test_heavy_queries_from_many_addresses(server):
    """20 heavy queries from 20 addresses: the per-client limit does not apply, the pool and the
    room for long queries do: every answer comes within the time limit plus the wait for a
    process, memory stays bounded, and the server still answers afterwards."""
    port, results = server["port"], []
    peak = [0.0]
    done = threading.Event()

    def heavy(i):
        t0 = time.monotonic()
        status, _ = post(port, HEAVY_CPU if i % 2 else HEAVY_MEMORY, source=f"127.0.1.{i + 1}", timeout=120)
        results.append((status, time.monotonic() - t0))

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(server["proc"].pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    threads = [threading.Thread(target=heavy, args=(i,)) for i in range(20)]
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    done.set()
    watcher.join()
    assert len(results) == 20
    assert {s for s, _ in results} <= {503, 504}, sorted(results)
    assert max(t for _, t in results) < 10 + 5 + 10     # queue wait + time limit + margin
    assert peak[0] < 2048, f"peak {peak[0]:.0f} MB"
    assert post(port, LIGHT)[0] == 200
