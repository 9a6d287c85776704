"""The built site in a real browser (Debian's chromium, driven by Playwright), served from
127.0.0.1: search, the business lookup, a task's verify section — and no request may leave
this machine."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site import fixture_repo
from tests.site.conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("没有 /usr/bin/chromium（apt-get install -y chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser: object) -> Iterator[tuple[object, list[str]]]:
    requests: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    try:
        yield tab, requests
    finally:
        context.close()
        foreign = [
            u
            for u in requests
            if urlsplit(u).hostname not in ("127.0.0.1", None)
            and not u.startswith(("data:", "blob:", "about:"))
        ]
        assert not foreign, f"requests left this machine: {foreign}"


def test_home_lookup_by_name_and_code(server: str, page: tuple[object, list[str]]) -> None:
    tab, requests = page
    tab.goto(server)  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)  # type: ignore[attr-defined]
    tab.fill("#sc-lookup-input", "测试007")  # type: ignore[attr-defined]
    tab.click("#sc-lookup-button")  # type: ignore[attr-defined]
    tab.wait_for_selector("#sc-lookup-results li")  # type: ignore[attr-defined]
    names = tab.inner_text("#sc-lookup-results")  # type: ignore[attr-defined]
    assert "广州市花都区测试007号餐饮有限公司" in names
    assert "登记状态：存续" in names  # put back from meta.json's values
    assert "找到 1 户" in tab.inner_text("#sc-lookup-status")  # type: ignore[attr-defined]
    code = fixture_repo.target_code(7)  # drawn: found by name and by code with its row
    tab.fill("#sc-lookup-input", code)  # type: ignore[attr-defined]
    tab.press("#sc-lookup-input", "Enter")  # type: ignore[attr-defined]
    tab.wait_for_function(  # type: ignore[attr-defined]
        "c => document.getElementById('sc-lookup-results').innerText.includes(c)", arg=code
    )
    assert "测试007" in tab.inner_text("#sc-lookup-results")  # type: ignore[attr-defined]
    fetched = [u for u in requests if "/lookup/" in u]
    assert len(fetched) <= 8  # a lookup reads a few shards, never the whole directory


def _never_drawn_code(site: Path) -> str:
    """A business in a draw's population that was never drawn: its code-shard line has a
    pattern and no row."""
    from spotcheck.site import lookup

    for shard_file in sorted((site / "lookup/codes").glob("*.txt")):
        for code, (pattern, row) in lookup.decode_codes(shard_file.read_bytes()).items():
            if pattern and row is None:
                return code
    raise AssertionError("the fixture has no never-drawn business in a population")


def test_lookup_finds_a_never_drawn_business_by_code(
    server: str, page: tuple[object, list[str]], built_site: Path
) -> None:
    """A never-drawn business has no published row, yet its code finds it: the page says it
    was never drawn and shows its ticket against each threshold of the draws it was in."""
    tab, requests = page
    code = _never_drawn_code(built_site)
    tab.goto(server)  # type: ignore[attr-defined]
    tab.fill("#sc-lookup-input", code)  # type: ignore[attr-defined]
    tab.press("#sc-lookup-input", "Enter")  # type: ignore[attr-defined]
    tab.wait_for_selector("#sc-lookup-results li a")  # type: ignore[attr-defined]
    assert "本单位尚未被抽中" in tab.inner_text("#sc-lookup-results")  # type: ignore[attr-defined]
    before = len(requests)
    tab.click("#sc-lookup-results li a")  # type: ignore[attr-defined]
    tab.wait_for_selector(".sc-business__tickets")  # type: ignore[attr-defined]
    shown = tab.inner_text("#sc-business")  # type: ignore[attr-defined]
    assert code in shown and "本单位尚未被抽中" in shown
    assert "本次未入选" in shown and "门槛" in shown
    fetched = [u for u in requests[before:] if "/lookup/" in u]
    assert not any("/lookup/rows/" in u or "/lookup/activity/" in u for u in fetched)
    assert len(fetched) <= 3  # meta, the code shard, draws.json
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "business-never-drawn.png"), full_page=True)  # type: ignore[attr-defined]


def test_lookup_shows_hostile_names_as_text(server: str, page: tuple[object, list[str]]) -> None:
    tab, _ = page
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    tab.goto(server)  # type: ignore[attr-defined]
    tab.fill("#sc-lookup-input", "javascript:alert")  # type: ignore[attr-defined]
    tab.click("#sc-lookup-button")  # type: ignore[attr-defined]
    tab.wait_for_selector("#sc-lookup-results li")  # type: ignore[attr-defined]
    assert "[x](javascript:alert(1))" in tab.inner_text("#sc-lookup-results")  # type: ignore[attr-defined]
    tab.goto(server + "tasks/2026-SCJG-01/")  # type: ignore[attr-defined]
    assert not dialogs


def test_lookup_leads_to_the_business_page(
    server: str, page: tuple[object, list[str]], fixture_root: Path
) -> None:
    """Home lookup → the one business page (`businesses/?id=…`), filled from the shards:
    registration, draws, results with a link to the row on the task's results page."""
    tab, requests = page
    results = sorted((fixture_root / "records/results/2026/2026-SCJG-01").glob("*.yaml"))
    code = results[0].stem
    tab.goto(server)  # type: ignore[attr-defined]
    tab.fill("#sc-lookup-input", code)  # type: ignore[attr-defined]
    tab.press("#sc-lookup-input", "Enter")  # type: ignore[attr-defined]
    tab.wait_for_selector("#sc-lookup-results li a")  # type: ignore[attr-defined]
    before = len(requests)
    tab.click("#sc-lookup-results li a")  # type: ignore[attr-defined]
    tab.wait_for_selector(".sc-business__record")  # type: ignore[attr-defined]
    assert f"businesses/?id={code}" in tab.url  # type: ignore[attr-defined]
    shown = tab.inner_text("#sc-business")  # type: ignore[attr-defined]
    for expected in (
        code,
        "法定代表人（负责人）",
        "被抽取记录",
        "检查结果",
        "信用记录",
        "2026-SCJG-01",
    ):
        assert expected in shown, expected
    assert "入选" in shown and "已公示的抽查检查" in shown
    # item names and the task's name come back from the shared tables of lookup/draws.json
    assert re.search(r"（SCJG-\d+）：", shown) and "企业公示信息不定向抽查" in shown
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "business.png"), full_page=True)  # type: ignore[attr-defined]
    # the business page reads meta, a code shard, a row chunk and an activity shard
    fetched = [u for u in requests[before:] if "/lookup/" in u]
    # (and the draws table, for its tickets)
    assert any("/lookup/activity/" in u for u in fetched) and len(fetched) <= 5
    link = tab.locator(".sc-business__results a", has_text="2026-SCJG-01").first  # type: ignore[attr-defined]
    link.click()
    tab.wait_for_selector(f"tr[id='{code}']")  # type: ignore[attr-defined]
    assert "/results/2026-SCJG-01/" in tab.url and tab.url.endswith("#" + code)  # type: ignore[attr-defined]


