"""Guest of the council and council conferences: places, a waiting list in order, a freed
place goes to the first waiting, no overbooking in parallel, reminders and the harvest."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from council import services
from council.models import CouncilEvent, EventSignup
from leusden_portal.notifications.models import Notification, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def conference(places=2, slug="raadsconferentie-2027"):
    return CouncilEvent.objects.create(
        kind=CouncilEvent.Kind.CONFERENCE,
        title="Raadsconferentie Samenleving Voorop",
        slug=slug,
        description="Raad en inwoners praten over de volgende stap.",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        location="De Tabernakel, Leusden",
        places=places,
    )


def test_places_then_a_waiting_list_and_a_freed_place_goes_to_the_first_waiting(client, demo):
    event = conference()
    url = reverse("council:event_signup", args=[event.slug])
    for name in ("Anna", "Bram", "Cees", "Dirk"):
        response = client.post(url, {"name": name, "email": f"{name.lower()}@example.org"})
        assert "Dank u wel" in response.content.decode()
    statuses = dict(EventSignup.objects.values_list("name", "status"))
    assert statuses == {
        "Anna": "confirmed",
        "Bram": "confirmed",
        "Cees": "waiting",
        "Dirk": "waiting",
    }
    assert Notification.objects.filter(kind="council.event_place").count() == 2
    assert Notification.objects.filter(kind="council.event_waiting").count() == 2
    assert Reminder.objects.filter(kind="council.event_tomorrow").count() == 2
    client.post(url, {"name": "Anna", "email": "ANNA@example.org"})  # twice: nothing new
    assert EventSignup.objects.count() == 4
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Aanmelden voor de wachtlijst" in page

    promoted = services.event_cancel(signup=EventSignup.objects.get(name="Bram"))
    assert promoted.name == "Cees" and promoted.status == "confirmed"
    assert EventSignup.objects.get(name="Dirk").status == "waiting"
    assert Reminder.objects.filter(kind="council.event_tomorrow", state="scheduled").count() == 2
    assert services.event_cancel(signup=EventSignup.objects.get(name="Dirk")) is None


@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ups_never_take_more_places_than_there_are(demo):
    event = conference(places=3, slug="gast-van-de-raad")
    barrier = threading.Barrier(8)
    errors = []

    def sign(n):
        try:
            barrier.wait()
            services.event_signup(event=event, name=f"Inwoner {n}", email=f"i{n}@example.org")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert EventSignup.objects.filter(status="confirmed").count() == 3
    assert EventSignup.objects.filter(status="waiting").count() == 5


def test_the_harvest_is_published_afterwards_and_past_events_take_no_sign_ups(client, demo):
    event = conference(slug="voorbij")
    CouncilEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        harvest="Inwoners willen een loket dat snel doorverwijst.",
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "De oogst" in page and "snel doorverwijst" in page and "Aanmelden" not in page
    event.refresh_from_db()
    with pytest.raises(services.CouncilError):
        services.event_signup(event=event, name="Laat", email="laat@example.org")
