"""Demo data: the four samenlevingsakkoorden with their goals and KPIs as the memo of
4 December 2018 (seed 003) gives them. Targets the memo leaves open ("x%", "y") stay open.
Measurements after the baseline are example values, marked as such."""

import datetime
from decimal import Decimal

from django.db import transaction

from leusden_portal.core.models import Theme

from . import services
from .models import Agreement, Event, Goal, Kpi, Measurement, Milestone, Partner, SubProject

D = datetime.date
EXAMPLE = "voorbeeldwaarde (demo)"

AGREEMENTS = [
    {
        "slug": "jeugdhulp",
        "title": "Ambitieagenda Jeugdhulp",
        "title_en": "Ambition agenda youth care",
        "motto": "Samen naar een nieuw perspectief op jeugdhulp",
        "motto_en": "Together towards a new outlook on youth care",
        "theme": "jeugd",
        "status": Agreement.Status.EXECUTION,
        "portfolio_holder": "Wethouder Jeugd",
        "summary": "We willen onnodig problematiseren en etikettering van opvoedproblemen "
        "tegengaan. Daarvoor versterken we, samen met onze partners, het pedagogisch klimaat "
        "rondom het kind en de jongere: ouders ondersteunen, meer expertise bij de verwijzers "
        "(huisarts, onderwijs, Lariks) en meer of andere voorliggende collectieve voorzieningen.",
        "partners": [
            ("Huisartsen in Leusden", "verwijzers; expertise over opvoedvragen"),
            ("Scholen voor primair en voortgezet onderwijs", "signaleren en verwijzen"),
            ("Lariks", "jeugd- en gezinswerk, voorliggende voorzieningen"),
        ],
        "goals": [
            {
                "title": "Minder jongeren in de jeugdhulp",
                "kpis": [
                    {
                        "name": "Jongeren met jeugdhulp",
                        "unit": "%",
                        "direction": Kpi.Direction.LOWER,
                        "baseline": (Decimal("11.5"), D(2018, 1, 1)),
                        "target": (Decimal("10.5"), D(2022, 12, 31)),
                        "target_note": "maximaal het landelijk gemiddelde",
                        "source": "CBS, Jeugdmonitor",
                        "measurements": [
                            (D(2019, 12, 31), Decimal("11.3")),
                            (D(2020, 12, 31), Decimal("11.2")),
                        ],
                    },
                    {
                        "name": "Verwijzingen naar geïndiceerde jeugdhulp (ambulant en hoogspecialistische jeugd-ggz)",
                        "unit": "%",
                        "direction": Kpi.Direction.LOWER,
                        "baseline": (Decimal("100"), D(2018, 1, 1)),
                        "target": (None, D(2022, 1, 1)),
                        "target_note": "terug met x% in 4 jaar; x is nog niet vastgesteld",
                        "source": "Gemeente Leusden, verwijsregistratie (index, 2018 = 100)",
                        "measurements": [(D(2019, 12, 31), Decimal("97"))],
                    },
                    {
                        "name": "Besparing op de jeugdhulp in 4 jaar",
                        "unit": "euro",
                        "decimals": 0,
                        "direction": Kpi.Direction.HIGHER,
                        "baseline": (Decimal("0"), D(2018, 1, 1)),
                        "target": (None, D(2022, 1, 1)),
                        "target_note": "een besparing van y; y is nog niet vastgesteld",
                        "source": "Gemeente Leusden, begroting",
                        "measurements": [],
                    },
                ],
            }
        ],
    },
    {
        "slug": "zorg-en-welzijn",
        "title": "Ambitieagenda zorg en welzijn",
        "title_en": "Ambition agenda care and wellbeing",
        "motto": "Samen Sterk",
        "motto_en": "Stronger together",
        "theme": "zorg-en-welzijn",
        "status": Agreement.Status.AGREED,
        "portfolio_holder": "Wethouder Zorg en Welzijn",
        "summary": "Samen met onze partners zorg ontschotten (voor volwassenen en senioren) en "
        "preventie en vroegsignalering in zorgnetwerken versterken.",
        "partners": [
            ("GGD regio Utrecht", "Gezondheidsmonitor; preventie"),
            ("Welzijnsorganisatie Leusden", "ontmoeting, vroegsignalering"),
            ("Mantelzorgsteunpunt", "ondersteuning aan mantelzorgers"),
        ],
        "goals": [
            {
                "title": "Eenzaamheid beperken en voorkomen",
                "kpis": [
                    {
                        "name": "Eenzaamheid onder volwassenen en ouderen",
                        "unit": "%",
                        "direction": Kpi.Direction.LOWER,
                        "baseline": (Decimal("37.70"), D(2016, 9, 1)),
                        "target": (Decimal("34"), D(2022, 12, 31)),
                        "source": "Gezondheidsmonitor volwassenen en ouderen, GGD'en, CBS en RIVM",
                        "frequency": Kpi.Frequency.QUADRENNIAL,
                        "measurements": [(D(2020, 9, 1), Decimal("36.4"))],
                    },
                    {
                        "name": "Plaats van Leusden op de ranglijst van gemeenten met de laagste eenzaamheid",
                        "unit": "",
                        "decimals": 0,
                        "direction": Kpi.Direction.LOWER,
                        "baseline": (Decimal("94"), D(2016, 9, 1)),
                        "target": (Decimal("20"), D(2022, 12, 31)),
                        "target_note": "de top 20",
                        "source": "Gezondheidsmonitor volwassenen en ouderen",
                        "frequency": Kpi.Frequency.QUADRENNIAL,
                        "measurements": [(D(2020, 9, 1), Decimal("71"))],
                    },
                ],
            },
            {
                "title": "Leusden is een dementievriendelijke samenleving",
                "qualitative": True,
                "status": Goal.Status.UNDERWAY,
                "explanation": "Inwoners met (beginnende) dementie worden vroegtijdig gesignaleerd "
                "en er komt een sluitende aanpak. Ondersteuning aan mantelzorgers hoort daarbij.",
            },
        ],
    },
    {
        "slug": "arbeidsparticipatie",
        "title": "Ambitieagenda Arbeidsparticipatie",
        "title_en": "Ambition agenda work participation",
        "motto": "Leusden werkt samen",
        "motto_en": "Leusden works together",
        "theme": "werk",
        "status": Agreement.Status.EXECUTION,
        "portfolio_holder": "Wethouder Werk en Inkomen",
        "summary": "Gericht op werkzoekenden met een uitkering binnen de Participatiewet, de "
        "IOAW/IOAZ en het BBZ; focus op de samenwerking met het bedrijfsleven in Leusden.",
        "partners": [
            ("Ondernemers in Leusden", "banen en kennismaking met werkzoekenden"),
            ("Werkgeversservicepunt regio Amersfoort", "bemiddeling"),
        ],
        "goals": [
            {
                "title": "100 mensen laten hun uitkering achter zich voor een betaalde baan",
                "kpis": [
                    {
                        "name": "Mensen van een uitkering naar betaald werk (opgeteld)",
                        "unit": "mensen",
                        "decimals": 0,
                        "direction": Kpi.Direction.HIGHER,
                        "baseline": (Decimal("0"), D(2019, 1, 1)),
                        "target": (Decimal("100"), D(2021, 12, 31)),
                        "source": "Gemeente Leusden, uitkeringsadministratie",
                        "frequency": Kpi.Frequency.QUARTERLY,
                        "milestones": [
                            (D(2019, 12, 31), Decimal("33")),
                            (D(2020, 12, 31), Decimal("66")),
                        ],
                        "measurements": [
                            (D(2019, 6, 30), Decimal("14")),
                            (D(2019, 12, 31), Decimal("29")),
                            (D(2020, 6, 30), Decimal("41")),
                        ],
                    }
                ],
            }
        ],
    },
    {
        "slug": "energietransitie",
        "title": "Samenlevingsakkoord Energietransitie",
        "title_en": "Society agreement energy transition",
        "motto": "Energieakkoord 2.0",
        "motto_en": "Energy agreement 2.0",
        "theme": "duurzaamheid",
        "status": Agreement.Status.EXECUTION,
        "portfolio_holder": "Wethouder Duurzaamheid",
        "summary": "Het energieakkoord 2.0 is al in uitvoering. Het is zaak deze maatschappelijke "
        "coalitie vitaal te houden, uit te breiden en aan concrete subdoelen te werken.",
        "partners": [
            ("Energieloket en Energiehuis", "informatie en projecten voor inwoners en bedrijven"),
            ("Melkveehouders in Leusden", "netto energieleverende melkveehouderij"),
            ("Bedrijfsleven in Leusden", "aanbodportaal voor duurzame technologie"),
        ],
        "goals": [
            {
                "title": "Leusden is uiterlijk in 2040 energieneutraal",
                "kpis": [
                    {
                        "name": "Energieneutraliteit (duurzaam opgewekt deel van het energiegebruik)",
                        "unit": "%",
                        "direction": Kpi.Direction.HIGHER,
                        "baseline": (None, None),
                        "target": (Decimal("100"), D(2040, 12, 31)),
                        "target_note": "liever eerder",
                        "source": "Klimaatmonitor (Rijkswaterstaat)",
                        "milestones": [
                            (D(2020, 12, 31), None, "tussendoel 2020 uit het energieakkoord"),
                            (D(2025, 12, 31), None, "tussendoel 2025 uit het energieakkoord"),
                            (D(2030, 12, 31), None, "tussendoel 2030 uit het energieakkoord"),
                        ],
                        "measurements": [],
                    }
                ],
            },
            {
                "title": "Energieneutrale melkveehouderij",
                "kpis": [
                    {
                        "name": "Melkveehouders die deelnemen aan het traject naar een netto energieleverende sector",
                        "unit": "%",
                        "decimals": 0,
                        "direction": Kpi.Direction.HIGHER,
                        "baseline": (Decimal("0"), D(2018, 1, 1)),
                        "target": (Decimal("80"), D(2027, 1, 1)),
                        "target_note": "tenminste 80%",
                        "source": "Projectadministratie deelproject 2",
                        "measurements": [
                            (D(2019, 12, 31), Decimal("35")),
                            (D(2020, 12, 31), Decimal("48")),
                        ],
                    }
                ],
            },
        ],
        "subprojects": [
            (
                "Klankbordgroep voor Energieloket en Energiehuis",
                SubProject.Status.RUNNING,
                40,
                "Een functionerende klankbordgroep die input geeft op het aanbod, zodat het aansluit op de vraag.",
            ),
            (
                "Netto energieleverende melkveehouderij",
                SubProject.Status.RUNNING,
                50,
                "Deelname van meer dan 80% van de melkveehouders; dit project is al gestart.",
            ),
            (
                "Geïnformeerd en betrokken bedrijfsleven",
                SubProject.Status.PLANNED,
                10,
                "Een door het bedrijfsleven georganiseerd aanbodportaal voor duurzame technologie.",
            ),
            (
                "Regionale Energie Strategie",
                SubProject.Status.RUNNING,
                30,
                "Kansen, kaders en keuzes voor duurzame opwek in de regio.",
            ),
        ],
    },
]

