"""Property-based tests (hypothesis) of every public and staff form, posted through Django's
test client to the real URL: whatever comes in (unicode, control characters, NUL bytes, huge
strings, numbers in odd notations, impossible dates, missing, extra and repeated fields),
never a server error; a refused submission re-renders the form and stores nothing; an
accepted one stores exactly one object."""

import datetime
import itertools
import os
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council import services as council
from council.models import (
    CouncilEvent,
    EventSignup,
    HoStop,
    HoStopParticipant,
    Manifest,
    Signature,
    Sortition,
    Volunteer,
)
from initiatives import services
from initiatives.models import (
    Ballot,
    BudgetProposal,
    ChallengeBid,
    Initiative,
    Message,
    NeighbourhoodBudget,
    Support,
)
from leusden_portal.accounts.models import User
from leusden_portal.core.models import Neighbourhood
from leusden_portal.notifications.models import DeliveryPreference

from .test_hostop import raise_as_initiator, referred_initiative
from .test_initiatives import form_data, make_initiative

pytestmark = pytest.mark.django_db

# Modest, and only for this file: the whole file stays well under 90 seconds. A longer
# hunt: FORMS_EXAMPLES=500.
FORMS = settings(
    max_examples=int(os.environ.get("FORMS_EXAMPLES", 20)),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u202d",
    "\ufeff",
    "e\u0301",
    "𝕏𝕐",
    "☃" * 300,
    "x" * 100_000,
    "0",
    "-1",
    "-0",
    "1e309",
    "-1e-999",
    "NaN",
    "Infinity",
    "1_000",
    "0x1F",
    "1.000.000,50",
    "2,500.50",
    "€ 12,50",
    "٣٤",
    "²³",
    "9" * 60,
    "2026-02-30",
    "0000-00-00",
    "31-12-99999",
    "true",
    "on",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%(name)s {0} {{ x }}",
    "a@b",
    "@example.org",
    "x@example.org\r\nBcc: y@example.org",
]

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
scalar = st.one_of(
    st.sampled_from(ODD),
    text,
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
)
value = st.one_of(scalar, st.lists(scalar, min_size=0, max_size=3))
ips = (f"10.{a}.{b}.{c}" for a, b, c in itertools.product(range(256), repeat=3))


def mutations(fields):
    """Changes to a valid submission: fields replaced, dropped or added."""
    return st.tuples(
        st.dictionaries(st.sampled_from(fields), value, max_size=len(fields)),
        st.sets(st.sampled_from(fields), max_size=len(fields)),
        st.dictionaries(st.sampled_from(["extra", "id", "pk", "status", "token_hash"]), value),
    )


def apply(base, change):
    replaced, dropped, extra = change
    data = {**base, **replaced, **extra}
    for name in dropped:
        data.pop(name, None)
    return data


def check(client, url, data, count, ok=(200, 302), refused=(400,), max_new=1, **extra):
    """Post; never a server error; refused: the form again and nothing stored; accepted: at
    most `max_new` more objects (exactly one where the form always stores one)."""
    before = count()
    response = client.post(url, data, REMOTE_ADDR=next(ips), **extra)
    assert response.status_code < 500, response.content[:2000]
    after = count()
    if response.status_code in refused:
        assert after == before, "a refused form stored something"
        html = response.content.decode()
        assert "<form" in html and ("error" in html or "fout" in html.lower())
    else:
        assert response.status_code in ok, response.status_code
        assert before <= after <= before + max_new
    return response, after - before


@pytest.fixture(autouse=True)
def dutch_and_unlimited(settings):
    settings.THROTTLE_FORM_POSTS = 10_000
    settings.THROTTLE_TOKEN_GUESSES = 10_000
    settings.INITIATIVES_SUBMISSIONS_PER_HOUR = 10_000
    settings.PAGECACHE_ENABLED = False
    with translation.override("nl"):
        yield


def loket():
    return User.objects.get(email="loket@leusden.example")


# --- Public forms --------------------------------------------------------------------------

SUBMIT_FIELDS = [
    "title",
    "description",
    "kind",
    "theme",
    "neighbourhood",
    "help_asked",
    "amount_requested",
    "involved",
    "name",
    "email",
    "phone",
    "privacy_consent",
    "publish_consent",
    "website",
    "submission_key",
    "budget",
]


