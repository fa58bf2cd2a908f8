"""The forms a resident or council member meets after handing in, clicked in Chromium: a reply
on the tracking page, a new private link by e-mail, support with a mistyped address, the
e-mail settings and the switch that turns e-mails off, and logging in with a wrong password.
Each first with bad input (one error summary that says what to do, nothing typed lost), then
as it should; axe in every state."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from leusden_portal.accounts.models import User
from leusden_portal.notifications.models import DeliveryPreference, EmailOptOut
from leusden_portal.notifications.services import opt_out_token

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_browser_council import PASSWORD, council_member
from .test_browser_errors import error_texts
from .test_browser_loket import deliver_outbox
from .test_initiatives import make_initiative

pytestmark = pytest.mark.browser


def mailed_link(address, pattern):
    deliver_outbox()
    *_earlier, message = [m for m in mail.outbox if address in m.to and re.search(pattern, m.body)]
    return urlparse(re.search(pattern, message.body).group(0)).path


def test_the_initiator_replies_and_asks_for_a_new_link(page):  # noqa: F811
    initiative, token = make_initiative()
    loket = User.objects.get(email="loket@leusden.example")
    services.initiative_take_in_triage(actor=loket, initiative=initiative)
    services.initiative_ask_question(
        actor=loket, initiative=initiative, question="Hoe groot is het veldje ongeveer?"
    )
    page.goto(page.base_url + mailed_link(initiative.email, r"http://\S+/loket/volgen/\S+/"))
    assert "Hoe groot is het veldje ongeveer?" in page.content()

    # Sent empty: the summary says what to do.
    page.get_by_role("button", name="Bericht versturen").click()
    assert error_texts(page) == ["Schrijf een bericht of voeg een bestand toe."]
    assert axe_violations(page) == []
    page.get_by_label("Uw bericht").fill("Ongeveer 200 vierkante meter.")
    page.get_by_role("button", name="Bericht versturen").click()
    assert not page.title().startswith("Fout")
    assert "Ongeveer 200 vierkante meter." in page.locator("main").inner_text()
    assert initiative.messages.filter(body="Ongeveer 200 vierkante meter.").exists()
    assert axe_violations(page) == []

    # Another link: a mistyped address first. The page never tells whether an address is known.
    page.get_by_role("link", name="Stuur mij nog een link").click()
    page.get_by_label("Uw e-mailadres").fill("sanne@example")
    page.get_by_role("button", name="Stuur mij een nieuwe link").click()
    assert error_texts(page) == ["Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."]
    assert axe_violations(page) == []
    page.get_by_label("Uw e-mailadres").fill(initiative.email)
    page.get_by_role("button", name="Stuur mij een nieuwe link").click()
    assert "hebben wij voor elk een nieuwe link gestuurd" in page.content()
    new_link = mailed_link(initiative.email, r"http://\S+/loket/volgen/\S+/")
    page.goto(page.base_url + new_link)
    assert initiative.reference in page.content()
    assert initiative.links.filter(revoked_at=None).count() == 3  # the new one revoked none
    assert axe_violations(page) == []


def test_a_resident_supports_after_a_mistyped_address_and_turns_the_emails_off(page):  # noqa: F811
    initiative, _token = make_initiative(
        title="Bankjes langs de Lunterse beek", publish_consent=True
    )
    loket = User.objects.get(email="loket@leusden.example")
    services.initiative_publication(actor=loket, initiative=initiative, approved=True)

    page.goto(page.base_url + reverse("initiatives:detail", args=[initiative.reference]))
    page.get_by_role("link", name="Ik steun dit").click()
    page.get_by_label("Uw e-mailadres").fill("fenna.example.org")
    page.get_by_role("button", name="Stuur mij de bevestigingslink").click()
    assert error_texts(page) == ["Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."]
    assert page.get_by_label("Uw e-mailadres").input_value() == "fenna.example.org"
    assert axe_violations(page) == []
    page.get_by_label("Uw e-mailadres").fill("fenna@example.org")
    page.get_by_role("button", name="Stuur mij de bevestigingslink").click()
    assert "Kijk in uw mailbox" in page.content()

    # An e-mail that is not about one's own submission or sign-up carries a link to turn such
    # e-mails off (none of the kinds registered today is one: the link as it would be).
    page.goto(
        page.base_url + reverse("notifications:opt_out", args=[opt_out_token("fenna@example.org")])
    )
    assert "fenna@example.org" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zet deze e-mails uit").click()
    assert EmailOptOut.objects.filter(email="fenna@example.org").exists()
    assert "Gelukt. U krijgt vanaf nu alleen nog e-mails over uw eigen aanvragen." in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zet deze e-mails weer aan").click()
    assert not EmailOptOut.objects.exists()


def test_a_council_member_mistypes_the_password_then_chooses_a_daily_digest(page):  # noqa: F811
    member = council_member("noor@raad.example", "Noor Bakker")
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Inloggen voor raadsleden").click()
    page.get_by_label("E-mailadres").fill("noor@raad.example")
    page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    texts = error_texts(page)
    assert len(texts) == 1 and "wachtwoord" in texts[0]
    assert page.get_by_label("E-mailadres").input_value() == "noor@raad.example"
    assert axe_violations(page) == []
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert "Welkom, Noor Bakker" in page.content()

    page.get_by_role("link", name="E-mailinstellingen").click()
    assert axe_violations(page) == []
    groups = page.locator("fieldset.utrecht-form-fieldset")
    assert groups.count() >= 1
    first = groups.first
    kind_label = first.locator("legend").inner_text()
    first.get_by_label("één dagoverzicht").check()
    page.get_by_role("button", name="Bewaren").click()
    assert "Uw keuzes zijn bewaard." in page.content()
    (choice,) = DeliveryPreference.objects.filter(user=member.user, mode="digest")
    assert choice.mode == "digest" and kind_label
    assert (
        page.locator("fieldset.utrecht-form-fieldset")
        .first.get_by_label("één dagoverzicht")
        .is_checked()
    )
    assert axe_violations(page) == []
    assert Initiative.objects.count() == 0