EVENTS = [
    (
        None,
        Event.Kind.INFORMATION,
        D(2018, 12, 13),
        "Uitwisseling met de raad: visie Sociaal Domein en doelen van de vier akkoorden",
        "Raad, college",
        "Het college deelt de visie op het Sociaal Domein en de doelen per samenlevingsakkoord; procesvoorstel voor drie informatiemomenten.",
        "",
    ),
    (
        None,
        Event.Kind.ENRICHMENT,
        D(2018, 12, 13),
        "Verrijkingstafel, ronde 1",
        "Raadsleden, portefeuillehouders",
        "Per akkoord een toelichting op het Plan van Aanpak; raadsleden verrijken de doelen.",
        "De portefeuillehouders vatten de inbreng samen en nemen die mee in de akkoorden.",
    ),
    (
        None,
        Event.Kind.ENRICHMENT,
        D(2019, 2, 7),
        "Verrijkingstafel, ronde 2",
        "Raadsleden, portefeuillehouders, partners",
        "Tweede ronde op de aangescherpte doelen.",
        "Verwerkt in de concept-akkoorden.",
    ),
    (
        None,
        Event.Kind.INFORMATION,
        D(2019, 4, 11),
        "Tweede informatiemoment: de concept-akkoorden",
        "Raad, college",
        "",
        "",
    ),
    (
        None,
        Event.Kind.INFORMATION,
        D(2019, 9, 12),
        "Derde informatiemoment: de ondertekende akkoorden",
        "Raad, college",
        "",
        "",
    ),
]


