"""Identity figures: build articles into a fresh store and print B-cubed precision and recall
of entity and deal clusters against the identity gold (``tests/identity/gold.yaml``).

    python benchmarks/identity.py [FOLDER ...]     (default: the repository's own articles)

Gold mentions of articles that are not built are left out, so the figures can be taken on the
repository's articles alone or with other texts the gold covers."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def main(argv: list[str]) -> int:
    from identity_score import score

    from summitkg.graph.build import build
    from summitkg.graph.store import open_read

    folders = [Path(a) for a in argv] or [REPO / "data" / "articles", REPO / "tests" / "data", REPO / "tests" / "dev"]
    with tempfile.TemporaryDirectory() as tmp:
        build(folders, Path(tmp) / "store", jobs=2)
        figures = score(open_read(Path(tmp) / "store"), REPO / "tests" / "identity" / "gold.yaml")
    print(f"articles {figures['articles']}")
    for kind in ("entities", "agreements"):
        f = figures[kind]
        print(f"{kind:10s} B3 precision {f['precision']:.3f} recall {f['recall']:.3f} "
              f"(found only: precision {f['found_precision']:.3f} recall {f['found_recall']:.3f}; "
              f"{f['mentions']} gold mentions, {f['not_found']} not found)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
