"""The loket as people click through it: a resident submits with a file and follows the
private link; a civil servant triages, asks a question and refers in the admin."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from initiatives.models import Initiative, PartnerOrganisation
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def deliver_outbox():
    """What the Celery worker does: send every pending row (mail.outbox in tests)."""
    for pk in Notification.objects.filter(state="pending").values_list("pk", flat=True):
        notifications.send(pk)


def test_resident_and_civil_servant_handle_an_initiative(page, tmp_path):  # noqa: F811
    base = page.base_url
    PartnerOrganisation.objects.create(
        name="Stichting Groen Leusden", contact_name="Kees", email="kees@example.org"
    )
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF)

    # The resident hands in an initiative, with a file, without an account.
    page.goto(base + "/")
    page.get_by_role("link", name="Idee indienen").first.click()
    assert axe_violations(page) == []
    page.fill("#id_title", "Moestuin in Groenhouten")
    page.fill("#id_description", "Samen met de buurt een moestuin beginnen.")
    page.check("#id_kind_1")
    page.select_option("#id_theme", label="Groen en openbare ruimte")
    page.fill("#id_name", "Sanne de Vries")
    page.fill("#id_email", "sanne@example.org")
    page.set_input_files("#id_attachments", str(plan))
    page.check("#id_privacy_consent")
    page.click("button[name=submit]")
    reference = page.locator(".portal-reference").inner_text()
    assert re.fullmatch(r"SV-\d{4}-\d{5}", reference)
    assert axe_violations(page) == []

    # The e-mail with the reference and the private link.
    deliver_outbox()
    message = mail.outbox[-1]
    assert reference in message.subject and reference in message.body
    link = re.search(r"http://\S+/loket/volgen/\S+/", message.body).group(0)
    page.goto(base + urlparse(link).path)
    assert page.locator(".portal-status").inner_text() == "Ingediend"
    assert page.get_by_role("link", name="plan.pdf").count() == 1
    assert axe_violations(page) == []

    # A civil servant logs in and works in the admin.
    staff = page.context.browser.new_context()
    admin = staff.new_page()
    admin.goto(base + "/admin/login/")
    admin.fill("#id_username", "loket@leusden.example")
    admin.fill("#id_password", "samenleving-voorop")
    admin.click("input[type=submit]")
    initiative = Initiative.objects.get()
    admin.goto(f"{base}/admin/initiatives/initiative/{initiative.pk}/change/")
    admin.get_by_role("link", name="In behandeling nemen").click()
    admin.click("input[type=submit]")
    admin.get_by_role("link", name="Vraag stellen").click()
    admin.fill("#id_question", "Hoe groot is het veldje ongeveer?")
    admin.click("input[type=submit]")

    page.reload()
    assert page.locator(".portal-status").inner_text() == "Wacht op uw antwoord"
    assert "Hoe groot is het veldje ongeveer?" in page.content()
    page.fill("#id_body", "Ongeveer 200 vierkante meter.")
    page.click("button[name=reply]")
    assert page.locator(".portal-status").inner_text() == "Wordt bekeken"

    admin.reload()
    admin.get_by_role("link", name="Doorverwijzen").click()
    admin.fill("#id_message", "Stichting Groen Leusden helpt u verder.")
    admin.select_option("#id_partner", label="Stichting Groen Leusden")
    admin.click("input[type=submit]")
    staff.close()

    page.reload()
    assert page.locator(".portal-status").inner_text() == "Doorverwezen"
    assert "Stichting Groen Leusden helpt u verder." in page.content()
    assert "Ongeveer 200 vierkante meter." in page.content()
    assert axe_violations(page) == []
    deliver_outbox()
    assert sum(reference in m.subject for m in mail.outbox) == 4


def test_resident_supports_a_published_initiative(page):  # noqa: F811
    from initiatives import services
    from leusden_portal.accounts.models import User

    initiative, _token = services.initiative_submit(
        data={
            "title": "Bankjes langs de Lunterse beek",
            "description": "Meer plekken om even te zitten tijdens de wandeling.",
            "kind": "idea",
            "theme": Initiative._meta.get_field("theme").related_model.objects.get(slug="groen"),
            "name": "Joost",
            "email": "joost@example.org",
            "privacy_consent": True,
            "publish_consent": True,
        }
    )
    loket = User.objects.get(email="loket@leusden.example")
    services.initiative_publication(actor=loket, initiative=initiative, approved=True)

    page.goto(page.base_url + "/initiatieven/")
    page.get_by_role("link", name="Bankjes langs de Lunterse beek").click()
    assert page.locator(".portal-support-count").inner_text() == "0"
    page.get_by_role("link", name="Ik steun dit").click()
    assert axe_violations(page) == []
    page.fill("#id_email", "fenna@example.org")
    page.click("input[name=support], button[name=support]")
    assert "Kijk in uw mailbox" in page.content()

    deliver_outbox()
    (message,) = [m for m in mail.outbox if m.subject.startswith("Bevestig uw steun")]
    link = re.search(r"http://\S+/initiatieven/steun/\S+/", message.body).group(0)
    page.goto(page.base_url + urlparse(link).path)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ja, ik steun dit").click()
    assert "uw steun is geteld" in page.content()
    assert page.locator(".portal-support-count").inner_text() == "1"
    assert axe_violations(page) == []