def load(owner):
    if Agreement.objects.exists():
        return 0
    with transaction.atomic():
        for position, data in enumerate(AGREEMENTS):
            agreement = services.record_save(
                actor=None,
                obj=Agreement(
                    slug=data["slug"],
                    title=data["title"],
                    title_en=data["title_en"],
                    motto=data["motto"],
                    motto_en=data["motto_en"],
                    theme=Theme.objects.filter(slug=data["theme"]).first(),
                    status=data["status"],
                    portfolio_holder=data["portfolio_holder"],
                    summary=data["summary"],
                    position=position,
                ),
            )
            for n, (name, role) in enumerate(data["partners"]):
                services.record_save(
                    actor=None, obj=Partner(agreement=agreement, name=name, role=role, position=n)
                )
            for n, goal_data in enumerate(data["goals"]):
                _goal(agreement, n, goal_data, owner)
            for n, (title, status, progress, description) in enumerate(data.get("subprojects", [])):
                services.record_save(
                    actor=None,
                    obj=SubProject(
                        agreement=agreement,
                        title=title,
                        status=status,
                        progress=progress,
                        description=description,
                        position=n,
                    ),
                )
        for agreement, kind, date, title, participants, summary, follow_up in EVENTS:
            services.record_save(
                actor=None,
                obj=Event(
                    agreement=agreement,
                    kind=kind,
                    date=date,
                    title=title,
                    participants=participants,
                    summary=summary,
                    follow_up=follow_up,
                ),
            )
    return len(AGREEMENTS)


