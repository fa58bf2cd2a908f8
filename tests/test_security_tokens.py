"""Private links: each carries at least 128 bits of randomness (measured from the links the
portal really sends), only a hash is stored where the design says so, guessing is rate
limited per network address, and the forms that send a link never tell whether an address
is known."""

import datetime
import hashlib
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from council import services as council
from council.models import (
    CouncilEvent,
    EventSignup,
    HoStopParticipant,
    Manifest,
    Signature,
    Sortition,
    Volunteer,
)
from initiatives import services
from initiatives.models import (
    Attachment,
    Ballot,
    Initiative,
    NeighbourhoodBudget,
    PrivateLink,
    Support,
)
from leusden_portal.accounts import services as accounts
from leusden_portal.accounts.models import User
from leusden_portal.core.models import Neighbourhood
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

from .secutil import from_address, last_segment, measured_bits, sent_links, without_csrf
from .test_hostop import raise_as_initiator, referred_initiative
from .test_initiatives import PDF, form_data, make_initiative

pytestmark = pytest.mark.django_db

N = 10
A, B = "203.0.113.7", "198.51.100.23"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def sha256(token):
    return hashlib.sha256(token.encode()).hexdigest()


def published():
    initiative, _token = make_initiative(publish_consent=True)
    loket = User.objects.get(email="loket@leusden.example")
    services.initiative_publication(actor=loket, initiative=initiative, approved=True)
    return Initiative.objects.get(pk=initiative.pk)


def voting_budget():
    return NeighbourhoodBudget.objects.create(
        neighbourhood=Neighbourhood.objects.get(slug="groenhouten"),
        title="Buurtbudget Groenhouten 2027",
        slug="groenhouten-2027",
        amount=Decimal("10000"),
        period="2027",
        status=NeighbourhoodBudget.Status.VOTING,
    )


def open_sortition():
    return council.sortition_create(
        actor=None,
        sortition=Sortition(
            title="Burgerpanel jeugd",
            slug="jeugd",
            description="Inwoners adviseren de raad.",
            panel_size=N,
            registration_closes=timezone.now() + datetime.timedelta(days=14),
        ),
    )


def event(places=100):
    return CouncilEvent.objects.create(
        kind=CouncilEvent.Kind.CONFERENCE,
        title="Raadsconferentie",
        slug="raadsconferentie",
        description="Raad en inwoners praten.",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        location="Leusden",
        places=places,
    )


def manifest():
    return Manifest.objects.create(
        title="Manifest", slug="samenleving-voorop", text="Samen.", is_published=True
    )


# --- Each kind of link: its randomness, and what is stored -----------------------------------


def _hashed(model, tokens):
    """Only the SHA-256 of each token is stored, never the token itself."""
    for token in tokens:
        assert model.objects.filter(token_hash=sha256(token)).count() == 1
        assert not model.objects.filter(token_hash=token).exists()


def tracking_links():
    for i in range(N):
        make_initiative(email=f"volg{i}@example.org")
    tokens = [last_segment(link) for link in sent_links("initiatives.submitted")]
    _hashed(PrivateLink, tokens)
    return tokens


def new_links():
    make_initiative(email="opnieuw@example.org")
    with override_settings(INITIATIVES_NEW_LINKS_PER_DAY=N):  # the day's limit is 3
        for _ in range(N):
            services.initiative_send_new_links(email="opnieuw@example.org")
    tokens = [last_segment(link) for link in sent_links("initiatives.new_link")]
    _hashed(PrivateLink, tokens)
    # Asking for a link adds one and revokes none: whoever knows the address cannot break
    # the initiator's link (the first one, from the confirmation, still opens the page).
    assert PrivateLink.objects.filter(revoked_at__isnull=True).count() == N + 1
    return tokens


def support_links():
    initiative = published()
    for i in range(N):
        services.support_request(initiative=initiative, email=f"steun{i}@example.org")
    tokens = [last_segment(link) for link in sent_links("initiatives.support_confirm")]
    _hashed(Support, tokens)
    assert not Support.objects.filter(email_hash__contains="steun").exists()
    return tokens


def ballot_links():
    budget = voting_budget()
    for i in range(N):
        services.ballot_request(
            budget=budget, email=f"stem{i}@example.org", neighbourhood=budget.neighbourhood
        )
    tokens = [last_segment(link) for link in sent_links("initiatives.ballot")]
    _hashed(Ballot, tokens)
    return tokens


