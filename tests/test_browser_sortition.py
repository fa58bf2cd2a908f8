"""A resident registers for a sortition and confirms from the e-mail; the page explains how
to check the draw. Accessible (axe)."""

import datetime
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone

from council import services
from council.models import Sortition, Volunteer
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_browser_errors import error_texts

pytestmark = pytest.mark.browser


def test_resident_registers_for_a_sortition(page):  # noqa: F811
    sortition = services.sortition_create(
        actor=None,
        sortition=Sortition(
            title="Burgerpanel energie",
            slug="burgerpanel-energie",
            description="Vijftien inwoners adviseren de raad.",
            panel_size=15,
            registration_closes=timezone.now() + datetime.timedelta(days=14),
        ),
    )
    page.goto(page.base_url + "/raad/vergaderingen/")
    page.get_by_role("link", name="Burgerpanel energie").click()
    assert sortition.seed_commitment in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Meld u aan voor de loting").click()
    assert axe_violations(page) == []
    page.fill("#id_email", "fenna@example")
    page.get_by_role("button", name="Meld u aan voor de loting").click()
    assert error_texts(page) == [
        "Vul uw naam in.",
        "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
        "Kies uw wijk of dorp.",
        "Kies uw leeftijd.",
        "Vink het vakje aan om akkoord te gaan: zonder dat kunnen wij u niet meenemen in de loting.",
    ]
    assert axe_violations(page) == []
    assert not Volunteer.objects.exists()
    page.fill("#id_name", "Fenna de Boer")
    page.fill("#id_email", "fenna@example.org")
    page.select_option("#id_neighbourhood", index=1)
    page.get_by_label("26 tot en met 40").check()
    page.check("#id_consent")
    page.get_by_role("button", name="Meld u aan voor de loting").click()
    assert "Kijk in uw mailbox" in page.content()

    notifications.send(Notification.objects.get(kind="council.volunteer_confirm").pk)
    link = re.search(r"http://\S+/raad/loting/deelnemer/\S+/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + urlparse(link).path)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bevestig mijn aanmelding").click()
    assert "U doet mee aan de loting." in page.content()
    assert Volunteer.objects.get().confirmed_at is not None

    # Registration closes and the griffie draws: a new link in the invitation.
    Sortition.objects.filter(pk=sortition.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(minutes=1)
    )
    sortition.refresh_from_db()
    services.sortition_draw(actor=None, sortition=sortition)
    notifications.send(Notification.objects.get(kind="council.volunteer_drawn").pk)
    invitation = re.search(r"http://\S+/raad/loting/deelnemer/\S+/", mail.outbox[-1].body)
    page.goto(page.base_url + urlparse(invitation.group(0)).path)
    assert page.locator(".portal-status").inner_text() == "ingeloot, uitgenodigd"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ja, ik doe mee").click()
    assert "Dank u wel voor uw antwoord." in page.content()
    assert Volunteer.objects.get().status == Volunteer.Status.ACCEPTED
    assert axe_violations(page) == []


