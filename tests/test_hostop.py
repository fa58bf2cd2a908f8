"""Ho-stop cards: a process pauses at once, resumes only after the last consent (or when
the raiser withdraws), and nobody outside those involved can answer."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from council import services
from council.models import HoStop, HoStopParticipant
from council.processes import Involved
from initiatives import services as initiatives
from initiatives.models import Initiative, PartnerOrganisation, Status
from leusden_portal.accounts.models import User
from leusden_portal.core.models import AuditEntry
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification, Reminder

from .test_initiatives import make_initiative, submitted_token

pytestmark = pytest.mark.django_db

Answer = HoStopParticipant.Answer
Role = HoStopParticipant.Role
REASON = "Het plan gaat een andere kant op dan met de buurt is afgesproken."
ADJUSTMENT = "Eerst een buurtavond houden en het plan daarna samen bijstellen."


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def loket_user():
    return User.objects.get(email="loket@leusden.example")


def referred_initiative():
    """An initiative assigned to a civil servant and referred to a partner: three involved."""
    initiative, token = make_initiative(publish_consent=True)
    loket = loket_user()
    partner = PartnerOrganisation.objects.create(
        name="Stichting Groen Leusden", contact_name="Kees", email="kees@example.org"
    )
    initiatives.initiative_assign(actor=loket, initiative=initiative, assignee=loket)
    initiatives.initiative_refer(
        actor=loket, initiative=initiative, partner=partner, message="De stichting helpt u."
    )
    initiatives.initiative_publication(actor=loket, initiative=initiative, approved=True)
    return Initiative.objects.get(pk=initiative.pk), token


def raise_as_initiator(initiative):
    return services.hostop_raise(
        process=initiative,
        raiser=Involved(Role.INITIATOR, initiative.name, initiative.email),
        reason=REASON,
        adjustment=ADJUSTMENT,
    )


def link_for(participant):
    """The private link as the participant receives it (from the outbox row)."""
    notification = Notification.objects.filter(
        kind__in=["council.hostop_raised", "council.hostop_raised_by_you"],
        recipient_email=participant.email,
    ).latest("pk")
    return notification.context["link"]


def test_a_paused_initiative_cannot_change_status_and_its_reminders_wait(client, demo):
    from initiatives.models import Team

    Team.objects.create(name="Samenlevingsloket", email="loket-team@example.org", is_loket=True)
    initiative, _token = make_initiative()
    norm_reminders = Reminder.objects.filter(object_id=str(initiative.pk), state="scheduled")
    due_before = dict(norm_reminders.values_list("pk", "due_at"))
    assert due_before  # the norms of the loket are planned at intake

    hostop = raise_as_initiator(initiative)
    assert hostop.is_open
    assert set(Reminder.objects.filter(pk__in=due_before).values_list("state", flat=True)) == {
        "held"
    }
    with pytest.raises(initiatives.ProcessPaused):
        initiatives.initiative_take_in_triage(actor=loket_user(), initiative=initiative)
    assert Initiative.objects.get(pk=initiative.pk).status == Status.SUBMITTED

    # In the admin: no transition is offered, and a forged request is refused.
    client.force_login(loket_user())
    page = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))
    html = page.content.decode()
    assert "Gepauzeerd door een ho-stop" in html
    assert "In behandeling nemen" not in html
    client.post(
        reverse("admin:initiatives_initiative_transition", args=[initiative.pk, "triage"]), {}
    )
    assert Initiative.objects.get(pk=initiative.pk).status == Status.SUBMITTED

    # Withdrawn by the raiser: the process resumes, the reminders move on by the pause.
    raiser = hostop.participants.get(is_raiser=True)
    # As if the card had been open for five hours.
    Reminder.objects.filter(pk__in=due_before).update(
        held_since=timezone.now() - datetime.timedelta(hours=5)
    )
    services.hostop_withdraw(participant=raiser)
    for pk, due in due_before.items():
        reminder = Reminder.objects.get(pk=pk)
        assert reminder.state == "scheduled"
        assert reminder.due_at >= due + datetime.timedelta(hours=4, minutes=59)
    initiatives.initiative_take_in_triage(actor=loket_user(), initiative=initiative)


def test_resumes_only_after_the_last_consent_and_an_objection_keeps_it_paused(demo):
    initiative, _token = referred_initiative()
    hostop = raise_as_initiator(initiative)
    people = {p.role: p for p in hostop.participants.all()}
    assert set(people) == {Role.INITIATOR, Role.CIVIL_SERVANT, Role.PARTNER}
    assert people[Role.INITIATOR].answer == Answer.CONSENT  # the raiser proposed it

    services.hostop_answer(participant=people[Role.CIVIL_SERVANT], answer=Answer.CONSENT)
    with pytest.raises(services.HoStopError):
        services.hostop_answer(participant=people[Role.PARTNER], answer=Answer.OBJECTION)
    services.hostop_answer(
        participant=people[Role.PARTNER],
        answer=Answer.OBJECTION,
        reason="Wij hebben de subsidie al aangevraagd; eerst overleggen.",
    )
    hostop.refresh_from_db()
    assert hostop.is_open
    with pytest.raises(initiatives.ProcessPaused):
        initiatives.initiative_start(actor=loket_user(), initiative=initiative, message="Start.")

    services.hostop_answer(participant=people[Role.PARTNER], answer=Answer.CONSENT)
    hostop.refresh_from_db()
    assert hostop.status == HoStop.Status.RESUMED and hostop.closed_at
    initiatives.initiative_start(actor=loket_user(), initiative=initiative, message="Start.")
    with pytest.raises(services.HoStopError):  # the card has ended
        services.hostop_answer(participant=people[Role.PARTNER], answer=Answer.CONSENT)

    actions = list(
        AuditEntry.objects.filter(action__startswith="council.hostop").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        [
            "council.hostop.raised",
            "council.hostop.consent",
            "council.hostop.objection",
            "council.hostop.consent",
            "council.hostop.resumed",
        ]
    )
    resumed = Notification.objects.filter(kind="council.hostop_resumed")
    assert resumed.count() == 3


def test_public_page_says_it_is_paused_and_why_escaped(
    client, demo, django_capture_on_commit_callbacks
):
    initiative, _token = referred_initiative()
    url = reverse("initiatives:detail", args=[initiative.reference])
    assert "Gepauzeerd" not in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):  # drops the cached page
        services.hostop_raise(
            process=initiative,
            raiser=Involved(Role.INITIATOR, initiative.name, initiative.email),
            reason="<script>alert('x')</script> dit moet anders",
            adjustment=ADJUSTMENT,
        )
    html = client.get(url).content.decode()
    assert "Gepauzeerd: ho-stop" in html
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "<script>alert" not in html
    )
    assert ADJUSTMENT in html
    assert "Kees" not in html and "piet@example.org" not in html  # roles, never names
    assert "Partner" in html


def test_initiator_raises_from_the_private_link_and_everyone_is_told(client, demo):
    initiative, _token = referred_initiative()
    token = submitted_token(initiative)
    track = reverse("initiatives:track", args=[token])
    bad = client.post(track, {"hostop": "1", "reason": "kort", "adjustment": ""})
    assert bad.status_code == 400 and not HoStop.objects.exists()
    assert "minimaal 10 tekens" in bad.content.decode() or "verplicht" in bad.content.decode()
    response = client.post(track, {"hostop": "1", "reason": REASON, "adjustment": ADJUSTMENT})
    assert response.status_code == 302
    hostop = HoStop.objects.get()
    assert hostop.is_open
    page = client.get(track).content.decode()
    assert "Gepauzeerd: ho-stop" in page and "Ho-stop: uw initiatief pauzeren" not in page

    for pk in Notification.objects.filter(kind__startswith="council.").values_list("pk", flat=True):
        notifications.send(pk)
    from django.core import mail

    recipients = {
        m.to[0]: m for m in mail.outbox if "Ho-stop" in m.subject or "gepauzeerd" in m.subject
    }
    assert set(recipients) == {"piet@example.org", "loket@leusden.example", "kees@example.org"}
    assert REASON in recipients["kees@example.org"].body
    link = re.search(r"http://\S+/ho-stop/\S+/", recipients["kees@example.org"].body).group(0)
    # The link from the e-mail opens the card; the outbox no longer holds it.
    assert client.get("/" + link.split("/", 3)[3]).status_code == 200
    assert all(
        "link" not in n.context for n in Notification.objects.filter(kind="council.hostop_raised")
    )


def test_answer_page_and_nobody_outside_the_involved_can_answer(client, demo):
    initiative, _token = referred_initiative()
    hostop = raise_as_initiator(initiative)
    partner = hostop.participants.get(role=Role.PARTNER)
    page = client.get(link_for(partner))
    assert page.status_code == 200 and "Uw antwoord" in page.content.decode()
    assert "no-store" in page["Cache-Control"]

    assert (
        client.post(
            reverse("council:hostop", args=["verzonnen"]), {"answer": "consent"}
        ).status_code
        == 404
    )
    # An account that is not involved cannot use the page for people with an account.
    outsider = User.objects.get(email="griffie@leusden.example")
    client.force_login(outsider)
    mine = reverse("council:hostop_mine", args=[partner.pk])
    assert client.post(mine, {"answer": "consent"}).status_code == 404
    partner.refresh_from_db()
    assert partner.answer == Answer.PENDING

    client.logout()
    objection = client.post(link_for(partner), {"answer": "objection", "reason": ""})
    assert objection.status_code == 400
    assert "minstens 10 tekens" in objection.content.decode()
    consent = client.post(link_for(partner), {"answer": "consent"})
    assert consent.status_code == 302
    partner.refresh_from_db()
    assert partner.answer == Answer.CONSENT

    # Only the raiser can withdraw.
    client.post(link_for(partner), {"withdraw": "1"})
    hostop.refresh_from_db()
    assert hostop.is_open
    raiser = hostop.participants.get(is_raiser=True)
    client.post(link_for(raiser), {"withdraw": "1"})
    hostop.refresh_from_db()
    assert hostop.status == HoStop.Status.WITHDRAWN


@pytest.mark.django_db(transaction=True)
def test_two_consents_at_the_same_moment_are_both_counted_once(demo):
    initiative, _token = referred_initiative()
    hostop = raise_as_initiator(initiative)
    pending = list(hostop.participants.filter(answer=Answer.PENDING))
    assert len(pending) == 2
    barrier = threading.Barrier(len(pending))
    errors = []

    def consent(participant):
        try:
            barrier.wait()
            services.hostop_answer(participant=participant, answer=Answer.CONSENT)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=consent, args=(p,)) for p in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    hostop.refresh_from_db()
    assert hostop.status == HoStop.Status.RESUMED
    assert hostop.participants.filter(answer=Answer.CONSENT).count() == 3
    assert AuditEntry.objects.filter(action="council.hostop.resumed").count() == 1
    assert AuditEntry.objects.filter(action="council.hostop.consent").count() == 2


def test_those_who_did_not_answer_are_reminded_with_a_fresh_link(client, demo):
    initiative, _token = referred_initiative()
    hostop = raise_as_initiator(initiative)
    civil_servant = hostop.participants.get(role=Role.CIVIL_SERVANT)
    partner = hostop.participants.get(role=Role.PARTNER)
    old_link = link_for(partner)
    services.hostop_answer(participant=civil_servant, answer=Answer.CONSENT)
    reminders = Reminder.objects.filter(kind="council.hostop_answer_due", state="scheduled")
    assert list(reminders.values_list("recipient_email", flat=True)) == ["kees@example.org"]

    reminders.update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    assert notifications.sweep_reminders() == 1
    notification = Notification.objects.get(kind="council.hostop_answer_due")
    notifications.send(notification.pk)
    from django.core import mail

    body = mail.outbox[-1].body
    new_link = re.search(r"http://\S+/ho-stop/\S+/", body).group(0)
    assert client.get("/" + new_link.split("/", 3)[3]).status_code == 200
    assert client.get(old_link).status_code == 404  # the reminder's link replaced it


def test_a_council_member_raises_from_the_site(client, demo):
    initiative, _token = referred_initiative()
    url = reverse("council:hostop_raise", args=["initiatives.initiative", initiative.pk])
    assert client.get(url).status_code == 302  # to the login
    member = User.objects.get(email="raadslid@leusden.example")
    client.force_login(member)
    detail = client.get(reverse("initiatives:detail", args=[initiative.reference]))
    assert url in detail.content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": REASON, "adjustment": ADJUSTMENT})
    assert response.status_code == 302
    hostop = HoStop.objects.get()
    raiser = hostop.participants.get(is_raiser=True)
    assert raiser.role == Role.COUNCIL_MEMBER and raiser.user == member
    assert hostop.participants.count() == 4
    # A second card on the same process is refused while the first is open.
    again = client.post(url, {"reason": REASON, "adjustment": ADJUSTMENT})
    assert again.status_code == 400 and HoStop.objects.count() == 1
    assert client.get(reverse("council:hostop_raise", args=["auth.group", 1])).status_code == 404


def test_someone_without_the_right_cannot_raise(client, demo):
    initiative, _token = referred_initiative()
    nobody = User.objects.create_user(email="inwoner@example.org", password="x")
    client.force_login(nobody)
    url = reverse("council:hostop_raise", args=["initiatives.initiative", initiative.pk])
    assert client.post(url, {"reason": REASON, "adjustment": ADJUSTMENT}).status_code == 403
    assert not HoStop.objects.exists()


def test_detail_page_queries_stay_constant_with_a_hostop(client, demo, settings):
    from django.test.utils import CaptureQueriesContext

    settings.PAGECACHE_ENABLED = False
    initiative, _token = referred_initiative()
    url = reverse("initiatives:detail", args=[initiative.reference])
    raise_as_initiator(initiative)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) <= 10


def test_a_partner_raises_a_hostop_and_confirms_from_the_email(client, demo):
    initiative, _token = referred_initiative()
    url = reverse("council:hostop_partner", args=["initiatives.initiative", initiative.pk])
    detail = client.get(reverse("initiatives:detail", args=[initiative.reference]))
    assert url in detail.content.decode()
    data = {"email": "kees@example.org", "reason": REASON, "adjustment": ADJUSTMENT}
    stranger = client.post(url, {**data, "email": "iemand@example.org"})
    assert "hebben wij een link gestuurd" in stranger.content.decode()
    assert not Notification.objects.filter(kind="council.hostop_partner_confirm").exists()
    response = client.post(url, data)
    assert "hebben wij een link gestuurd" in response.content.decode()
    notification = Notification.objects.get(kind="council.hostop_partner_confirm")
    assert not HoStop.objects.exists()  # nothing before the confirmation
    notifications.send(notification.pk)
    from django.core import mail

    link = re.search(r"http://\S+/ho-stop/partner/bevestigen/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    client.post(path, {"confirm": "1"})
    hostop = HoStop.objects.get()
    raiser = hostop.participants.get(is_raiser=True)
    assert raiser.role == Role.PARTNER and raiser.email == "kees@example.org"
    tampered = path[:-6] + "xxxxx/"
    assert client.get(tampered).status_code == 404
    # Used once: the same link no longer pauses anything, also not after a withdrawal.
    services.hostop_withdraw(participant=raiser)
    assert client.get(path).status_code == 404
    client.post(path, {"confirm": "1"})
    assert HoStop.objects.count() == 1
    # The link carries a random key, not what the partner wrote.
    import base64
    import zlib

    key = path.rstrip("/").rsplit("/", 1)[-1]
    assert len(key) < 60

    def decoded(key, unpack):
        try:
            return unpack(base64.urlsafe_b64decode(key + "=="))
        except Exception:  # noqa: BLE001 (not decodable at all: nothing readable)
            return b""

    for unpack in (bytes, zlib.decompress):
        assert b"kees" not in decoded(key, unpack)
