"""The samenlevingsakkoorden: honest progress, imports that refuse bad files whole, open
data, public pages with charts in Dutch number format, reminders and roles."""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agreements import services
from agreements.models import Agreement, Event, Goal, Kpi, Measurement
from agreements.progress import (
    MEASURED,
    NO_BASELINE,
    NO_MEASUREMENT,
    OPEN_TARGET,
    goal_progress,
    kpi_progress,
)
from leusden_portal.accounts.models import User
from leusden_portal.core.models import AuditEntry
from leusden_portal.notifications.models import Reminder

pytestmark = pytest.mark.django_db
D = datetime.date
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def program_user():
    return User.objects.get(email="programma@leusden.example")


# --- Progress rules at the edges (pure) --------------------------------------------------------


def kpi(**fields):
    base = {
        "name": "Eenzaamheid",
        "unit": "%",
        "direction": Kpi.Direction.LOWER,
        "baseline_value": Decimal("37.7"),
        "baseline_date": D(2016, 1, 1),
        "target_value": Decimal("34"),
        "target_date": D(2022, 1, 1),
    }
    base.update(fields)
    return Kpi(**base)


def m(day, value):
    return Measurement(date=day, value=Decimal(value))


def test_no_measurement_yet():
    progress = kpi_progress(kpi(), [])
    assert progress.state == NO_MEASUREMENT and progress.share is None
    assert progress.on_track is None and progress.percent is None


def test_open_target_is_never_a_number():
    progress = kpi_progress(kpi(target_value=None), [m(D(2019, 1, 1), "36")])
    assert progress.state == OPEN_TARGET
    assert progress.share is None and progress.on_track is None
    assert progress.latest_value == Decimal("36")  # the measurement still shows


def test_no_baseline():
    progress = kpi_progress(kpi(baseline_value=None), [m(D(2019, 1, 1), "36")])
    assert progress.state == NO_BASELINE and progress.share is None


def test_on_and_behind_the_straight_line():
    # Halfway in time (2019-01-01 of 2016..2022) the line expects 50% of the way.
    halfway = D(2019, 1, 1)
    ahead = kpi_progress(kpi(), [m(halfway, "35.5")])  # 2.2 of 3.7 = 59%
    assert ahead.state == MEASURED and ahead.on_track is True
    assert ahead.percent == 59 and 0.49 < float(ahead.expected_share) < 0.51
    behind = kpi_progress(kpi(), [m(halfway, "36.5")])  # 32%
    assert behind.on_track is False and not behind.wrong_direction


def test_target_reached_and_beyond():
    reached = kpi_progress(kpi(), [m(D(2020, 1, 1), "34")])
    assert reached.reached and reached.on_track is True and reached.percent == 100
    beyond = kpi_progress(kpi(), [m(D(2020, 1, 1), "30")])
    assert beyond.reached and beyond.percent == 100 and beyond.share > 1


def test_wrong_direction():
    worse = kpi_progress(kpi(), [m(D(2017, 1, 1), "39")])
    assert worse.wrong_direction and worse.on_track is False and worse.percent == 0
    higher = kpi(
        direction=Kpi.Direction.HIGHER, baseline_value=Decimal(0), target_value=Decimal(100)
    )
    assert kpi_progress(higher, [m(D(2017, 1, 1), "-5")]).on_track is False


def test_measurement_after_the_target_date():
    late = kpi_progress(kpi(), [m(D(2023, 6, 1), "35")])
    assert late.after_target_date and late.on_track is False and not late.reached
    late_but_reached = kpi_progress(kpi(), [m(D(2023, 6, 1), "33.9")])
    assert late_but_reached.on_track is True


def test_latest_measurement_counts_whatever_the_order():
    progress = kpi_progress(kpi(), [m(D(2020, 1, 1), "35"), m(D(2018, 1, 1), "37")])
    assert progress.latest_value == Decimal("35")


def test_baseline_and_target_on_the_same_date():
    same = kpi(baseline_date=D(2020, 1, 1), target_date=D(2020, 1, 1))
    progress = kpi_progress(same, [m(D(2020, 1, 1), "36")])
    assert progress.expected_share == 1 and progress.on_track is False


