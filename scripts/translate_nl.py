"""Fill the Dutch translations in locale/nl/LC_MESSAGES/django.po from the table below.

Run after `manage.py makemessages -l nl`; strings missing from the table stay untranslated
and are listed, so that none is forgotten."""

import re
import sys
from pathlib import Path

NL = {
    "Samenlevingsakkoorden": "Samenlevingsakkoorden",
    "Council": "Gemeenteraad",
    "Samenlevingsloket": "Samenlevingsloket",
    "Person": "Persoon",
    "Roles and permissions": "Rollen en rechten",
    "Dates": "Data",
    "Accounts and roles": "Accounts en rollen",
    "e-mail address": "e-mailadres",
    "full name": "volledige naam",
    "language": "taal",
    "staff status": "medewerker",
    "Whether this person can log in to the management pages.": "Of deze persoon kan inloggen op de beheerpagina's.",
    "active": "actief",
    "date joined": "aangemaakt op",
    "user": "gebruiker",
    "users": "gebruikers",
    "Civil servant (loket)": "Ambtenaar (loket)",
    "Council clerk (griffie)": "Griffie",
    "Council member (raadslid)": "Raadslid",
    "Program team": "Programmateam",
    "Administrator": "Beheerder",
    "Samenleving Voorop: management": "Samenleving Voorop: beheer",
    "Samenleving Voorop": "Samenleving Voorop",
    "Management": "Beheer",
    "Contact": "Contact",
    "Appearance": "Uiterlijk",
    "Municipality and audit log": "Gemeente en logboek",
    "name": "naam",
    "E.g. Gemeente Leusden.": "Bijvoorbeeld: Gemeente Leusden.",
    "short name": "korte naam",
    "E.g. Leusden.": "Bijvoorbeeld: Leusden.",
    "reference prefix": "voorvoegsel kenmerk",
    "Letters before every reference number, e.g. SV in SV-2026-00042.": "Letters voor elk kenmerk, bijvoorbeeld SV in SV-2026-00042.",
    "CBS region code": "CBS-regiocode",
    "E.g. GM0327.": "Bijvoorbeeld: GM0327.",
    "tagline": "ondertitel",
    "contact e-mail address": "e-mailadres voor contact",
    "telephone number": "telefoonnummer",
    "postal address": "postadres",
    "visiting address": "bezoekadres",
    "website": "website",
    "e-mail address of the data protection officer": "e-mailadres van de functionaris gegevensbescherming",
    "logo": "logo",
    "An SVG or PNG image; shown in the header of every page.": "Een SVG- of PNG-afbeelding; staat bovenaan elke pagina.",
    "updated at": "gewijzigd op",
    "municipality": "gemeente",
    "municipalities": "gemeenten",
    "name in English": "naam in het Engels",
    "slug": "korte naam in het webadres",
    "description": "beschrijving",
    "position": "volgorde",
    "theme": "thema",
    "themes": "thema's",
    "village (kern)": "kern",
    "district (wijk)": "wijk",
    "hamlet (buurtschap)": "buurtschap",
    "kind": "soort",
    "part of": "hoort bij",
    "CBS code": "CBS-code",
    "neighbourhood": "wijk of kern",
    "neighbourhoods": "wijken en kernen",
    "when": "wanneer",
    "who": "wie",
    "who (as recorded)": "wie (zoals vastgelegd)",
    "The name or address at the time, kept when an account is removed.": "De naam of het adres op dat moment; blijft bewaard als een account verdwijnt.",
    "action": "handeling",
    "kind of object": "soort object",
    "object id": "object-id",
    "object": "object",
    "changes": "wijzigingen",
    "Field: [old value, new value].": "Veld: [oude waarde, nieuwe waarde].",
    "details": "details",
    "public": "openbaar",
    "Shown in the history residents can read.": "Staat in de geschiedenis die inwoners kunnen lezen.",
    "audit entry": "logregel",
    "audit log": "logboek",
    "Dutch": "Nederlands",
    "English": "Engels",
    "accessibility/": "toegankelijkheid/",
    "privacy/": "privacy/",
    "Too many login attempts": "Te vaak geprobeerd in te loggen",
    "Logging in with this account from this address is blocked for a while, because the "
    "password was wrong too often. Try again later, or ask an administrator to lift the block.": "Inloggen met dit account vanaf dit adres is een tijdje geblokkeerd, omdat het "
    "wachtwoord te vaak verkeerd was. Probeer het later opnieuw, of vraag een beheerder "
    "om de blokkade op te heffen.",
    "Society first: hand in your idea or initiative and see how the municipality and its "
    "partners work together.": "Samenleving Voorop: geef uw idee of initiatief door en zie hoe de gemeente en haar "
    "partners samenwerken.",
    "Skip to main content": "Direct naar de inhoud",
    "Municipality": "Gemeente",
    "Language": "Taal",
    "Main menu": "Hoofdmenu",
    "Home": "Home",
    "Telephone": "Telefoon",
    "E-mail": "E-mail",
    "About this website": "Over deze website",
    "Accessibility statement": "Toegankelijkheidsverklaring",
    "Privacy statement": "Privacyverklaring",
    "Society first": "Samenleving Voorop",
    "Code from your authenticator app": "Code uit uw authenticator-app",
}


def _unquote(block):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"')


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(path):
    po = Path(path).read_text()
    entry = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\s*)+))msgstr ((?:"(?:[^"\\]|\\.)*"\s*)+)')
    missing = []

    def fill(match):
        msgid = _unquote(match.group(2)).replace("\\n", "\n")
        if not msgid:
            return match.group(0)
        if msgid not in NL:
            missing.append(msgid)
            return match.group(0)
        trailing = match.group(3)[len(match.group(3).rstrip()) :]
        return f"{match.group(1)}msgstr {_quote(NL[msgid])}{trailing}"

    po = entry.sub(fill, po)
    po = po.replace("#, fuzzy\n", "", 1)
    Path(path).write_text(po)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "locale/nl/LC_MESSAGES/django.po"))
