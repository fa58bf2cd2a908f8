"""Sortition (loting): volunteers confirm their address, the draw is stratified by
neighbourhood and age band, and anyone re-runs it from the published data."""

import datetime
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from fractions import Fraction

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from council import services
from council.models import Sortition, Volunteer
from council.sortition import draw
from leusden_portal.core.models import Neighbourhood
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

from .conftest import ROOT

pytestmark = pytest.mark.django_db
BANDS = ["16-25", "26-40", "41-65", "66+"]


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def open_sortition(size=12, slug="jeugd-en-veiligheid"):
    return services.sortition_create(
        actor=None,
        sortition=Sortition(
            title="Burgerpanel jeugd en veiligheid",
            slug=slug,
            description="Twaalf inwoners adviseren de raad over jeugd en veiligheid.",
            panel_size=size,
            registration_closes=timezone.now() + datetime.timedelta(days=14),
        ),
    )


def volunteers(sortition, count, seed=1):
    """`count` confirmed volunteers spread unevenly over neighbourhoods and age bands."""
    places = list(Neighbourhood.objects.all()[:4])
    made = []
    for n in range(count):
        made.append(
            Volunteer.objects.create(
                sortition=sortition,
                name=f"Inwoner {n}",
                email=f"inwoner{n}@example.org",
                neighbourhood=places[(n * seed) % len(places) if n % 3 else 0],
                age_band=BANDS[(n * 7) % 4 if n % 5 else 2],
                token_hash=hashlib.sha256(f"{sortition.pk}-{n}".encode()).hexdigest(),
                confirmed_at=timezone.now(),
            )
        )
    return made


def close(sortition):
    Sortition.objects.filter(pk=sortition.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(minutes=1)
    )
    sortition.refresh_from_db()