def test_goal_rolls_up_its_kpis_with_weights_and_counts_open_targets():
    a = kpi(weight=Decimal(3))
    b = kpi(weight=Decimal(1))
    c = kpi(target_value=None)
    pairs = [
        (a, kpi_progress(a, [m(D(2019, 1, 1), "34")])),  # 100%
        (b, kpi_progress(b, [m(D(2019, 1, 1), "37.7")])),  # 0%
        (c, kpi_progress(c, [])),
    ]
    rolled = goal_progress(pairs)
    assert rolled.percent == 75 and rolled.open_targets == 1
    assert rolled.measured == 2 and rolled.total == 3
    assert rolled.on_track is False  # one KPI lags
    assert goal_progress([(c, pairs[2][1])]).share is None


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused(demo):
    agreement = services.record_save(actor=None, obj=Agreement(title="A", slug="a"))
    goal = services.record_save(actor=None, obj=Goal(agreement=agreement, title="G"))
    with pytest.raises(Exception, match="andere kant"):
        services.record_save(
            actor=None, obj=kpi(goal=goal, target_value=Decimal(40), direction=Kpi.Direction.LOWER)
        )


# --- Data in the database ------------------------------------------------------------------------


def make_agreement(kpis=1, slug="zorg-en-welzijn", owner=None):
    agreement = services.record_save(
        actor=None,
        obj=Agreement(title="Ambitieagenda zorg en welzijn", slug=slug, motto="Samen Sterk"),
    )
    goal = services.record_save(
        actor=None, obj=Goal(agreement=agreement, title="Minder eenzaamheid")
    )
    services.record_save(
        actor=None,
        obj=Goal(
            agreement=agreement,
            title="Leusden is een dementievriendelijke samenleving",
            is_qualitative=True,
            status=Goal.Status.UNDERWAY,
            explanation="Vroegsignalering en een sluitende aanpak.",
        ),
    )
    made = []
    for n in range(kpis):
        item = kpi(goal=goal, name=f"Eenzaamheid {n}", position=n, owner=owner)
        if n == 1:
            item.target_value = None
            item.target_note = "x% nog niet vastgesteld"
        made.append(services.record_save(actor=None, obj=item))
        Measurement.objects.bulk_create(
            [
                Measurement(kpi=made[-1], date=D(2018, 1, 1), value=Decimal("37.1")),
                Measurement(kpi=made[-1], date=D(2020, 1, 1), value=Decimal("36.4")),
            ]
        )
    return agreement, made


def test_public_pages_in_dutch_number_format_with_chart_table_and_honest_targets(client, demo):
    agreement, kpis = make_agreement(kpis=2)
    html = client.get(reverse("agreements:detail", args=[agreement.slug])).content.decode()
    assert "37,7%" in html and "36,4%" in html and "37.7%" not in html
    assert "doel nog niet vastgesteld" in html and "x% nog niet vastgesteld" in html
    assert 'role="img"' in html and f'<title id="kpi-{kpis[0].pk}-title">' in html
    desc = re.search(rf'<desc id="kpi-{kpis[0].pk}-desc">(.*?)</desc>', html).group(1)
    assert "Nulmeting 37,7% (2016)" in desc and "Laatste meting 36,4%" in desc
    assert "<table" in html and "De cijfers als tabel" in html
    # A legend in words under each chart, what the chart draws.
    legend = re.search(r'<ul class="portal-legend" aria-label="Legenda">(.*?)</ul>', html, re.S)
    assert legend and "Gemeten waarden" in legend.group(1)
    assert "Rechte lijn van de nulmeting naar het doel" in legend.group(1)
    assert "Leusden is een dementievriendelijke samenleving" in html and "onderweg" in html
    assert "<script" not in html
    english = client.get(f"/en/society-agreements/{agreement.slug}/").content.decode()
    assert "37.7%" in english and "target not yet set" in english
    listing = client.get(reverse("agreements:list")).content.decode()
    assert agreement.get_absolute_url() in listing and "Samen Sterk" in listing


def test_public_pages_run_the_same_queries_for_1_and_50_kpis(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    small, _kpis = make_agreement(kpis=1, slug="klein")
    large, _kpis = make_agreement(kpis=50, slug="groot")
    counts = {}
    client.get(reverse("agreements:detail", args=["klein"]))  # content types cached
    for slug in ("klein", "groot"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("agreements:detail", args=[slug]))
        assert response.status_code == 200
        counts[slug] = len(queries)
    assert counts["klein"] == counts["groot"] <= 10
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("agreements:list"))
    Agreement.objects.filter(pk=large.pk).delete()
    with CaptureQueriesContext(connection) as fewer:
        client.get(reverse("agreements:list"))
    assert len(few) == len(fewer) <= 10