def test_business_page_shows_hostile_text_as_text(
    server: str, page: tuple[object, list[str]]
) -> None:
    tab, _ = page
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    # target 2 (drawn, so its row is published) is named with a Markdown javascript: link;
    # target 1 (the <script> name) was never drawn: its page shows its code, not its name
    tab.goto(server + "businesses/?id=" + fixture_repo.target_code(2))  # type: ignore[attr-defined]
    tab.wait_for_selector(".sc-business-name")  # type: ignore[attr-defined]
    assert tab.inner_text(".sc-business-name") == fixture_repo.HOSTILE_LINK  # type: ignore[attr-defined]
    assert tab.locator("#sc-business a[href^='javascript']").count() == 0  # type: ignore[attr-defined]
    tab.goto(server + "businesses/?id=" + fixture_repo.target_code(1))  # type: ignore[attr-defined]
    tab.wait_for_selector(".sc-business-name")  # type: ignore[attr-defined]
    assert tab.inner_text(".sc-business-name") == fixture_repo.target_code(1)  # type: ignore[attr-defined]
    assert tab.locator("#sc-business script").count() == 0  # type: ignore[attr-defined]
    tab.goto(server + "businesses/?id=not-a-code")  # type: ignore[attr-defined]
    tab.wait_for_function(  # type: ignore[attr-defined]
        "() => document.getElementById('sc-business-status').textContent.includes('统一社会信用代码')"
    )
    assert not dialogs


