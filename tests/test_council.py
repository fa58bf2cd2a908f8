"""Council tooling: the fair rota of the spiegelend raadslid, reminders, reflections, the
core-value check, access per member, the iCalendar feed and constant queries."""

import datetime
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from council import services
from council.models import (
    CoreValue,
    CouncilMember,
    Decision,
    Meeting,
    MirrorTurn,
    Reflection,
    ValueScore,
)
from leusden_portal.accounts.models import User
from leusden_portal.core.models import AuditEntry
from leusden_portal.notifications.models import Reminder

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def at(day, hour=19):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def member(name, start=None, end=None, user=None, party="CDA"):
    start = start or D(2020, 1, 1)
    return CouncilMember.objects.create(
        name=name,
        party=party,
        term_start=start,
        term_end=end,
        user=user,
        email=f"{name.lower()}@raad.example",
    )


def monthly_meetings(start, count):
    meetings = []
    for n in range(count):
        year, month = divmod(start.month - 1 + n, 12)
        meetings.append(Meeting.objects.create(starts_at=at(D(start.year + year, month + 1, 10))))
    return meetings


# --- Rota ----------------------------------------------------------------------------------------


def test_rota_is_fair_over_two_years_with_members_joining_and_leaving(demo):
    founders = [member(f"Lid{n}") for n in range(8)]
    leaver = founders[3]
    leaver.term_end = D(2021, 3, 31)
    leaver.save()
    joiner = member("Nieuw", start=D(2021, 4, 1))
    meetings = monthly_meetings(D(2020, 1, 1), 24)
    turns = services.rota_generate(actor=None, meetings=meetings)
    assert len(turns) == 24
    order = [t.member for t in sorted(turns, key=lambda t: t.meeting.starts_at)]
    # Never the same member twice in a row.
    assert all(a != b for a, b in zip(order, order[1:], strict=False))
    # Nobody serves who is not on the council that day.
    for turn in turns:
        assert turn.member.serves_on(turn.meeting.date)
    # Everyone gets a turn before anyone gets a second (the first eight meetings).
    assert len(set(order[:8])) == 8
    # The new member is first in line after joining (never served is longest ago).
    first_after_joining = next(t for t in turns if t.meeting.date >= D(2021, 4, 1))
    assert first_after_joining.member == joiner
    # Over the two years the members on the council all the time differ by at most one turn.
    counts = Counter(t.member for t in turns)
    steady = [m for m in founders if m != leaver]
    assert max(counts[m] for m in steady) - min(counts[m] for m in steady) <= 1
    # Generating again adds nothing.
    assert services.rota_generate(actor=None, meetings=meetings) == []