def test_measurement_changes_drop_the_cached_page(client, demo, django_capture_on_commit_callbacks):
    agreement, kpis = make_agreement()
    url = reverse("agreements:detail", args=[agreement.slug])
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.measurement_save(
            actor=program_user(),
            measurement=Measurement(kpi=kpis[0], date=D(2021, 1, 1), value=Decimal("35.2")),
        )
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "35,2%" in page.content.decode()


def test_open_data_csv_and_json(client, demo):
    _agreement, kpis = make_agreement(kpis=2)
    data = client.get(reverse("agreements:kpi_json", args=[kpis[0].pk])).json()
    assert data["name"] == "Eenzaamheid 0" and data["baseline"] == {
        "value": 37.7,
        "date": "2016-01-01",
    }
    assert [x["value"] for x in data["measurements"]] == [37.1, 36.4]
    assert (
        client.get(reverse("agreements:kpi_json", args=[kpis[1].pk])).json()["target"]["value"]
        is None
    )
    csv_text = client.get(reverse("agreements:kpi_csv", args=[kpis[0].pk])).content.decode()
    assert csv_text.splitlines()[0] == "kpi,name,unit,date,value,source,note"
    assert f"{kpis[0].pk},Eenzaamheid 0,%,2020-01-01,36.4" in csv_text
    index = client.get(reverse("agreements:kpis_json")).json()
    assert len(index["kpis"]) == 2 and index["kpis"][0]["url"].endswith(f"/kpi/{kpis[0].pk}.json")
    assert client.get(reverse("agreements:kpi_json", args=[999999])).status_code == 404


# --- Imports through the admin ----------------------------------------------------------------


def test_csv_import_in_the_admin(client, demo):
    _agreement, kpis = make_agreement()
    client.force_login(program_user())
    url = reverse("admin:agreements_kpi_import_csv")
    good = f"kpi;date;value;source;note\n{kpis[0].pk};2021-12-31;35,8;GGD;\n{kpis[0].pk};2022-06-30;35.1;GGD;tussenmeting\n"
    preview = client.post(url, {"file": SimpleUploadedFile("metingen.csv", good.encode())})
    assert preview.status_code == 200
    assert "Metingen die dit bestand toevoegt: 2" in preview.content.decode()
    assert kpis[0].measurements.count() == 2  # nothing stored before the import is confirmed
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert list(kpis[0].measurements.order_by("date").values_list("value", flat=True))[-2:] == [
        Decimal("35.8"),
        Decimal("35.1"),
    ]
    assert AuditEntry.objects.filter(action="agreements.measurement.created").count() == 2