def hostop_links():
    initiative, _token = referred_initiative()
    hostop = raise_as_initiator(initiative)
    participant = hostop.participants.exclude(is_raiser=True).first()
    tokens = [
        last_segment(council.hostop_participant_new_link(participant=participant)) for _ in range(N)
    ]
    assert HoStopParticipant.objects.get(pk=participant.pk).token_hash == sha256(tokens[-1])
    return tokens


def partner_links(client):
    initiative, _token = referred_initiative()
    url = reverse("council:hostop_partner", args=["initiatives.initiative", initiative.pk])
    for i in range(N):
        client.post(
            url,
            {
                "email": "kees@example.org",
                "reason": f"Wij willen eerst overleggen, ronde {i}.",
                "adjustment": "Eerst een gesprek met de buurt.",
            },
        )
    # A signed link (nothing stored): its randomness is the signature, the part after ':'.
    return [
        last_segment(link).rsplit(":", 1)[-1]
        for link in sent_links("council.hostop_partner_confirm")
    ]


def volunteer_links():
    sortition = open_sortition()
    places = list(Neighbourhood.objects.all()[:3])
    for i in range(N):
        council.volunteer_register(
            sortition=sortition,
            data={
                "name": f"Inwoner {i}",
                "email": f"loting{i}@example.org",
                "neighbourhood": places[i % 3],
                "age_band": Volunteer.AgeBand.choices[i % 4][0],
            },
        )
    tokens = [last_segment(link) for link in sent_links("council.volunteer_confirm")]
    _hashed(Volunteer, tokens)
    for volunteer in Volunteer.objects.all():
        council.volunteer_confirm(volunteer=volunteer)
    Sortition.objects.filter(pk=sortition.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(minutes=1)
    )
    sortition.refresh_from_db()
    council.sortition_draw(actor=None, sortition=sortition)
    invitations = [last_segment(link) for link in sent_links("council.volunteer_drawn")]
    assert len(invitations) == N
    _hashed(Volunteer, invitations)
    return tokens + invitations


def signature_links():
    the_manifest = manifest()
    for i in range(N):
        council.manifest_sign(manifest=the_manifest, name=f"N{i}", email=f"teken{i}@example.org")
    tokens = [last_segment(link) for link in sent_links("council.signature_confirm")]
    _hashed(Signature, tokens)
    return tokens


def signup_links():
    the_event = event()
    for i in range(N):
        council.event_signup(event=the_event, name=f"N{i}", email=f"gast{i}@example.org")
    tokens = [last_segment(link) for link in sent_links("council.event_confirm")]
    _hashed(EventSignup, tokens)
    return tokens


def attachment_names(client):
    # Behind the tracking link or the staff login, never alone: kept as it is, random.
    for i in range(N):
        data = form_data(email=f"bijlage{i}@example.org")
        data["attachments"] = [SimpleUploadedFile("brief.pdf", PDF)]
        client.post(reverse("initiatives:submit"), data, **from_address(f"10.0.0.{i}"))
    tokens = list(Attachment.objects.values_list("token", flat=True))
    for attachment in Attachment.objects.all():
        assert attachment.file.name.endswith(attachment.token)
    return tokens


def password_links():
    for i in range(N):
        accounts.user_save(actor=None, user=User(email=f"nieuw{i}@leusden.example", is_staff=True))
    for notification in Notification.objects.filter(kind="accounts.welcome"):
        notifications.send(notification.pk)
    tokens = []
    for message in mail.outbox:
        match = re.search(r"/admin/password/set/[^/]+/([0-9a-z]+)-([0-9a-f]+)/", message.body)
        tokens.append(match.group(2))  # after the timestamp: an HMAC under the secret key
    assert not Notification.objects.filter(context__has_key="link", kind="accounts.welcome")
    return tokens


def opt_out_links():
    return [
        notifications.opt_out_token(f"lezer{i}@example.org").rsplit(":", 1)[-1] for i in range(N)
    ]


GENERATORS = {
    "tracking": tracking_links,
    "new_link": new_links,
    "support": support_links,
    "ballot": ballot_links,
    "hostop": hostop_links,
    "hostop_partner": partner_links,
    "sortition": volunteer_links,
    "manifest": signature_links,
    "event": signup_links,
    "attachment": attachment_names,
    "password_set": password_links,
    "opt_out": opt_out_links,
}


@pytest.mark.parametrize("kind", GENERATORS)
def test_every_private_link_carries_at_least_128_bits(kind, client, demo):
    generate = GENERATORS[kind]
    tokens = generate(client) if "client" in generate.__code__.co_varnames else generate()
    assert len(tokens) >= N
    assert measured_bits(tokens) >= 128


