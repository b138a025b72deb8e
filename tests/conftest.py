"""Shared fixtures: the bundled seed article, a store built from it once per
session (through the library), and a helper that runs the real CLI in a
subprocess and returns (exit code, stdout, stderr)."""
from __future__ import annotations

import os
import subprocess
import sys
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
