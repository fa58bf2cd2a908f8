"""The demo municipality: Leusden, with the kernen, wijken and buurtschappen named in the
source documents and CBS's indeling, and one account per role."""

THEMES = [
    ("wonen", "Wonen", "Housing"),
    ("zorg-en-welzijn", "Zorg en welzijn", "Care and wellbeing"),
    ("jeugd", "Jeugd", "Youth"),
    ("werk", "Werk en inkomen", "Work and income"),
    ("duurzaamheid", "Duurzaamheid en energie", "Sustainability and energy"),
    ("groen", "Groen en openbare ruimte", "Green spaces and public space"),
    ("veiligheid", "Veiligheid", "Safety"),
    ("verkeer", "Verkeer en vervoer", "Traffic and transport"),
    ("cultuur-sport", "Cultuur, sport en ontmoeting", "Culture, sport and meeting"),
]

# (slug, name, kind, parent slug)
NEIGHBOURHOODS = [
    ("leusden", "Leusden", "kern", None),
    ("achterveld", "Achterveld", "kern", None),
    ("stoutenburg", "Stoutenburg", "kern", None),
    ("leusden-centrum", "Leusden-Centrum", "wijk", "leusden"),
    ("leusden-zuid", "Leusden-Zuid", "wijk", "leusden"),
    ("groenhouten", "Groenhouten", "wijk", "leusden"),
    ("hamersveld", "Hamersveld", "wijk", "leusden"),
    ("oud-leusden", "Oud-Leusden", "buurtschap", None),
    ("asschat", "Asschat", "buurtschap", None),
    ("den-treek", "Den Treek", "buurtschap", None),
    ("de-ruif", "De Ruif", "buurtschap", None),
    ("snorrenhoef", "Snorrenhoef", "buurtschap", None),
    ("musschendorp", "Musschendorp", "buurtschap", None),
    ("moorst", "Moorst", "buurtschap", None),
]

# (e-mail, name, role, is_staff, is_superuser)
USERS = [
    ("beheer@leusden.example", "Bea Beheerder", "beheerder", True, True),
    ("loket@leusden.example", "Lotte Loket", "loket", True, False),
    ("griffie@leusden.example", "Gijs Griffier", "griffie", True, False),
    ("raadslid@leusden.example", "Noor Bakker", "raadslid", False, False),  # as its member
    ("programma@leusden.example", "Pim Programmateam", "programmateam", True, False),
]