def test_initiative_link_is_not_kept_in_the_outbox_once_sent(demo):
    initiative, token = make_initiative()
    notification = Notification.objects.get(kind="initiatives.submitted")
    notifications.send(notification.pk)
    notification.refresh_from_db()
    assert token not in str(notification.context)
    assert token in mail.outbox[-1].body


def test_the_submission_key_is_a_random_uuid(client, demo):
    # The "received" page is behind the form's submission key: a version-4 UUID (122
    # random bits), shown only for 24 hours and only with the reference number.
    keys = []
    for _ in range(N):
        response = client.get(reverse("initiatives:submit"))
        keys.append(
            re.search(r'name="submission_key" value="([0-9a-f-]{36})"', response.content.decode())
            .group(1)
            .replace("-", "")
        )
    assert len(set(keys)) == N and all(key[12] == "4" for key in keys)


# --- Guessing is rate limited ----------------------------------------------------------------


WRONG = "x" * 43


def _wrong_urls():
    return {
        "track": reverse("initiatives:track", args=[WRONG]),
        "track_file": reverse("initiatives:track_attachment", args=[WRONG, WRONG]),
        "support": reverse("initiatives:support_confirm", args=[WRONG]),
        "ballot": reverse("initiatives:ballot", args=[WRONG]),
        "received": reverse("initiatives:submitted", args=["4f0c5c1e-8a56-4c41-9c7a-3c3e0c8b7a11"]),
        "hostop": reverse("council:hostop", args=[WRONG]),
        "partner": reverse("council:hostop_partner_confirm", args=[WRONG + ":" + WRONG]),
        "volunteer": reverse("council:volunteer", args=[WRONG]),
        "signup": reverse("council:signup", args=[WRONG]),
        "signature": reverse("council:signature", args=[WRONG]),
        "opt_out": reverse("notifications:opt_out", args=[WRONG]),
        "password_set": reverse("password_reset_confirm", args=["MQ", "c0ffee-" + "0" * 32]),
    }


@pytest.mark.parametrize("name", list(_wrong_urls()))
def test_guessing_a_private_link_is_refused_after_a_few_tries(name, client, demo, settings):
    settings.THROTTLE_TOKEN_GUESSES = 4
    url = _wrong_urls()[name]
    for _ in range(4):
        response = client.get(url, **from_address(A))
        assert response.status_code in (200, 404)
        assert response.status_code == 404 or response.context["validlink"] is False
    blocked = client.get(url, **from_address(A))
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.content.decode()
    assert blocked["Retry-After"] == str(settings.THROTTLE_WINDOW_SECONDS)
    # Posting does not get round it.
    assert client.post(url, {"answer": "consent"}, **from_address(A)).status_code == 429


def test_the_right_link_from_another_address_still_works(client, demo, settings):
    settings.THROTTLE_TOKEN_GUESSES = 4
    initiative, token = make_initiative()
    budget = voting_budget()
    services.ballot_request(
        budget=budget, email="stem@example.org", neighbourhood=budget.neighbourhood
    )
    ballot_token = last_segment(sent_links("initiatives.ballot")[-1])
    for _ in range(5):
        client.get(reverse("initiatives:track", args=[WRONG]), **from_address(A))
    # Blocked for every private link, also the ones it did not guess at, also a right one.
    assert (
        client.get(reverse("initiatives:ballot", args=[WRONG]), **from_address(A)).status_code
        == 429
    )
    assert (
        client.get(reverse("initiatives:track", args=[token]), **from_address(A)).status_code == 429
    )
    track = client.get(reverse("initiatives:track", args=[token]), **from_address(B))
    assert track.status_code == 200 and initiative.reference in track.content.decode()
    ballot = client.get(reverse("initiatives:ballot", args=[ballot_token]), **from_address(B))
    assert ballot.status_code == 200
    # Right links do not count as guesses.
    for _ in range(10):
        assert (
            client.get(reverse("initiatives:track", args=[token]), **from_address(B)).status_code
            == 200
        )


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, demo, settings):
    settings.THROTTLE_TOKEN_GUESSES = 2
    settings.THROTTLE_TRUSTED_PROXIES = 1
    _initiative, token = make_initiative()
    proxy = "10.1.1.1"
    for _ in range(3):
        client.get(
            reverse("initiatives:track", args=[WRONG]),
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {A}",
        )
    other = client.get(
        reverse("initiatives:track", args=[token]), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=B
    )
    assert other.status_code == 200  # the proxy's address is not blocked for everyone
    # A forged entry on the left does not get round the limit.
    forged = client.get(
        reverse("initiatives:track", args=[token]),
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=f"9.9.9.9, {A}",
    )
    assert forged.status_code == 429


