"""The initiative list in the admin as the loket's work queue: open items by default, the
oldest deadline first, status and deadline as tags in words, the saved views "Mijn werk" and
"Te laat", and bulk steps (take in triage, assign) through the same services as one by one."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, Status, Team
from leusden_portal.accounts.models import User
from leusden_portal.core.models import AuditEntry

from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)
from .test_initiatives import make_initiative

LIST = "/admin/initiatives/initiative/"


def loket():
    return User.objects.get(email="loket@leusden.example")


def queue(demo):
    today = timezone.localdate()
    late, _t = make_initiative(title="Moestuin", email="a@example.org")
    soon, _t = make_initiative(title="Bankje", email="b@example.org")
    done, _t = make_initiative(title="Klaar", email="c@example.org")
    Initiative.objects.filter(pk=late.pk).update(next_step_due=today - datetime.timedelta(days=7))
    Initiative.objects.filter(pk=soon.pk).update(next_step_due=today + datetime.timedelta(days=1))
    services.initiative_withdraw(initiative=done)
    return late, soon, done


def titles(html):
    return re.findall(
        r'<th class="field-reference">.*?</th><td class="field-title"><a [^>]*>([^<]+)</a>', html
    )


def test_the_list_is_a_queue_of_open_items_oldest_deadline_first(client, demo):
    late, soon, done = queue(demo)
    client.force_login(loket())
    html = client.get(LIST).content.decode()
    assert titles(html) == ["Moestuin", "Bankje"]  # the closed one only when asked
    assert "werkdagen te laat" in html and "portal-tag--late" in html
    assert re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip() == "Werkvoorraad"
    closed = client.get(LIST, {"queue": "closed"}).content.decode()
    assert titles(closed) == ["Klaar"]
    assert titles(client.get(LIST, {"queue": "late"}).content.decode()) == ["Moestuin"]
    services.initiative_assign(actor=loket(), initiative=soon, assignee=loket())
    assert titles(client.get(LIST, {"queue": "mine"}).content.decode()) == ["Bankje"]
    assert titles(client.get(LIST, {"queue": "all"}).content.decode()) == [
        "Moestuin",
        "Bankje",
        "Klaar",
    ]


def test_bulk_triage_and_assign_go_through_the_services_and_name_what_was_skipped(client, demo):
    late, soon, _done = queue(demo)
    team = Team.objects.create(name="Team Openbare Ruimte")
    services.initiative_take_in_triage(actor=loket(), initiative=soon)
    client.force_login(loket())
    response = client.post(
        LIST, {"action": "take_in_triage", "_selected_action": [late.pk, soon.pk]}, follow=True
    )
    html = response.content.decode()
    assert "In behandeling nemen: 1 gedaan." in html
    assert f"Niet mogelijk voor: {soon.reference}." in html
    late.refresh_from_db()
    assert late.status == Status.TRIAGE
    assert AuditEntry.objects.filter(object_id=str(late.pk), action__contains="triage").exists()

    # Assign: first the choice, then each one.
    chosen = {"action": "assign", "_selected_action": [late.pk, soon.pk]}
    choice = client.post(LIST, chosen).content.decode()
    assert "Deze initiatieven krijgen het team of de persoon die u kiest" in choice
    refused = client.post(LIST, {**chosen, "apply": "1", "team": "", "assignee": ""})
    assert "Kies een team of een persoon." in refused.content.decode()
    client.post(LIST, {**chosen, "apply": "1", "team": team.pk, "assignee": ""})
    assert set(Initiative.objects.filter(team=team).values_list("pk", flat=True)) == {
        late.pk,
        soon.pk,
    }


@pytest.mark.browser
def test_a_civil_servant_assigns_two_initiatives_at_once(page):  # noqa: F811
    late, soon, _done = queue(None)
    Team.objects.create(name="Team Openbare Ruimte")
    # The longest status and a long theme name: the columns must still fit beside the filters.
    waiting, _t = make_initiative(title="Buurtkamer", email="d@example.org")
    services.initiative_take_in_triage(actor=loket(), initiative=waiting)
    services.initiative_ask_question(actor=loket(), initiative=waiting, question="Waar?")
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "loket@leusden.example")
    page.fill("#id_password", "samenleving-voorop")
    page.click("input[type=submit]")
    page.goto(page.base_url + LIST)
    assert page.locator(".portal-tag--late").count() == 1
    for initiative in (late, soon):
        page.locator(f"input[name=_selected_action][value='{initiative.pk}']").check()
    page.select_option("select[name=action]", label="Toewijzen aan een team of persoon")
    page.get_by_role("button", name="Uitvoeren").click()
    page.get_by_label("Team").select_option(label="Team Openbare Ruimte")
    page.get_by_role("button", name="Toewijzen").click()
    assert "Toewijzen: 2 gedaan." in page.locator(".messagelist").inner_text()
    assert Initiative.objects.filter(team__name="Team Openbare Ruimte").count() == 2
    page.set_viewport_size({"width": 1280, "height": 900})
    # Every column of the queue in view at 1280 px, none behind the filters.
    right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('#result_list th')].map(e => e.getBoundingClientRect().right))"
    )
    filters = page.evaluate(
        "document.querySelector('#changelist-filter').getBoundingClientRect().left"
    )
    assert right <= filters <= 1280, (right, filters)
    assert axe_violations(page) == []


def test_the_initiative_page_reads_in_words_and_offers_no_save_button(client, demo):
    initiative, _token = make_initiative(help_asked=["advice", "permit"])
    loket_user = loket()
    services.initiative_take_in_triage(
        actor=loket_user, initiative=initiative, message="Wij kijken ernaar."
    )
    client.force_login(loket_user)
    html = client.get(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    ).content.decode()
    assert "advies, een vergunning" in html and "[&quot;advice&quot;" not in html
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert "author kind" not in html.lower() and "Initiatiefnemer" in html
    assert "Lotte Loket" in html  # the civil servant's message, by name


def test_the_queue_index_covers_exactly_the_open_statuses():
    from initiatives.models import CLOSED_STATUSES

    (index,) = [i for i in Initiative._meta.indexes if i.name == "initiative_queue_idx"]
    (negated,) = index.condition.children
    assert index.condition.negated and negated == ("status__in", negated[1])
    assert set(negated[1]) == {str(s) for s in CLOSED_STATUSES}


def test_the_queue_speaks_of_the_initiator_in_the_third_person(client, demo):
    initiative, _token = make_initiative()
    services.initiative_take_in_triage(actor=loket(), initiative=initiative)
    services.initiative_ask_question(actor=loket(), initiative=initiative, question="Waar?")
    client.force_login(loket())
    html = client.get(LIST, {"status__exact": "question"}).content.decode()
    assert titles(html) == ["Bankje bij de vijver"]
    assert "Wacht op antwoord van de indiener" in html
    assert "wacht op uw antwoord" not in html.lower()


def test_the_steps_are_distinct_buttons_and_a_step_page_shows_the_residents_text(client, demo):
    initiative, _token = make_initiative(description="Een bankje bij de vijver voor de buurt.")
    client.force_login(loket())
    change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    html = client.get(change).content.decode()
    steps = {
        label: style
        for style, label in re.findall(
            r'class="portal-step portal-step--(\w+)" href="[^"]+">([^<]+)<', html
        )
    }
    assert re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip() == str(initiative)
    assert "initiatief wijzigen" not in html.split("<h1>")[1].split("</h1>")[0]
    assert steps["In behandeling nemen"] == "main"
    assert steps["Afwijzen"] == "danger"
    assert steps["Toewijzen"] == "other"
    assert list(steps.values()).count("main") == 1
    step = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, "decline"])
    assert "Een bankje bij de vijver voor de buurt." in client.get(step).content.decode()