@FORMS
@given(change=mutations(SUBMIT_FIELDS), data=st.data())
def test_submit_form(client, demo, change, data):
    import uuid

    base = form_data(submission_key=str(uuid.uuid4()), email=f"{uuid.uuid4().hex}@example.org")
    response, new = check(
        client, reverse("initiatives:submit"), apply(base, change), Initiative.objects.count
    )
    assert (response.status_code == 302) == (new == 1)


@FORMS
@given(change=mutations(["budget", "amount_requested", "help_asked", "title"]))
def test_budget_proposal_through_the_submit_form(client, demo, change):
    import uuid

    budget, _created = NeighbourhoodBudget.objects.get_or_create(
        slug="groenhouten-2027",
        defaults={
            "neighbourhood": Neighbourhood.objects.get(slug="groenhouten"),
            "title": "Buurtbudget",
            "amount": Decimal("10000"),
            "period": "2027",
        },
    )
    base = form_data(
        submission_key=str(uuid.uuid4()), budget=budget.pk, amount_requested="2.500,50"
    )
    proposals = BudgetProposal.objects.count()
    response, new = check(
        client, reverse("initiatives:submit"), apply(base, change), Initiative.objects.count
    )
    assert (response.status_code == 302) == (new == 1)
    assert BudgetProposal.objects.count() - proposals <= new


def _tracked():
    initiative, token = make_initiative()
    return initiative, reverse("initiatives:track", args=[token])


@FORMS
@given(change=mutations(["body", "attachments", "reply"]))
def test_reply_form(client, demo, change):
    _initiative, url = _tracked()
    check(client, url, apply({"body": "Een vraag over mijn plan."}, change), Message.objects.count)


@FORMS
@given(change=mutations(["withdraw", "reason", "confirm"]))
def test_withdraw_form(client, demo, change):
    initiative, url = _tracked()
    data = apply({"withdraw": "1", "reason": "Niet meer nodig.", "confirm": "on"}, change)
    response, _new = check(client, url, data, Message.objects.count, max_new=2)
    initiative.refresh_from_db()
    if response.status_code == 400:
        assert initiative.status == "submitted"


@FORMS
@given(change=mutations(["hostop", "reason", "adjustment"]))
def test_hostop_raise_from_the_private_link(client, demo, change):
    _initiative, url = _tracked()
    base = {"hostop": "1", "reason": "Wij willen eerst praten.", "adjustment": "Een gesprek."}
    check(client, url, apply(base, change), HoStop.objects.count)


@FORMS
@given(change=mutations(["bid", "task", "budget_part", "executor", "quality"]))
def test_challenge_bid_form(client, demo, change):
    initiative, token = make_initiative(kind="right_to_challenge")
    services.initiative_take_in_triage(actor=loket(), initiative=initiative)
    url = reverse("initiatives:track", args=[token])
    base = {
        "bid": "1",
        "task": "Het groenonderhoud van het park.",
        "budget_part": "Het deel voor maaien.",
        "executor": "Stichting Groen.",
        "quality": "Vaste vrijwilligers en een contract.",
    }
    check(client, url, apply(base, change), ChallengeBid.objects.count)


@FORMS
@given(change=mutations(["email"]))
def test_new_link_form(client, demo, change):
    check(client, reverse("initiatives:new_link"), apply({"email": "a@example.org"}, change), int)


@FORMS
@given(change=mutations(["email", "website"]))
def test_support_form(client, demo, change):
    initiative = Initiative.objects.filter(approved_for_publication=True).first()
    if initiative is None:
        initiative, _token = make_initiative(publish_consent=True)
        services.initiative_publication(actor=loket(), initiative=initiative, approved=True)
    url = reverse("initiatives:support", args=[initiative.reference])
    import uuid

    base = {"email": f"{uuid.uuid4().hex}@example.org", "website": ""}
    check(client, url, apply(base, change), Support.objects.count)


def _voting_budget():
    budget, _created = NeighbourhoodBudget.objects.get_or_create(
        slug="stemmen",
        defaults={
            "neighbourhood": Neighbourhood.objects.get(slug="groenhouten"),
            "title": "Buurtbudget",
            "amount": Decimal("10000"),
            "period": "2027",
            "status": NeighbourhoodBudget.Status.VOTING,
        },
    )
    if not budget.proposals.exists():
        for title, cost in (("Bankje", "800"), ("Speeltuin", "9000")):
            initiative, _token = make_initiative(title=title)
            BudgetProposal.objects.create(
                budget=budget, initiative=initiative, cost=Decimal(cost), feasible=True
            )
    return budget


