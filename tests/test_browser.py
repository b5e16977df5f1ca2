"""The web page and the HTML report in a real Chromium, driven by Playwright.

Chromium is Debian's ``/usr/bin/chromium``, installed by ``make browser`` (and by ``.ci/run``);
without it the tests are skipped, saying why, except in CI (``CI`` set), where they fail.
Playwright's own browser downloads are never used. Screenshots go to
``test-output/`` (git-ignored).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_support import CHROMIUM_ARGS, build_store, build_world, chromium_or_reason, live_app

pytestmark = pytest.mark.browser

OUTPUT = Path(__file__).resolve().parent.parent / "test-output"
WORLD = build_world()
LOCATED = sorted(i.id for i in WORLD["incidents"] if i.place and i.place.lat is not None)
DATED = sorted(i.id for i in WORLD["incidents"] if i.date and i.date.start)


@pytest.fixture(scope="session")
def chromium():
    path, reason = chromium_or_reason()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI installs it with scripts/ci-chromium.sh)")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("browser") / "browser.db")


@pytest.fixture(scope="session")
def base_url(store_path):
    with live_app(store_path) as url:
        yield url


@pytest.fixture
def problems() -> list[str]:
    """Console errors and warnings, uncaught exceptions and dialogs the page produced."""
    return []


@pytest.fixture
def page(chromium, problems):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def marker_ids(page) -> list[str]:
    return sorted(page.eval_on_selector_all("#map circle.marker",
                                            "els => els.map(e => e.dataset.id)"))


def timeline_ids(page) -> list[str]:
    return sorted(page.eval_on_selector_all(
        "#timeline rect.bar", "els => els.flatMap(e => e.dataset.ids.split(' '))"))


def test_page_loads_without_errors_and_maps_each_located_incident_once(page, problems, base_url):
    page.goto(base_url + "/")
    page.wait_for_selector("#incident-list li.incident")
    page.wait_for_selector("#map circle.marker")
    assert marker_ids(page) == LOCATED
    assert timeline_ids(page) == DATED
    assert page.locator("#incident-list li.incident").count() == len(WORLD["incidents"])
    assert page.locator("#map .countries path").count() == 177
    screenshot(page, "web-overview.png")
    assert problems == []


def test_clicking_an_incident_shows_its_sources_and_conflicting_figures(page, problems, base_url):
    page.goto(base_url + "/")
    page.click("#incident-list li.incident[data-id='inc-green-zone']")
    detail = page.locator("#detail-card")
    detail.locator(".conflict .side").first.wait_for()
    sides = detail.locator(".conflict[data-field='munitions'] .side")
    assert sides.count() == 2
    values = sorted(sides.locator(".claim-value").all_text_contents())
    assert values == ["5", "8"]
    said = sides.locator(".said-by").all_text_contents()
    assert sorted(said) == ["a security source (AFP)", "the military"]
    sources = detail.locator(".sources li.source")
    assert sources.count() == 2
    assert "Rockets target US embassy in Baghdad" in sources.first.text_content()
    assert sources.first.locator("a").get_attribute("href") == "https://example.org/d-afp"
    # the first source opens with its claims marked in the text
    marks = sources.first.locator(".doc-text mark")
    marks.first.wait_for()
    assert marks.first.text_content().startswith("Five rockets struck the Green Zone")
    assert page.locator("#map circle.marker.selected").get_attribute("data-id") == \
        "inc-green-zone"
    page.evaluate("window.scrollTo(0, 0)")
    shot = screenshot(page, "web-incident.png")
    assert shot.stat().st_size > 10_000
    assert problems == []


def test_article_html_is_shown_as_text_and_never_runs(page, problems, base_url):
    page.goto(base_url + "/#incident=inc-aleppo")
    page.locator("#detail-card .doc-text").wait_for()
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.locator("#detail-card .summary")\
        .text_content()
    assert page.locator("#detail-card .doc-text img, #detail-card script").count() == 0
    assert problems == []


def test_search_box_and_filters_narrow_the_list_map_and_timeline(page, problems, base_url):
    from playwright.sync_api import expect   # waits without eval, which the page's CSP forbids

    page.goto(base_url + "/")
    expect(page.locator("#map circle.marker")).to_have_count(len(LOCATED))
    page.fill("input[name=q]", "rockets")
    page.click("#filters button[type=submit]")
    expect(page.locator("#incident-list li.incident")).to_have_count(1)
    expect(page.locator("#map circle.marker")).to_have_count(1)
    assert marker_ids(page) == ["inc-green-zone"]
    assert "q=rockets" in page.url
    page.click("#clear")
    expect(page.locator("#map circle.marker")).to_have_count(len(LOCATED))
    page.select_option("select[name=event_type]", "Battles")
    page.click("#filters button[type=submit]")
    expect(page.locator("#incident-list li.incident")).to_have_count(1)
    assert page.locator("#incident-list li.incident").get_attribute("data-id") == "inc-mosul"
    assert problems == []


def test_report_file_works_offline_with_every_incident_on_map_and_timeline(
        chromium, store_path, tmp_path):
    from sitrep.present.report import write_report
    from sitrep.store import Store

    with Store.open(store_path) as store:
        report = write_report(store, tmp_path / "report.html")
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    attempted: list[str] = []

    def offline(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(report.as_uri())
        page.wait_for_selector("#map circle.marker")
        assert marker_ids(page) == LOCATED
        assert timeline_ids(page) == DATED
        cards = page.eval_on_selector_all("#cards .card", "els => els.map(e => e.dataset.id)")
        assert sorted(cards) == sorted(i.id for i in WORLD["incidents"])
        # a marker leads to its card
        page.click("#map circle.marker[data-id='inc-kabul']")
        page.wait_for_selector("#incident-inc-kabul.flash")
        page.fill("#filter", "Mosul")
        assert page.locator("#cards .card:visible").count() == 1
        page.fill("#filter", "")
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "report.png")
        assert attempted == []
        assert problems == []
    finally:
        context.close()


# ----------------------------------------------------------------------------- the desk


def test_facets_narrow_the_list_and_paging_goes_into_history(page, problems, base_url):
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    facet = page.locator(".facet[data-facet='country'] a[data-value='IQ']")
    expect(facet).to_have_text("Iraq")
    assert facet.locator("xpath=..").locator(".count").text_content() == "2"
    assert page.locator(".facet").count() == 5
    facet.click()
    expect(page.locator("#incident-list li.incident")).to_have_count(2)
    assert "country=IQ" in page.url
    expect(page.locator("#active-filters button")).to_have_text(["country: IQ ×"])
    # the facets now count within the filter: one Iraqi region each
    expect(page.locator(".facet[data-facet='admin1'] li")).to_have_count(2)
    page.locator(".facet[data-facet='admin1'] a[data-value='IQ|Nineveh']").click()
    expect(page.locator("#incident-list li.incident")).to_have_count(1)
    assert "admin1=Nineveh" in page.url
    screenshot(page, "web-facets.png")
    page.go_back()                          # the history holds each step
    expect(page.locator("#incident-list li.incident")).to_have_count(2)
    page.go_back()
    expect(page.locator("#incident-list li.incident")).to_have_count(len(WORLD["incidents"]))
    assert problems == []


def test_downloads_carry_the_current_filter(page, problems, base_url):
    from playwright.sync_api import expect

    page.goto(base_url + "/?event_type=Battles")
    expect(page.locator("#incident-list li.incident")).to_have_count(1)
    for fmt in ("csv", "geojson", "json"):
        link = page.locator(f"#download-{fmt}")
        assert link.get_attribute("href") == f"/api/export.{fmt}?event_type=Battles"
        with page.expect_download() as caught:
            link.click()
        download = caught.value
        assert download.suggested_filename == f"sitrep-incidents.{fmt}"
        body = Path(download.path()).read_text(encoding="utf-8")
        assert "inc-mosul" in body and "inc-kabul" not in body
    assert problems == []


def test_a_figure_leads_to_its_claims_and_a_claim_to_its_marked_sentence(page, problems,
                                                                        base_url):
    from playwright.sync_api import expect

    page.goto(base_url + "/#incident=inc-green-zone")
    figure = page.locator("#detail-card a.figure-link[data-field='munitions']")
    figure.wait_for()
    figure.click()
    claims = page.locator("#claims-munitions")
    expect(claims).to_have_class("flash")
    expect(claims.locator("li")).to_have_count(2)
    # the Reuters report's claim: its text opens with the sentence marked and in view
    second = claims.locator("a.claim-link").nth(1)
    claim_id = second.get_attribute("data-claim")
    second.click()
    mark = page.locator(f"#detail-card mark[id='claim-{claim_id}']")
    expect(mark).to_have_class("flash")
    assert mark.text_content().startswith("The military said eight rockets")
    expect(mark).to_be_in_viewport()
    screenshot(page, "web-claim.png", full_page=False)
    assert problems == []


def test_a_page_past_the_end_says_so_and_leads_back(page, problems, base_url):
    from playwright.sync_api import expect

    page.goto(base_url + "/?offset=500")
    empty = page.locator("#incident-list li.empty")
    expect(empty).to_contain_text("past the end")
    expect(empty).to_contain_text("6 incidents")
    empty.locator("button").click()
    expect(page.locator("#incident-list li.incident")).to_have_count(len(WORLD["incidents"]))
    assert "offset" not in page.url
    assert problems == []


def test_docs_work_offline(chromium, base_url):
    context = chromium.new_context()
    elsewhere: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        base_url) else (elsewhere.append(route.request.url), route.abort()))
    page = context.new_page()
    try:
        page.goto(base_url + "/docs")
        page.locator(".opblock-summary-path").first.wait_for()
        paths = page.locator(".opblock-summary-path").all_text_contents()
        assert "/api/incidents" in paths and "/api/facets" in paths
        assert elsewhere == []
        screenshot(page, "web-docs.png", full_page=False)
    finally:
        context.close()


def test_the_report_at_390_px_has_no_horizontal_scroll_and_its_map_pans(chromium, store_path,
                                                                        tmp_path):
    from sitrep.present.report import write_report
    from sitrep.store import Store

    with Store.open(store_path) as store:
        report = write_report(store, tmp_path / "report.html")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        page.wait_for_selector("#map circle.marker")
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] == 390
        wide = page.eval_on_selector_all(      # (an SVG's drawing is clipped by the SVG)
            "body *:not(svg *)", "els => els.filter(e => e.getBoundingClientRect().right > 391)"
                                 ".map(e => e.tagName + '.' + e.getAttribute('class'))")
        assert wide == []
        screenshot(page, "report-390.png", full_page=False)
        before = page.get_attribute("#map", "viewBox")
        box = page.locator("#map").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 80, y + 30, steps=5)
        page.mouse.up()
        after = page.get_attribute("#map", "viewBox")
        bx, by = map(float, before.split()[:2])
        ax, ay = map(float, after.split()[:2])
        assert ax > bx and ay < by                 # dragged left and down: the view moved
    finally:
        context.close()


def test_the_report_uses_the_width_of_a_large_screen(chromium, store_path, tmp_path):
    from sitrep.present.report import write_report
    from sitrep.store import Store

    with Store.open(store_path) as store:
        report = write_report(store, tmp_path / "report.html")
    context = chromium.new_context(viewport={"width": 2400, "height": 1200})
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        page.wait_for_selector("#cards .card")
        width = page.evaluate("document.querySelector('#cards').getBoundingClientRect().width")
        assert width > 2200
        tops = page.eval_on_selector_all("#cards .card",
                                         "els => els.map(e => e.getBoundingClientRect().top)")
        assert len({round(t) for t in tops}) < len(tops)        # cards side by side
        screenshot(page, "report-wide.png", full_page=False)
    finally:
        context.close()