def test_search_finds_a_business_in_chinese(server: str, page: tuple[object, list[str]]) -> None:
    tab, _ = page
    tab.goto(server)  # type: ignore[attr-defined]
    tab.click("input.md-search__input")  # type: ignore[attr-defined]
    tab.fill("input.md-search__input", "餐饮")  # type: ignore[attr-defined]
    # Material starts a search on key events; fill() alone (like an IME) sends none
    tab.press("input.md-search__input", "End")  # type: ignore[attr-defined]
    tab.wait_for_selector(".md-search-result__item")  # type: ignore[attr-defined]
    found = tab.inner_text(".md-search-result")  # type: ignore[attr-defined]
    assert "餐饮" in found
    links = tab.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__link", "els => els.map(e => e.getAttribute('href'))"
    )
    assert not any("businesses/" in link for link in links)


def test_task_verify_section(server: str, page: tuple[object, list[str]]) -> None:
    tab, _ = page
    tab.goto(server + "tasks/2026-SCJG-01/#verify")  # type: ignore[attr-defined]
    heading = tab.locator("h2#verify")  # type: ignore[attr-defined]
    heading.wait_for()
    assert "核验本次抽取" in heading.inner_text()
    verify = tab.inner_text(".sc-verify")  # type: ignore[attr-defined]
    assert "spotcheck draw verify 2026-SCJG-01" in verify and "sha256sum" in verify
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "task.png"), full_page=False)  # type: ignore[attr-defined]
    link = tab.locator(".sc-verify a", has_text="抽取结果").first  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    # the draw file is published gzip-compressed (generator/site/evidence.py)
    assert href and re.search(r"downloads/draws/2026/2026-SCJG-01/draw\.yaml\.gz$", href)
    response = tab.request.get(server + "downloads/draws/2026/2026-SCJG-01/draw.yaml.gz")  # type: ignore[attr-defined]
    assert response.ok and b"threshold" in gzip.decompress(response.body())


# --- the three users' pages at a phone's and a desktop's width (issue #12) --------------------

WIDTHS = {"phone": 390, "desktop": 1366}


def key_pages(fixture_root: Path) -> dict[str, str]:
    selected = sorted((fixture_root / "records/results/2026/2026-SCJG-01").glob("*.yaml"))[0].stem
    return {
        "home": "",
        "task": "tasks/2026-SCJG-01/",
        "results": "results/2026-SCJG-01/",
        "business": f"businesses/?id={selected}",
        "stats": "stats/",
        "overdue": "stats/overdue/",
        "plan-draft": "stats/plan/SCJG/",  # next year's draft plan of one department
        "audit": "audit/",
        "downloads": "downloads/",
    }


# code, ids and dates in tables: each must stay on one line (a file path may wrap after a "/";
# a long ticket, seed or digest in a key-value table or a commit's trailers may wrap: a number,
# not an id people read)
UNWRAPPED = """() => {
  const broken = [];
  for (const el of document.querySelectorAll(
      ".sc-table td code:not(.sc-ticket):not(.sc-path), .sc-table td.sc-nowrap, " +
      ".sc-table td a code, .sc-results td:nth-child(3), .sc-results td:nth-child(7)")) {
    if (el.closest(".sc-kv, .sc-trailers")) continue;
    if (el.tagName === "TD") {
      if (getComputedStyle(el).whiteSpace !== "nowrap") broken.push("td: " + el.textContent);
    } else if (el.getClientRects().length > 1) {
      broken.push(el.textContent);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
def test_key_pages_fit_the_screen(
    server: str, browser: object, fixture_root: Path, width: str
) -> None:
    """No page scrolls sideways (wide tables scroll inside their own box) and no code, id or
    date in a table breaks inside; the screenshots are saved for people to look at."""
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    heights = {}
    try:
        for name, path in key_pages(fixture_root).items():
            tab.goto(server + path)
            if name == "business":
                tab.wait_for_selector(".sc-business__tickets")
            overflow = tab.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert overflow[0] <= overflow[1], (name, overflow)
            assert tab.evaluate(UNWRAPPED) == [], name
            heights[name] = tab.evaluate("() => document.documentElement.scrollHeight")
            tab.screenshot(path=str(ARTIFACTS / f"{name}-{WIDTHS[width]}.png"), full_page=True)
    finally:
        context.close()
    # a results page no longer grows a screen per row on a phone
    assert heights["results"] < 4000, heights


def open_search(tab: object, width: int) -> None:
    """Put the cursor in the site's search box (on a phone, the magnifier opens it first)."""
    if width < 960:
        tab.click("label.md-header__button[for=__search]")  # type: ignore[attr-defined]
        tab.wait_for_function("() => document.activeElement.matches('input.md-search__input')")  # type: ignore[attr-defined]
    else:
        tab.click("input.md-search__input")  # type: ignore[attr-defined]


