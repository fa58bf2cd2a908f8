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


def listed(html):
    """The lists the start page links to, as "app_label/model_name"."""
    rows = re.findall(r'<th scope="row" id="[^"]+">\s*<a href="/admin/(\w+/\w+)/"', html)
    return set(rows)


def test_a_start_page_lists_only_what_its_role_works_in(client, demo):
    client.force_login(User.objects.get(email="loket@leusden.example"))
    loket = listed(client.get("/admin/").content.decode())
    assert "initiatives/initiative" in loket and "council/hostop" in loket
    for other in ("notifications/reminder", "notifications/notification", "core/municipality"):
        assert other not in loket
    # What the loket may see stays reachable where it is used.
    assert client.get("/admin/core/theme/").status_code == 200
    client.force_login(User.objects.get(email="griffie@leusden.example"))
    griffie = listed(client.get("/admin/").content.decode())
    assert "council/meeting" in griffie and "initiatives/initiative" not in griffie
    client.force_login(User.objects.get(email="programma@leusden.example"))
    program = listed(client.get("/admin/").content.decode())
    assert "agreements/kpi" in program and "council/meeting" not in program


def test_every_list_on_a_start_page_is_one_its_role_may_open():
    from leusden_portal.accounts.roles import ROLE_PERMISSIONS, START_LISTS

    for role, labels in START_LISTS.items():
        for label in labels:
            assert "view" in ROLE_PERMISSIONS[role][label], (role, label)


def test_the_administrator_sees_every_list(client, demo):
    admin = User.objects.filter(groups__name="Beheerder").first() or User.objects.get(
        is_superuser=True
    )
    client.force_login(admin)
    assert "notifications/reminder" in listed(client.get("/admin/").content.decode())
