"""Errors as a person meets them in Chromium: one summary at the top of the form that has the
focus and is in view, "Fout: " before the page title, each entry a link that moves to its
field, the message beside the field, what was typed kept; axe finds nothing in that state, at
1280 and at 390 px."""

import pytest

from initiatives import services
from initiatives.models import Initiative

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_initiatives import make_initiative

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]


def focused(tab):
    return tab.evaluate("document.activeElement && document.activeElement.id")


def in_view(tab, selector):
    """Whether the element is on screen. The NLDS root scrolls smoothly; the tests ask for
    reduced motion (as some people do) so that the page is where it ends up at once."""
    box = tab.locator(selector).bounding_box()
    height = tab.viewport_size["height"]
    return box is not None and -2 <= box["y"] < height  # -2: subpixel rounding


def the_error_summary(tab):
    """The page after a refused form: "Fout: " in its title and one error summary, which has
    the focus and is on screen. Returns the summary."""
    assert tab.title().startswith("Fout: ")
    summary = tab.locator("[data-error-summary]")
    assert summary.count() == 1
    assert focused(tab) == summary.get_attribute("id")
    assert in_view(tab, "[data-error-summary]")
    return summary


@pytest.mark.parametrize("width", WIDTHS)
def test_an_incomplete_submission_shows_one_summary_that_leads_to_each_field(
    page,  # noqa: F811
    width,
):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(reduced_motion="reduce")
    page.goto(page.base_url + "/loket/indienen/")
    page.get_by_label("Beschrijf uw idee of initiatief").fill("Een moestuin voor de buurt.")
    page.get_by_label("Uw naam").fill("Sanne de Vries")
    page.get_by_role("button", name="Versturen").click()

    summary = the_error_summary(page)
    assert summary.get_by_role("heading").inner_text() == "Er is een probleem"
    entries = summary.get_by_role("link")
    texts = entries.all_inner_texts()
    assert "Vul de titel van uw idee of initiatief in." in texts
    assert "Kies wat u indient." in texts
    assert "Zonder uw toestemming kunnen wij uw initiatief niet behandelen." in texts
    assert not any("verplicht" in text for text in texts)  # no stock message
    assert not any(text.startswith(("Titel", "Wat geeft")) for text in texts)  # no label glued on

    # Each entry leads to its field: the link moves the focus there.
    summary.get_by_role("link", name="Vul de titel van uw idee of initiatief in.").click()
    assert focused(page) == "id_title"
    summary.get_by_role("link", name="Kies wat u indient.").click()
    assert focused(page) == "id_kind_0"

    # The message sits beside the field too, announced as an error.
    message = " ".join(page.locator("#id_title_error").text_content().split())
    assert message == "Fout: Vul de titel van uw idee of initiatief in."
    assert "id_title_error" in page.locator("#id_title").get_attribute("aria-describedby")
    # What was typed is kept.
    assert page.get_by_label("Beschrijf uw idee of initiatief").input_value() == (
        "Een moestuin voor de buurt."
    )
    assert page.get_by_label("Uw naam").input_value() == "Sanne de Vries"
    assert axe_violations(page) == []

    # Put right, the same form goes through and the title loses its "Fout: ".
    page.get_by_label("Titel van uw idee of initiatief").fill("Moestuin Groenhouten")
    page.get_by_label("Idee", exact=True).check()
    page.get_by_label("Thema").select_option(label="Groen en openbare ruimte")
    page.get_by_label("Uw e-mailadres").fill("sanne@example.org")
    page.locator("#id_privacy_consent").check()
    page.get_by_role("button", name="Versturen").click()
    assert not page.title().startswith("Fout")
    assert Initiative.objects.get().title == "Moestuin Groenhouten"


@pytest.mark.parametrize("width", WIDTHS)
def test_withdrawing_without_the_box_shows_the_error_where_the_resident_is(
    page,  # noqa: F811
    width,
):
    initiative, token = make_initiative()
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(reduced_motion="reduce")
    page.goto(page.base_url + services.track_path(token))
    page.get_by_role("button", name="Initiatief intrekken").click()

    summary = the_error_summary(page)
    summary.get_by_role("link").first.click()
    assert focused(page) == "id_confirm"
    assert axe_violations(page) == []
    initiative.refresh_from_db()
    assert initiative.status != "withdrawn"

    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Initiatief intrekken").click()
    initiative.refresh_from_db()
    assert initiative.status == "withdrawn"
    assert not page.title().startswith("Fout")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_resident_revokes_a_forwarded_link_and_keeps_the_other(page, width):  # noqa: F811
    initiative, first_token = make_initiative()
    services.initiative_send_new_links(email=initiative.email)
    second = initiative.links.latest("created_at")
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(reduced_motion="reduce")
    # The resident opens the page with the link from the confirmation...
    page.goto(page.base_url + services.track_path(first_token))
    assert "Een bankje." in page.locator(".portal-own-text").inner_text()  # their own text
    links = page.locator(".portal-links tbody tr")
    assert links.count() == 2
    assert "De link van deze pagina" in links.nth(0).inner_text()
    assert axe_violations(page) == []
    # ...and revokes the other one, which they forwarded by mistake.
    page.get_by_role("button", name="Trek link 2 in").click()
    assert "De link is ingetrokken" in page.content()
    assert page.locator(".portal-links tbody tr").count() == 1
    second.refresh_from_db()
    assert second.revoked_at is not None
    # Then this page's own link: it stops at once, also for them.
    page.get_by_role("button", name="Trek deze link in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "De link is ingetrokken"
    assert axe_violations(page) == []
    page.goto(page.base_url + services.track_path(first_token))
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet"


def test_a_logged_in_council_member_sees_who_and_their_page_in_the_header(page):  # noqa: F811
    from .test_browser_council import council_member, log_in

    council_member("noor@raad.example", "Noor Bakker")
    log_in(page, "noor@raad.example")
    account = page.get_by_role("navigation", name="Uw account")
    assert "Ingelogd als" in account.inner_text()
    account.get_by_role("link", name="Mijn raadspagina").click()
    assert page.url.endswith("/raad/mijn/")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert axe_violations(page) == []
    account.get_by_role("button", name="Uitloggen").click()
    assert page.get_by_role("navigation", name="Uw account").count() == 0
