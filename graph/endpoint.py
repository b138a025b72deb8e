"""``summitkg serve``: a read-only SPARQL 1.1 Protocol endpoint that no client can down or turn outward.

The front is a small HTTP server of our own. It screens every query
(:mod:`summitkg.graph.sparql_screen`: no SERVICE, LOAD, dataset clause or update reaches the
engine) and hands the screened text to a pool of evaluation processes
(:mod:`summitkg.graph.endpoint_worker`), each with no network and a memory cap. Limits, each
answered with a status and a one-line message:

- request body and query size (413), bracket depth and operator chains (400);
- time per query: the process evaluating it is killed at the deadline (504), so the
  evaluation really stops, and a fresh process takes its place;
- result size (413): the body is held until complete, so a cut-off answer is never a 200;
- concurrency: ``workers`` processes; each client address has at most ``per_client``
  requests running or waiting (429); a query still running after ``slow_after`` seconds
  counts as long, and long queries may hold all but one process, so short queries keep being
  answered while long ones run (503 for a long query that finds no room);
- slow clients: a connection that sends nothing for ``IO_TIMEOUT`` seconds is closed.

Updates (``/update``, ``update=``) are refused with 403. The query page is YASGUI, taken at start
from the ``oxigraph`` package's server (no CDN) and opened with the catalogue as tabs.
"""
from __future__ import annotations

import contextlib
import http.server
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from importlib import resources

from summitkg.errors import UserError

MAX_BODY = 256 * 1024
IO_TIMEOUT = 15.0
READY_TIMEOUT = 60.0


@dataclass
class Limits:
    timeout_s: float = 30.0
    workers: int = 4
    memory_mb: int = 384
    max_result_mb: int = 64
    per_client: int = 2
    slow_after: float = 1.0
    queue_wait: float = 10.0
    union_default_graph: bool = True