def test_resident_signs_the_manifest(page):  # noqa: F811
    from council.models import Manifest

    Manifest.objects.create(
        title="Manifest Samenleving Voorop",
        slug="samenleving-voorop",
        text="Leusden is van ons samen.",
        is_published=True,
    )
    page.goto(page.base_url + "/manifest/samenleving-voorop/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Onderteken het manifest").click()
    page.fill("#id_name", "Jannie Verhoef")
    page.get_by_role("button", name="Onderteken het manifest").click()
    assert error_texts(page) == ["Vul uw e-mailadres in: wij sturen u een link om te bevestigen."]
    assert page.locator("#id_name").input_value() == "Jannie Verhoef"
    assert axe_violations(page) == []
    page.fill("#id_email", "jannie@example.org")
    page.check("#id_show_publicly")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Onderteken het manifest").click()
    assert "Kijk in uw mailbox" in page.content()
    notifications.send(Notification.objects.get(kind="council.signature_confirm").pk)
    link = re.search(r"http://\S+/manifest/handtekening/\S+/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + urlparse(link).path)
    page.get_by_role("button", name="Bevestig mijn handtekening").click()
    assert "Jannie Verhoef" in page.locator("main").inner_text()
    assert "Ondertekend door 1 inwoner of organisatie" in page.content()
    assert axe_violations(page) == []


def test_resident_votes_on_the_neighbourhood_budget(page):  # noqa: F811
    from decimal import Decimal

    from initiatives.models import Ballot, BudgetProposal, NeighbourhoodBudget
    from leusden_portal.core.models import Neighbourhood

    from .test_initiatives import make_initiative

    budget = NeighbourhoodBudget.objects.create(
        neighbourhood=Neighbourhood.objects.get(slug="groenhouten"),
        title="Buurtbudget Groenhouten 2027",
        slug="groenhouten-2027-browser",
        amount=Decimal(10000),
        period="2027",
        status=NeighbourhoodBudget.Status.VOTING,
    )
    for title, cost in (("Pluktuin", 6000), ("Jeu-de-boulesbaan", 4500)):
        initiative, _token = make_initiative(title=title)
        BudgetProposal.objects.create(
            budget=budget, initiative=initiative, cost=Decimal(cost), feasible=True
        )
    page.goto(page.base_url + budget.get_absolute_url())
    assert axe_violations(page) == []
    page.get_by_role("link", name="Stemmen").click()
    page.fill("#id_email", "anna@example.org")
    page.get_by_role("button", name="Stuur mij mijn stembiljet").click()
    assert error_texts(page) == [
        "Vink het vakje aan als u in deze buurt woont: alleen bewoners stemmen."
    ]
    assert axe_violations(page) == []
    assert page.locator("#id_email").input_value() == "anna@example.org"
    page.get_by_label("Ik woon in Groenhouten").check()
    page.get_by_role("button", name="Stuur mij mijn stembiljet").click()
    assert "Kijk in uw mailbox" in page.content()
    notifications.send(Notification.objects.get(kind="initiatives.ballot").pk)
    link = re.search(r"http://\S+/buurtbudget/stembiljet/\S+/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + urlparse(link).path)
    assert axe_violations(page) == []
    page.get_by_label("Pluktuin (€ 6.000)").check()
    page.get_by_label("Jeu-de-boulesbaan (€ 4.500)").check()
    page.get_by_role("button", name="Breng mijn stem uit").click()
    assert "Uw keuze kost € 10.500" in page.content()  # over the budget: nothing cast
    assert Ballot.objects.get().cast_at is None
    page.get_by_label("Jeu-de-boulesbaan (€ 4.500)").uncheck()
    page.get_by_role("button", name="Breng mijn stem uit").click()
    assert "uw stem is geteld" in page.content()
    assert Ballot.objects.get().cast_at is not None


def test_initiator_hands_in_a_right_to_challenge_bid(page):  # noqa: F811
    from initiatives import challenge_criteria
    from initiatives.models import ChallengeBid, ChallengeCriterion

    from .test_initiatives import make_initiative, submitted_token

    challenge_criteria.ensure(ChallengeCriterion)  # the migration's rows are flushed
    initiative, _token = make_initiative(kind="right_to_challenge")
    page.goto(page.base_url + f"/loket/volgen/{submitted_token(initiative)}/")
    assert "Uitdaagrecht: de stappen" in page.content()
    page.fill("#id_task", "Het onderhoud van het groen in Groenhouten.")
    page.get_by_role("button", name="Dien mijn bod in").click()
    assert error_texts(page) == [
        "Zeg welk deel van het budget u vraagt, en waarom dat bedrag.",
        "Zeg wie het gaat uitvoeren.",
        "Zeg hoe u zorgt voor kwaliteit en continuïteit.",
    ]
    assert page.locator("#id_task").input_value() == "Het onderhoud van het groen in Groenhouten."
    assert axe_violations(page) == []
    page.fill("#id_budget_part", "Het groenbudget van de wijk: € 18.000 per jaar.")
    page.fill("#id_executor", "Stichting Groen Groenhouten.")
    page.fill("#id_quality", "Een jaarplan met de gemeente en een hovenier die begeleidt.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Dien mijn bod in").click()
    assert "Uw bod is ingediend." in page.content()
    assert ChallengeBid.objects.get().step == "assessing"
    assert axe_violations(page) == []


def test_resident_signs_up_as_guest_of_the_council(page):  # noqa: F811
    from council.models import CouncilEvent, EventSignup

    CouncilEvent.objects.create(
        kind=CouncilEvent.Kind.GUEST,
        title="Gast van de raad in december",
        slug="gast-van-de-raad-december",
        description="Kijk een avond mee met een raadslid.",
        starts_at=timezone.now() + datetime.timedelta(days=14),
        location="Raadzaal, Hessenweg 1a",
        places=3,
    )
    page.goto(page.base_url + "/raad/bezoek/gast-van-de-raad-december/")
    assert page.locator(".portal-places").inner_text() == "3"
    assert axe_violations(page) == []
    page.get_by_role("link", name="Aanmelden").click()
    page.fill("#id_email", "fenna@example.org")
    page.get_by_role("button", name="Aanmelden").click()
    assert error_texts(page) == ["Vul uw naam in."]
    assert not EventSignup.objects.exists()
    assert axe_violations(page) == []
    page.fill("#id_name", "Fenna de Boer")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Aanmelden").click()
    assert "Wij hebben u een e-mail gestuurd" in page.content()
    assert EventSignup.objects.get().status == "pending"
    notifications.send(Notification.objects.get(kind="council.event_confirm").pk)
    assert "Bevestig uw aanmelding" in mail.outbox[-1].subject
    link = re.search(r"http://\S+/raad/bezoek/aanmelding/\S+?/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + "/" + link.split("/", 3)[3])
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bevestig mijn aanmelding").click()
    assert "Dank u wel: u hebt een plaats" in page.content()
    assert EventSignup.objects.get().status == "confirmed"
    notifications.send(Notification.objects.get(kind="council.event_place").pk)
    assert "U hebt een plaats" in mail.outbox[-1].subject
    page.goto(page.base_url + "/raad/bezoek/gast-van-de-raad-december/")
    assert page.locator(".portal-places").inner_text() == "2"


def test_resident_reads_the_wijkraad_page(page):  # noqa: F811
    from .test_wijkraad import make_wijkraad

    make_wijkraad(meetings=2)
    page.goto(page.base_url + "/raad/vergaderingen/")
    page.get_by_role("link", name="Coöperatieve wijkraad Achterveld").click()
    assert "Henk van Ee, voorzitter" in page.content()
    assert "Verkeersveiligheid 1" in page.content()
    assert axe_violations(page) == []
