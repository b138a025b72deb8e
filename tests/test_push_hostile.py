"""``summitkg push`` against hostile or broken servers (issue 17, item 8).

Each server is a real socket on loopback, run in threads by the test, answering every request
in one bad way: a one-byte-a-second trickle, a 3 GiB body (plain and chunked), a garbage
status line, a truncated body, a 100 KB header, 150 headers, a silent close. The client must
end in one line with exit 2 (before: ``internal error: BadStatusLine …``, exit 3, a trickle that
never ended, 3.1 GB of memory for a 3 GiB body), and never print a password given in a URL."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time

import pytest

from conftest import CLI, REPO

GIB = 1 << 30


class Hostile:
    """A loopback server that reads each request whole, then runs ``answer(conn)``."""

    def __init__(self, answer):
        self.answer = answer
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path="/store", userinfo="") -> str:
        return f"http://{userinfo}127.0.0.1:{self.port}{path}"

    def _accept(self):
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            conn.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            need = int(m.group(1)) if m else 0
            while len(rest) < need:
                chunk = conn.recv(1 << 20)
                if not chunk:
                    return
                rest += chunk
            self.answer(conn)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self):
        self.closed.set()
        self.sock.close()


def _send_until_closed(conn, data: bytes, total: int) -> None:
    sent = 0
    while sent < total:
        n = min(len(data), total - sent)
        conn.sendall(data[:n])
        sent += n


def trickle_status(conn):
    for ch in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
        conn.sendall(bytes([ch]))
        time.sleep(1)


def trickle_body(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(100_000):
        conn.sendall(b"x")
        time.sleep(1)


def huge_body(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % (3 * GIB))
    _send_until_closed(conn, b"\0" * (1 << 20), 3 * GIB)


def huge_chunked_body(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n" % (1 << 20) + b"\0" * (1 << 20) + b"\r\n"
    _send_until_closed(conn, chunk, 3 * GIB)


def garbage_status(conn):
    conn.sendall(b"HELLO I AM NOT HTTP\r\n\r\n")


def truncated_body(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 10)


def long_header(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 100_000 + b"\r\nContent-Length: 0\r\n\r\n")


def many_headers(conn):
    conn.sendall(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(150))
                 + b"Content-Length: 0\r\n\r\n")


def silent_close(conn):
    pass


def redirect_with_credentials(conn):
    conn.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://alice:Sup3rSecret-pw@evil.example/store\r\n"
                 b"Content-Length: 0\r\n\r\n")


def error_echoing_credentials(conn):
    body = b"<html><body><p>bad url http://carol:EchoedPw-123@127.0.0.1/store</p></body></html>"
    conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def push(store, endpoint: str, timeout: float = 3, deadline: float = 60) -> tuple[int, str, str, float, int]:
    """Run ``summitkg push``; (exit code, stdout, stderr, seconds, peak RSS of the child in MB)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    for k in ("SUMMITKG_DEBUG", "SUMMITKG_USER", "SUMMITKG_PASSWORD"):
        env.pop(k, None)
    env["HOME"] = str(store.parent)      # no ~/.netrc
    t0 = time.monotonic()
    done = subprocess.run([CLI[0], "-c", _MEASURED] + CLI + ["push", "--store", str(store), "--endpoint", endpoint,
                                                             "--timeout", str(timeout), "--no-check"],
                          cwd=str(REPO), env=env, capture_output=True, text=True, timeout=deadline)
    seconds = time.monotonic() - t0
    err, _, peak_kb = done.stderr.rstrip("\n").rpartition("\n")
    return done.returncode, done.stdout, err, seconds, int(peak_kb) // 1024


# Runs the command in a child and prints its peak RSS (KB) as the last line on stderr.
_MEASURED = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")


def one_line(code: int, err: str, *mentions: str) -> str:
    assert code == 2, f"exit {code}: {err!r}"
    assert "Traceback" not in err and "internal error" not in err, err
    lines = [line for line in err.strip().splitlines() if line.strip() and not line.startswith("  sent ")]
    assert len(lines) == 1 and lines[0].startswith("summitkg: error:"), err
    for m in mentions:
        assert m.lower() in lines[0].lower(), lines[0]
    return lines[0]


@pytest.fixture
def server(request):
    srv = Hostile(request.param)
    yield srv
    srv.close()


@pytest.mark.parametrize("server", [trickle_status, trickle_body], indirect=True, ids=["headers", "body"])
def test_a_trickle_ends_at_the_deadline(seed_store, server):
    """A server sending one byte a second: ``--timeout 3`` ends the push near 3 s (before: never)."""
    code, _, err, seconds, _ = push(seed_store, server.url(), timeout=3)
    one_line(code, err, "within 3 s", "timed out")
    print(f"trickle ({server.answer.__name__}) ended after {seconds:.2f} s")
    assert seconds < 20


@pytest.mark.parametrize("server", [huge_body, huge_chunked_body], indirect=True, ids=["length", "chunked"])
def test_a_3_gib_answer_is_not_read_into_memory(seed_store, server):
    """Before: 3.1 GB of memory (6.2 GB chunked). Now reading stops at the 64 MB cap."""
    code, _, err, seconds, peak_mb = push(seed_store, server.url(), timeout=60, deadline=120)
    one_line(code, err, "answered more than 64 MB", "not read further")
    print(f"3 GiB answer ({server.answer.__name__}): stopped after {seconds:.2f} s, peak RSS {peak_mb} MB")
    assert peak_mb < 600, peak_mb


@pytest.mark.parametrize("server, says", [
    (garbage_status, "malformed HTTP answer"),
    (truncated_body, "cut its answer short"),
    (long_header, "over 64 KB"),
    (many_headers, "malformed HTTP answer"),
    (silent_close, "closed the connection without answering"),
], indirect=["server"], ids=["garbage-status", "truncated-body", "100-KB-header", "150-headers", "silent-close"])
def test_a_broken_answer_is_one_line_with_exit_2(seed_store, server, says):
    code, _, err, _, _ = push(seed_store, server.url(), timeout=10)
    one_line(code, err, says, f"127.0.0.1:{server.port}")


@pytest.mark.parametrize("server", [silent_close], indirect=True)
def test_credentials_in_the_endpoint_url_are_refused_and_never_printed(seed_store, server):
    code, out, err, _, _ = push(seed_store, server.url(userinfo="bob:S3cr3tPW-xyz@"), timeout=5)
    line = one_line(code, err, "credentials in the URL are not accepted", "SUMMITKG_USER")
    assert "S3cr3tPW-xyz" not in err + out and "bob:" not in line
    assert server.connections == 0, "something was sent to a URL with a password in it"


@pytest.mark.parametrize("server, secret", [(redirect_with_credentials, "Sup3rSecret-pw"),
                                            (error_echoing_credentials, "EchoedPw-123")],
                         indirect=["server"], ids=["redirect-location", "error-body"])
def test_credentials_a_server_sends_back_are_redacted(seed_store, server, secret):
    code, out, err, _, _ = push(seed_store, server.url(), timeout=5)
    line = one_line(code, err)
    assert secret not in err + out, line
    assert "***@" in line, line


def test_the_library_refuses_a_url_with_credentials():
    from summitkg.errors import UserError
    from summitkg.graph.publish import put_graph

    with pytest.raises(UserError) as info:
        put_graph("http://u:Pw-in-url@127.0.0.1:9/store", "http://example.org/g", b"", validate=False)
    assert "Pw-in-url" not in str(info.value) and "***@" in str(info.value)