@pytest.mark.parametrize("council_size", [9, 21])
def test_rota_over_two_years_in_rounds_as_the_griffie_generates_it(demo, council_size):
    """Ten council meetings a year (no meeting in the summer and in January), committee
    meetings in between and one cancelled; the griffie generates the rota each quarter for
    the coming meetings. Two members leave, one steps down mid-term (made inactive), two
    join."""
    members = [member(f"Lid{n:02}", start=D(2023, 3, 30)) for n in range(council_size)]
    leaving = {members[2]: D(2024, 9, 30), members[5]: D(2025, 4, 30)}
    for leaver, end in leaving.items():
        leaver.term_end = end
        leaver.save()
    stepping_down = members[7]
    joining = [member("Nieuw1", start=D(2024, 10, 1)), member("Nieuw2", start=D(2025, 5, 1))]
    council, others = [], []
    for year in (2024, 2025):
        for month in (2, 3, 4, 5, 6, 7, 9, 10, 11, 12):
            council.append(Meeting.objects.create(starts_at=at(D(year, month, 12))))
            others.append(
                Meeting.objects.create(starts_at=at(D(year, month, 5)), kind=Meeting.Kind.COMMITTEE)
            )
    cancelled = council.pop(5)  # July 2024 is cancelled (before the rota is made)
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()
    quarters = {}
    for meeting in [*council, *others, cancelled]:
        quarters.setdefault((meeting.date.year, (meeting.date.month - 1) // 3), []).append(meeting)
    for key in sorted(quarters):
        if key == (2025, 0):
            stepping_down.is_active = False  # steps down at the start of 2025
            stepping_down.save()
        services.rota_generate(actor=None, meetings=quarters[key])
    assert not MirrorTurn.objects.filter(meeting__in=[*others, cancelled]).exists()
    turns = list(
        MirrorTurn.objects.select_related("meeting", "member").order_by("meeting__starts_at")
    )
    assert [t.meeting for t in turns] == council  # every council meeting has its member
    order = [t.member for t in turns]
    # Never the same member twice in a row.
    assert all(a != b for a, b in zip(order, order[1:], strict=False))
    # Only members on the council that day (leavers before they left; stepping down counts
    # from the quarter she stepped down).
    for turn in turns:
        m = turn.member
        assert m.term_start <= turn.meeting.date and (
            m.term_end is None or turn.meeting.date <= m.term_end
        )
        assert m != stepping_down or turn.meeting.date < D(2025, 1, 1)
    # Longest since the last turn first: each turn went to the one waiting longest
    # (never served counts as longest) of those eligible, apart from the previous member.
    last = {}
    for n, turn in enumerate(turns):
        day = turn.meeting.date
        eligible = [
            m
            for m in [*members, *joining]
            if m.term_start <= day
            and (m.term_end is None or day <= m.term_end)
            and not (m == stepping_down and day >= D(2025, 1, 1))
            and (n == 0 or m != order[n - 1])
        ]
        waited = min(last.get(m.pk, -1) for m in eligible)
        assert last.get(turn.member.pk, -1) == waited, f"turn {n} on {day}"
        last[turn.member.pk] = n
    # Every member gets a turn before anyone gets a second: between two turns of one member,
    # everyone who sat on the council all that time had a turn.
    for x in set(order):
        mine = [n for n, m in enumerate(order) if m == x]
        for i, j in zip(mine, mine[1:], strict=False):
            between = set(order[i + 1 : j])
            for y in [*members, *joining]:
                sat_throughout = all(
                    y.term_start <= turns[k].meeting.date
                    and (y.term_end is None or turns[k].meeting.date <= y.term_end)
                    and not (y == stepping_down and turns[k].meeting.date >= D(2025, 1, 1))
                    for k in range(i, j + 1)
                )
                if y != x and sat_throughout:
                    assert y in between, f"{x} served twice before {y} served once"
    counts = Counter(order)
    if council_size == 21:  # 19 meetings, 21 seats: nobody serves twice in two years
        assert max(counts.values()) == 1
    else:  # a newcomer is first in line with those who never served yet
        for newcomer in joining:
            first = order.index(newcomer)
            joined = next(n for n, t in enumerate(turns) if t.meeting.date >= newcomer.term_start)
            for n in range(joined, first):
                assert order[n] not in order[:n], f"{order[n]} served again before {newcomer}"
    # Generating again adds nothing, and the audit has one entry per turn.
    assert services.rota_generate(actor=None, meetings=council) == []
    assert AuditEntry.objects.filter(action="council.mirrorturn.assigned").count() == len(turns)


def test_an_extra_meeting_between_two_assigned_ones_gets_neither_neighbour(demo):
    a, b, c = member("Anna"), member("Bram"), member("Cor")
    meetings = monthly_meetings(D(2026, 1, 1), 3)
    services.rota_generate(actor=None, meetings=meetings)
    for meeting, who in zip(meetings, (c, a, b), strict=True):
        MirrorTurn.objects.filter(meeting=meeting).update(member=who)
    # Between Cor (10 January) and Anna (10 February): Anna's turn is the oldest after Cor's,
    # but she would then serve twice in a row.
    extra = Meeting.objects.create(starts_at=at(D(2026, 1, 24)), title="Extra raadsvergadering")
    (turn,) = services.rota_generate(actor=None, meetings=[extra])
    assert turn.member == b


def test_a_swap_is_recorded_and_the_reminders_follow(demo):
    a, b = member("Anna"), member("Bram")
    meeting = Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=20))
    (turn,) = services.rota_generate(actor=None, meetings=[meeting])
    reminders = Reminder.objects.filter(object_id=str(turn.pk), state="scheduled")
    slots = {r.slot: timezone.localtime(r.due_at).date() for r in reminders}
    assert slots == {
        "7-days-before": meeting.date - datetime.timedelta(days=7),
        "1-day-before": meeting.date - datetime.timedelta(days=1),
        "reflection": meeting.date + datetime.timedelta(days=3),
    }
    first = turn.member
    other = b if first == a else a
    with pytest.raises(services.CouncilError):
        services.rota_swap(actor=None, turn=turn, member=other, reason="")
    services.rota_swap(actor=None, turn=turn, member=other, reason="Op vakantie")
    turn.refresh_from_db()
    assert turn.member == other and turn.swapped_from == first
    assert turn.swap_reason == "Op vakantie"
    scheduled = Reminder.objects.filter(object_id=str(turn.pk), state="scheduled")
    assert set(scheduled.values_list("recipient_email", flat=True)) == {other.email}
    assert AuditEntry.objects.filter(action="council.mirrorturn.swapped").exists()


