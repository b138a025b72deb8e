"""What a build remembers of its input files, so an unchanged article costs a read and a hash.

Reading an article (decoding, language detection, finding its date) costs tens of milliseconds;
deciding it is unchanged needs only its fingerprint. The fingerprint is a function of the
file's bytes, its name and the ``--lang`` given, so ``STORE/summitkg-inputs.json`` maps the
SHA-256 of those to the article id, fingerprint and reading warnings the last build found.
A file whose key is there and whose fingerprint the store holds is unchanged without being
read as an article. Entries are pruned to the articles the store holds; ``--force`` ignores
them; the file is a cache (deleting it costs one slower build, nothing else).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import summitkg

from .atomic import write_atomic

NAME = "summitkg-inputs.json"
PATH_MARK = "\x00path\x00"
NO_ENTITIES = ": no people, states or organisations found;"     # the extractor's, see build_workers


class InputCache:
    def __init__(self, root: Path, entries: dict[str, list]):
        self.root, self.entries, self.added = root, entries, False

    @classmethod
    def load(cls, root: str | Path) -> "InputCache":
        root = Path(root)
        try:
            data = json.loads((root / NAME).read_text(encoding="utf-8"))
            entries = data["entries"] if data.get("version") == summitkg.__version__ else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(root, entries if isinstance(entries, dict) else {})

    @staticmethod
    def key(path: Path, language: str | None, max_bytes: int) -> str | None:
        """The SHA-256 of the file's bytes, name and language option; None when the file is not
        a small regular file (the article reader then gives its error)."""
        try:
            st = os.stat(path)
            if st.st_size > max_bytes or not os.path.isfile(path):
                return None
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError:
            return None
        h = hashlib.sha256(data)
        h.update(b"\x00" + os.fsencode(Path(path).name) + b"\x00" + (language or "").encode())
        return h.hexdigest()

    def unchanged(self, key: str | None, path: Path, known: dict):
        """A build's result tuple for an unchanged article, or None if it must be read."""
        entry = self.entries.get(key) if key else None
        if not entry:
            return None
        aid, fp, warnings = entry[0], tuple(entry[1]), entry[2]
        if known.get(aid) != fp:
            return None
        return aid, fp, None, 0, [w.replace(PATH_MARK, str(path)) for w in warnings]

    def remember(self, key: str | None, path: Path, result) -> None:
        aid, fp, _data, _n, warnings = result
        if key and self.entries.get(key, [None])[0] != aid:
            self.added = True
        if key:      # the reading warnings an unchanged article reports (not the extractor's)
            self.entries[key] = [aid, list(fp), [w.replace(str(path), PATH_MARK, 1) for w in warnings
                                                if w.startswith(str(path)) and NO_ENTITIES not in w]]

    def save(self, stored: dict) -> None:
        """Write the entries of the articles in ``stored`` (id -> fingerprint), atomically."""
        keep = {k: v for k, v in self.entries.items() if stored.get(v[0]) == tuple(v[1])}
        if not self.added and len(keep) == len(self.entries):
            return
        write_atomic(self.root / NAME, json.dumps({"version": summitkg.__version__, "entries": keep},
                                                  separators=(",", ":"), sort_keys=True))
