"""Demo data for the council: 21 fictional members, a year of meetings (past and coming) with
agenda and decisions, the rota, a few reflections and core-value checks, and one open
ho-stop. Names are made up; the kernwaarden come from their migration."""

import datetime
import random

from django.utils import timezone

from . import core_values, services
from .models import AgendaItem, CoreValue, CouncilMember, Decision, Meeting, ValueScore
from .processes import Involved

PARTIES = [
    ("CDA", ["Anneke van Dijk", "Gerrit Hoogland", "Marja Schouten", "Bert Veldhuizen"]),
    ("VVD", ["Sander de Ruiter", "Ilse Verbeek", "Joost Kamphuis"]),
    ("ChristenUnie", ["Hendrik Brouwer", "Esther van Wijk", "Pieter Mulder"]),
    ("GroenLinks", ["Noor Bakker", "Daan Willemsen", "Fleur Jansen"]),
    ("D66", ["Lotte Smit", "Ruben van Leeuwen"]),
    ("PvdA", ["Karin Dekker", "Youssef El Amrani"]),
    ("Leusden Lokaal", ["Wim van den Berg", "Sanne Hofman", "Thijs Post", "Miriam Koster"]),
]
DEMO_MEMBER = "Noor Bakker"  # the demo login raadslid@leusden.example

PROPOSALS = [
    "Kadernota Sociaal Domein 2026",
    "Uitdaagrecht in de participatieverordening",
    "Subsidieregeling buurtinitiatieven",
    "Energiehuis: vervolgfinanciering",
    "Bestemmingsplan Groenhouten-Noord",
    "Jaarrekening en jaarverslag",
    "Pilot groenonderhoud door bewoners",
    "Verordening Wmo 2026",
    "Programmabegroting 2027",
    "Regionale Energie Strategie 2.0",
    "Evaluatie samenlevingsakkoord Arbeidsparticipatie",
    "Dementievriendelijke gemeente: uitvoeringsplan",
]


def _agenda(meeting, titles):
    standard = ["Opening en mededelingen", "Vaststellen van de agenda", "Hamerstukken"]
    items = [*standard, *titles, "Spiegelend raadslid", "Sluiting"]
    made = []
    for position, title in enumerate(items, start=1):
        made.append(
            AgendaItem.objects.create(
                meeting=meeting,
                number=str(position),
                title=title,
                is_hamerstuk=title == "Hamerstukken",
                position=position,
            )
        )
    return made


def load(raadslid_user=None, now=None):
    if CouncilMember.objects.exists():
        return 0
    core_values.ensure(CoreValue)
    now = now or timezone.now()
    rng = random.Random(327)  # noqa: S311 (demo data, the same every time)
    term_start = datetime.date(2022, 3, 30)
    members = []
    for party, names in PARTIES:
        for name in names:
            slug = name.lower().replace(" ", ".")
            members.append(
                CouncilMember.objects.create(
                    name=name,
                    party=party,
                    email=f"{slug}@raad.leusden.example",
                    term_start=term_start,
                    user=raadslid_user if name == DEMO_MEMBER else None,
                )
            )
    meetings = []
    proposals = iter(PROPOSALS * 2)
    for month in range(-7, 6):
        day = (now + datetime.timedelta(days=30 * month)).date().replace(day=1)
        while day.weekday() != 3:  # council meets on Thursdays
            day += datetime.timedelta(days=1)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30)))
        held = starts < now
        meeting = Meeting.objects.create(
            starts_at=starts, status=Meeting.Status.HELD if held else Meeting.Status.PLANNED
        )
        titles = [next(proposals), next(proposals)] if held or month < 2 else []
        items = _agenda(meeting, titles)
        for n, title in enumerate(titles):
            Decision.objects.create(
                meeting=meeting,
                agenda_item=items[3 + n],
                reference=f"L{240100 + len(meetings) * 10 + n}",
                title=title,
                proposal=f"Het college stelt de raad voor: {title.lower()} vast te stellen.",
                decision_text=f"De raad besluit: {title.lower()} vast te stellen." if held else "",
                result=(Decision.Result.ADOPTED if rng.random() > 0.2 else Decision.Result.AMENDED)
                if held
                else Decision.Result.PENDING,
                votes_for=rng.randint(14, 21) if held else None,
                votes_against=rng.randint(0, 6) if held else None,
            )
        meetings.append(meeting)
    turns = services.rota_generate(actor=None, meetings=meetings)
    # Make sure the demo member has a coming turn to show.
    demo_member = next(m for m in members if m.name == DEMO_MEMBER)
    coming = [t for t in turns if t.meeting.starts_at > now]
    if coming and not any(t.member == demo_member for t in coming):
        services.rota_swap(
            actor=None,
            turn=coming[1] if len(coming) > 1 else coming[0],
            member=demo_member,
            reason="Ruil op verzoek (demo)",
        )
    # ...and the last meeting held, without a reflection yet: the task that waits on
    # "Mijn raadspagina" can be tried from the demo.
    past = [t for t in turns if t.meeting.starts_at < now]
    if len(past) > 4 and past[-1].member != demo_member:
        services.rota_swap(
            actor=None, turn=past[-1], member=demo_member, reason="Ruil op verzoek (demo)"
        )
    values = list(CoreValue.objects.all())
    for turn in past[:4]:
        decisions = list(turn.meeting.decisions.all())
        services.reflection_save(
            member=turn.member,
            turn=turn,
            text=(
                f"Vanavond spraken we over {decisions[0].title.lower() if decisions else 'de agenda'}. "
                "Ik zag een raad die eerst vroeg wat inwoners zelf al doen, en pas daarna wat de "
                "gemeente moet regelen. Dat is Samenleving Voorop zoals het bedoeld is."
            ),
            values={
                values[0]: "We gaven de initiatiefnemers het vertrouwen, en spraken af "
                "hoe zij verantwoording afleggen.",
                values[1]: "",
            },
            decisions=decisions[:1],
            publish=True,
        )
    scores = [s.value for s in ValueScore.Score]
    for decision in Decision.objects.filter(meeting__starts_at__lt=now)[:8]:
        for member in rng.sample(members, 6):
            services.scores_save(
                member=member,
                decision=decision,
                scores={v: (rng.choices(scores, weights=[5, 3, 2, 1])[0], "") for v in values},
            )
    raiser = next(m for m in members if m != demo_member)
    _open_hostop(raiser, involved=[raiser, demo_member])
    return len(members)


