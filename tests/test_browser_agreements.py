"""A resident reads the society agreements: list, an agreement with its charts, the figures
as a table; accessible (axe) in Dutch and in English."""

import pytest
from django.core.management import call_command

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_resident_reads_an_agreement_with_its_charts(page):  # noqa: F811
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Samenlevingsakkoorden").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ambitieagenda zorg en welzijn").click()
    assert page.locator("h1").inner_text() == "Ambitieagenda zorg en welzijn"
    chart = page.get_by_role("img", name="Eenzaamheid onder volwassenen en ouderen")
    assert chart.count() == 1
    assert "Nulmeting 37,7%" in chart.locator("desc").text_content()
    page.get_by_text("De cijfers als tabel").first.click()
    assert page.locator("table").first.is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="English").click()
    assert "37.7%" in page.content()
    assert axe_violations(page) == []
    page.goto(page.base_url + "/samenlevingsakkoorden/jeugdhulp/")
    assert "doel nog niet vastgesteld" in page.content()
    assert axe_violations(page) == []

    # On a phone the chart is drawn at less than half its size; its labels stay readable.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.base_url + "/samenlevingsakkoorden/zorg-en-welzijn/")
    heights = [
        label.bounding_box()["height"] for label in page.locator(".kpi-chart__label").all()[:6]
    ]
    assert heights and min(heights) >= 9, heights
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