def test_a_published_draw_is_re_run_from_its_published_data_with_the_same_panel(
    client, demo, django_capture_on_commit_callbacks
):
    sortition = open_sortition()
    before = client.get(reverse("council:sortition_data", args=[sortition.slug])).json()
    assert before["commitment"] == sortition.seed_commitment and "seed" not in before
    assert "volunteers" not in before
    volunteers(sortition, 57)
    close(sortition)
    with django_capture_on_commit_callbacks(execute=True):  # drops the cached pages
        panel = services.sortition_draw(actor=None, sortition=sortition)
    assert len(panel) == 12

    published = client.get(reverse("council:sortition_data", args=[sortition.slug])).json()
    assert hashlib.sha256(published["seed"].encode()).hexdigest() == before["commitment"]
    assert all(set(v) == {"number", "neighbourhood", "age_band"} for v in published["volunteers"])
    again, _reserves = draw(published["volunteers"], published["seed"], published["panel_size"])
    assert again == panel == published["panel"]
    # Anyone can do it with the documented command, outside Django.
    data_file = ROOT / f".pytest-sortition-{sortition.pk}.json"
    data_file.write_text(json.dumps(published))
    try:
        out = subprocess.run(
            [sys.executable, "-m", "council.sortition", str(data_file)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        data_file.unlink()
    assert out.strip() == "Panel: " + ", ".join(str(n) for n in panel)
    page = client.get(sortition.get_absolute_url()).content.decode()
    assert published["seed"] in page and "Inwoner" not in page


@pytest.mark.parametrize("size", [5, 12, 20])
def test_stratification_holds_within_one_person_per_stratum(demo, size):
    sortition = open_sortition(size=size, slug=f"panel-{size}")
    people = volunteers(sortition, 83, seed=3)
    close(sortition)
    panel = set(services.sortition_draw(actor=None, sortition=sortition))
    strata = Counter(v.stratum for v in people)
    drawn = Counter(v.stratum for v in people if v.pk in panel)
    for stratum, total in strata.items():
        share = Fraction(size * total, len(people))
        assert abs(drawn[stratum] - share) < 1, (stratum, drawn[stratum], share)
    assert sum(drawn.values()) == size


def test_a_wrong_seed_does_not_match_the_commitment(demo):
    sortition = open_sortition()
    from council.sortition import commitment

    assert commitment(sortition.seed) == sortition.seed_commitment
    assert commitment("a" * 64) != sortition.seed_commitment


def test_resident_registers_confirms_and_only_confirmed_volunteers_are_drawn(client, demo):
    sortition = open_sortition(size=1)
    place = Neighbourhood.objects.first()
    url = reverse("council:sortition_register", args=[sortition.slug])
    bad = client.post(url, {"name": "Fenna", "email": "geen-adres", "age_band": "26-40"})
    assert bad.status_code == 400 and not Volunteer.objects.exists()
    data = {
        "name": "Fenna",
        "email": "fenna@example.org",
        "neighbourhood": place.pk,
        "age_band": "26-40",
        "gender": "",
        "consent": "on",
    }
    assert "Kijk in uw mailbox" in client.post(url, data).content.decode()
    client.post(url, data)  # twice: still one volunteer
    client.post(url, {**data, "email": "Fenna+loting@example.org"})  # one mailbox, one person
    assert Volunteer.objects.count() == 1
    notification = Notification.objects.get(kind="council.volunteer_confirm")
    notifications.send(notification.pk)
    link = re.search(r"http://\S+/raad/loting/deelnemer/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    client.post(path, {"confirm": "1"})
    fenna = Volunteer.objects.get()
    assert fenna.confirmed_at is not None
    Volunteer.objects.create(
        sortition=sortition,
        name="Niet bevestigd",
        email="x@example.org",
        neighbourhood=place,
        age_band="26-40",
        token_hash="x" * 64,
    )
    close(sortition)
    assert services.sortition_draw(actor=None, sortition=sortition) == [fenna.pk]
    with pytest.raises(services.CouncilError):
        services.sortition_draw(actor=None, sortition=sortition)
    closed = client.post(url, {**data, "email": "laat@example.org"})
    assert "gesloten" in closed.content.decode() and Volunteer.objects.count() == 2


def test_a_decline_invites_the_next_reserve_of_the_same_stratum(demo):
    sortition = open_sortition(size=4)
    people = volunteers(sortition, 30)
    close(sortition)
    panel = services.sortition_draw(actor=None, sortition=sortition)
    invited = Notification.objects.filter(kind="council.volunteer_drawn")
    assert invited.count() == 4
    first = Volunteer.objects.get(pk=panel[0])
    reserve = services.volunteer_answer(volunteer=first, accept=False)
    assert reserve is not None and reserve.stratum == first.stratum
    _panel, reserves = draw(services.published_data(sortition), sortition.seed, 4)
    assert reserve.pk == reserves[first.stratum][0]  # the same ranking as the draw
    assert Volunteer.objects.get(pk=reserve.pk).status == Volunteer.Status.SELECTED
    assert invited.count() == 5
    second = Volunteer.objects.get(pk=panel[1])
    services.volunteer_answer(volunteer=second, accept=True)
    assert Volunteer.objects.get(pk=second.pk).status == Volunteer.Status.ACCEPTED
    outsider = next(p for p in people if p.pk not in panel and p.pk != reserve.pk)
    with pytest.raises(services.CouncilError):
        services.volunteer_answer(volunteer=outsider, accept=True)


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_registrations_over_http_registers_once(live_server, demo):
    from .secutil import parallel_posts

    sortition = open_sortition()
    url = reverse("council:sortition_register", args=[sortition.slug])
    data = {
        "name": "Snel",
        "email": "Snel@Example.org",
        "neighbourhood": Neighbourhood.objects.first().pk,
        "age_band": Volunteer.AgeBand.ADULT,
        "consent": "on",
    }
    assert parallel_posts(live_server.url, url, data, 8) == [200] * 8
    assert Volunteer.objects.filter(sortition=sortition).count() == 1
    assert Notification.objects.filter(kind="council.volunteer_confirm").count() == 1