@FORMS
@given(change=mutations(["email", "lives_here"]))
def test_ballot_request_form(client, demo, change):
    import uuid

    budget = _voting_budget()
    url = reverse("initiatives:budget_vote", args=[budget.slug])
    base = {"email": f"{uuid.uuid4().hex}@example.org", "lives_here": "on"}
    check(client, url, apply(base, change), Ballot.objects.count)


@FORMS
@given(proposals=st.lists(st.one_of(st.integers(-5, 10**12).map(str), scalar), max_size=4))
def test_ballot_form(client, demo, proposals):
    import uuid

    budget = _voting_budget()
    services.ballot_request(
        budget=budget, email=f"{uuid.uuid4().hex}@example.org", neighbourhood=budget.neighbourhood
    )
    from .secutil import last_segment, sent_links

    url = reverse("initiatives:ballot", args=[last_segment(sent_links("initiatives.ballot")[-1])])
    real = [str(pk) for pk in budget.proposals.values_list("pk", flat=True)]
    cast = Ballot.objects.filter(cast_at__isnull=False).count
    check(client, url, {"proposals": proposals + real[:1], "vote": "1"}, cast)


@FORMS
@given(change=mutations(["name", "organisation", "email", "show_publicly"]))
def test_manifest_sign_form(client, demo, change):
    import uuid

    manifest, _created = Manifest.objects.get_or_create(
        slug="samenleving-voorop", defaults={"title": "Manifest", "text": ".", "is_published": True}
    )
    base = {"name": "Jannie", "email": f"{uuid.uuid4().hex}@example.org", "show_publicly": "on"}
    url = reverse("council:manifest_sign", args=[manifest.slug])
    check(client, url, apply(base, change), Signature.objects.count)


@FORMS
@given(change=mutations(["name", "email", "neighbourhood", "age_band", "gender", "consent"]))
def test_sortition_register_form(client, demo, change):
    import uuid

    sortition = Sortition.objects.first() or council.sortition_create(
        actor=None,
        sortition=Sortition(
            title="Panel",
            slug="panel",
            description=".",
            panel_size=5,
            registration_closes=timezone.now() + datetime.timedelta(days=14),
        ),
    )
    base = {
        "name": "Inwoner",
        "email": f"{uuid.uuid4().hex}@example.org",
        "neighbourhood": Neighbourhood.objects.first().pk,
        "age_band": Volunteer.AgeBand.ADULT,
        "consent": "on",
    }
    url = reverse("council:sortition_register", args=[sortition.slug])
    check(client, url, apply(base, change), Volunteer.objects.count)


@FORMS
@given(change=mutations(["name", "email"]))
def test_event_signup_form(client, demo, change):
    import uuid

    event, _created = CouncilEvent.objects.get_or_create(
        slug="gast",
        defaults={
            "kind": CouncilEvent.Kind.CONFERENCE,
            "title": "Gast van de raad",
            "description": ".",
            "starts_at": timezone.now() + datetime.timedelta(days=20),
            "location": "Leusden",
            "places": 3,
        },
    )
    base = {"name": "Gast", "email": f"{uuid.uuid4().hex}@example.org"}
    url = reverse("council:event_signup", args=[event.slug])
    check(client, url, apply(base, change), EventSignup.objects.count)


@FORMS
@given(change=mutations(["answer", "reason", "withdraw"]))
def test_hostop_answer_form(client, demo, change):
    hostop = HoStop.objects.first()
    if hostop is None:
        initiative, _token = referred_initiative()
        hostop = raise_as_initiator(initiative)
    participant = hostop.participants.exclude(is_raiser=True).first()
    path = council.hostop_participant_new_link(participant=participant)
    answered = HoStopParticipant.objects.filter(answered_at__isnull=False).count
    base = {"answer": "object", "reason": "Ik wil eerst meer weten."}
    check(client, path, apply(base, change), answered, max_new=1)


@FORMS
@given(change=mutations(["email", "reason", "adjustment"]))
def test_hostop_partner_form(client, demo, change):
    initiative = Initiative.objects.filter(referred_to_partner__isnull=False).first()
    if initiative is None:
        initiative, _token = referred_initiative()
    url = reverse("council:hostop_partner", args=["initiatives.initiative", initiative.pk])
    base = {"email": "kees@example.org", "reason": "Eerst praten.", "adjustment": "Gesprek."}
    check(client, url, apply(base, change), HoStop.objects.count, max_new=0)


