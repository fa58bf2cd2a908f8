"""The benchmark's data, loaded with bulk_create: initiatives with their history, supports
and attachment metadata up to a size, and once (it does not grow with the loket) four
society agreements with KPIs measured monthly and two years of council data: meetings,
agenda items, decisions, the spiegelend raadslid's reflections and the core-value scores.

`load_fixed()` once, then `load_initiatives(total)` for each size; `targets()` gives the
objects the benchmarked pages are about. Used by bench/pages.py and by tests/test_bench.py
(at a tiny size), so the loader cannot rot."""

import datetime
import hashlib
import uuid
from decimal import Decimal

# Bulk initiatives carry their own year in the reference, so they never meet the numbers the
# portal itself hands out (prefix-year-primary key) when the benchmark submits.
REFERENCE = "SV-2019-{:06d}"
TRACK_TOKEN = "bench-track-token-" + "k" * 32  # the private link of the tracking page
AGREEMENT_SLUG = "bench-akkoord-1"
BATCH = 5_000


def _now():
    from django.utils import timezone

    return timezone.now()


def load_fixed():
    """Agreements with KPIs and measurements, and two years of council data. Idempotent."""
    from agreements.models import Agreement

    if Agreement.objects.filter(slug=AGREEMENT_SLUG).exists():
        return
    _agreements()
    _council()
    _invalidate()


def _agreements():
    from agreements.models import Agreement, Goal, Kpi, Measurement, Milestone, Partner
    from leusden_portal.core.models import Theme

    themes = list(Theme.objects.all())
    today = datetime.date.today()
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"Samenlevingsakkoord {n}",
            slug=f"bench-akkoord-{n}",
            motto="Samen maken we Leusden",
            theme=themes[n % len(themes)] if themes else None,
            status=Agreement.Status.EXECUTION,
            summary="Wat we samen met de partners afspreken. " * 10,
            approach="Zo pakken we het aan. " * 10,
            portfolio_holder="Wethouder",
            position=n,
        )
        for n in range(1, 5)
    )
    Partner.objects.bulk_create(
        Partner(agreement=a, name=f"Partner {p}", role="Uitvoering", position=p)
        for a in agreements
        for p in range(4)
    )
    goals = Goal.objects.bulk_create(
        Goal(agreement=a, title=f"Doel {g} van {a.title}", description="Wat we willen.", position=g)
        for a in agreements
        for g in range(3)
    )
    kpis = Kpi.objects.bulk_create(
        Kpi(
            goal=goal,
            name=f"Indicator {k} bij {goal.title}",
            unit="%",
            direction=Kpi.Direction.HIGHER,
            baseline_value=Decimal("40"),
            baseline_date=today - datetime.timedelta(days=3 * 365),
            target_value=Decimal("60"),
            target_date=today + datetime.timedelta(days=2 * 365),
            source="Eigen meting",
            frequency=Kpi.Frequency.MONTHLY,
            position=k,
        )
        for goal in goals
        for k in range(2)
    )
    Milestone.objects.bulk_create(
        Milestone(kpi=kpi, date=today + datetime.timedelta(days=365), value=Decimal("50"))
        for kpi in kpis
    )
    # Monthly for two years: the charts on the agreement's page.
    Measurement.objects.bulk_create(
        Measurement(
            kpi=kpi,
            date=today.replace(day=1) - datetime.timedelta(days=30 * month),
            value=Decimal(40 + (24 - month) * 0.5 + (kpi.pk % 3)),
            source="Eigen meting",
        )
        for kpi in kpis
        for month in range(24)
    )


def _council():
    from council.models import (
        AgendaItem,
        CoreValue,
        CouncilMember,
        Decision,
        Meeting,
        MirrorTurn,
        Reflection,
        ReflectionValue,
        ValueScore,
    )

    now = _now()
    values = list(CoreValue.objects.all())
    members = CouncilMember.objects.bulk_create(
        CouncilMember(
            name=f"Raadslid {m}",
            party=f"Partij {m % 7}",
            term_start=(now - datetime.timedelta(days=3 * 365)).date(),
        )
        for m in range(23)
    )
    # Two years: a council meeting and a committee meeting every month, half of them past.
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title="Raadsvergadering" if n % 2 == 0 else "Commissie Samenleving",
            kind=Meeting.Kind.COUNCIL if n % 2 == 0 else Meeting.Kind.COMMITTEE,
            starts_at=now - datetime.timedelta(days=365) + datetime.timedelta(days=15 * n),
            status=Meeting.Status.HELD if n < 24 else Meeting.Status.PLANNED,
        )
        for n in range(48)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, number=str(i + 1), title=f"Agendapunt {i + 1}", position=i)
        for m in meetings
        for i in range(10)
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            meeting=item.meeting,
            agenda_item=item,
            reference=f"L{item.pk:06d}",
            title=f"Voorstel bij {item.title}",
            proposal="Het college stelt voor. " * 8,
            decision_text="De raad besluit. " * 4,
            result=Decision.Result.ADOPTED
            if item.meeting.status == Meeting.Status.HELD
            else Decision.Result.PENDING,
            votes_for=15 if item.meeting.status == Meeting.Status.HELD else None,
            votes_against=8 if item.meeting.status == Meeting.Status.HELD else None,
        )
        for item in items
        if item.position < 5
    )
    held = [m for m in meetings if m.kind == Meeting.Kind.COUNCIL]
    turns = MirrorTurn.objects.bulk_create(
        MirrorTurn(meeting=m, member=members[n % len(members)]) for n, m in enumerate(held)
    )
    past = [t for t in turns if t.meeting.status == Meeting.Status.HELD]
    reflections = Reflection.objects.bulk_create(
        Reflection(
            turn=t,
            text="Wat ik deze avond zag van Samenleving Voorop. " * 20,
            is_published=True,
            published_at=t.meeting.starts_at + datetime.timedelta(days=2),
        )
        for t in past
    )
    ReflectionValue.objects.bulk_create(
        ReflectionValue(reflection=r, core_value=v, text="Hoe deze kernwaarde terugkwam. " * 3)
        for r in reflections
        for v in values
    )
    by_meeting = {}
    for d in decisions:
        by_meeting.setdefault(d.meeting_id, []).append(d)
    Reflection.decisions.through.objects.bulk_create(
        Reflection.decisions.through(reflection=r, decision=d)
        for r in reflections
        for d in by_meeting.get(r.turn.meeting_id, [])[:2]
    )
    scores = list(ValueScore.Score.values)
    ValueScore.objects.bulk_create(
        (
            ValueScore(
                decision=d,
                member=member,
                core_value=v,
                score=scores[(d.pk + member.pk + v.pk) % len(scores)],
                scored_at=d.meeting.starts_at,
            )
            for d in decisions
            if d.result != Decision.Result.PENDING
            for member in members[:12]
            for v in values
        ),
        batch_size=BATCH,
    )