# --- Reflection ----------------------------------------------------------------------------------


def log_in(client, email):
    """Through the site's login form, as a council member does (django-axes watches it)."""
    response = client.post(reverse("login"), {"username": email, "password": "geheim-wachtwoord-1"})
    assert response.status_code == 302, response.content.decode()[:500]


def council_user(email, name):
    user = User.objects.create_user(email=email, password="geheim-wachtwoord-1")
    return member(name, user=user)


def past_turn(the_member):
    meeting = Meeting.objects.create(
        starts_at=timezone.now() - datetime.timedelta(days=1), status=Meeting.Status.HELD
    )
    decision = Decision.objects.create(
        meeting=meeting, reference="L240001", title="Uitdaagrecht in de verordening"
    )
    turn = MirrorTurn.objects.create(meeting=meeting, member=the_member)
    services._schedule_turn_reminders(turn)
    return turn, decision


def test_the_member_logs_a_reflection_on_their_page_and_it_appears_in_the_archive(client, demo):
    noor = council_user("noor@raad.example", "Noor")
    turn, decision = past_turn(noor)
    assert Reminder.objects.filter(object_id=str(turn.pk), slot="reflection", state="scheduled")
    log_in(client, "noor@raad.example")
    mine = client.get(reverse("council:mine")).content.decode()
    assert "mijn reflectie vastleggen" in mine
    url = reverse("council:reflection_edit", args=[turn.meeting_id])
    values = list(CoreValue.objects.all())
    assert [v.name for v in values] == [
        "Vertrouwen en verantwoordelijkheid",
        "Partnerschap",
        "Maatwerk en inleven",
        "Ruimte om te pionieren",
        "Innovatie en vernieuwing",
    ]
    short = client.post(url, {"text": "Kort.", "publish": "on"})
    assert short.status_code == 400 and not Reflection.objects.exists()
    response = client.post(
        url,
        {
            "text": "Een avond waarin de raad inwoners echt ruimte gaf. <b>vet</b>",
            f"value_{values[1].pk}": "We zochten de partners op in plaats van ze te vertellen.",
            "decisions": [decision.pk],
            "publish": "on",
        },
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert reflection.is_published and list(reflection.decisions.all()) == [decision]
    assert reflection.values.get().core_value == values[1]
    assert not Reminder.objects.filter(object_id=str(turn.pk), slot="reflection", state="scheduled")
    client.logout()
    archive = client.get(reverse("council:reflections")).content.decode()
    assert "Een avond waarin de raad inwoners echt ruimte gaf." in archive
    assert "&lt;b&gt;vet&lt;/b&gt;" in archive
    page = client.get(reverse("council:meeting", args=[turn.meeting_id])).content.decode()
    assert "Reflectie van het spiegelend raadslid, Noor" in page
    assert "We zochten de partners op" in page
    href = decision.get_absolute_url()
    assert re.search(rf'Over de besluiten: <a [^>]*href="{href}">L240001 Uitdaagrecht', page)
    assert "Een avond" in client.get(reverse("council:member", args=[noor.pk])).content.decode()


def test_a_member_cannot_edit_another_members_reflection(client, demo):
    noor = council_user("noor@raad.example", "Noor")
    bram = council_user("bram@raad.example", "Bram")
    turn, _decision = past_turn(noor)
    log_in(client, "bram@raad.example")
    url = reverse("council:reflection_edit", args=[turn.meeting_id])
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"text": "Dit is niet mijn beurt, toch schrijf ik.", "publish": "on"}
        ).status_code
        == 403
    )
    assert not Reflection.objects.exists()
    with pytest.raises(services.CouncilError):
        services.reflection_save(
            member=bram, turn=turn, text="x" * 30, values={}, decisions=[], publish=True
        )
    future = Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=3))
    future_turn = MirrorTurn.objects.create(meeting=future, member=noor)
    with pytest.raises(services.CouncilError):
        services.reflection_save(
            member=noor, turn=future_turn, text="x" * 30, values={}, decisions=[], publish=True
        )
    client.logout()
    assert client.get(url).status_code == 302  # to the login
    outsider = User.objects.create_user(email="inwoner@example.org", password="geheim-wachtwoord-1")
    client.force_login(outsider)
    assert client.get(url).status_code == 403


