"""The accessibility statement in the model of Logius (digitoegankelijk.nl), filled from the
admin: status A-E, the research, the known problems with their planned fix, contact and
complaint route, the national register; reviewed yearly (the administrators are reminded)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from leusden_portal.core.models import AccessibilityProblem, AccessibilityStatement
from leusden_portal.core.services import accessibility_review_schedule
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification, Reminder

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_statement_shows_every_part_of_the_model_in_both_languages(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    statement = AccessibilityStatement.objects.get()
    dutch = text_of(client.get("/toegankelijkheid/").content.decode())
    assert "Status: B: voldoet gedeeltelijk" in dutch
    assert "Voor welke website geldt deze verklaring? Deze website: het samenlevingsloket" in dutch
    assert "Datum 1 december 2026 Door Het ontwikkelteam van het portaal" in dutch  # research
    assert "Klaar op: 30 juni 2027." in dutch and "Er is nog geen datum." in dutch
    assert "U krijgt binnen 5 werkdagen antwoord." in dutch
    assert "Nationale ombudsman" in dutch and "landelijke register" in dutch
    assert "opgesteld op 23 november 2026" in dutch
    english = text_of(client.get("/en/accessibility/").content.decode())
    assert "Status: B: partially compliant" in english
    assert "The management pages for staff do not follow the NL Design System." in english
    # The page costs the same few queries however many problems are listed.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/toegankelijkheid/")
    for n in range(20):
        AccessibilityProblem.objects.create(statement=statement, description=f"Probleem {n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/toegankelijkheid/")
    assert len(few) == len(many) <= 10


def test_without_a_statement_the_page_says_so_and_how_to_reach_us(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    AccessibilityStatement.objects.all().delete()
    html = text_of(client.get("/toegankelijkheid/").content.decode())
    assert "heeft de verklaring voor deze website nog niet vastgesteld" in html
    assert "samenlevingsloket@leusden.example" in html


def test_the_administrators_are_reminded_a_month_before_the_year_is_over(demo):
    statement = AccessibilityStatement.objects.get()
    accessibility_review_schedule(statement)
    (reminder,) = Reminder.objects.filter(kind="core.accessibility_review_due")
    assert reminder.recipient_email == "beheer@leusden.example"
    assert timezone.localdate(reminder.due_at) == datetime.date(2027, 10, 24)
    # Reviewed: the reminder for the old date goes, one for the new date comes.
    statement.reviewed_on = datetime.date(2027, 10, 1)
    statement.save()
    accessibility_review_schedule(statement)
    planned = Reminder.objects.filter(kind="core.accessibility_review_due", state="scheduled")
    # (2028 is a leap year: 335 days after 1 October 2027 is 31 August)
    assert [timezone.localdate(r.due_at) for r in planned] == [datetime.date(2028, 8, 31)]
    # When it is due, the e-mail leads to the statement in the admin.
    planned.update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    assert notifications.sweep_reminders() == 1
    notifications.send(Notification.objects.get(kind="core.accessibility_review_due").pk)
    message = mail.outbox[-1]
    assert message.subject == "Toegankelijkheidsverklaring: tijd voor de jaarlijkse controle"
    assert "1 oktober 2027" in message.body
    assert f"/admin/core/accessibilitystatement/{statement.pk}/change/" in message.body


@pytest.mark.browser
def test_an_administrator_records_the_yearly_review_in_the_admin(page):  # noqa: F811
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "beheer@leusden.example")
    page.fill("#id_password", "samenleving-voorop")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Toegankelijkheidsverklaringen").click()
    page.get_by_role("link", name="Gemeente Leusden", exact=True).click()
    page.fill("#id_reviewed_on", "1-12-2026")
    page.click("input[name=_save]")
    assert AccessibilityStatement.objects.get().reviewed_on == datetime.date(2026, 12, 1)
    assert Reminder.objects.filter(kind="core.accessibility_review_due").exists()

    page.goto(page.base_url + "/toegankelijkheid/")
    assert "voor het laatst bekeken op 1 december 2026" in page.content()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
