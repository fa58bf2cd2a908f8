"""The admin's start page per role: the loket sees its work queue in counts, each a link to
the queue's view; the program team the KPIs whose measurement is due; the griffie the coming
meetings and the reflections still missing. Counts in a constant number of queries."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative
from leusden_portal.accounts.models import User

from .test_initiatives import make_initiative


def counts(html):
    found = re.findall(r"<strong>(\d+)</strong>\s*([^<]+)</a>", html)
    return {label.strip(): int(number) for number, label in found}


def test_the_loket_starts_with_its_work_queue_in_counts(client, demo):
    loket = User.objects.get(email="loket@leusden.example")
    late, _t = make_initiative(title="Moestuin")
    Initiative.objects.filter(pk=late.pk).update(
        next_step_due=timezone.localdate() - datetime.timedelta(days=3)
    )
    soon, _t = make_initiative(title="Pluktuin")
    Initiative.objects.filter(pk=soon.pk).update(
        next_step_due=timezone.localdate() + datetime.timedelta(days=2)
    )
    mine, _t = make_initiative(title="Bankje")
    services.initiative_take_in_triage(actor=loket, initiative=mine)
    services.initiative_assign(actor=loket, initiative=mine, assignee=loket)
    services.initiative_ask_question(actor=loket, initiative=mine, question="Waar precies?")
    client.force_login(loket)
    html = client.get("/admin/").content.decode()
    assert counts(html) == {
        "nieuw, op te pakken": 2,
        "te laat": 1,
        "deze week": 1,
        "aan mij toegewezen": 1,
        "wacht op de initiatiefnemer": 1,
    }
    assert "/admin/initiatives/initiative/?queue=late" in html
    assert "Metingen nodig" not in html and "Komende vergaderingen" not in html
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for n in range(30):
        make_initiative(title=f"Idee {n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(few) == len(many)


def test_the_program_team_and_the_griffie_see_their_own_work(client, demo):
    from .test_agreements import make_agreement

    _agreement, (kpi,) = make_agreement()  # measured in 2020, measured yearly: due
    client.force_login(User.objects.get(email="programma@leusden.example"))
    html = client.get("/admin/").content.decode()
    assert "Metingen nodig" in html and kpi.name in html
    assert "aan mij toegewezen" not in html
    client.force_login(User.objects.get(email="griffie@leusden.example"))
    html = client.get("/admin/").content.decode()
    assert "Komende vergaderingen" in html and "Reflecties die nog ontbreken" in html
    assert "Metingen nodig" not in html