# --- Core-value check ----------------------------------------------------------------------------


def test_members_score_a_decision_and_only_for_themselves(client, demo):
    noor = council_user("noor@raad.example", "Noor")
    bram = council_user("bram@raad.example", "Bram")
    _turn, decision = past_turn(noor)
    values = list(CoreValue.objects.all())
    log_in(client, "noor@raad.example")
    assert decision in list(
        __import__("council.selectors", fromlist=["x"]).decisions_awaiting(noor)
    )
    url = reverse("council:decision_score", args=[decision.pk])
    incomplete = client.post(url, {f"score_{values[0].pk}": "strengthens"})
    assert incomplete.status_code == 400 and not ValueScore.objects.exists()
    data = {f"score_{v.pk}": "strengthens" for v in values}
    data[f"score_{values[3].pk}"] = "pressure"
    data[f"why_{values[3].pk}"] = "Er is weinig ruimte om te experimenteren."
    assert client.post(url, data).status_code == 302
    assert ValueScore.objects.filter(member=noor).count() == 5
    # Bram's post only ever writes Bram's scores; Noor's stay as they are.
    client.logout()
    log_in(client, "bram@raad.example")
    client.post(url, {f"score_{v.pk}": "na" for v in values})
    assert set(ValueScore.objects.filter(member=noor).values_list("score", flat=True)) == {
        "strengthens",
        "pressure",
    }
    assert ValueScore.objects.filter(member=bram, score="na").count() == 5
    client.logout()
    page = client.get(reverse("council:decision", args=[decision.pk])).content.decode()
    row = re.search(r"Ruimte om te pionieren</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r">(\d+)<", row) == ["0", "0", "1", "1"]
    dashboard = client.get(reverse("council:core_values")).content.decode()
    assert "Ruimte om te pionieren" in dashboard and "+0 / −1" in dashboard
    outsider = User.objects.create_user(email="inwoner@example.org", password="geheim-wachtwoord-1")
    client.force_login(outsider)
    assert client.post(url, data).status_code == 403


# --- iCalendar and pages -------------------------------------------------------------------------


def test_ical_feed_is_valid_rfc5545(client, demo):
    Meeting.objects.create(
        starts_at=at(D(2026, 12, 10)),
        title="Raadsvergadering; begroting, deel 2",
        location="Raadzaal, Hessenweg 1a, Leusden " + "lange toevoeging " * 5,
    )
    response = client.get(reverse("council:meetings_ical"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith(
        "END:VCALENDAR\r\n"
    )
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Raadsvergadering\\; begroting\\, deel 2" in unfolded
    assert "DTSTART:20261210T183000Z" in unfolded  # 19:30 in Leusden is 18:30 UTC in winter
    assert re.search(r"UID:meeting-\d+@testserver", unfolded)


def test_public_council_pages_run_the_same_queries_at_two_sizes(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    members = [member(f"Lid{n}") for n in range(6)]
    meetings = monthly_meetings(D(2024, 1, 1), 3)
    (first, *_rest) = services.rota_generate(actor=None, meetings=meetings)
    Meeting.objects.filter(pk=first.meeting_id).update(status=Meeting.Status.HELD)
    linked = Decision.objects.create(meeting=first.meeting, reference="L0", title="Besproken")
    services.reflection_save(
        member=first.member,
        turn=first,
        text="Een reflectie met een kernwaarde en een besluit.",
        values={CoreValue.objects.first(): "Vertrouwen gegeven."},
        decisions=[linked],
        publish=True,
    )

    def measure():
        counts = []
        meeting = meetings[0]
        decision = Decision.objects.filter(meeting=meeting).first() or Decision.objects.create(
            meeting=meeting, reference="L1", title="Voorstel"
        )
        for url in (
            reverse("council:meetings"),
            reverse("council:meeting", args=[meeting.pk]),
            reverse("council:decision", args=[decision.pk]),
            reverse("council:reflections"),
            reverse("council:member", args=[members[0].pk]),
            reverse("council:core_values"),
            reverse("council:meetings_ical"),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    measure()
    small = measure()
    more = monthly_meetings(D(2025, 1, 1), 20)
    services.rota_generate(actor=None, meetings=more)
    for meeting in more:
        decision = Decision.objects.create(meeting=meeting, reference="L2", title="Voorstel")
        for m in members:
            services.scores_save(
                member=m,
                decision=decision,
                scores=dict.fromkeys(CoreValue.objects.all(), ("neutral", "")),
            )
    large = measure()
    assert small == large and max(large) <= 10


def test_seed_demo_adds_the_council(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert CouncilMember.objects.count() == 21
    assert Meeting.objects.count() >= 10 and MirrorTurn.objects.count() >= 10
    assert Reflection.objects.filter(is_published=True).count() >= 3
    assert ValueScore.objects.exists()
    demo_member = CouncilMember.objects.get(user__email="raadslid@leusden.example")
    from council.selectors import next_turn

    assert next_turn(demo_member) is not None
    # A past turn without a reflection and decisions to check: tasks to try in the demo.
    from council.selectors import decisions_awaiting, turns_to_reflect

    assert any(not hasattr(t, "reflection") for t in turns_to_reflect(demo_member))
    assert list(decisions_awaiting(demo_member))
    from council.models import HoStop
    from council.selectors import hostops_awaiting

    assert HoStop.objects.filter(status="open").count() == 1
    # ...and a ho-stop that waits for the demo member's consent, as a council member at the
    # table of the agreement; the header and the welcome give the same name.
    (waiting,) = hostops_awaiting(demo_member.user)
    assert waiting.role == "council_member" and waiting.name == demo_member.name
    assert demo_member.user.full_name == demo_member.name


def test_the_griffie_edits_a_meeting_in_the_admin_audited_and_the_page_follows(
    client, demo, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.create(starts_at=at(D(2026, 12, 10)))
    url = reverse("council:meeting", args=[meeting.pk])
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.force_login(User.objects.get(email="griffie@leusden.example"))
    change = reverse("admin:council_meeting_change", args=[meeting.pk])
    data = {
        "title": "Extra raadsvergadering",
        "starts_at_0": "10-12-2026",
        "starts_at_1": "19:30:00",
        "location": meeting.location,
        "kind": "council",
        "status": "planned",
        "external_id": "",
        **{
            f"{p}-{k}": v
            for p in ("agenda_items", "decisions")
            for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEntry.objects.filter(action="council.meeting.changed").exists()
    client.logout()
    assert "Extra raadsvergadering" in client.get(url).content.decode()


# --- Rules ---------------------------------------------------------------------------------------


def test_the_rules_say_who_reflects_and_who_scores(demo):
    from council import rules

    noor = council_user("noor@raad.example", "Noor")
    bram = council_user("bram@raad.example", "Bram")
    gone = council_user("oud@raad.example", "Oud")
    gone.is_active, gone.term_end = False, D(2020, 12, 31)
    gone.save()
    turn, decision = past_turn(noor)
    coming = MirrorTurn.objects.create(
        meeting=Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=5)),
        member=noor,
    )
    cancelled = Decision.objects.create(
        meeting=Meeting.objects.create(
            starts_at=timezone.now() - datetime.timedelta(days=8), status="cancelled"
        ),
        reference="L240002",
        title="Voorstel van een afgelaste vergadering",
    )
    griffie = User.objects.get(email="griffie@leusden.example")
    resident = User.objects.create_user(email="inwoner@example.org", password="x-y-z-1234567")
    from django.contrib.auth.models import AnonymousUser

    assert rules.can_edit_reflection(noor.user, turn)
    assert not rules.can_edit_reflection(noor.user, coming)  # after the meeting, not before
    assert rules.can_edit_reflection(noor.user, coming, now=coming.meeting.starts_at)
    for other in (bram.user, gone.user, griffie, resident, AnonymousUser(), None):
        assert not rules.can_edit_reflection(other, turn)
    assert rules.can_score(noor.user, decision) and rules.can_score(bram.user, decision)
    assert not rules.can_score(noor.user, cancelled)
    for other in (gone.user, griffie, resident, AnonymousUser(), None):
        assert not rules.can_score(other, decision)
    with pytest.raises(services.CouncilError):
        services.scores_save(
            member=gone, decision=decision, scores={CoreValue.objects.first(): ("neutral", "")}
        )
    assert list(__import__("council.selectors", fromlist=["x"]).decisions_awaiting(gone)) == []


def test_the_rules_hold_for_real_requests(client, demo):
    noor = council_user("noor@raad.example", "Noor")
    bram = council_user("bram@raad.example", "Bram")
    turn, decision = past_turn(noor)
    values = list(CoreValue.objects.all())
    coming = MirrorTurn.objects.create(
        meeting=Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=5)),
        member=noor,
    )
    log_in(client, "noor@raad.example")
    # Her own coming turn: the page says when, and a post writes nothing.
    early_url = reverse("council:reflection_edit", args=[coming.meeting_id])
    early = client.get(early_url)
    assert early.status_code == 200 and "na de vergadering" in early.content.decode()
    client.post(early_url, {"text": "Alvast geschreven voor de vergadering.", "publish": "on"})
    assert not Reflection.objects.exists()
    # A meeting without a turn has no reflection page.
    no_turn = Meeting.objects.create(starts_at=timezone.now() - datetime.timedelta(days=30))
    assert client.get(reverse("council:reflection_edit", args=[no_turn.pk])).status_code == 404
    # Her score is hers, whatever member the post names.
    data = {f"score_{v.pk}": "neutral" for v in values}
    data["member"] = str(bram.pk)
    assert (
        client.post(reverse("council:decision_score", args=[decision.pk]), data).status_code == 302
    )
    assert set(ValueScore.objects.values_list("member", flat=True)) == {noor.pk}
    client.logout()
    # Bram may neither read nor write Noor's reflection, before or after she logged it.
    url = reverse("council:reflection_edit", args=[turn.meeting_id])
    log_in(client, "noor@raad.example")
    client.post(url, {"text": "Mijn eigen reflectie op deze avond.", "publish": ""})
    client.logout()
    log_in(client, "bram@raad.example")
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"text": "Overschreven door een ander lid.", "publish": "on"}).status_code
        == 403
    )
    reflection = Reflection.objects.get()
    assert reflection.text == "Mijn eigen reflectie op deze avond." and not reflection.is_published
    # A member who left the council no longer scores.
    bram.is_active = False
    bram.save()
    assert (
        client.post(reverse("council:decision_score", args=[decision.pk]), data).status_code == 403
    )


def test_the_english_pages_show_the_core_values_in_english(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    noor = council_user("noor@raad.example", "Noor")
    _turn, decision = past_turn(noor)
    services.scores_save(
        member=noor,
        decision=decision,
        scores=dict.fromkeys(CoreValue.objects.all(), ("strengthens", "")),
    )
    committee = Meeting.objects.create(
        starts_at=at(D(2026, 12, 3)), title="Commissie Samenleving", kind=Meeting.Kind.COMMITTEE
    )
    with translation.override("en"):
        page = client.get(reverse("council:decision", args=[decision.pk])).content.decode()
        dashboard = client.get(reverse("council:core_values")).content.decode()
        meeting = client.get(reverse("council:meeting", args=[committee.pk])).content.decode()
    assert page.count("Trust and responsibility") == 1 and "Vertrouwen en" not in page
    assert "Room to pioneer" in dashboard
    assert "Partnership" in dashboard and "The municipality does not stand above" in dashboard
    assert re.search(r"\d{4} Q\d", dashboard)
    assert "Committee meeting" in meeting
    dutch = client.get(reverse("council:core_values")).content.decode()
    assert "Vertrouwen en verantwoordelijkheid" in dutch and re.search(r"\d{4} K\d", dutch)


def test_my_council_page_runs_the_same_queries_at_two_sizes(client, demo):
    noor = council_user("noor@raad.example", "Noor")
    others = [member(f"Lid{n}") for n in range(3)]
    log_in(client, "noor@raad.example")

    def add(count, start):
        meetings = [
            Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=start + n))
            for n in range(count)
        ]
        for meeting in meetings:
            MirrorTurn.objects.create(meeting=meeting, member=noor)
            Decision.objects.create(meeting=meeting, reference="L3", title="Voorstel")

    def measure():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("council:mine"))
        assert page.status_code == 200
        return len(queries), page.content.decode()

    add(1, -10)
    add(1, 5)
    measure()
    small, _page = measure()
    add(12, -60)
    add(6, 20)
    services.scores_save(
        member=others[0],
        decision=Decision.objects.first(),
        scores=dict.fromkeys(CoreValue.objects.all(), ("neutral", "")),
    )
    large, page = measure()
    assert small == large
    assert page.count("mijn reflectie vastleggen") == 10  # the ten most recent turns