def _open_hostop(member, involved):
    """A ho-stop on a sub-project of an agreement with council members at its table: the demo
    member is asked to consent (a task on "Mijn raadspagina")."""
    from agreements.models import SubProject

    project = SubProject.objects.filter(title__startswith="Regionale Energie").first()
    if project is None:
        return
    project.agreement.council_members.add(*involved)
    services.hostop_raise(
        process=project,
        raiser=Involved("council_member", member.name, member.email, member.user),
        reason="De inwoners van het buitengebied zijn nog niet gehoord over de zoekgebieden "
        "voor windmolens.",
        adjustment="Eerst twee avonden met de inwoners van Achterveld en Stoutenburg; daarna "
        "de zoekgebieden opnieuw bezien.",
    )


def load_sortitions(now=None):
    """One sortition drawn (with its published data) and one open for registration."""
    import hashlib

    from leusden_portal.core.models import Neighbourhood

    from .models import Sortition, Volunteer

    if Sortition.objects.exists():
        return
    now = now or timezone.now()
    drawn = services.sortition_create(
        actor=None,
        sortition=Sortition(
            title="Burgerpanel eenzaamheid",
            slug="burgerpanel-eenzaamheid",
            description="Twaalf inwoners denken mee over het samenlevingsakkoord zorg en welzijn: "
            "wat helpt tegen eenzaamheid in Leusden?",
            panel_size=12,
            registration_closes=now + datetime.timedelta(days=1),
        ),
    )
    places = list(Neighbourhood.objects.all())
    rng = random.Random(2019)  # noqa: S311 (demo data)
    bands = [b.value for b in Volunteer.AgeBand]
    for n in range(64):
        Volunteer.objects.create(
            sortition=drawn,
            name=f"Inwoner {n + 1}",
            email=f"loting{n + 1}@example.org",
            neighbourhood=rng.choice(places),
            age_band=rng.choices(bands, weights=[2, 3, 4, 3])[0],
            token_hash=hashlib.sha256(f"demo-{n}".encode()).hexdigest(),
            confirmed_at=now,
        )
    Sortition.objects.filter(pk=drawn.pk).update(
        registration_closes=now - datetime.timedelta(days=1)
    )
    drawn.refresh_from_db()
    services.sortition_draw(actor=None, sortition=drawn, now=now)
    services.sortition_create(
        actor=None,
        sortition=Sortition(
            title="Burgerpanel Regionale Energie Strategie",
            slug="burgerpanel-energie",
            description="Vijftien inwoners adviseren de raad over zoekgebieden voor duurzame energie.",
            panel_size=15,
            registration_closes=now + datetime.timedelta(days=21),
        ),
    )


MANIFEST_TEXT = """Leusden is van ons samen. Veel van wat Leusden mooi maakt, doen inwoners, verenigingen, ondernemers en organisaties zelf: de buurt die een moestuin begint, de vrijwilligers die ouderen bezoeken, de boeren die energie opwekken.

Daarom zet Leusden de samenleving voorop. De gemeente zegt "ja, tenzij" in plaats van "nee, maar". Zij laat los waar het kan, denkt mee waar het helpt en is een gelijkwaardige partner. Wie een idee heeft, vindt één ingang en wordt snel op weg geholpen.

Met dit manifest nodigen wij u uit om mee te doen. Door te tekenen zegt u: ik draag bij aan een Leusden waarin we naar elkaar omkijken, ruimte geven aan nieuwe ideeën en samen afspraken maken over wat we willen bereiken."""


