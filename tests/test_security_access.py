"""Object-level access. Every URL that carries an id, a reference or a token is classified
here (read from the resolver: a new one fails the first test until it is), and each class is
tried by whoever should not get in: anonymous visitors, another initiator with another token,
another role (a civil servant, the griffie, the program team, another council member) and
staff without the model's permission in the admin. They get a 404, a 403 or the login page,
and nothing of the object is in the answer."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from council import services as council_services
from council.models import (
    CoreValue,
    CouncilMember,
    Decision,
    HoStopParticipant,
    Manifest,
    Meeting,
    MirrorTurn,
)
from council.processes import Involved
from initiatives import services
from initiatives.models import Attachment, Initiative
from leusden_portal.accounts.models import User
from leusden_portal.notifications.models import Notification

from .security_payloads import every_url
from .test_initiatives import PDF, make_initiative, submit, submitted_token

pytestmark = pytest.mark.django_db

# Every non-admin URL with a parameter, by who may open it:
#   public  - a public page of one object: 404 unless the object is published
#   token   - behind a private link: 404 (a page saying the link does not work) for any other
#   login   - for a logged-in user with the right role, and only for their own objects
PUBLIC, TOKEN, LOGIN = "public", "token", "login"
CLASSIFIED = {
    "initiatives:detail": PUBLIC,
    "initiatives:support": PUBLIC,
    "initiatives:budget": PUBLIC,
    "initiatives:budget_vote": PUBLIC,
    "agreements:detail": PUBLIC,
    "agreements:kpi_json": PUBLIC,
    "agreements:kpi_csv": PUBLIC,
    "council:hostop_partner": PUBLIC,
    "council:meeting": PUBLIC,
    "council:decision": PUBLIC,
    "council:member": PUBLIC,
    "council:sortition": PUBLIC,
    "council:sortition_data": PUBLIC,
    "council:sortition_register": PUBLIC,
    "council:event": PUBLIC,
    "council:event_signup": PUBLIC,
    "council:wijkraad": PUBLIC,
    "council:manifest": PUBLIC,
    "council:manifest_sign": PUBLIC,
    "initiatives:support_confirm": TOKEN,
    "initiatives:ballot": TOKEN,
    "initiatives:submitted": TOKEN,
    "initiatives:track": TOKEN,
    "initiatives:track_attachment": TOKEN,
    "notifications:opt_out": TOKEN,
    "council:hostop": TOKEN,
    "council:hostop_partner_confirm": TOKEN,
    "council:volunteer": TOKEN,
    "council:signup": TOKEN,
    "council:signature": TOKEN,
    "password_reset_confirm": TOKEN,
    "initiatives:attachment": LOGIN,
    "council:hostop_mine": LOGIN,
    "council:hostop_raise": LOGIN,
    "council:reflection_edit": LOGIN,
    "council:decision_score": LOGIN,
}
ROLES = [
    "loket@leusden.example",
    "griffie@leusden.example",
    "programma@leusden.example",
    "raadslid@leusden.example",
]
PASSWORD = "geheim-wachtwoord-1"  # noqa: S105


@pytest.fixture(autouse=True)
def dutch(settings):
    settings.PAGECACHE_ENABLED = False
    with translation.override("nl"):
        yield


def user(email):
    return User.objects.get(email=email)


def as_user(email):
    client = Client()
    client.force_login(user(email))
    return client


def is_login_redirect(response, login_path):
    return response.status_code == 302 and response["Location"].startswith(login_path)


def test_every_url_with_a_parameter_is_classified():
    # The admin site's own pages (named admin:..., or unnamed redirects under admin/) are
    # tested by model permission below.
    with_params = {
        url.name
        for url in every_url()
        if url.params and not url.name.startswith(("admin:", "admin/"))
    }
    assert with_params == set(CLASSIFIED), (
        "classify new URLs here and test who may open them: "
        f"{sorted(with_params ^ set(CLASSIFIED))}"
    )


# --- Private links ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(n for n, kind in CLASSIFIED.items() if kind == TOKEN))
def test_a_made_up_token_opens_nothing(client, demo, name):
    submit(client)  # there is something to find
    url = next(u for u in every_url() if u.name == name)
    for method in (client.get, client.post):
        response = method(url.path)
        assert response.status_code in (400, 404) or (
            name == "password_reset_confirm" and "ongeldig" in response.content.decode().lower()
        ), (name, response.status_code)
        html = response.content.decode()
        assert "Moestuin" not in html and "Sanne" not in html and "sanne@" not in html
    assert Initiative.objects.get().status == "submitted"


def test_another_initiators_token_never_reaches_this_initiative_or_its_files(client, demo):
    submit(client)
    submit(
        client,
        files=[SimpleUploadedFile("geheim.pdf", PDF, "application/pdf")],
        title="Geheim plan",
        email="ander@example.org",
    )
    mine, other = Initiative.objects.order_by("pk")
    my_token = submitted_token(mine)
    attachment = Attachment.objects.get(initiative=other)
    own_view = reverse("initiatives:track", args=[my_token])
    assert "Geheim plan" not in client.get(own_view).content.decode()
    # Her own token with the other initiative's file token: no file.
    crossed = reverse("initiatives:track_attachment", args=[my_token, attachment.token])
    assert client.get(crossed).status_code == 404
    right = reverse("initiatives:track_attachment", args=[submitted_token(other), attachment.token])
    assert client.get(right).status_code == 200


def test_old_links_stop_working(client, demo):
    """A new link keeps the old; a revoked link, also the one of the page itself, and an
    anonymised initiative's link open nothing; a withdrawn initiative's link shows it
    closed, without the forms."""
    submit(client)
    initiative = Initiative.objects.get()
    old = reverse("initiatives:track", args=[submitted_token(initiative)])
    services.initiative_send_new_links(email="sanne@example.org")
    assert client.get(old).status_code == 200
    new = reverse(
        "initiatives:track",
        args=[
            Notification.objects.get(kind="initiatives.new_link")
            .context["link"]
            .rstrip("/")
            .rsplit("/", 1)[-1]
        ],
    )
    # Revoked from the other link's page: the old one stops, the new one goes on.
    first = initiative.links.earliest("created_at")
    page = client.get(new).content.decode()
    assert f'name="revoke_link" value="{first.pk}"' in page
    assert client.post(new, {"revoke_link": str(first.pk)}).status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    # Another initiative's link cannot be revoked from here.
    other, other_token = make_initiative(email="ander@example.org")
    other_link = other.links.get()
    client.post(new, {"revoke_link": str(other_link.pk)})
    assert client.get(reverse("initiatives:track", args=[other_token])).status_code == 200
    assert client.post(new, {"withdraw": "1", "confirm": "on"}).status_code == 302
    closed = client.get(new).content.decode()
    assert 'name="body"' not in closed and 'name="withdraw"' not in closed
    services.initiative_anonymise(actor=None, initiative=initiative, reason="test")
    response = client.get(new)
    assert response.status_code == 404 and "Moestuin" not in response.content.decode()


def test_a_hostop_link_replaced_by_a_reminder_stops_working(client, demo):
    initiative, _token = make_initiative(publish_consent=True)
    hostop = council_services.hostop_raise(
        process=initiative,
        raiser=Involved(HoStopParticipant.Role.INITIATOR, initiative.name, initiative.email),
        reason="Het plan moet anders.",
        adjustment="Een kleinere opzet.",
    )
    participant = hostop.participants.exclude(is_raiser=True).first()
    link = Notification.objects.filter(
        kind="council.hostop_raised", recipient_email=participant.email
    ).latest("pk")
    old = link.context["link"]
    old = "/" + old.split("/", 3)[3] if old.startswith("http") else old
    assert client.get(old).status_code == 200
    council_services.hostop_participant_new_link(participant=participant)
    response = client.get(old)
    assert response.status_code == 404 and "kleinere opzet" not in response.content.decode()


# --- Public pages of objects that are not public ----------------------------------------------


def _hidden_initiatives():
    loket = user("loket@leusden.example")
    no_consent, _t = make_initiative(title="Zonder toestemming")
    not_approved, _t = make_initiative(title="Nog niet goedgekeurd", publish_consent=True)
    refused, _t = make_initiative(title="Publicatie geweigerd", publish_consent=True)
    services.initiative_publication(actor=loket, initiative=refused, approved=True)
    services.initiative_publication(actor=loket, initiative=refused, approved=False)
    anonymised, _t = make_initiative(title="Geanonimiseerd", publish_consent=True)
    services.initiative_publication(actor=loket, initiative=anonymised, approved=True)
    services.initiative_decline(
        actor=loket, initiative=anonymised, reason="Dit past niet bij de taken van de gemeente."
    )
    services.initiative_anonymise(actor=loket, initiative=anonymised, reason="bewaartermijn")
    return [no_consent, not_approved, refused, anonymised]


def test_initiatives_that_are_not_public_are_on_no_public_page_or_feed(client, demo):
    from leusden_portal.core.models import Neighbourhood

    hidden = _hidden_initiatives()
    titles = [i.title for i in hidden] + ["Zonder toestemming", "Nog niet goedgekeurd"]
    for initiative in hidden:
        for url in [
            reverse("initiatives:detail", args=[initiative.reference]),
            reverse("initiatives:support", args=[initiative.reference]),
            reverse("council:hostop_partner", args=["initiatives.initiative", initiative.pk]),
        ]:
            response = client.get(url)
            assert response.status_code == 404, url
            assert initiative.reference not in response.content.decode()
            assert client.post(url, {"email": "a@example.org"}).status_code == 404
    place = Neighbourhood.objects.get(slug="groenhouten")
    Initiative.objects.update(neighbourhood=place)
    from council.models import NeighbourhoodCouncil

    NeighbourhoodCouncil.objects.create(
        neighbourhood=place, name="Wijkraad", slug="wijkraad", description="Wat wij doen."
    )
    for url in [
        reverse("initiatives:list"),
        reverse("initiatives:list") + "?q=Zonder",
        reverse("initiatives:feed"),
        reverse("council:wijkraad", args=["wijkraad"]),
        "/",
    ]:
        html = client.get(url).content.decode()
        for title in titles:
            assert title not in html, (url, title)


def test_a_budget_lists_only_proposals_that_may_be_public(client, demo):
    from decimal import Decimal

    from initiatives.models import BudgetProposal, NeighbourhoodBudget
    from leusden_portal.core.models import Neighbourhood

    budget = NeighbourhoodBudget.objects.create(
        neighbourhood=Neighbourhood.objects.get(slug="groenhouten"),
        title="Buurtbudget",
        slug="buurtbudget",
        amount=Decimal(5000),
        period="2027",
    )
    for initiative in _hidden_initiatives():
        BudgetProposal.objects.create(budget=budget, initiative=initiative, cost=Decimal(100))
    html = client.get(budget.get_absolute_url()).content.decode()
    for title in ["Zonder toestemming", "Nog niet goedgekeurd", "Publicatie geweigerd"]:
        assert title not in html


def test_an_unpublished_manifest_is_not_there(client, demo):
    manifest = Manifest.objects.create(
        title="Concept manifest", slug="concept", text="Nog niet af.", is_published=False
    )
    for name in ["council:manifest", "council:manifest_sign"]:
        url = reverse(name, args=[manifest.slug])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "A", "email": "a@example.org"}).status_code == 404
    assert "Concept manifest" not in client.get(reverse("council:meetings")).content.decode()


def test_a_partner_cannot_raise_a_hostop_on_a_process_kind_that_is_none(client, demo):
    for label in ["accounts.user", "core.auditentry", "geen.model", "initiatives.attachment"]:
        url = reverse("council:hostop_partner", args=[label, 1])
        assert client.get(url).status_code == 404, label


# --- Council members' pages -------------------------------------------------------------------


def _member(email, name):
    account = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=PASSWORD
    )
    account.groups.add(Group.objects.get(name="Raadslid"))
    return CouncilMember.objects.create(
        name=name, party="CDA", term_start=datetime.date(2020, 1, 1), user=account, email=email
    )


def _turn_with_reflection(the_member):
    meeting = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(days=1), status=Meeting.Status.HELD
    )
    decision = Decision.objects.create(meeting=meeting, reference="L1", title="Een besluit")
    turn = MirrorTurn.objects.create(meeting=meeting, member=the_member)
    council_services.reflection_save(
        member=the_member,
        turn=turn,
        text="Mijn geheime concepttekst over de avond.",
        values={},
        decisions=[],
        publish=False,
    )
    return turn, decision


def test_a_reflection_is_edited_only_by_its_own_member(demo):
    noor = _member("noor@raad.example", "Noor")
    _member("raadslid@leusden.example", "Rana")
    turn, _decision = _turn_with_reflection(noor)
    url = reverse("council:reflection_edit", args=[turn.meeting_id])
    # Noor herself.
    assert as_user("noor@raad.example").get(url).status_code == 200
    # Another council member, staff of each role, a user without a role, anonymous.
    for email in ROLES:
        client = as_user(email)
        for response in [client.get(url), client.post(url, {"text": "Overschreven " * 5})]:
            assert response.status_code == 403, email
            assert "geheime concepttekst" not in response.content.decode()
    nobody = User.objects.create_user(email="niemand@example.org", password=PASSWORD)
    client = Client()
    client.force_login(nobody)
    assert client.get(url).status_code == 403
    assert is_login_redirect(Client().get(url), reverse("login"))
    turn.reflection.refresh_from_db()
    assert turn.reflection.text == "Mijn geheime concepttekst over de avond."
    # An unpublished reflection is on no public page.
    for public in [
        reverse("council:meeting", args=[turn.meeting_id]),
        reverse("council:member", args=[noor.pk]),
        reverse("council:reflections"),
    ]:
        assert "geheime concepttekst" not in Client().get(public).content.decode()


def test_only_council_members_score_a_decision(demo):
    _member("raadslid@leusden.example", "Rana")
    noor = _member("noor@raad.example", "Noor")
    _turn, decision = _turn_with_reflection(noor)
    url = reverse("council:decision_score", args=[decision.pk])
    assert as_user("raadslid@leusden.example").get(url).status_code == 200
    for email in ["loket@leusden.example", "griffie@leusden.example", "programma@leusden.example"]:
        assert as_user(email).get(url).status_code == 403, email
    assert is_login_redirect(Client().get(url), reverse("login"))


def test_a_hostop_card_page_is_only_for_its_participant(demo):
    initiative, _token = make_initiative(publish_consent=True)
    loket = user("loket@leusden.example")
    services.initiative_assign(actor=loket, initiative=initiative, assignee=loket)
    hostop = council_services.hostop_raise(
        process=initiative,
        raiser=Involved(HoStopParticipant.Role.INITIATOR, initiative.name, initiative.email),
        reason="Het plan moet anders.",
        adjustment="Een andere opzet.",
    )
    mine = hostop.participants.get(user=loket)
    url = reverse("council:hostop_mine", args=[mine.pk])
    assert as_user("loket@leusden.example").get(url).status_code == 200
    for email in ["griffie@leusden.example", "programma@leusden.example"]:
        client = as_user(email)
        for response in [client.get(url), client.post(url, {"answer": "consent"})]:
            assert response.status_code == 404, email
            assert "andere opzet" not in response.content.decode()
    assert is_login_redirect(Client().get(url), reverse("login"))
    before = mine.answer
    mine.refresh_from_db()
    assert mine.answer == before == HoStopParticipant.Answer.PENDING


def test_raising_a_hostop_needs_the_permission(demo):
    initiative, _token = make_initiative(publish_consent=True, title="Intern plan")
    url = reverse("council:hostop_raise", args=["initiatives.initiative", initiative.pk])
    assert is_login_redirect(Client().get(url), reverse("login"))
    nobody = User.objects.create_user(email="niemand@example.org", password=PASSWORD)
    client = Client()
    client.force_login(nobody)
    for response in [client.get(url), client.post(url, {"reason": "x" * 20})]:
        assert response.status_code == 403
        assert "Intern plan" not in response.content.decode()


def test_staff_files_only_for_staff_who_handle_initiatives(client, demo):
    submit(client, files=[SimpleUploadedFile("plan.pdf", PDF, "application/pdf")])
    attachment = Attachment.objects.get()
    url = reverse("initiatives:attachment", args=[attachment.token])
    assert is_login_redirect(Client().get(url), "/admin/login/")
    assert is_login_redirect(as_user("raadslid@leusden.example").get(url), "/admin/login/")
    for email in ROLES[:3]:
        response = as_user(email).get(url)
        may = user(email).has_perm("initiatives.change_initiative")  # not the program team
        assert response.status_code == (200 if may else 404), email
    assert as_user("loket@leusden.example").get(url).status_code == 200


# --- The admin ----------------------------------------------------------------------------------


def _one_of_each():
    """At least one object of most admin models, so that change pages have something."""
    submit(Client(), files=[SimpleUploadedFile("plan.pdf", PDF, "application/pdf")])
    _turn_with_reflection(_member("noor@raad.example", "Noor"))


@pytest.mark.parametrize("email", ROLES)
def test_admin_pages_follow_the_model_permissions_of_each_role(demo, email):
    _one_of_each()
    client = as_user(email)
    account = user(email)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        objects = list(model._default_manager.all()[:3])
        if not account.is_staff:
            assert is_login_redirect(client.get(changelist), reverse("admin:login"))
            continue
        request = type("R", (), {"user": account})()
        may_view = model_admin.has_view_or_change_permission(request)
        response = client.get(changelist)
        assert response.status_code == (200 if may_view else 403), (email, changelist)
        for obj in objects:
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            response = client.get(url)
            may = model_admin.has_view_or_change_permission(request, obj)
            assert response.status_code in ((200,) if may else (403, 302)), (email, url)
            if not may:
                text = str(obj)
                assert len(text) < 4 or text not in response.content.decode(), (email, url)
                checked += 1
            history = reverse("admin:{}_{}_history".format(*info), args=[obj.pk])
            assert client.get(history).status_code == (200 if may else 403), (email, history)
    if account.is_staff:
        assert checked > 0  # each staff role lacks some model


def test_the_audit_log_and_outbox_are_read_only_for_everyone(demo):
    from leusden_portal.core.models import AuditEntry

    submit(Client())
    entry = AuditEntry.objects.first()
    notification = Notification.objects.first()
    client = as_user("beheer@leusden.example")
    for obj, info in [
        (entry, ("core", "auditentry")),
        (notification, ("notifications", "notification")),
    ]:
        url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        page = client.get(url).content.decode()
        assert 'name="_save"' not in page
        delete = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_challenge_bid_opens_in_the_admin(client, demo):
    """Its own step pages once hid the change, history and delete pages of a bid."""
    from .test_challenge import BID, challenge_initiative

    initiative, loket = challenge_initiative()
    client.post(
        reverse("initiatives:track", args=[submitted_token(initiative)]), {"bid": "1", **BID}
    )
    from initiatives.models import ChallengeBid

    bid = ChallengeBid.objects.get()
    client.force_login(loket)
    for view in ["change", "history"]:
        response = client.get(reverse(f"admin:initiatives_challengebid_{view}", args=[bid.pk]))
        assert response.status_code == 200, view
    page = client.get(reverse("admin:initiatives_challengebid_change", args=[bid.pk]))
    assert re.search(r"step/decide/", page.content.decode())
    assert CoreValue.objects.exists()  # (the demo's core values, used by the pages above)
