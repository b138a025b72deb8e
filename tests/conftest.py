"""Shared fixtures: the bundled seed article, a store built from it once per
session (through the library), and a helper that runs the real CLI in a
subprocess and returns (exit code, stdout, stderr)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO / "data" / "articles" / "c5plus1-white-house-2025-11-06.pl.txt"
CLI = [sys.executable, "-m", "summitkg.cli"]


def run_cli_cmd(*args, cwd: str | Path | None = None, timeout: float = 300,
                env: dict | None = None) -> tuple[int, str, str]:
    """Run ``summitkg ARGS...`` as a subprocess; (exit code, stdout, stderr)."""
    full_env = dict(os.environ)
    full_env.pop("SUMMITKG_DEBUG", None)
    full_env.setdefault("PYTHONIOENCODING", "utf-8")
    if env:
        full_env.update(env)
    done = subprocess.run(CLI + [str(a) for a in args], cwd=str(cwd or REPO), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout, env=full_env)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_article() -> Path:
    assert SEED_ARTICLE.is_file(), f"the bundled seed article is missing: {SEED_ARTICLE}"
    return SEED_ARTICLE


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_article) -> Path:
    """A store holding the seed article, built once by ``summitkg.graph.build.build``.

    Tests must treat it as read-only."""
    from summitkg.graph.build import build

    root = tmp_path_factory.mktemp("seed") / "store"
    report = build([seed_article], root)
    assert report.built == [str(seed_article)], report
    return root


@pytest.fixture(scope="session")
def run_cli():
    """``run_cli("query", "ID", "--store", DIR)`` -> (code, stdout, stderr)."""
    return run_cli_cmd


class Listener:
    """A loopback HTTP listener that records every connection and answers an empty SPARQL result."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    self.requests.append(conn.recv(65536).split(b"\r\n", 1)[0])
                    body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
                except OSError:
                    pass

    def close(self):
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()