def _goal(agreement, position, data, owner):
    goal = services.record_save(
        actor=None,
        obj=Goal(
            agreement=agreement,
            title=data["title"],
            is_qualitative=data.get("qualitative", False),
            status=data.get("status", Goal.Status.UNDERWAY),
            explanation=data.get("explanation", ""),
            position=position,
        ),
    )
    for n, k in enumerate(data.get("kpis", [])):
        kpi = services.record_save(
            actor=None,
            obj=Kpi(
                goal=goal,
                name=k["name"],
                unit=k["unit"],
                decimals=k.get("decimals", 1),
                direction=k["direction"],
                baseline_value=k["baseline"][0],
                baseline_date=k["baseline"][1],
                target_value=k["target"][0],
                target_date=k["target"][1],
                target_note=k.get("target_note", ""),
                source=k["source"],
                frequency=k.get("frequency", Kpi.Frequency.YEARLY),
                owner=owner,
                position=n,
            ),
        )
        for milestone in k.get("milestones", []):
            date, value, *note = milestone
            services.record_save(
                actor=None,
                obj=Milestone(kpi=kpi, date=date, value=value, note=note[0] if note else ""),
            )
        for date, value in k["measurements"]:
            services.measurement_save(
                actor=None,
                measurement=Measurement(
                    kpi=kpi, date=date, value=value, source=k["source"], note=EXAMPLE
                ),
            )
