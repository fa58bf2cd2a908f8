"""A person's view: headless Chromium (Debian's package) driven by Playwright, with axe."""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from .conftest import clear_live_server_cache

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules/axe-core/axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls are ours and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    call_command("seed_demo", "--without-examples", stdout=open(os.devnull, "w"))  # noqa: SIM115
    clear_live_server_cache()  # after the seed: no page or counter of earlier tests
    # Reduced motion, as some people ask: the NLDS root scrolls smoothly, and a test that looks
    # where the page ends up (an error summary in view) must not look halfway.
    context = browser.new_context(bypass_csp=True, reduced_motion="reduce")
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.base_url = live_server.url
    yield page
    context.close()
    assert outside == [], f"requests outside the portal: {outside}"


def axe_violations(page):
    from playwright.sync_api import Error

    # On the page as it ends up: a click that sent a form may still be loading the next one
    # (axe once ran into a document that was being replaced), so wait, and once more if so.
    for attempt in (1, 2):
        page.wait_for_load_state("load")
        try:
            page.evaluate(AXE.read_text())
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                AXE_TAGS,
            )
            break
        except Error:
            if attempt == 2:
                raise
            page.wait_for_timeout(500)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def test_home_in_dutch_and_english_with_language_switch_and_no_axe_violation(page):
    page.goto(page.base_url + "/")
    assert page.get_attribute("html", "lang") == "nl"
    assert page.locator("h1").inner_text().startswith("Samenleving Voorop")
    assert axe_violations(page) == []

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text().startswith("Society first")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(page.base_url + "/")
    assert page.get_attribute("html", "lang") == "nl"


def test_skip_link_is_first_and_visible_on_focus(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    box = page.locator(".utrecht-skip-link").bounding_box()
    assert box and box["height"] > 0 and box["width"] > 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize(
    "path",
    [
        "/toegankelijkheid/",
        "/privacy/",
        "/en/accessibility/",
        "/en/privacy/",
        "/initiatieven/",
        "/loket/nieuwe-link/",
    ],
)
def test_statements_have_no_axe_violation(page, path):
    page.goto(page.base_url + path)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    assert page.locator("footer").get_by_role("link").count() >= 2
