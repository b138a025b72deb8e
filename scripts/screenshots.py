#!/usr/bin/env python3
"""Regenerate the explorer screenshots in docs/ with headless Chromium (no network).

    python scripts/screenshots.py [--out docs]

- docs/seed-graph.png: the bundled article (data/articles) alone, as `summitkg viz` draws it;
- docs/explorer-corpus.png: the corpus view of the bundled article, tests/data and three of
  tests/cases (about 300 nodes);
- docs/explorer-article.png: the same page opened on the bundled article's own view.

Needs Debian's chromium and chromium-driver and selenium (the `test` extra).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "articles" / "c5plus1-white-house-2025-11-06.pl.txt"


def corpus() -> list[Path]:
    return ([REPO / "data" / "articles"] + sorted((REPO / "tests" / "data").glob("*.txt"))
            + sorted((REPO / "tests" / "cases").glob("*/article.txt"))[:3])


def page(articles: list[Path], out: Path, tmp: Path, name: str, article: str | None = None) -> Path:
    from summitkg.graph.build import build
    from summitkg.graph.projection import project
    from summitkg.graph.store import open_read
    from summitkg.graph.viz import write_html

    store = tmp / f"{name}-store"
    if not store.exists():
        build(articles, store)
    html = tmp / f"{name}.html"
    write_html(project(open_read(store)), html, article=article)
    return html


def shoot(driver, html: Path, png: Path) -> None:
    driver.get(html.as_uri())
    deadline = time.monotonic() + 120
    while not driver.execute_script("return !!(window.summitkg && window.summitkg.ready)"):
        if time.monotonic() > deadline:
            raise SystemExit(f"{html}: the layout did not finish")
        time.sleep(0.1)
    time.sleep(0.5)
    driver.save_screenshot(str(png))
    print(f"wrote {png}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "docs"), help="folder for the PNG files")
    args = ap.parse_args()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900",
                 "--hide-scrollbars"):
        opts.add_argument(flag)
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="skg-shots-") as tmp_name:
        tmp = Path(tmp_name)
        opts.add_argument(f"--user-data-dir={tmp / 'profile'}")
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=opts)
        try:
            shoot(driver, page([BUNDLED], out, tmp, "bundled"), out / "seed-graph.png")
            shoot(driver, page(corpus(), out, tmp, "corpus"), out / "explorer-corpus.png")
            shoot(driver, page(corpus(), out, tmp, "corpus", article=BUNDLED.name), out / "explorer-article.png")
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
