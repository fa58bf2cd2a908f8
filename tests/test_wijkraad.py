"""The cooperative wijkraad: a public page with its members, meetings and topics, and the
published initiatives of its own neighbourhood only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from council.models import (
    NeighbourhoodCouncil,
    NeighbourhoodCouncilMeeting,
    NeighbourhoodCouncilMember,
)
from initiatives.models import Initiative
from leusden_portal.core.models import Neighbourhood

from .test_initiatives import _published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def make_wijkraad(meetings=1):
    place = Neighbourhood.objects.get(slug="achterveld")
    body = NeighbourhoodCouncil.objects.create(
        neighbourhood=place,
        name="Coöperatieve wijkraad Achterveld",
        slug="achterveld",
        description="Inwoners van Achterveld bespreken wat het dorp nodig heeft.",
    )
    NeighbourhoodCouncilMember.objects.create(
        wijkraad=body, name="Henk van Ee", role="voorzitter", since=datetime.date(2024, 1, 1)
    )
    NeighbourhoodCouncilMember.objects.create(
        wijkraad=body,
        name="Oud Lid",
        since=datetime.date(2020, 1, 1),
        until=datetime.date(2023, 1, 1),
    )
    for n in range(meetings):
        NeighbourhoodCouncilMeeting.objects.create(
            wijkraad=body,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=30 * n),
            location="Dorpshuis",
            topics=f"Verkeersveiligheid {n}\nHet buurtbudget",
        )
    return body


def test_the_wijkraad_page_shows_members_topics_and_its_own_initiatives(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    body = make_wijkraad()
    _published(2)
    Initiative.objects.filter(title="Openbaar idee 0").update(neighbourhood=body.neighbourhood)
    html = client.get(reverse("council:wijkraad", args=["achterveld"])).content.decode()
    assert "Henk van Ee, voorzitter" in html and "Oud Lid" not in html
    assert "Verkeersveiligheid 0" in html and "Het buurtbudget" in html
    assert "Openbaar idee 0" in html and "Openbaar idee 1" not in html


def test_the_wijkraad_page_runs_the_same_queries_for_1_and_20_meetings(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    body = make_wijkraad(meetings=1)
    url = reverse("council:wijkraad", args=[body.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(19):
        NeighbourhoodCouncilMeeting.objects.create(
            wijkraad=body,
            date=datetime.date(2027, 1, 1),
            location="Dorpshuis",
            topics=f"Onderwerp {n}",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many) <= 10