def load_manifest():
    from .models import Manifest, Signature

    if Manifest.objects.exists():
        return
    manifest = Manifest.objects.create(
        title="Manifest Samenleving Voorop",
        slug="samenleving-voorop",
        text=MANIFEST_TEXT,
        is_published=True,
    )
    for n, (name, organisation, shown) in enumerate(
        [
            ("Jannie Verhoef", "", True),
            ("Stichting Groen Leusden", "Stichting Groen Leusden", True),
            ("Ahmed Yilmaz", "Ondernemersvereniging Leusden", True),
            ("Een inwoner van Achterveld", "", False),
        ]
    ):
        Signature.objects.create(
            manifest=manifest,
            name=name,
            organisation=organisation,
            email=f"manifest{n}@example.org",
            show_publicly=shown,
            token_hash=f"demo-signature-{n}".ljust(64, "0"),
            confirmed_at=timezone.now(),
        )


def load_events(now=None):
    """A coming council conference and a guest visit, and last year's conference with its
    harvest (after the raadsconferentie of 6 April 2018, seed 000)."""
    from .models import CouncilEvent, CouncilMember

    if CouncilEvent.objects.exists():
        return
    now = now or timezone.now()
    host = CouncilMember.objects.filter(name=DEMO_MEMBER).first()
    CouncilEvent.objects.create(
        kind=CouncilEvent.Kind.CONFERENCE,
        title="Raadsconferentie Samenleving Voorop 2027",
        slug="raadsconferentie-2027",
        description="Raad, inwoners en partners praten samen over de volgende stap van "
        "Samenleving Voorop. Iedereen is welkom.",
        starts_at=now + datetime.timedelta(days=45),
        location="De Tabernakel, Leusden",
        places=80,
    )
    CouncilEvent.objects.create(
        kind=CouncilEvent.Kind.GUEST,
        title="Gast van de raad bij de volgende raadsvergadering",
        slug="gast-van-de-raad",
        description="Kijk een avond mee met een raadslid: vooraf uitleg, tijdens de vergadering "
        "op de publieke tribune, na afloop napraten.",
        starts_at=now + datetime.timedelta(days=14),
        location="Raadzaal, Hessenweg 1a",
        places=3,
        host=host,
    )
    CouncilEvent.objects.create(
        kind=CouncilEvent.Kind.CONFERENCE,
        title="Raadsconferentie Samenleving Voorop 2026",
        slug="raadsconferentie-2026",
        description="Een avond met inwoners over één ingang voor initiatieven.",
        starts_at=now - datetime.timedelta(days=200),
        location="De Tabernakel, Leusden",
        places=80,
        harvest='Eén ingang, snel doorverwijzen. Zeg "ja, tenzij" in plaats van "nee, maar". '
        "Geef experimenten de ruimte, ook als ze mislukken. Blijf vragen: waarom doen we dit, "
        "wat levert het op, welk probleem lost het op?",
    )


def load_wijkraad(now=None):
    """The cooperative wijkraad of Achterveld, with members and two meetings."""
    from leusden_portal.core.models import Neighbourhood

    from .models import (
        NeighbourhoodCouncil,
        NeighbourhoodCouncilMeeting,
        NeighbourhoodCouncilMember,
    )

    place = Neighbourhood.objects.filter(slug="achterveld").first()
    if place is None or NeighbourhoodCouncil.objects.exists():
        return
    now = now or timezone.now()
    body = NeighbourhoodCouncil.objects.create(
        neighbourhood=place,
        name="Coöperatieve wijkraad Achterveld",
        slug="achterveld",
        description="Inwoners van Achterveld die samen bespreken wat het dorp nodig heeft, "
        "initiatieven uit het dorp steunen en de gemeente en de raad adviseren.",
        contact_email="wijkraad.achterveld@example.org",
    )
    for name, role in (
        ("Henk van Ee", "voorzitter"),
        ("Gerda Kok", "secretaris"),
        ("Rik Schouten", ""),
        ("Lisa de Haan", ""),
    ):
        NeighbourhoodCouncilMember.objects.create(
            wijkraad=body, name=name, role=role, since=datetime.date(2024, 1, 1)
        )
    NeighbourhoodCouncilMeeting.objects.create(
        wijkraad=body,
        date=(now - datetime.timedelta(days=40)).date(),
        location="Dorpshuis De Winkel, Achterveld",
        topics="Verkeersveiligheid op de Hessenweg\nHet buurtbudget 2027\nZoekgebieden voor zonne-energie",
        minutes="De wijkraad vraagt de raad om de inwoners van Achterveld te horen over de zoekgebieden.",
    )
    NeighbourhoodCouncilMeeting.objects.create(
        wijkraad=body,
        date=(now + datetime.timedelta(days=20)).date(),
        location="Dorpshuis De Winkel, Achterveld",
        topics="Terugkoppeling van de gemeente\nPlannen voor de dorpsdag",
    )
