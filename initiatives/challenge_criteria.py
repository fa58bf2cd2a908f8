"""The published criteria for a bid under the right to challenge (uitdaagrecht), as many Dutch
participation ordinances name them. They are data: the municipality edits them in the admin."""

CRITERIA = [
    (
        "Maatschappelijke meerwaarde",
        "Het bod draagt bij aan de doelen van de taak, minstens zo goed als de gemeente dat nu doet.",
    ),
    ("Draagvlak", "Inwoners en organisaties die met de taak te maken hebben, steunen het bod."),
    ("Kwaliteit", "De kwaliteit van de uitvoering is minstens gelijk aan die van de gemeente."),
    ("Continuïteit", "De uitvoering is ook op langere termijn geborgd, ook als mensen wegvallen."),
    (
        "Financiën",
        "Het gevraagde deel van het budget is onderbouwd en past binnen het budget van de taak.",
    ),
    (
        "Wet- en regelgeving",
        "De uitvoering past binnen de wet en de regels van de gemeente, ook voor personeel en aanbesteding.",
    ),
]


def ensure(Criterion):
    if Criterion.objects.exists():
        return
    for position, (name, description) in enumerate(CRITERIA):
        Criterion.objects.create(name=name, description=description, position=position)