def bulk_count():
    from initiatives.models import Initiative

    return Initiative.objects.filter(reference__startswith=REFERENCE[:8]).count()


def load_initiatives(total):
    """Bring the bulk initiatives up to `total`: four in five published, across every theme,
    neighbourhood and status, each with its public history, up to 9 confirmed supports, every
    third with an attachment (metadata; no file on disk), some referred to an agreement."""
    from agreements.models import Agreement
    from initiatives.models import Attachment, Initiative, Message, PrivateLink, Support
    from leusden_portal.core import tokens
    from leusden_portal.core.models import Neighbourhood, Theme

    themes = list(Theme.objects.all())
    neighbourhoods = list(Neighbourhood.objects.all())
    agreements = list(Agreement.objects.filter(slug__startswith="bench-akkoord-"))
    statuses = ["submitted", "triage", "referred", "in_progress", "completed"]
    now = _now()
    start = bulk_count()
    for offset in range(start, total, BATCH):
        numbers = range(offset, min(offset + BATCH, total))
        rows = [
            Initiative(
                reference=REFERENCE.format(n),
                kind="idea",
                title=f"Idee {n} voor de buurt",
                description="Samen met de buren iets moois maken in de wijk. " * 4,
                theme=themes[n % len(themes)],
                neighbourhood=neighbourhoods[n % len(neighbourhoods)],
                name=f"Inwoner {n}",
                email=f"inwoner{n}@example.org",
                privacy_consent=True,
                publish_consent=n % 5 != 0,
                approved_for_publication=n % 5 != 0,
                status=statuses[n % len(statuses)],
                referred_agreement=(
                    agreements[n % len(agreements)] if agreements and n % 5 == 2 else None
                ),
                submitted_at=now - datetime.timedelta(minutes=n + 10),
                first_response_days=n % 9,
                referral_days=(n % 14) if n % 3 == 0 else None,
                support_count=n % 10,
            )
            for n in numbers
        ]
        created = Initiative.objects.bulk_create(rows)
        PrivateLink.objects.bulk_create(
            PrivateLink(
                initiative=i,
                token_hash=tokens.digest(
                    TRACK_TOKEN if i.reference == REFERENCE.format(1) else uuid.uuid4().hex
                ),
                purpose="submitted",
            )
            for i in created
        )
        Message.objects.bulk_create(
            Message(
                initiative=i,
                author_kind=kind,
                body=body,
                status=status,
            )
            for i in created
            for kind, body, status in (
                ("system", "We hebben uw initiatief ontvangen.", "submitted"),
                ("staff", "We hebben uw idee bekeken.", "triage"),
            )
        )
        Support.objects.bulk_create(
            (
                Support(
                    initiative=i,
                    email_hash=hashlib.sha256(f"{i.pk}-{s}".encode()).hexdigest(),
                    token_hash=hashlib.sha256(f"support-{i.pk}-{s}".encode()).hexdigest(),
                    created_at=now,
                    confirmed_at=now,
                )
                for i in created
                for s in range(i.support_count)
            ),
            batch_size=BATCH,
        )
        Attachment.objects.bulk_create(
            Attachment(
                initiative=i,
                token=hashlib.sha256(f"attachment-{i.pk}".encode()).hexdigest()[:43],
                file=f"initiatives/{i.pk}/bench",
                original_name="schets.pdf",
                content_type="application/pdf",
                size=1234,
            )
            for i in created
            if int(i.reference[-6:]) % 3 == 0
        )
    _invalidate()


def _invalidate():
    from agreements.services import PAGES
    from council.services import COUNCIL_PAGES
    from initiatives.services import FIGURES_PAGES, PUBLIC_PAGES
    from leusden_portal.core import pagecache

    pagecache.invalidate(pagecache.BASE_SECTION, PUBLIC_PAGES, FIGURES_PAGES, PAGES, COUNCIL_PAGES)


def targets():
    """The objects the benchmarked pages show: a published initiative, the tracking link,
    an agreement, a held council meeting with a published reflection."""
    from council.models import Meeting

    meeting = (
        Meeting.objects.filter(mirror_turn__reflection__is_published=True)
        .order_by("-starts_at")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "detail": REFERENCE.format(1),
        "track_token": TRACK_TOKEN,
        "agreement": AGREEMENT_SLUG,
        "meeting": meeting,
    }


def analyze():
    """Fresh planner statistics after a bulk load, as autovacuum gives a production database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
