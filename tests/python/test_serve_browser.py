"""The service's pages in a real browser: Debian's headless Chromium driven by selenium.

Saves a screenshot of the seed world's page of "Comrade Kim Goes Flying" to
$REELGRAPH_SCREENSHOT_DIR (when set) as comrade-kim.png.
"""

import os
import shutil

import pytest

pytest.importorskip("uvicorn", reason="the serve extra (starlette, uvicorn, jinja2) is not installed")
webdriver = pytest.importorskip("selenium.webdriver", reason="the serve-test extra (selenium) is not installed")

import reelgraph  # noqa: E402
from reelgraph.serve.testing import ServerProcess  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="Debian's chromium and chromium-driver are not installed (.ci/setup installs them)")
KIM = "comrade-kim-goes-flying"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "seed.rg"
    reelgraph.FilmGraph.seed_world().save(path)
    with ServerProcess(path) as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1500", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def koryo_ids():
    g = reelgraph.FilmGraph.seed_world()
    targets, _ = g.core.links(g.entity("company", "Koryo Group"))
    return {g.film_ids([t])[0] for t in targets if t < g.n_films} - {KIM}


def test_film_page_renders_its_see_also_list_with_koryo_group_first(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}/films/{KIM}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Comrade Kim Goes Flying"
    items = browser.find_elements(By.CSS_SELECTOR, ".see-also li.related-film")
    assert len(items) >= 4
    first_three = [i.get_attribute("data-film-id") for i in items[:3]]
    assert set(first_three) == koryo_ids()
    for item in items:
        link = item.find_element(By.CSS_SELECTOR, "a.related-title")
        assert link.is_displayed() and link.text
        reason = item.find_element(By.CSS_SELECTOR, ".reason")
        assert reason.is_displayed() and reason.text
    for item in items[:3]:
        assert "Koryo Group" in item.find_element(By.CSS_SELECTOR, ".reason").text
    # The stylesheet loaded: the list is laid out as a grid of cards.
    assert browser.find_element(By.CSS_SELECTOR, "ol.related").value_of_css_property("display") == "grid"
    folder = os.environ.get("REELGRAPH_SCREENSHOT_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        assert browser.save_screenshot(os.path.join(folder, "comrade-kim.png"))


def test_a_see_also_link_leads_to_that_films_page(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}/films/{KIM}")
    link = browser.find_element(By.CSS_SELECTOR, ".see-also li.related-film a.related-title")
    title = link.text
    link.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    assert browser.find_elements(By.CSS_SELECTOR, ".see-also h2")


def test_search_from_a_page_finds_the_film(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}/")
    box = browser.find_element(By.CSS_SELECTOR, "form[role=search] input[name=q]")
    box.send_keys("comrade kim goes flying")
    box.submit()
    hit = browser.find_element(By.CSS_SELECTOR, "ul.hits a")
    assert hit.text == "Comrade Kim Goes Flying"


def test_the_embed_script_fills_a_host_page(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # A host page of another origin (a file) that embeds the block by script.
    host = tmp_path / "host.html"
    host.write_text(f"""<!doctype html><html><body><h1>Our festival</h1>
<div id="box" data-reelgraph-film="{KIM}" data-k="3" data-href="https://festival.example/film/{{film_id}}"></div>
<script src="{server.url}/static/embed.js"></script></body></html>""", encoding="utf-8")
    browser.get(host.as_uri())
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#box li"))
    links = browser.find_elements(By.CSS_SELECTOR, "#box li a")
    assert len(links) == 3
    assert {a.get_attribute("href").rsplit("/", 1)[1] for a in links} == koryo_ids()


def test_the_embed_iframe_block_renders(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}/embed/films/{KIM}?k=3")
    items = browser.find_elements(By.CSS_SELECTOR, ".reelgraph-see-also li")
    assert {i.get_attribute("data-film-id") for i in items} == koryo_ids()