@FORMS
@given(change=mutations(["username", "password", "next"]))
def test_site_login_form(client, demo, change):
    base = {"username": "raadslid@leusden.example", "password": "fout-wachtwoord"}
    response = client.post(reverse("login"), apply(base, change), REMOTE_ADDR=next(ips))
    assert response.status_code < 500


# --- Staff forms ---------------------------------------------------------------------------


@FORMS
@given(modes=st.dictionaries(st.sampled_from(["initiatives.assigned", "x", ""]), value))
def test_notification_preferences_form(client, demo, modes):
    client.force_login(loket())
    before = DeliveryPreference.objects.count()
    response = client.post(reverse("notifications:preferences"), modes)
    assert response.status_code < 500
    assert DeliveryPreference.objects.count() >= before


ADMIN_STEPS = [
    "triage",
    "assign",
    "question",
    "refer",
    "start",
    "complete",
    "decline",
    "duplicate",
    "publish",
    "note",
]
ADMIN_FIELDS = [
    "message",
    "question",
    "team",
    "assignee",
    "partner",
    "agreement",
    "monitoring",
    "experiment",
    "reason",
    "duplicate_of",
    "note",
    "body",
    "confirm",
]


@FORMS
@given(step=st.sampled_from(ADMIN_STEPS), change=mutations(ADMIN_FIELDS))
def test_admin_step_forms(client, demo, step, change):
    client.force_login(loket())
    initiative, _token = make_initiative(publish_consent=True)
    if step in ("start", "complete"):
        services.initiative_take_in_triage(actor=loket(), initiative=initiative)
    url = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, step])
    base = {"message": "Wij pakken het op.", "question": "Waar precies?", "reason": "Past niet."}
    before = (initiative.status, Message.objects.filter(initiative=initiative).count())
    response = client.post(url, apply(base, change), REMOTE_ADDR=next(ips))
    assert response.status_code < 500, response.content[:2000]
    initiative.refresh_from_db()
    if response.status_code == 200:  # the step's form again, with its errors
        assert (initiative.status, Message.objects.filter(initiative=initiative).count()) == before
    else:
        assert response.status_code == 302


@FORMS
@given(query=st.dictionaries(st.sampled_from(["q", "theme", "kind", "status", "page", "x"]), value))
def test_public_list_filters(client, demo, query):
    response = client.get(reverse("initiatives:list"), query)
    assert response.status_code < 500


# --- Whatever is in the address --------------------------------------------------------------

PLACE = "PLAATS"
PATH_PARAMETERS = [
    ("initiatives:detail", [PLACE]),
    ("initiatives:support", [PLACE]),
    ("initiatives:track", [PLACE]),
    ("initiatives:track_attachment", [PLACE, PLACE]),
    ("initiatives:support_confirm", [PLACE]),
    ("initiatives:ballot", [PLACE]),
    ("initiatives:budget", ["slug"]),
    ("council:hostop", [PLACE]),
    ("council:hostop_partner", ["initiatives.initiative", PLACE]),
    ("council:hostop_partner", [PLACE, "1"]),
    ("council:hostop_raise", ["initiatives.initiative", PLACE]),
    ("council:hostop_partner_confirm", [PLACE]),
    ("council:volunteer", [PLACE]),
    ("council:signup", [PLACE]),
    ("council:signature", [PLACE]),
    ("notifications:opt_out", [PLACE]),
    ("password_reset_confirm", [PLACE, PLACE]),
]
segment = st.one_of(st.sampled_from(ODD[:40]), text.filter(bool)).map(
    lambda v: __import__("urllib.parse").parse.quote(v[:2000], safe="")
)


@FORMS
@given(which=st.sampled_from(PATH_PARAMETERS), value=segment, method=st.sampled_from("GP"))
def test_path_parameters(client, demo, which, value, method):
    client.force_login(loket())  # also the pages behind a login
    name, args = which
    url = reverse(name, args=args).replace(PLACE, value)
    send = client.get if method == "G" else client.post
    response = send(url, REMOTE_ADDR=next(ips))
    assert response.status_code < 500, url


@pytest.mark.parametrize(
    "path",
    [
        "/initiatieven/%00/",
        "/initiatieven/a%00b/steunen/",
        "/ho-stop/partner/initiatives.initiative/abc/",
        "/ho-stop/inzetten/initiatives.initiative/abc/",
        "/loket/volgen/%0A/",
    ],
)
def test_addresses_that_gave_a_server_error(client, demo, path):
    client.force_login(loket())
    response = client.get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode() or "werkt niet" in (
        response.content.decode()
    )
    assert "Content-Security-Policy" in response
