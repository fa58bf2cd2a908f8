"""A council member logs in, sees their turn, logs the reflection after the meeting and finds
it in the public archive; another member scores a decision. Accessible (axe)."""

import datetime

import pytest
from django.utils import timezone

from council import services
from council.models import CouncilMember, Decision, Meeting, MirrorTurn
from leusden_portal.accounts.models import User

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_browser_errors import error_texts

pytestmark = pytest.mark.browser
PASSWORD = "geheim-wachtwoord-1"


def council_member(email, name):
    user = User.objects.create_user(email=email, password=PASSWORD)
    return CouncilMember.objects.create(
        name=name, party="GroenLinks", email=email, term_start=datetime.date(2022, 3, 30), user=user
    )


def log_in(page, email):  # noqa: F811
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Inloggen voor raadsleden").click()
    assert axe_violations(page) == []
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_council_member_reflects_and_another_scores(page):  # noqa: F811
    from council import core_values
    from council.models import CoreValue

    core_values.ensure(CoreValue)  # the data migration's rows are flushed between tests
    noor = council_member("noor@raad.example", "Noor Bakker")
    council_member("bram@raad.example", "Bram Visser")
    held = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(days=1), status=Meeting.Status.HELD
    )
    decision = Decision.objects.create(
        meeting=held, reference="L240101", title="Uitdaagrecht in de participatieverordening"
    )
    MirrorTurn.objects.create(meeting=held, member=noor)
    coming = Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=30))
    services.rota_generate(actor=None, meetings=[coming])
    MirrorTurn.objects.filter(meeting=coming).update(member=noor)

    log_in(page, "noor@raad.example")
    assert "Welkom, Noor Bakker" in page.content()
    assert page.locator(".portal-next-turn").count() == 1
    assert axe_violations(page) == []
    page.get_by_role("link", name="mijn reflectie vastleggen").click()
    assert axe_violations(page) == []
    page.fill("#id_text", "Goede avond.")  # too short to be a reflection
    page.get_by_role("button", name="Publiceren").click()
    assert error_texts(page) == [
        "Schrijf iets meer over de avond: minstens 20 tekens (u typte er 12)."
    ]
    assert page.locator("#id_text").input_value() == "Goede avond."
    assert axe_violations(page) == []
    page.fill("#id_text", "De raad vroeg vanavond eerst wat inwoners zelf al doen.")
    page.get_by_label("Partnerschap").fill("Wij zochten de partners op.")
    page.get_by_label("L240101 Uitdaagrecht in de participatieverordening").check()
    page.get_by_role("button", name="Publiceren").click()
    assert "Uw reflectie is gepubliceerd." in page.content()
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(page.base_url + "/raad/spiegelend-raadslid/")
    assert "De raad vroeg vanavond eerst wat inwoners zelf al doen." in page.content()
    assert axe_violations(page) == []

    log_in(page, "bram@raad.example")
    page.get_by_role("link", name="L240101 Uitdaagrecht in de participatieverordening").click()
    assert axe_violations(page) == []
    page.locator("fieldset.utrecht-form-fieldset").first.get_by_label("versterkt").check()
    page.get_by_role("button", name="Bewaar mijn toets").click()
    assert error_texts(page) == [
        f"Kies een antwoord bij “{name}”."
        for name in (
            "Partnerschap",
            "Maatwerk en inleven",
            "Ruimte om te pionieren",
            "Innovatie en vernieuwing",
        )
    ]
    assert decision.scores.count() == 0
    assert axe_violations(page) == []
    for group in page.locator("fieldset.utrecht-form-fieldset").all():
        group.get_by_label("versterkt").check()
    page.get_by_role("button", name="Bewaar mijn toets").click()
    assert "Uw kernwaardentoets is bewaard." in page.content()
    row = page.locator("tr", has_text="Partnerschap")
    assert row.locator("td").first.inner_text() == "1"
    assert decision.scores.count() == 5
    assert axe_violations(page) == []