def test_without_a_cache_server_private_links_still_work(client, demo, settings):
    _initiative, token = make_initiative()
    settings.CACHES = {
        "default": {
            "BACKEND": "leusden_portal.core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert client.get(reverse("initiatives:track", args=[token])).status_code == 200
    assert client.get(reverse("initiatives:track", args=[WRONG])).status_code == 404


# --- No user enumeration through the forms that send a link ----------------------------------


def _forms():
    """Per form: its URL, a function that makes the address known, and the data to post."""

    def new_link():
        make_initiative(email="bekend@example.org")
        return reverse("initiatives:new_link"), lambda email: {"email": email}

    def support():
        initiative = published()
        support = services.support_request(initiative=initiative, email="bekend@example.org")
        services.support_confirm(support=support)
        url = reverse("initiatives:support", args=[initiative.reference])
        return url, lambda email: {"email": email, "website": ""}

    def manifest_form():
        the_manifest = manifest()
        council.manifest_sign(manifest=the_manifest, name="Bekend", email="bekend@example.org")
        url = reverse("council:manifest_sign", args=[the_manifest.slug])
        return url, lambda email: {"name": "Iemand", "email": email}

    def sortition():
        the_sortition = open_sortition()
        place = Neighbourhood.objects.first()
        data = {
            "name": "Iemand",
            "neighbourhood": place.pk,
            "age_band": Volunteer.AgeBand.choices[0][0],
            "consent": "on",
        }
        council.volunteer_register(
            sortition=the_sortition,
            data={
                "name": "Bekend",
                "email": "bekend@example.org",
                "neighbourhood": place,
                "age_band": Volunteer.AgeBand.choices[0][0],
            },
        )
        url = reverse("council:sortition_register", args=[the_sortition.slug])
        return url, lambda email: {**data, "email": email}

    def event_form():
        the_event = event()
        council.event_signup(event=the_event, name="Bekend", email="bekend@example.org")
        url = reverse("council:event_signup", args=[the_event.slug])
        return url, lambda email: {"name": "Iemand", "email": email}

    def ballot():
        budget = voting_budget()
        services.ballot_request(
            budget=budget, email="bekend@example.org", neighbourhood=budget.neighbourhood
        )
        url = reverse("initiatives:budget_vote", args=[budget.slug])
        return url, lambda email: {"email": email, "lives_here": "on"}

    def partner():
        initiative, _token = referred_initiative()
        initiative.referred_to_partner.email = "bekend@example.org"
        initiative.referred_to_partner.save()
        url = reverse("council:hostop_partner", args=["initiatives.initiative", initiative.pk])
        return url, lambda email: {
            "email": email,
            "reason": "Wij willen eerst overleggen met de buurt.",
            "adjustment": "Eerst een gesprek met de buurt.",
        }

    return {
        "new_link": new_link,
        "support": support,
        "manifest": manifest_form,
        "sortition": sortition,
        "event": event_form,
        "ballot": ballot,
        "hostop_partner": partner,
    }


@pytest.mark.parametrize("name", list(_forms()))
def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(name, client, demo):
    url, data = _forms()[name]()
    known = client.post(url, data("Bekend@Example.org"), **from_address(A))
    unknown = client.post(url, data("onbekend@example.org"), **from_address(A))
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known.content) == without_csrf(unknown.content)
    assert known.get("Set-Cookie") == unknown.get("Set-Cookie")


@pytest.mark.parametrize("name", list(_forms()))
def test_the_forms_that_send_a_link_are_rate_limited(name, client, demo, settings):
    settings.THROTTLE_FORM_POSTS = 3
    url, data = _forms()[name]()
    sent_before = Notification.objects.count()
    for i in range(3):
        assert (
            client.post(url, data(f"iemand{i}@example.org"), **from_address(A)).status_code == 200
        )
    made = Notification.objects.count()
    for email in ("bekend@example.org", "nog-iemand@example.org"):
        refused = client.post(url, data(email), **from_address(A))
        assert refused.status_code == 429 and "Te veel pogingen" in refused.content.decode()
    assert Notification.objects.count() == made  # nothing more sent once refused
    assert made >= sent_before
    # Someone else is not hindered.
    assert client.post(url, data("ander@example.org"), **from_address(B)).status_code == 200
