"""The endpoint's query page in headless Chromium: the catalogue as ready tabs, each declaring the
prefixes it uses (skgg:, skos: ...), a new tab with the usual prefixes, answers from our /query,
and no update endpoint anywhere on the page."""
from __future__ import annotations

import re
import time

import pytest

from test_endpoint import server  # noqa: F401  (summitkg serve on the seed store)
from test_viz_browser import CHROMEDRIVER, CHROMIUM, FLAGS, webdriver


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """Headless Chromium as the explorer's tests start it, but on line: the page talks to the
    server on the loopback (no other host is reachable from the page: its CSP allows only 'self')."""
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-endpoint')}")
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    yield drv
    drv.quit()


def _open(driver, port):
    driver.get(f"http://127.0.0.1:{port}/")
    end = time.monotonic() + 60
    while not driver.execute_script("return !!window.summitkgYasgui"):
        assert time.monotonic() < end, "the query page did not start YASGUI"
        time.sleep(0.1)


TABS = """
var y = window.summitkgYasgui;
return y.persistentConfig.getTabs().map(function (id) {
  var c = y.persistentConfig.getTab(id);   // what each tab holds, whether or not it was opened
  return { name: c.name, query: c.yasqe.value, config: JSON.stringify(c.requestConfig) };
});
"""


def test_the_page_lists_the_catalogue_as_tabs_with_their_prefixes(driver, server):
    from summitkg.graph.query import catalogue

    _open(driver, server["port"])
    tabs = driver.execute_script(TABS)
    by_name = {t["name"]: t for t in tabs}
    cat = catalogue()
    assert set(cat) <= set(by_name), set(cat) - set(by_name)
    for qid, q in cat.items():
        text = by_name[qid]["query"]
        assert text == q.text
        used = set(re.findall(r"(?<![\w:<])([a-z]+):[A-Za-z]", re.sub(r"<[^>]*>|\"[^\"]*\"|#.*", "", text)))
        declared = set(re.findall(r"PREFIX\s+([a-z]+):", text))
        assert used <= declared, (qid, used - declared)
    fresh = [t for t in tabs if t["name"] not in cat]
    assert fresh, "a tab for one's own query"
    for p in ("skg", "skgg", "skos", "rdfs"):
        assert f"PREFIX {p}:" in fresh[0]["query"]


def test_the_page_offers_no_update_endpoint(driver, server):
    _open(driver, server["port"])
    for t in driver.execute_script(TABS):
        urls = re.findall(r'"(https?://[^"]+)"', t["config"])
        assert urls and all(re.fullmatch(r"http://127\.0\.0\.1:\d+/query", u) for u in urls), t["config"]
    assert "/update" not in driver.page_source
    # a catalogued tab runs against our endpoint and shows rows
    driver.execute_script("var y = window.summitkgYasgui; var id = y.persistentConfig.getTabs().filter(function (i) {"
                          " return y.persistentConfig.getTab(i).name === 'summit-states'; })[0]; y.selectTabId(id);"
                          " window.skgTab = id;")
    time.sleep(1)
    driver.execute_script("window.summitkgYasgui.getTab(window.skgTab).getYasqe().query();")
    end = time.monotonic() + 30
    while time.monotonic() < end:
        text = driver.execute_script("return Array.from(document.querySelectorAll('.yasr'))"
                                     ".map(function (r) { return r.innerText; }).join(' ');")
        if "state" in text and re.search(r"\d+ results?", text):
            break
        time.sleep(0.2)
    else:
        pytest.fail("the summit-states tab showed no results")
