"""The manifest Samenleving Voorop: residents and organisations sign it with a confirmed
address; only those who agreed are shown."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from council.models import Manifest, Signature
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def manifest(demo):
    return Manifest.objects.create(
        title="Manifest Samenleving Voorop",
        slug="samenleving-voorop",
        text="Leusden is van ons samen.",
        is_published=True,
    )


def sign(client, manifest, **data):
    return client.post(reverse("council:manifest_sign", args=[manifest.slug]), data)


def confirm_last(client):
    notifications.send(
        Notification.objects.filter(kind="council.signature_confirm").latest("pk").pk
    )
    link = re.search(r"http://\S+/manifest/handtekening/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    return client.post(path, follow=True)


def test_signing_counts_after_confirmation_and_shows_only_who_agreed(
    client, manifest, django_capture_on_commit_callbacks
):
    page = client.get(manifest.get_absolute_url()).content.decode()
    assert "Ondertekend door 0 inwoners en organisaties" in page
    response = sign(
        client,
        manifest,
        name="Jannie <b>Verhoef</b>",
        email="jannie@example.org",
        show_publicly="on",
    )
    assert "Kijk in uw mailbox" in response.content.decode()
    assert Signature.objects.get().confirmed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm_last(client)
    html = done.content.decode()
    assert "Ondertekend door 1 inwoner of organisatie" in html
    assert "Jannie &lt;b&gt;Verhoef&lt;/b&gt;" in html and "jannie@example.org" not in html
    sign(client, manifest, name="Stille tekenaar", email="stil@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        html = confirm_last(client).content.decode()
    assert "Ondertekend door 2 inwoners en organisaties" in html and "Stille tekenaar" not in html


def test_once_per_address_bad_input_and_unknown_links(client, manifest):
    sign(client, manifest, name="Jannie", email="jannie@example.org")
    sign(client, manifest, name="Jannie", email="JANNIE@example.org")
    assert Signature.objects.count() == 1
    # One mailbox, one signature: plus tags and Gmail's dots are the same person.
    for email in (
        "j.verhoef@gmail.com",
        "jverhoef+manifest@gmail.com",
        "J.Ver.Hoef@googlemail.com",
    ):
        sign(client, manifest, name="Jannie", email=email)
    sign(client, manifest, name="Jannie", email="jannie+2@example.org")
    assert Signature.objects.count() == 2
    bad = sign(client, manifest, name="", email="geen-adres")
    assert bad.status_code == 400 and "geldig e-mailadres" in bad.content.decode()
    assert client.get(reverse("council:signature", args=["verzonnen"])).status_code == 404
    hidden = Manifest.objects.create(title="Concept", slug="concept", text=".", is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_signatures_over_http_counts_once(live_server, manifest):
    from .secutil import parallel_posts

    url = reverse("council:manifest_sign", args=[manifest.slug])
    statuses = parallel_posts(
        live_server.url, url, {"name": "Snel", "email": "Snel@Example.org"}, 10
    )
    assert statuses == [200] * 10
    assert Signature.objects.count() == 1
    assert Notification.objects.filter(kind="council.signature_confirm").count() == 1
    notifications.send(Notification.objects.get(kind="council.signature_confirm").pk)
    link = re.search(r"http://\S+/manifest/handtekening/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    statuses = parallel_posts(live_server.url, path, {}, 10)
    assert set(statuses) == {302}
    assert manifest.signatures.filter(confirmed_at__isnull=False).count() == 1
