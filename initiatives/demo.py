"""Demo data for the loket: teams, partners, routing rules and about 30 initiatives across
themes, neighbourhoods and statuses, made through the services as a resident and civil
servants would."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from leusden_portal.core.models import Neighbourhood, Theme

from . import services
from .models import Initiative, PartnerOrganisation, RoutingRule, Team

TEAMS = [
    ("Team Samenlevingsloket", "samenlevingsloket@leusden.example", True),
    ("Team Openbare Ruimte", "openbareruimte@leusden.example", False),
    ("Team Sociaal Domein", "sociaaldomein@leusden.example", False),
    ("Team Duurzaamheid", "duurzaamheid@leusden.example", False),
]
ROUTES = [
    ("groen", "Team Openbare Ruimte"),
    ("verkeer", "Team Openbare Ruimte"),
    ("veiligheid", "Team Openbare Ruimte"),
    ("zorg-en-welzijn", "Team Sociaal Domein"),
    ("jeugd", "Team Sociaal Domein"),
    ("werk", "Team Sociaal Domein"),
    ("duurzaamheid", "Team Duurzaamheid"),
]
PARTNERS = [
    ("Welzijnsorganisatie Leusden (demo)", "Marieke Jansen", "welzijn@partner.example"),
    ("Energiecoöperatie Leusden (demo)", "Henk de Boer", "energie@partner.example"),
    ("Sportverenigingen Leusden (demo)", "Fatima El Amrani", "sport@partner.example"),
]
IDEAS = [
    (
        "Moestuin bij basisschool",
        "groen",
        "initiative",
        "Met ouders en kinderen een moestuin op het schoolplein.",
    ),
    (
        "Bankjes langs de Hamersveldseweg",
        "groen",
        "idea",
        "Voor ouderen die een rustpunt nodig hebben tijdens het wandelen.",
    ),
    (
        "Buurtkamer in Achterveld",
        "zorg-en-welzijn",
        "initiative",
        "Een vaste plek waar dorpsgenoten elkaar kunnen ontmoeten.",
    ),
    (
        "Zonnepanelen op de sporthal",
        "duurzaamheid",
        "experiment",
        "Een proef met een coöperatie van omwonenden.",
    ),
    (
        "Wandelgroep tegen eenzaamheid",
        "zorg-en-welzijn",
        "initiative",
        "Elke dinsdag samen wandelen, met koffie na afloop.",
    ),
    (
        "Veiliger oversteken bij de Tabaksteeg",
        "verkeer",
        "question",
        "Kan er een zebrapad komen bij de school?",
    ),
    (
        "Groenonderhoud door bewoners",
        "groen",
        "right_to_challenge",
        "Wij nemen het onderhoud van ons plantsoen over, met het budget.",
    ),
    (
        "Repair café in Leusden-Zuid",
        "duurzaamheid",
        "initiative",
        "Samen spullen repareren in plaats van weggooien.",
    ),
    (
        "Jongerenplek in Groenhouten",
        "jeugd",
        "idea",
        "Een plek voor jongeren om te chillen en te sporten.",
    ),
    (
        "WhatsApp-buurtpreventie",
        "veiligheid",
        "initiative",
        "Een buurtapp om elkaar te waarschuwen.",
    ),
    ("Taalcafé voor nieuwkomers", "werk", "initiative", "Nederlands oefenen met vrijwilligers."),
    (
        "Boomfeestdag met de wijk",
        "groen",
        "idea",
        "Samen met kinderen bomen planten in het najaar.",
    ),
    (
        "Deelauto's voor Stoutenburg",
        "verkeer",
        "experiment",
        "Een proef met twee elektrische deelauto's.",
    ),
    (
        "Dementievriendelijke winkels",
        "zorg-en-welzijn",
        "initiative",
        "Winkeliers leren omgaan met klanten met dementie.",
    ),
    (
        "Buurtbudget voor speeltuin",
        "jeugd",
        "question",
        "Hoe kunnen wij als buurt geld aanvragen voor de speeltuin?",
    ),
]
STEPS = [
    [],
    ["triage"],
    ["triage", "question"],
    ["triage", "refer_team"],
    ["triage", "refer_partner"],
    ["triage", "refer_agreement"],
    ["triage", "start"],
    ["triage", "experiment"],
    ["triage", "start", "complete"],
    ["triage", "decline"],
]


def load(staff):
    if Initiative.objects.exists():
        return 0
    rng = random.Random(327)  # noqa: S311 (demo data: the same every time, not security)
    teams = {}
    for name, email, is_loket in TEAMS:
        teams[name], _created = Team.objects.get_or_create(
            name=name, defaults={"email": email, "is_loket": is_loket}
        )
        teams[name].members.add(staff)
    for slug, team in ROUTES:
        RoutingRule.objects.get_or_create(
            theme=Theme.objects.get(slug=slug), kind="", defaults={"team": teams[team]}
        )
    partners = [
        PartnerOrganisation.objects.get_or_create(
            name=name, defaults={"contact_name": contact, "email": email}
        )[0]
        for name, contact, email in PARTNERS
    ]
    neighbourhoods = list(Neighbourhood.objects.all())
    count = 0
    for round_ in range(2):
        for i, (title, theme, kind, description) in enumerate(IDEAS):
            n = round_ * len(IDEAS) + i
            if round_ and n % 3 == 0:
                continue
            with transaction.atomic():
                initiative, _token = services.initiative_submit(
                    data={
                        "title": title if not round_ else f"{title} (2)",
                        "description": description,
                        "kind": kind,
                        "theme": Theme.objects.get(slug=theme),
                        "neighbourhood": rng.choice(neighbourhoods),
                        "help_asked": rng.sample(["advice", "contacts", "permit", "space"], 2),
                        "involved": "Buren en vrienden uit de wijk.",
                        "name": f"Inwoner {n + 1}",
                        "email": f"inwoner{n + 1}@example.org",
                        "privacy_consent": True,
                        "publish_consent": n % 4 != 0,
                    },
                    language="nl",
                )
                # Handed in a few days ago, so that the loket's figures show real spread.
                Initiative.objects.filter(pk=initiative.pk).update(
                    submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 12))
                )
                initiative.refresh_from_db()
                _walk(initiative, STEPS[n % len(STEPS)], staff, teams, partners)
                if initiative.publish_consent and n % 5 != 1:
                    services.initiative_publication(
                        actor=staff, initiative=initiative, approved=True
                    )
                    _supports(initiative, rng.randint(0, 14))
            count += 1
    return count


def _walk(initiative, steps, staff, teams, partners):
    for step in steps:
        if step == "triage":
            services.initiative_take_in_triage(actor=staff, initiative=initiative)
        elif step == "question":
            services.initiative_ask_question(
                actor=staff, initiative=initiative, question="Wie doen er nog meer mee?"
            )
        elif step == "refer_team":
            services.initiative_refer(
                actor=staff,
                initiative=initiative,
                team=initiative.team or teams["Team Openbare Ruimte"],
                message="Een collega van het vakteam neemt contact met u op.",
            )
        elif step == "refer_partner":
            services.initiative_refer(
                actor=staff,
                initiative=initiative,
                partner=partners[initiative.pk % len(partners)],
                message="Deze partner kan u het beste helpen.",
            )
        elif step == "refer_agreement":
            from agreements.models import Agreement

            agreement = (
                Agreement.objects.filter(theme=initiative.theme).first()
                or Agreement.objects.first()
            )
            if agreement is None:
                continue
            services.initiative_refer(
                actor=staff,
                initiative=initiative,
                agreement=agreement,
                message=f"Uw initiatief past bij het samenlevingsakkoord “{agreement.title}”; "
                "de partners nemen het mee.",
            )
        elif step == "start":
            services.initiative_start(
                actor=staff, initiative=initiative, message="We gaan samen aan de slag."
            )
        elif step == "experiment":
            services.initiative_start(
                actor=staff,
                initiative=initiative,
                message="We starten dit als proeftuin.",
                experiment=True,
                monitoring="follow",
            )
        elif step == "complete":
            services.initiative_complete(
                actor=staff, initiative=initiative, message="Het initiatief is gerealiseerd."
            )
        elif step == "decline":
            services.initiative_decline(
                actor=staff,
                initiative=initiative,
                reason="Dit past niet binnen de regels voor deze plek; de wijkregisseur "
                "denkt graag mee over een andere locatie.",
            )


def _supports(initiative, count):
    """Confirmed supports from made-up addresses, through the same services as residents."""
    if initiative.is_closed:
        return
    for i in range(count):
        support = services.support_request(
            initiative=initiative, email=f"steun{i}@example.org", language="nl"
        )
        services.support_confirm(support=support)


def load_budgets(staff):
    """A neighbourhood budget open for voting, with proposals that went through the loket."""
    from decimal import Decimal

    from leusden_portal.core.models import Neighbourhood

    from .models import BudgetProposal, NeighbourhoodBudget

    if NeighbourhoodBudget.objects.exists():
        return
    place = (
        Neighbourhood.objects.filter(slug="groenhouten").first() or Neighbourhood.objects.first()
    )
    theme = Theme.objects.get(slug="groen")
    budget = NeighbourhoodBudget.objects.create(
        neighbourhood=place,
        title=f"Buurtbudget {place.name} 2027",
        slug=f"{place.slug}-2027",
        amount=Decimal("15000"),
        period="2027",
        status=NeighbourhoodBudget.Status.VOTING,
    )
    ideas = [
        ("Jeu-de-boulesbaan bij het buurthuis", "4500", True),
        ("Pluktuin langs het fietspad", "6000", True),
        ("Nieuwe speeltoestellen in het park", "9000", True),
        ("Overdekte fietsenstalling bij de school", "25000", False),
    ]
    for n, (title, cost, feasible) in enumerate(ideas):
        initiative, _token = services.initiative_submit(
            data={
                "title": title,
                "description": "Een voorstel voor het buurtbudget, ingediend door bewoners.",
                "kind": "idea",
                "theme": theme,
                "neighbourhood": place,
                "amount_requested": Decimal(cost),
                "help_asked": ["money"],
                "name": f"Buurtbewoner {n + 1}",
                "email": f"buurt{n + 1}@example.org",
                "privacy_consent": True,
                "publish_consent": True,
                "budget": budget,
            },
            language="nl",
        )
        services.initiative_publication(actor=staff, initiative=initiative, approved=True)
        BudgetProposal.objects.filter(initiative=initiative).update(
            feasible=feasible,
            feasibility_note="" if feasible else "Past niet binnen het budget van de wijk.",
        )


def load_challenge(staff):
    """The demo's right-to-challenge initiative gets a bid, an assessment and an agreement."""
    from .models import ChallengeBid, ChallengeCriterion

    initiative = (
        Initiative.objects.filter(kind="right_to_challenge", closed_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if initiative is None or ChallengeBid.objects.filter(initiative=initiative).exists():
        return
    bid = services.challenge_bid_submit(
        initiative=initiative,
        task="Het onderhoud van het groen en de speelplekken in de wijk.",
        budget_part="Het deel van het groenbudget voor deze wijk: € 18.000 per jaar.",
        executor="Een bewonersstichting met twintig vrijwilligers en een hovenier.",
        quality="Een jaarplan met de gemeente, een schouw per kwartaal; valt de stichting weg, "
        "dan neemt de gemeente het onderhoud meteen weer over.",
    )
    services.challenge_decide(
        actor=staff,
        bid=bid,
        approve=True,
        reason="Het bod voldoet aan alle gepubliceerde criteria en heeft brede steun in de wijk.",
        assessments=dict.fromkeys(ChallengeCriterion.objects.filter(is_active=True), (True, "")),
    )
    services.challenge_agreement(
        actor=staff,
        bid=bid,
        agreement="De stichting onderhoudt het groen en de speelplekken; de gemeente betaalt "
        "€ 18.000 per jaar en schouwt elk kwartaal mee.",
        starts=timezone.localdate(),
        evaluation_months=6,
    )
