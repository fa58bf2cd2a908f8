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


def error_texts(tab):
    """The entries of the page's one error summary (see the_error_summary), each checked to
    say what to do in a sentence of its own, never Django's stock "Dit veld is verplicht"."""
    texts = the_error_summary(tab).get_by_role("link").all_inner_texts()
    assert texts, "an error summary without entries"
    for text in texts:
        assert text.endswith((".", "?")) and "verplicht" not in text, text
    return texts


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


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fill_the_loket_form(tab, title="Moestuin Groenhouten"):
    tab.get_by_label("Titel van uw idee of initiatief").fill(title)
    tab.get_by_label("Beschrijf uw idee of initiatief").fill("Een moestuin voor de buurt.")
    tab.get_by_label("Idee", exact=True).check()
    tab.get_by_label("Thema").select_option(label="Groen en openbare ruimte")
    tab.get_by_label("Uw naam").fill("Sanne de Vries")
    tab.get_by_label("Uw e-mailadres").fill("sanne@example.org")
    tab.locator("#id_privacy_consent").check()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_file_sent_with_a_form_that_comes_back_is_kept_and_can_be_removed(
    page,  # noqa: F811
    width,
    tmp_path,
):
    for name in ("groot.pdf", "plan.pdf", "schets.pdf"):
        (tmp_path / name).write_bytes(PDF)
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(reduced_motion="reduce")
    page.goto(page.base_url + "/loket/indienen/")
    fill_the_loket_form(page, title="")
    page.get_by_label("Bestanden toevoegen").set_input_files(
        [str(tmp_path / "groot.pdf"), str(tmp_path / "schets.pdf")]
    )
    page.get_by_role("button", name="Versturen").click()

    # The title was missing; the files are still there, each with a way to remove it.
    the_error_summary(page)
    kept = page.locator("#held-uploads li")
    assert [" ".join(t.split()) for t in kept.all_inner_texts()] == [
        "groot.pdf (toegevoegd, 45 bytes) – verwijderen groot.pdf",
        "schets.pdf (toegevoegd, 45 bytes) – verwijderen schets.pdf",
    ]
    assert axe_violations(page) == []

    # Removing one shows the form again as it was, without error messages.
    page.get_by_role("button", name="verwijderen schets.pdf").click()
    assert "schets.pdf is verwijderd." in page.content()
    assert not page.title().startswith("Fout")
    assert kept.count() == 1
    assert page.get_by_label("Uw naam").input_value() == "Sanne de Vries"
    assert page.get_by_label("Idee", exact=True).is_checked()
    assert axe_violations(page) == []

    # Another file, the title filled in, and Enter in the title field: that sends the form
    # (it does not press the first "remove" button).
    page.get_by_label("Bestanden toevoegen").set_input_files(str(tmp_path / "plan.pdf"))
    page.get_by_label("Titel van uw idee of initiatief").fill("Moestuin Groenhouten")
    page.get_by_label("Titel van uw idee of initiatief").press("Enter")
    page.wait_for_selector(".portal-reference")
    initiative = Initiative.objects.get()
    assert sorted(initiative.attachments.values_list("original_name", flat=True)) == [
        "groot.pdf",
        "plan.pdf",
    ]
    assert initiative.attachments.get(original_name="groot.pdf").file.read() == PDF
    from initiatives.models import HeldUpload

    assert not HeldUpload.objects.exists()  # taken over by the initiative
