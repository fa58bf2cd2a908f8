"""The ho-stop as the people involved click through it in Chromium: a council member pauses a
society agreement, a fellow council member at its table answers from "Mijn raadspagina", the
partner and the program team answer from their e-mail; a partner raises a card from the
public page, confirms it from the e-mail and withdraws it. Each form once with bad input
(error summary, nothing typed lost) and once as it should; axe in every state."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from agreements.models import Agreement, Partner
from council.models import HoStop, HoStopParticipant
from leusden_portal.accounts.models import User

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_browser_council import council_member, log_in
from .test_browser_errors import the_error_summary
from .test_browser_loket import deliver_outbox

pytestmark = pytest.mark.browser

REASON = "De inwoners van het buitengebied zijn nog niet gehoord."
ADJUSTMENT = "Eerst twee avonden met de inwoners, daarna opnieuw bezien."


def agreement_with_people():
    agreement = Agreement.objects.create(
        title="Energie en klimaat", slug="energie-en-klimaat", status="execution"
    )
    Partner.objects.create(agreement=agreement, name="Energiecoöperatie", email="coop@example.org")
    noor = council_member("noor@raad.example", "Noor Bakker")
    bram = council_member("bram@raad.example", "Bram Visser")
    for member in (noor, bram):
        member.user.groups.add(Group.objects.get(name="Raadslid"))
    agreement.council_members.add(noor, bram)
    return agreement


def link_in_mail_to(address):
    deliver_outbox()
    *_earlier, message = [m for m in mail.outbox if address in m.to and "/ho-stop/" in m.body]
    return urlparse(re.search(r"http://\S+/ho-stop/\S+/", message.body).group(0)).path


def answer(tab, choice, explanation=""):
    if explanation:
        tab.get_by_label("Toelichting").fill(explanation)
    tab.get_by_label(choice).check()
    tab.get_by_role("button", name="Verstuur mijn antwoord").click()


def test_a_council_member_pauses_an_agreement_and_everyone_involved_answers(page):  # noqa: F811
    page.emulate_media(reduced_motion="reduce")
    agreement = agreement_with_people()

    # Noor pauses the agreement; first without saying why.
    log_in(page, "noor@raad.example")
    page.goto(page.base_url + agreement.get_absolute_url())
    page.get_by_role("link", name="Een ho-stopkaart inzetten").click()
    page.get_by_label("Welke bijstelling stelt u voor?").fill(ADJUSTMENT)
    page.get_by_role("button", name="Zet de ho-stopkaart in").click()
    summary = the_error_summary(page)
    assert summary.get_by_role("link").all_inner_texts() == ["Zeg waarom het proces moet stoppen."]
    assert page.get_by_label("Welke bijstelling stelt u voor?").input_value() == ADJUSTMENT
    assert axe_violations(page) == []
    page.get_by_label("Waarom moet het proces stoppen?").fill(REASON)
    page.get_by_role("button", name="Zet de ho-stopkaart in").click()
    assert "Het proces is gepauzeerd." in page.content()
    hostop = HoStop.objects.get()
    assert hostop.is_open and hostop.process == agreement
    roles = sorted(hostop.participants.values_list("role", "answer"))
    # Noor consents to her own proposal; the other council member, the program team of the
    # demo and the partner are asked.
    assert roles == [
        ("council_member", "consent"),
        ("council_member", "pending"),
        ("partner", "pending"),
        ("program_team", "pending"),
    ]
    page.get_by_role("button", name="Uitloggen").click()

    # Bram finds it on his page; he presses the button before choosing, then objects without
    # saying why, then objects as he should.
    log_in(page, "bram@raad.example")
    page.get_by_role("link", name="Energie en klimaat").click()
    assert "U bent bij dit proces betrokken als raadslid." in page.content()
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    summary = the_error_summary(page)
    assert summary.get_by_role("link").all_inner_texts() == ["Kies of u instemt of bezwaar hebt."]
    assert axe_violations(page) == []
    answer(page, "Ik heb bezwaar")
    summary = the_error_summary(page)
    assert summary.get_by_role("link").all_inner_texts() == [
        "Licht uw bezwaar toe in minstens 10 tekens."
    ]
    assert page.get_by_label("Ik heb bezwaar").is_checked()  # the choice is kept
    answer(page, "Ik heb bezwaar", "Eerst de ondernemers in het buitengebied horen.")
    bram = HoStopParticipant.objects.get(email="bram@raad.example")
    assert bram.answer == "objection"
    assert "Uw antwoord tot nu toe: heeft bezwaar" in page.content()
    assert axe_violations(page) == []
    # ...and changes his mind.
    answer(page, "Ik stem in met de voorgestelde bijstelling")
    bram.refresh_from_db()
    assert bram.answer == "consent" and HoStop.objects.get().is_open
    page.get_by_role("button", name="Uitloggen").click()

    # The partner and the program team answer from the link in their e-mail, without logging in.
    for address in ("coop@example.org", "programma@leusden.example"):
        page.goto(page.base_url + link_in_mail_to(address))
        assert axe_violations(page) == []
        answer(page, "Ik stem in met de voorgestelde bijstelling")
    hostop.refresh_from_db()
    assert hostop.status == HoStop.Status.RESUMED

    page.goto(page.base_url + agreement.get_absolute_url())
    assert "verder na instemming" in page.locator(".portal-hostop").inner_text()
    assert axe_violations(page) == []


def test_a_partner_raises_a_card_from_the_public_page_and_withdraws_it(page):  # noqa: F811
    page.emulate_media(reduced_motion="reduce")
    agreement = agreement_with_people()

    page.goto(page.base_url + agreement.get_absolute_url())
    page.get_by_role("link", name="Bent u partner in dit proces? Zet een ho-stopkaart in").click()
    assert axe_violations(page) == []
    email = page.get_by_label("Het e-mailadres waarmee de gemeente u als partner kent")
    email.fill("coop@example")
    page.get_by_label("Waarom moet het proces stoppen?").fill(REASON)
    page.get_by_label("Welke bijstelling stelt u voor?").fill(ADJUSTMENT)
    page.get_by_role("button", name="Zet de ho-stopkaart in").click()
    summary = the_error_summary(page)
    assert summary.get_by_role("link").all_inner_texts() == [
        "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."
    ]
    assert page.get_by_label("Waarom moet het proces stoppen?").input_value() == REASON
    assert axe_violations(page) == []
    email.fill("coop@example.org")
    page.get_by_role("button", name="Zet de ho-stopkaart in").click()
    assert not HoStop.objects.exists()  # not before the partner confirmed from the e-mail
    assert axe_violations(page) == []

    deliver_outbox()
    (message,) = [m for m in mail.outbox if "coop@example.org" in m.to]
    page.goto(page.base_url + urlparse(re.search(r"http://\S+/\S+/", message.body).group(0)).path)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zet het proces stil").click()
    assert "Het proces is gepauzeerd." in page.content()
    hostop = HoStop.objects.get()
    assert hostop.is_open and hostop.participants.get(is_raiser=True).role == "partner"
    assert not User.objects.filter(email="coop@example.org").exists()  # no account needed
    assert axe_violations(page) == []

    # The card is no longer needed: the partner withdraws it from the link.
    page.goto(page.base_url + link_in_mail_to("coop@example.org"))
    page.get_by_role("button", name="Trek de ho-stop in").click()
    hostop.refresh_from_db()
    assert hostop.status == HoStop.Status.WITHDRAWN
    assert axe_violations(page) == []