def test_a_reflection_is_a_draft_until_the_member_presses_publish(
    client, demo, django_capture_on_commit_callbacks
):
    noor = council_user("noor@raad.example", "Noor")
    turn, _decision = past_turn(noor)
    log_in(client, "noor@raad.example")
    url = reverse("council:reflection_edit", args=[turn.meeting_id])
    page = client.get(url).content.decode()
    # The form offers two buttons and no pre-ticked box: publishing is a choice.
    assert re.search(r'<button type="submit" name="publish" value="Publiceren"', page)
    assert re.search(r'<button type="submit" name="save" value="Opslaan als concept"', page)
    assert 'type="checkbox" name="publish"' not in page
    text = "Een eerste versie die ik morgen nog nalees."
    response = client.post(url, {"text": text, "save": "Opslaan als concept"}, follow=True)
    assert "als concept opgeslagen" in response.content.decode()
    assert not Reflection.objects.get().is_published
    client.logout()
    assert text not in client.get(reverse("council:reflections")).content.decode()
    log_in(client, "noor@raad.example")
    page = client.get(url).content.decode()
    assert "Concept" in page and text in page
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is dropped
        client.post(url, {"text": text, "publish": "Publiceren"})
    assert Reflection.objects.get().is_published
    page = client.get(url).content.decode()
    assert 'name="publish" value="Wijzigingen opslaan en publiceren"' in page
    assert 'name="save"' not in page
    client.logout()
    assert text in client.get(reverse("council:reflections")).content.decode()