def search_for(tab: object, text: str) -> None:
    tab.fill("input.md-search__input", text)  # type: ignore[attr-defined]
    tab.wait_for_function(  # type: ignore[attr-defined]
        "t => { const s = document.querySelector('.sc-search__status');"
        " return s && s.dataset.query === t; }",
        arg=text,
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_site_search_finds_businesses_and_pages(
    server: str, browser: object, fixture_root: Path, width: str
) -> None:
    """The search index (Pagefind) is not requested until the search box is used; typing a
    company's name or credit code lists the business first, and its link opens the business
    page; a task id finds the task page; the box speaks Chinese and passes axe."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    ARTIFACTS.mkdir(exist_ok=True)
    code = fixture_repo.target_code(7)
    name = "广州市花都区测试007号餐饮有限公司"
    try:
        for query in (name, code):
            tab.goto(server + "tasks/")
            tab.wait_for_load_state("networkidle")
            assert not [u for u in requests if "/pagefind/" in u]
            open_search(tab, WIDTHS[width])
            search_for(tab, query)
            assert [u for u in requests if "/pagefind/pagefind.js" in u]
            tab.wait_for_selector(".sc-search-businesses a")
            first = tab.locator(".md-search-result a").first
            assert name in first.inner_text() and code in first.inner_text()
            shot = "name" if query == name else "code"
            tab.screenshot(path=str(ARTIFACTS / f"search-{shot}-{WIDTHS[width]}.png"))
            first.click()
            tab.wait_for_selector(".sc-business__record")
            assert f"businesses/?id={code}" in tab.url
            requests.clear()
        tab.goto(server + "tasks/")
        open_search(tab, WIDTHS[width])
        search_for(tab, "2026-SCJG-01")
        hrefs = tab.eval_on_selector_all(".sc-search__pages a", "els => els.map(e => e.href)")
        assert hrefs and hrefs[0].endswith("/tasks/2026-SCJG-01/"), hrefs
        # the box's own words (placeholder, labels, status), not the pages' text it quotes
        shown = tab.evaluate(
            """() => { const box = document.querySelector('.md-search__inner').cloneNode(true);
              box.querySelectorAll('.md-search-result__list, .sc-search-businesses__list')
                .forEach(e => e.remove());
              const input = document.querySelector('input.md-search__input');
              return box.innerText + ' ' + input.placeholder + ' ' +
                [...document.querySelectorAll('.md-search [aria-label], .md-search [title]')]
                  .map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))
                  .join(' ');
            }"""
        )
        english = [w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", shown) if not w.isupper()]
        assert not english, english
        overflow = tab.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], overflow
        serious = [
            (v["id"], v["nodes"][0]["target"])
            for v in Axe().run(tab).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, serious
    finally:
        context.close()
    foreign = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None)]
    assert not foreign, foreign


def test_business_page_shows_its_own_ticket(
    server: str, page: tuple[object, list[str]], fixture_root: Path
) -> None:
    """Fairness in one click: the business page computes the business's ticket from the
    published seed, the same ticket the draw file lists, beside the threshold and verdict."""
    tab, _ = page
    draw = (fixture_root / "records/draws/2026/2026-SCJG-01/draw.yaml").read_text(encoding="utf-8")
    code, ticket = re.findall(r'target: "([0-9A-Z]{18})"\n\s+ticket: "([0-9.]+)"', draw)[0]
    tab.goto(server + f"businesses/?id={code}")  # type: ignore[attr-defined]
    tab.wait_for_selector(".sc-business__tickets")  # type: ignore[attr-defined]
    shown = tab.eval_on_selector_all(  # type: ignore[attr-defined]
        ".sc-business__tickets code", "els => els.map(e => e.title)"
    )
    assert ticket in shown
    text = tab.inner_text(".sc-business__tickets")  # type: ignore[attr-defined]
    assert "入选" in text and "核验" in text and "2026-SCJG-01" in text


@pytest.mark.parametrize("width", list(WIDTHS))
def test_key_pages_have_no_serious_accessibility_violations(
    server: str, browser: object, fixture_root: Path, width: str
) -> None:
    """axe-core on the key pages at both widths: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    found = []
    try:
        for name, path in key_pages(fixture_root).items():
            tab.goto(server + path)
            if name == "business":
                tab.wait_for_selector(".sc-business__tickets")
            for violation in axe.run(tab).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    found.append((name, violation["id"], violation["nodes"][0]["target"]))
    finally:
        context.close()
    assert not found, found
