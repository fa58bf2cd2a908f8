"""The loket's day in the browser, as a civil servant clicks through it: log in with the
password and the code of an authenticator app, the start page's counts, take an initiative
in, assign it (the routed team is chosen already; neither team nor person is refused), ask
the initiator a question, and decline another with a reason ("ja, tenzij"). Every step is a
button pressed on the page; every message is Dutch."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from initiatives.models import Initiative, RoutingRule, Status, Team
from leusden_portal.accounts.models import User
from leusden_portal.core.models import Theme

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_initiatives import make_initiative

pytestmark = pytest.mark.browser
PASSWORD = "samenleving-voorop"


def code_now(device):
    """What the authenticator app on the civil servant's phone shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_a_civil_servants_day_in_the_loket(page, settings):  # noqa: F811
    settings.STAFF_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    lotte = User.objects.get(email="loket@leusden.example")
    device = TOTPDevice.objects.create(user=lotte, name="telefoon", confirmed=True)
    green = Team.objects.create(name="Team Groen")
    green.members.add(lotte)
    RoutingRule.objects.create(theme=Theme.objects.get(slug="groen"), team=green)
    garden, _t = make_initiative(title="Moestuin", description="Een moestuin bij de school.")
    bench, _t = make_initiative(title="Reclamebord", description="Een bord voor mijn winkel.")
    base = page.base_url

    # Log in: a wrong code is refused in Dutch (as a wrong password is), the address stays.
    page.goto(base + "/admin/")
    assert axe_violations(page) == []
    page.get_by_label("E-mailadres").fill(lotte.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    assert "de code klopt niet" in page.locator(".errornote, .errorlist").first.inner_text()
    assert page.get_by_label("E-mailadres").input_value() == lotte.email
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(code_now(device))
    page.get_by_role("button", name="Inloggen").click()

    # The start page: the work in counts, each a way into the queue.
    page.get_by_role("heading", name="Werkvoorraad").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="2 nieuw, op te pakken").click()
    page.get_by_role("link", name="Moestuin").click()

    # Take it in, then assign: the routed team is chosen; no team and no person is refused.
    page.get_by_role("link", name="In behandeling nemen").click()
    assert "Een moestuin bij de school." in page.content()  # the resident's words
    page.get_by_role("button", name="In behandeling nemen").click()
    page.get_by_role("link", name="Toewijzen").click()
    team = page.locator("#id_team")
    assert team.evaluate("s => s.selectedOptions[0].text") == "Team Groen"
    team.select_option(label="---------")
    page.get_by_role("button", name="Toewijzen").click()
    assert "Kies een team of een persoon." in page.locator(".errorlist").first.inner_text()
    assert axe_violations(page) == []
    page.locator("#id_team").select_option(label="Team Groen")
    page.get_by_label("Persoon").select_option(label=str(lotte))
    page.get_by_role("button", name="Toewijzen").click()
    page.get_by_role("heading", name="Wat de initiatiefnemer schreef").wait_for()
    garden.refresh_from_db()
    assert (garden.team, garden.assignee) == (green, lotte)

    # A question to the initiator.
    page.get_by_role("link", name="Vraag stellen").click()
    page.get_by_label("Uw vraag aan de initiatiefnemer").fill("Welke school bedoelt u?")
    page.get_by_role("button", name="Vraag stellen").click()
    page.get_by_role("heading", name="Wat de initiatiefnemer schreef").wait_for()
    assert "Welke school bedoelt u?" in page.locator(".portal-history").inner_text()
    garden.refresh_from_db()
    assert garden.status == Status.QUESTION

    # Decline the other: too short a reason is refused and what was typed stays.
    page.goto(f"{base}/admin/initiatives/initiative/{bench.pk}/change/")
    page.get_by_role("link", name="Afwijzen").click()
    page.get_by_label("Reden").fill("Geen reclame.")
    page.get_by_role("button", name="Afwijzen").click()
    assert page.get_by_label("Reden").input_value() == "Geen reclame."
    assert page.locator(".errorlist").count() == 1
    reason = "Reclame op gemeentegrond kan niet; de ondernemersvereniging helpt u verder."
    page.get_by_label("Reden").fill(reason)
    page.get_by_role("button", name="Afwijzen").click()
    page.get_by_role("heading", name="Wat de initiatiefnemer schreef").wait_for()
    bench.refresh_from_db()
    assert bench.status == Status.DECLINED and bench.decline_reason == reason
    assert axe_violations(page) == []

    # Back on the start page the counts follow.
    page.goto(base + "/admin/")
    assert page.get_by_role("link", name="0 nieuw, op te pakken").count() == 1
    assert Initiative.objects.filter(status=Status.SUBMITTED).count() == 0
