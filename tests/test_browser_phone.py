"""On a phone (390 px): no page scrolls sideways, the menu folds behind one button that
works without JavaScript, key-value lists put the label above the value; axe finds nothing,
also with the menu open."""

import pytest

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def scrolls_sideways(tab):
    return tab.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.fixture
def with_agreements(page):  # noqa: F811
    from agreements import demo as agreements_demo
    from leusden_portal.accounts.models import User

    agreements_demo.load(User.objects.get(email="programma@leusden.example"))
    return page


def test_pages_fit_a_phone_and_the_menu_folds(with_agreements):
    from agreements.models import Agreement

    tab = with_agreements
    tab.set_viewport_size({"width": 390, "height": 800})
    agreement = Agreement.objects.first()
    for path in [
        "/",
        "/loket/indienen/",
        "/initiatieven/",
        "/loket/cijfers/",
        "/samenlevingsakkoorden/",
        agreement.get_absolute_url(),
        "/raad/",
        "/en/",
    ]:
        tab.goto(tab.base_url + path)
        assert not scrolls_sideways(tab), path
        assert tab.locator(".portal-nav--wide").is_hidden(), path
    # Facts as label over value: each value starts below its label, at the same left edge.
    tab.goto(tab.base_url + agreement.get_absolute_url())
    label = tab.locator(".portal-facts dt").first.bounding_box()
    value = tab.locator(".portal-facts dd").first.bounding_box()
    assert value["y"] >= label["y"] + label["height"] - 1 and abs(value["x"] - label["x"]) < 2
    assert axe_violations(tab) == []

    # The menu: one button; pressed, the links show and lead on.
    tab.goto(tab.base_url + "/")
    menu = tab.locator(".portal-menu")
    assert menu.get_by_role("link", name="Initiatieven").is_hidden()
    menu.get_by_text("Menu").click()
    assert menu.get_by_role("link", name="Initiatieven").is_visible()
    assert axe_violations(tab) == []
    menu.get_by_role("link", name="Initiatieven").click()
    tab.wait_for_url("**/initiatieven/")


def test_the_folded_menu_works_without_javascript(browser, live_server, page):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    tab.locator(".portal-menu summary").click()
    tab.locator(".portal-menu").get_by_role("link", name="Samenlevingsakkoorden").click()
    tab.wait_for_url("**/samenlevingsakkoorden/")
    context.close()


def test_on_a_wide_screen_the_menu_is_a_row_of_links(page):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/")
    assert page.locator(".portal-menu").is_hidden()
    assert page.locator(".portal-nav--wide").get_by_role("link", name="Initiatieven").is_visible()
    # Two menus in the page, one of them display:none: a screen reader meets one.
    assert page.get_by_role("navigation", name="Hoofdmenu").count() == 1