class Reply(Exception):
    """An HTTP answer other than 200: status and one-line message."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class Worker:
    """One evaluation process; ``ask`` sends a request and reads the framed answer."""

    def __init__(self, store_dir: str, memory_mb: int):
        self.proc = subprocess.Popen([sys.executable, "-m", "summitkg.graph.endpoint_worker", store_dir,
                                      str(memory_mb)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        self._buf = b""
        line = self._line(time.monotonic() + READY_TIMEOUT)
        if not line.startswith(b'{"ready"'):
            self.kill()
            raise RuntimeError("the evaluation process did not start")

    def _read(self, deadline: float) -> bytes:
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                raise TimeoutError
        data = os.read(self.proc.stdout.fileno(), 1 << 16)
        if not data:
            raise EOFError
        return data

    def _line(self, deadline: float) -> bytes:
        while b"\n" not in self._buf:
            self._buf += self._read(deadline)
        line, _, self._buf = self._buf.partition(b"\n")
        return line

    def _exact(self, n: int, deadline: float) -> bytes:
        while len(self._buf) < n:
            self._buf += self._read(deadline)
        data, self._buf = self._buf[:n], self._buf[n:]
        return data

    def ask(self, request: dict, deadline: float, max_bytes: int, on_slow) -> tuple[str, bytes]:
        slow_at = time.monotonic() + request.pop("_slow_after", 1.0)
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")
        self.proc.stdin.flush()
        head = None
        while head is None:
            try:
                head = json.loads(self._line(min(deadline, slow_at)))
            except TimeoutError:
                if time.monotonic() >= deadline:
                    raise
                on_slow()                      # raises Reply when no room for a long query
                slow_at = deadline
        if head["status"] != 200:
            raise Reply(head["status"], head["error"])
        body, size = [], 0
        while True:
            n = int(self._line(deadline))
            if not n:
                return head["type"], b"".join(body)
            size += n
            if size > max_bytes:
                raise Reply(413, f"the result is larger than {max_bytes // 2**20} MB; add a LIMIT")
            body.append(self._exact(n, deadline))

    def kill(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=10)


class Pool:
    """``workers`` evaluation processes, per-client admission and the room for long queries."""

    def __init__(self, store_dir: str, limits: Limits):
        self.store_dir, self.limits = store_dir, limits
        self.cond = threading.Condition()
        self.idle: list[Worker] = [Worker(store_dir, limits.memory_mb) for _ in range(limits.workers)]
        self.clients: dict[str, int] = {}
        self.slow = 0
        self.closed = False

    def _replace(self):
        def spawn():
            try:
                w = Worker(self.store_dir, self.limits.memory_mb)
            except (OSError, RuntimeError):
                time.sleep(1)
                return threading.Thread(target=spawn, daemon=True).start()
            with self.cond:
                if self.closed:
                    return w.kill()
                self.idle.append(w)
                self.cond.notify()
        threading.Thread(target=spawn, daemon=True).start()

    def run(self, client: str, request: dict) -> tuple[str, bytes]:
        lim = self.limits
        with self.cond:
            if self.clients.get(client, 0) >= lim.per_client:
                raise Reply(429, f"at most {lim.per_client} queries at once from one address", {"Retry-After": "2"})
            self.clients[client] = self.clients.get(client, 0) + 1
        try:
            return self._run(request)
        finally:
            with self.cond:
                self.clients[client] -= 1
                if not self.clients[client]:
                    del self.clients[client]

    def _run(self, request: dict) -> tuple[str, bytes]:
        lim = self.limits
        start = time.monotonic()
        with self.cond:
            if not self.cond.wait_for(lambda: self.idle, timeout=lim.queue_wait):
                raise Reply(503, "every evaluation process is busy; try again", {"Retry-After": "5"})
            worker = self.idle.pop()
        marked = {"slow": False}

        def on_slow():
            with self.cond:
                if self.slow >= lim.workers - 1:
                    raise Reply(503, "the server is busy with long queries; try again later", {"Retry-After": "10"})
                self.slow += 1
                marked["slow"] = True

        healthy = False
        try:
            request["_slow_after"] = lim.slow_after
            result = worker.ask(request, start + lim.timeout_s, lim.max_result_mb * 2**20, on_slow)
            healthy = True
            return result
        except Reply as reply:
            healthy = reply.status in (400, 406)
            raise
        except TimeoutError:
            raise Reply(504, f"the query ran longer than the time limit of {lim.timeout_s:g} s") from None
        except (EOFError, OSError, ValueError):
            raise Reply(503, f"the query was stopped: it needed more than the memory limit of {lim.memory_mb} MB "
                             f"or ended the evaluation process") from None
        finally:
            with self.cond:
                if marked["slow"]:
                    self.slow -= 1
                if healthy:
                    self.idle.append(worker)
                    self.cond.notify()
            if not healthy:
                worker.kill()
                self._replace()

    def close(self):
        with self.cond:
            self.closed = True
            idle, self.idle = self.idle, []
        for w in idle:
            w.kill()


def _query_of(handler, body: bytes | None) -> str:
    """The query text of a SPARQL 1.1 Protocol request; Reply for anything else."""
    url = urllib.parse.urlsplit(handler.path)
    params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    if body is not None:
        ctype = handler.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        elif ctype == "application/x-www-form-urlencoded":
            for k, v in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-update":
            raise Reply(403, "this endpoint is read-only: updates are refused")
        else:
            raise Reply(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if "update" in params:
        raise Reply(403, "this endpoint is read-only: updates are refused")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise Reply(400, "default-graph-uri and named-graph-uri are not supported: the default graph is the union "
                         "of the article graphs; use GRAPH in the query")
    if len(params.get("query", [])) != 1:
        raise Reply(400, "give exactly one query parameter")
    return params["query"][0]


def make_handler(pool: Pool, page: dict[str, tuple[str, bytes]]):
    from summitkg.graph.sparql_screen import screen

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "summitkg"
        protocol_version = "HTTP/1.1"
        timeout = IO_TIMEOUT

        def log_message(self, fmt, *args):
            pass

        def _send(self, status: int, ctype: str, body: bytes, headers: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _handle(self, body: bytes | None):
            path = urllib.parse.urlsplit(self.path).path
            try:
                if path in page and body is None:
                    ctype, data = page[path]
                    return self._send(200, ctype, data, {"Cache-Control": "no-cache"})
                if path == "/update":
                    raise Reply(403, "this endpoint is read-only: updates are refused")
                if path not in ("/query", "/sparql"):
                    raise Reply(404, "no such page: the endpoint is /query")
                try:
                    text = screen(_query_of(self, body)).text
                except UserError as exc:
                    raise Reply(400, str(exc)) from None
                request = {"query": text, "accept": self.headers.get("Accept", ""),
                           "union": pool.limits.union_default_graph}
                ctype, data = pool.run(self.client_address[0], request)
                self._send(200, ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""), data)
            except Reply as r:
                self._send(r.status, "text/plain; charset=utf-8", (r.message + "\n").encode(), r.headers)

        def do_GET(self):
            self._handle(None)

        do_HEAD = do_GET

        def do_POST(self):
            try:
                n = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                n = -1
            if n < 0 or n > MAX_BODY:
                self.close_connection = True
                return self._send(413, "text/plain; charset=utf-8", f"the request body is over {MAX_BODY} bytes\n".encode())
            self._handle(self.rfile.read(n))

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, addr, handler, family):
        self.address_family = family
        super().__init__(addr, handler)


def page_assets(base_path: str = "") -> dict[str, tuple[str, bytes]]:
    """The query page and YASGUI's script, style and icon, read from the oxigraph server of the
    ``oxigraph`` package (started once on a loopback port and stopped)."""
    from summitkg.graph.publish import oxigraph_binary

    binary = oxigraph_binary()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assets = {}
    try:
        import urllib.request
        end = time.monotonic() + 30
        for name, ctype in (("yasgui.min.js", "text/javascript"), ("yasgui.min.css", "text/css"),
                            ("logo.svg", "image/svg+xml")):
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{name}", timeout=5) as r:
                        assets["/" + name] = (ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""), r.read())
                    break
                except OSError:
                    if time.monotonic() > end or proc.poll() is not None:
                        raise UserError("serve: could not read the query page's script from the oxigraph server")
                    time.sleep(0.1)
    finally:
        proc.kill()
        proc.wait()
    assets["/"] = ("text/html; charset=utf-8", query_page())
    return assets


def query_page() -> bytes:
    """The YASGUI page, with one tab per catalogued query and the usual prefixes in a new tab."""
    from summitkg.graph.publish import prefix_lines
    from summitkg.graph.query import catalogue

    tabs = [{"name": q.id, "query": q.text} for q in catalogue().values()]
    template = resources.files("summitkg.graph").joinpath("endpoint.html").read_text(encoding="utf-8")
    data = json.dumps({"tabs": tabs, "prefixes": "\n".join(prefix_lines())}, ensure_ascii=True)
    return template.replace("/*CATALOGUE*/null", data.replace("</", "<\\/")).encode("utf-8")


def serve(store_dir, port: int = 7878, host: str = "127.0.0.1", limits: Limits | None = None, *, echo=print) -> int:
    """Serve the store read-only until SIGINT or SIGTERM; returns 0."""
    from summitkg.graph.publish import prefix_lines, queries_dir
    from summitkg.graph.store import current_path, verify

    limits = limits or Limits()
    if not (0 < int(port) < 65536):
        raise UserError(f"serve: not a port number: {port}")
    if limits.timeout_s <= 0:
        raise UserError("serve: --timeout must be positive")
    current_path(store_dir)
    verify(store_dir)
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    try:
        server = _Server((host.strip("[]"), int(port)), lambda *a: None, family)
    except OSError as exc:
        raise UserError(f"serve: port {port} on {host} is in use or not available ({exc.strerror}); "
                        f"choose another with --port") from None
    pool = None
    stop = threading.Event()
    old = {}
    try:
        page = page_assets()
        pool = Pool(str(store_dir), limits)
        server.RequestHandlerClass = make_handler(pool, page)
        old = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
        shown = f"[{host}]" if family == socket.AF_INET6 else ("localhost" if host in ("0.0.0.0", "") else host)
        base = f"http://{shown}:{int(port)}"
        echo(f"Serving {store_dir} read-only")
        echo(f"  Query page (YASGUI): {base}/")
        echo(f"  SPARQL endpoint:     {base}/query  (SPARQL 1.1 Protocol, GET or POST; also {base}/sparql)")
        echo(f"  Limits:              {limits.timeout_s:g} s and {limits.memory_mb} MB per query, "
             f"{limits.workers} at once, {limits.per_client} per client, results up to {limits.max_result_mb} MB")
        echo("  Default graph:       " + ("union of all named graphs" if limits.union_default_graph else "empty (use GRAPH)"))
        echo(f"  Example queries:     {queries_dir()}/*.rq (also as tabs on the query page)")
        echo("  Prefixes to paste:")
        for line in prefix_lines():
            echo("    " + line)
        echo("Stop with Ctrl-C.")
        while not stop.wait(0.5):
            pass
        return 0
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        server.shutdown() if old else None
        server.server_close()
        if pool is not None:
            pool.close()
