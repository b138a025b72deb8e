"""The command line run as a user runs it (a subprocess), and a store's N-Quads for comparing
two stores line by line: shared by the tests of whole builds, curation and removal."""
from __future__ import annotations

import subprocess
import sys


def cli(*args, check=True):
    done = subprocess.run([sys.executable, "-m", "summitkg.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def nq(store) -> list[str]:
    return sorted(cli("export", "--store", store, "--format", "nq").stdout.splitlines())