def test_a_bad_csv_file_is_refused_with_row_and_reason_and_nothing_is_imported(client, demo):
    _agreement, kpis = make_agreement()
    before = Measurement.objects.count()
    client.force_login(program_user())
    bad = (
        "kpi;date;value\n"
        f"{kpis[0].pk};2021-13-31;35\n"
        "9999;2021-12-31;35\n"
        f"{kpis[0].pk};2022-12-31;veel\n"
    )
    response = client.post(
        reverse("admin:agreements_kpi_import_csv"),
        {"file": SimpleUploadedFile("metingen.csv", bad.encode())},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er kan niets worden geïmporteerd" in html
    assert "Rij 2: de datum moet eruitzien als 31-12-2024 of 2024-12-31" in html
    assert "Rij 3: onbekende KPI “9999”" in html
    assert "Rij 4: “veel” is geen getal" in html
    assert 'name="confirm"' not in html
    assert Measurement.objects.count() == before
    missing = client.post(
        reverse("admin:agreements_kpi_import_csv"),
        {"file": SimpleUploadedFile("x.csv", b"datum;waarde\n2020-01-01;3\n")},
    )
    assert "kolom(men) ontbreken: kpi" in missing.content.decode()
    binary = client.post(
        reverse("admin:agreements_kpi_import_csv"),
        {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x00garbage")},
    )
    assert "geen tekst" in binary.content.decode()


def test_cbs_statline_import_from_a_stored_response(client, demo):
    _agreement, kpis = make_agreement()
    target = kpis[0]
    target.cbs_table, target.cbs_measure = "83765NED", "PersonenMetJeugdzorg_1"
    services.record_save(actor=None, obj=target)
    client.force_login(program_user())
    url = reverse("admin:agreements_kpi_import_cbs", args=[target.pk])
    payload = (DATA / "cbs_83765NED_example.json").read_bytes()
    response = client.post(url, {"response": SimpleUploadedFile("cbs.json", payload)})
    assert response.status_code == 302
    imported = dict(
        target.measurements.filter(source="CBS StatLine 83765NED").values_list("date", "value")
    )
    # Only Leusden (GM0327), not Amersfoort or a district; the empty 2021 value is skipped.
    assert imported == {D(2019, 12, 31): Decimal("11.3"), D(2020, 12, 31): Decimal("11.1")}
    again = client.post(url, {"response": SimpleUploadedFile("cbs.json", payload)})
    assert again.status_code == 302 and target.measurements.count() == 4  # corrected, not doubled
    other = kpis[0]
    other.cbs_region = "GM9999"
    services.record_save(actor=None, obj=other)
    refused = client.post(url, {"response": SimpleUploadedFile("cbs.json", payload)})
    assert (
        refused.status_code == 400 and "geen waarden voor regio GM9999" in refused.content.decode()
    )
    not_json = client.post(url, {"response": SimpleUploadedFile("cbs.json", b"<html>")})
    assert "geen antwoord van CBS in JSON" in not_json.content.decode()
    # The OData v2 shape ({"d": {"results": [...]}}) reads the same.
    other.cbs_region = ""
    services.record_save(actor=None, obj=other)
    rows = json.loads(payload)["value"]
    assert (
        services.measurements_import_cbs(actor=None, kpi=other, payload={"d": {"results": rows}})
        == 2
    )


def test_cbs_periods_of_quarters_and_months():
    assert services._cbs_period("2022KW02") == D(2022, 6, 30)
    assert services._cbs_period("2022MM02") == D(2022, 2, 28)
    assert services._cbs_period("2022JJ00") == D(2022, 12, 31)


# --- Reminders, roles, referral, demo --------------------------------------------------------


def test_owner_is_reminded_when_a_measurement_is_due_and_the_team_before_an_informatiemoment(
    demo,
):
    owner = program_user()
    _agreement, kpis = make_agreement(owner=owner)
    services.measurement_save(
        actor=owner,
        measurement=Measurement(kpi=kpis[0], date=D(2030, 3, 31), value=Decimal("35")),
    )
    due = Reminder.objects.get(kind="agreements.measurement_due", state="scheduled")
    assert due.recipient_email == owner.email
    assert timezone.localtime(due.due_at).date() == D(2031, 3, 31)  # yearly
    # A new measurement moves the reminder on; the old one is cancelled.
    services.measurement_save(
        actor=owner,
        measurement=Measurement(kpi=kpis[0], date=D(2031, 3, 31), value=Decimal("34.9")),
    )
    scheduled = Reminder.objects.filter(kind="agreements.measurement_due", state="scheduled")
    assert [timezone.localtime(r.due_at).date() for r in scheduled] == [D(2032, 3, 31)]

    moment = services.record_save(
        actor=None,
        obj=Event(
            kind=Event.Kind.INFORMATION,
            date=timezone.localdate() + datetime.timedelta(days=30),
            title="Informatiemoment: stand van de akkoorden",
        ),
    )
    reminders = Reminder.objects.filter(kind="agreements.information_moment")
    assert list(reminders.values_list("recipient_email", flat=True)) == [owner.email]
    assert timezone.localtime(reminders.get().due_at).date() < moment.date


def test_roles_in_the_admin(client, demo):
    agreement, _kpis = make_agreement()
    change = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    client.force_login(User.objects.get(email="loket@leusden.example"))
    page = client.get(change)
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()  # view only
    client.force_login(program_user())
    page = client.get(change)
    assert 'name="title"' in page.content.decode()
    client.force_login(User.objects.get(email="raadslid@leusden.example"))
    assert client.get(change).status_code in (302, 403)


def test_referral_to_an_agreement_shows_on_its_page(client, demo):
    from initiatives import services as initiatives

    from .test_initiatives import make_initiative

    agreement, _kpis = make_agreement()
    initiative, _token = make_initiative(publish_consent=True)
    loket = User.objects.get(email="loket@leusden.example")
    client.force_login(loket)
    url = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, "refer"])
    response = client.post(
        url, {"message": "De partners van het akkoord nemen het mee.", "agreement": agreement.pk}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.referred_agreement == agreement and initiative.status == "referred"
    initiatives.initiative_publication(actor=loket, initiative=initiative, approved=True)
    client.logout()
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "Initiatieven die naar dit akkoord zijn doorverwezen" in html
    assert initiative.title in html


def test_a_hostop_pauses_an_agreement(client, demo):
    from council.models import HoStop

    agreement, _kpis = make_agreement()
    client.force_login(User.objects.get(email="raadslid@leusden.example"))
    url = reverse("council:hostop_raise", args=["agreements.agreement", agreement.pk])
    response = client.post(
        url,
        {
            "reason": "De partners zijn niet gehoord over het nieuwe doel.",
            "adjustment": "Eerst een extra verrijkingstafel met de partners.",
        },
    )
    assert response.status_code == 302
    hostop = HoStop.objects.get()
    assert hostop.is_open and hostop.process == agreement
    roles = set(hostop.participants.values_list("role", flat=True))
    assert roles == {"council_member", "program_team"}
    client.logout()
    assert "Gepauzeerd: ho-stop" in client.get(agreement.get_absolute_url()).content.decode()


def test_seed_demo_has_the_four_agreements_with_their_real_figures(db, client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Agreement.objects.count() == 4
    loneliness = Kpi.objects.get(name__startswith="Eenzaamheid")
    assert (loneliness.baseline_value, loneliness.target_value) == (Decimal("37.7"), Decimal(34))
    youth = Kpi.objects.get(name="Jongeren met jeugdhulp")
    assert (youth.baseline_value, youth.target_value) == (Decimal("11.5"), Decimal("10.5"))
    assert Kpi.objects.get(name__startswith="Mensen van een uitkering").target_value == 100
    assert Kpi.objects.filter(target_value__isnull=True).count() >= 2  # x% and y stay open
    energy = Agreement.objects.get(slug="energietransitie")
    assert energy.subprojects.count() == 4
    html = client.get(energy.get_absolute_url()).content.decode()
    assert "2040" in html and "Regionale Energie Strategie" in html
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Agreement.objects.count() == 4


def test_a_paused_sub_project_keeps_its_status_and_shows_on_the_agreement_page(client, demo):
    from agreements.models import SubProject
    from council import services as council
    from council.processes import Involved

    agreement, _kpis = make_agreement()
    project = services.record_save(
        actor=None, obj=SubProject(agreement=agreement, title="Regionale Energie Strategie")
    )
    council.hostop_raise(
        process=project,
        raiser=Involved("council_member", "Anneke", "anneke@raad.example"),
        reason="De inwoners van het buitengebied zijn niet gehoord.",
        adjustment="Eerst twee avonden met de inwoners.",
    )
    project.status = SubProject.Status.RUNNING
    with pytest.raises(Exception, match="ho-stop"):
        services.record_save(actor=None, obj=project)
    client.force_login(program_user())
    change = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = {
        "title": agreement.title,
        "slug": agreement.slug,
        "status": "execution",
        "position": 0,
        **{f"{p}-TOTAL_FORMS": "0" for p in ("goals", "partners", "subprojects", "events")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("goals", "partners", "events")},
        "subprojects-TOTAL_FORMS": "1",
        "subprojects-INITIAL_FORMS": "1",
        "subprojects-0-id": project.pk,
        "subprojects-0-agreement": agreement.pk,
        "subprojects-0-title": project.title,
        "subprojects-0-status": "done",
        "subprojects-0-progress": "100",
        "subprojects-0-position": "0",
    }
    response = client.post(change, data)
    assert response.status_code == 200  # the form comes back with the error
    assert "gepauzeerd door een ho-stop" in response.content.decode()
    project.refresh_from_db()
    assert project.status == SubProject.Status.PLANNED
    client.logout()
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Gepauzeerd: ho-stop" in page and "Regionale Energie Strategie" in page


@pytest.mark.parametrize(
    ("on_track", "tag", "words"),
    [
        (True, "portal-tag--done", "Op koers"),
        (False, "portal-tag--behind", "Loopt achter op schema"),
    ],
)
def test_a_goal_says_in_words_and_colour_whether_it_is_on_track(on_track, tag, words):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    goal = SimpleNamespace(
        is_qualitative=False,
        progress=SimpleNamespace(percent=40, open_targets=0, on_track=on_track),
    )
    with translation.override("nl"):
        html = render_to_string("agreements/_goal_state.html", {"goal": goal})
    assert f'<span class="portal-tag {tag}">{words}</span>' in html
    assert "40% van de weg" in html or "40%" in html
