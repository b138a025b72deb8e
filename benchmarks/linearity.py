"""Extraction time against input size for inputs built to provoke super-linear work: one line
of repeated percentages, of repeated honorifics, of numbers and names with no sentence end, and
ordinary deal sentences repeated. Prints the median of 3 runs per size and the growth factor per
doubling (about 2 is linear, about 4 quadratic). A benchmark, not a test: timings vary with the
machine, so nothing here passes or fails.

    python benchmarks/linearity.py [--max-kb 512]
"""
from __future__ import annotations

import argparse
import statistics
import time

from summitkg.builders.article import article_from_text
from summitkg.builders.extract import extract

PATTERNS = {
    "repeated '1% '": "1% ",
    "repeated 'Mr. '": "Mr. ",
    "numbers and names, no full stop": "Kazakhmys 1,100 Harmon Ridge 2 400 tonnes of copper ",
    "deal sentences": ("Kazakhmys Corporation LLP and Harmon Ridge Copper LLC signed a $1.1 billion "
                       "agreement on copper in Astana on Tuesday, officials {n} said. "),
}


def _text(unit: str, size: int) -> str:
    parts, n, total = [], 0, 0
    while total < size:
        piece = unit.replace("{n}", str(n))       # distinct sentences, so none is a duplicate
        parts.append(piece)
        total += len(piece)
        n += 1
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-kb", type=int, default=512)
    args = ap.parse_args()
    sizes = [kb for kb in (16, 32, 64, 128, 256, 512, 1024, 2048) if kb <= args.max_kb]
    print("| input | " + " | ".join(f"{kb} KB" for kb in sizes) + " | growth per doubling |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for name, unit in PATTERNS.items():
        medians = []
        for kb in sizes:
            text = _text(unit, kb * 1024)
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                extract(article_from_text(text, source_path="linearity.txt", language="en"))
                runs.append(time.perf_counter() - t)
            medians.append(statistics.median(runs))
        growth = [b / a for a, b in zip(medians, medians[1:]) if a > 0]
        print(f"| {name} | " + " | ".join(f"{m:.2f} s" for m in medians)
              + f" | {statistics.median(growth):.2f}x |" if growth else " |")


if __name__ == "__main__":
    main()
