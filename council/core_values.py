"""The five kernwaarden of Samenleving Voorop (raadsbesluit L198298, 31 January 2019, seed
002): name, English name, explanation, English explanation. Loaded by a data migration and
by seed_demo after a flush; afterwards they are data, edited in the admin."""

CORE_VALUES = [
    (
        "Vertrouwen en verantwoordelijkheid",
        "Trust and responsibility",
        "Ruimte geven aan en versterken van de kracht van de samenleving. De gemeente stimuleert "
        "initiatieven vanuit de samenleving; loslaten, en ruimte maken en geven is het uitgangspunt. "
        "Het bestuur heeft meer een regierol en is vaker één van de participanten dan dé "
        "verantwoordelijke. Ambtenaren kijken en denken mee om het mogelijk te maken, zonder over te "
        "nemen. Vertrouwen leidt tot minder controles en verantwoordingsverplichtingen, en kan niet "
        "los worden gezien van (het nemen van) verantwoordelijkheid.",
        "Giving room to and strengthening the power of society. The municipality encourages "
        "initiatives from society; letting go and making room is the starting point. The "
        "administration directs and is more often one of the participants than the one "
        "responsible. Civil servants help make things possible without taking over. Trust means "
        "fewer checks and reporting duties, and cannot be separated from taking responsibility.",
    ),
    (
        "Partnerschap",
        "Partnership",
        "De gemeente staat niet boven de partijen, maar is gelijkwaardig aan de andere partners. Het "
        "gaat om gedeelde verantwoordelijkheid, gelijkwaardigheid en verbinding: open zijn over wat "
        "men wil bereiken en het eigen belang daarbij, en zoeken naar gemeenschappelijkheid, energie "
        "en inzet, met het doel meerwaarde te realiseren in en voor de Leusdense samenleving. De "
        "gemeente kan het niet alleen.",
        "The municipality does not stand above the parties but is their equal. It is about shared "
        "responsibility, equality and connection: being open about what one wants to achieve and "
        "one's own interest, and looking for common ground, energy and effort, to add value in and "
        "for the community of Leusden. The municipality cannot do it alone.",
    ),
    (
        "Maatwerk en inleven",
        "Tailoring and empathy",
        "Een aantal zaken is voor de gemeente uniform (kaders, basisdienstverlening), maar Leusden "
        "heeft oog voor verschillende behoeften en wensen. Iedereen is anders en de beleving van "
        "mensen is vaak belangrijker dan de inhoud: vriendelijke dienstverlening, helder zijn over de "
        "ruimte die er wel is en daarbinnen creatief meedenken. Verschillen worden toegelaten; elke "
        "wijk heeft zijn eigen profiel.",
        "Some things are the same for everyone (frameworks, basic services), but Leusden has an eye "
        "for different needs and wishes. Everyone is different and how people experience things "
        "often matters more than the content: friendly service, clarity about the room there is, "
        "and creative thinking within it. Differences are allowed; every neighbourhood has its own "
        "profile.",
    ),
    (
        "Ruimte om te pionieren",
        "Room to pioneer",
        "De gemeente kiest ervoor ondernemend te zijn en zoekt met lef en durf naar nieuwe "
        "mogelijkheden, kansen en oplossingen: nieuwe manieren van uitdagen, samenwerken en aanpakken "
        "van maatschappelijke problemen. Dat zijn trajecten van uitproberen, leren van fouten en "
        "omarmen wat goed gaat. Bij ruimte om te pionieren hoort experimenteren.",
        "The municipality chooses to be enterprising and looks with courage for new possibilities, "
        "opportunities and solutions: new ways of challenging, working together and tackling social "
        "problems. These are paths of trying, learning from mistakes and embracing what goes well. "
        "Room to pioneer includes experimenting.",
    ),
    (
        "Innovatie en vernieuwing",
        "Innovation and renewal",
        "De ambitie om steeds een stap verder te willen zetten en te streven naar continue innovatie "
        "en vernieuwing. Deze kernwaarde gaat door op Ruimte om te pionieren en versterkt de ambitie.",
        "The ambition to keep taking a step further and to strive for continuous innovation and "
        "renewal. This core value builds on Room to pioneer and strengthens the ambition.",
    ),
]


def ensure(CoreValue):
    """Create the five when there are none (a new database, or after a flush)."""
    if CoreValue.objects.exists():
        return
    for position, (name, name_en, explanation, explanation_en) in enumerate(CORE_VALUES):
        CoreValue.objects.create(
            name=name,
            name_en=name_en,
            explanation=explanation,
            explanation_en=explanation_en,
            position=position,
        )
