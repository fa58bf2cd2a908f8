"""The admin initiative page reads before it edits: what the initiator wrote, what they sent
and what happened so far come first, the steps on offer follow from the services' one table,
and the other work lists (decisions, KPIs) show what belongs together in the portal's words."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements.models import Measurement
from council.models import AgendaItem, Meeting
from initiatives import admin as initiative_admin
from initiatives import services
from initiatives.models import Initiative, Status
from leusden_portal.accounts.models import User

from .test_admin_queue import loket
from .test_agreements import make_agreement, program_user
from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_initiatives import PDF, make_initiative, submit


def change_url(initiative):
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


def test_the_page_opens_with_the_text_the_files_and_the_history(client, demo):
    submit(
        client,
        files=[SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")],
        description="Een moestuin achter de school.",
    )
    initiative = Initiative.objects.get()
    services.initiative_take_in_triage(
        actor=loket(), initiative=initiative, message="Wij bellen u deze week."
    )
    client.force_login(loket())
    html = client.get(change_url(initiative)).content.decode()
    before_the_form = html.split("<fieldset", 1)[0]
    for heading in ("Wat de initiatiefnemer schreef", "Bijlagen", "Geschiedenis"):
        assert f">{heading}" in before_the_form, heading
    assert "Een moestuin achter de school." in before_the_form
    (attachment,) = initiative.attachments.all()
    assert f'href="{attachment.get_absolute_url()}">plan.pdf</a>' in before_the_form
    assert "Wij bellen u deze week." in before_the_form
    assert "Lotte Loket" in before_the_form
    assert "Geen bijlagen." not in html


def test_an_initiative_without_files_or_history_says_so(client, demo):
    initiative, _token = make_initiative()
    client.force_login(loket())
    html = client.get(change_url(initiative)).content.decode()
    assert "Geen bijlagen." in html
    assert html.count("Nog niets.") == 1 or "Ingediend" in html


def test_every_status_step_of_the_page_is_one_of_the_services(demo):
    status_actions = set(initiative_admin.ACTIONS) & set(services.STATUS_STEPS)
    assert status_actions == set(services.STATUS_STEPS)


@pytest.mark.parametrize("status", list(Status))
def test_the_page_offers_exactly_the_status_steps_the_table_allows(demo, status):
    initiative, _token = make_initiative()
    initiative.status = status
    offered = {a for a, _label in initiative_admin.available_actions(initiative)}
    allowed = services.TRANSITIONS[status]
    expected = {s for s, targets in services.STATUS_STEPS.items() if targets & allowed}
    assert offered & set(services.STATUS_STEPS) == expected
    if not allowed:  # closed: nothing to take, nobody to assign
        assert not offered & {"assign", *services.STATUS_STEPS}


def test_a_step_the_status_does_not_allow_is_refused_on_its_page(client, demo):
    initiative, _token = make_initiative()
    services.initiative_withdraw(initiative=initiative)
    client.force_login(loket())
    html = client.get(change_url(initiative)).content.decode()
    offered = re.findall(r'class="portal-step portal-step--\w+" href="[^"]+">([^<]+)<', html)
    assert offered == ["Interne notitie toevoegen"], offered  # a note is always possible
    step = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, "decline"])
    response = client.get(step, follow=True)
    assert response.redirect_chain or response.status_code in (403, 404)
    initiative.refresh_from_db()
    assert initiative.status == Status.WITHDRAWN


def test_the_decision_form_offers_only_this_meetings_agenda_items(client, demo):
    now = timezone.now()
    this = Meeting.objects.create(starts_at=now + datetime.timedelta(days=7))
    other = Meeting.objects.create(starts_at=now + datetime.timedelta(days=40))
    AgendaItem.objects.create(meeting=this, number="4", title="Speeltuin Hamersveld")
    AgendaItem.objects.create(meeting=other, number="7", title="Begroting volgend jaar")
    client.force_login(User.objects.get(email="griffie@leusden.example"))
    html = client.get(reverse("admin:council_meeting_change", args=[this.pk])).content.decode()
    select = re.search(r'<select name="decisions-__prefix__-agenda_item".*?</select>', html, re.S)
    assert select and "Speeltuin Hamersveld" in select.group(0)
    assert "Begroting volgend jaar" not in select.group(0)


def test_kpi_and_measurement_lists_show_values_as_published(client, demo):
    _agreement, (kpi,) = make_agreement()
    Measurement.objects.create(kpi=kpi, date=datetime.date(2022, 1, 1), value=Decimal("11.5"))
    client.force_login(program_user())
    kpis = client.get(reverse("admin:agreements_kpi_changelist")).content.decode()
    assert "37,7%" in kpis and "37,7000" not in kpis and "37.7000" not in kpis
    measurements = client.get(reverse("admin:agreements_measurement_changelist"))
    text = measurements.content.decode()
    assert "11,5%" in text and "11,5000" not in text and "11.5000" not in text


@pytest.mark.browser
def test_the_start_page_queue_and_initiative_page_pass_axe(page):  # noqa: F811
    initiative, _token = make_initiative(description="Een bankje voor de buurt.")
    services.initiative_take_in_triage(actor=loket(), initiative=initiative, message="Dank u.")
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "loket@leusden.example")
    page.fill("#id_password", "samenleving-voorop")
    page.click("input[type=submit]")
    page.get_by_role("heading", name="Werkvoorraad").first.wait_for()
    for path in ("/admin/", "/admin/initiatives/initiative/", change_url(initiative)):
        page.goto(page.base_url + path)
        assert axe_violations(page) == [], path
    page.get_by_role("heading", name="Wat de initiatiefnemer schreef").wait_for()
    page.set_viewport_size({"width": 390, "height": 900})  # a phone: nothing to scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_existing_kpi_opens_on_its_measurements(client, demo):
    _agreement, (kpi,) = make_agreement()
    client.force_login(program_user())
    html = client.get(reverse("admin:agreements_kpi_change", args=[kpi.pk])).content.decode()
    # The definition folds away (closed details), the measurements come before the milestones.
    assert html.count("<details><summary>") >= 4 and "<details open" not in html
    assert html.index('id="measurements-group"') < html.index('id="milestones-group"')
    add = reverse("admin:agreements_measurement_add") + f"?kpi={kpi.pk}"
    assert f'href="{add}">Meting toevoegen</a>' in html
    form = client.get(add).content.decode()
    assert re.search(rf'<option value="{kpi.pk}" selected>', form)
    new = client.get(reverse("admin:agreements_kpi_add")).content.decode()
    assert "<details" not in new.split('id="kpi_form"')[1].split("-group")[0]
