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

from .secutil import last_segment, path_of, sent_links

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


def confirm_link(email):
    """The link of the confirmation e-mail sent to `email`."""
    row = Notification.objects.filter(kind="council.event_confirm", recipient_email=email).latest(
        "pk"
    )
    return path_of(row.context["link"])


def sign_up(client, event, name, email):
    response = client.post(
        reverse("council:event_signup", args=[event.slug]), {"name": name, "email": email}
    )
    assert "Dank u wel" in response.content.decode()


def confirm(client, email):
    """Open the link from the e-mail and press its button, as the resident does."""
    link = confirm_link(email)
    page = client.get(link).content.decode()
    assert 'name="confirm"' in page and "Bevestig mijn aanmelding" in page
    return client.post(link, {"confirm": ""}, follow=True).content.decode()


def test_places_then_a_waiting_list_and_a_freed_place_goes_to_the_first_waiting(client, demo):
    event = conference()
    for name in ("Anna", "Bram", "Cees", "Dirk"):
        sign_up(client, event, name, f"{name.lower()}@example.org")
    assert set(EventSignup.objects.values_list("status", flat=True)) == {"pending"}
    assert Notification.objects.filter(kind="council.event_confirm").count() == 4
    assert not Notification.objects.filter(kind="council.event_place").exists()
    # Confirmed in another order than signed up: the order of confirmation counts.
    for name in ("Bram", "Anna", "Dirk", "Cees"):
        page = confirm(client, f"{name.lower()}@example.org")
        assert ("u hebt een plaats" if name in ("Bram", "Anna") else "wachtlijst") in page
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
    # The page now offers only signing off; the button pressed again in an old tab changes nothing.
    again = client.post(confirm_link("anna@example.org"), {"confirm": ""}, follow=True)
    assert 'name="confirm"' not in again.content.decode()
    assert Notification.objects.filter(kind="council.event_place").count() == 2
    sign_up(client, event, "Anna", "ANNA@example.org")  # twice: nothing new
    assert EventSignup.objects.count() == 4
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Aanmelden voor de wachtlijst" in page

    promoted = services.event_cancel(signup=EventSignup.objects.get(name="Bram"))
    assert promoted.name == "Dirk" and promoted.status == "confirmed"
    assert EventSignup.objects.get(name="Cees").status == "waiting"
    assert Reminder.objects.filter(kind="council.event_tomorrow", state="scheduled").count() == 2
    assert services.event_cancel(signup=EventSignup.objects.get(name="Cees")) is None


def test_made_up_addresses_take_no_places(client, demo):
    """Five sign-ups from addresses nobody confirms leave every place free."""
    event = conference(places=3, slug="gast-van-de-raad-nep")
    for n in range(5):
        sign_up(client, event, f"Nep {n}", f"bestaat-niet-{n}@example.org")
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<dd class="portal-places">3</dd>' in page
    assert "Aanmelden voor de wachtlijst" not in page
    sign_up(client, event, "Echte inwoner", "echt@example.org")
    assert "u hebt een plaats" in confirm(client, "echt@example.org")
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<dd class="portal-places">2</dd>' in page


def test_one_mailbox_signs_up_once(client, demo):
    event = conference(places=5, slug="een-mailbox")
    for email in ("s.devries@gmail.com", "sdevries+1@gmail.com", "S.de.Vries@googlemail.com"):
        sign_up(client, event, "Sanne", email)
    assert EventSignup.objects.count() == 1
    assert Notification.objects.filter(kind="council.event_confirm").count() == 1


def test_a_place_cannot_be_confirmed_after_the_event(client, demo):
    event = conference(slug="te-laat-bevestigd")
    sign_up(client, event, "Laat", "laat@example.org")
    CouncilEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = confirm(client, "laat@example.org")
    assert "heeft al plaatsgevonden" in page
    assert EventSignup.objects.get().status == "pending"


@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_never_take_more_places_than_there_are(demo):
    event = conference(places=3, slug="gast-van-de-raad")
    for n in range(8):
        services.event_signup(event=event, name=f"Inwoner {n}", email=f"i{n}@example.org")
    tokens = [last_segment(link) for link in sent_links("council.event_confirm")]
    assert len(tokens) == 8
    barrier = threading.Barrier(8)
    errors = []

    def confirm_in_parallel(token):
        try:
            barrier.wait()
            services.event_confirm(token=token)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm_in_parallel, args=(t,)) for t in tokens]
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
