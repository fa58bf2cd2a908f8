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
    # notifications
    "E-mails queued again: %(count)d": "E-mails opnieuw in de wachtrij: %(count)d",
    "Send the selected failed e-mails again": "Verstuur de gekozen mislukte e-mails opnieuw",
    "Notifications and reminders": "Berichten en herinneringen",
    "Turn off": "Uitzetten",
    "Turn on again": "Weer aanzetten",
    "Daily digest": "Dagoverzicht",
    "Welcome to a new account, with a link to set a password": "Welkom bij een nieuw account, met een link om een wachtwoord te kiezen",
    "waiting to be sent": "wacht op verzending",
    "being sent": "wordt verstuurd",
    "sent": "verstuurd",
    "failed": "mislukt",
    "waiting for the daily digest": "wacht op het dagoverzicht",
    "sent in a digest": "verstuurd in een dagoverzicht",
    "not sent: recipient turned these off": "niet verstuurd: ontvanger heeft deze uitgezet",
    "cancelled": "geannuleerd",
    "created at": "gemaakt op",
    "recipient (account)": "ontvanger (account)",
    "recipient e-mail address": "e-mailadres ontvanger",
    "send not before": "niet versturen voor",
    "state": "status",
    "attempts": "pogingen",
    "claimed at": "opgepakt op",
    "sent at": "verstuurd op",
    "last error": "laatste fout",
    "sent in digest": "verstuurd in dagoverzicht",
    "notification": "bericht",
    "outbox": "verzendlijst",
    "scheduled": "gepland",
    "occasion": "moment",
    "Tells reminders of the same kind apart, e.g. '7-days-before'.": "Onderscheidt herinneringen van dezelfde soort, bijvoorbeeld '7-dagen-ervoor'.",
    "due at": "te versturen op",
    "reminder": "herinnering",
    "reminders": "herinneringen",
    "each message at once": "elk bericht meteen",
    "one daily digest": "één dagoverzicht",
    "delivery": "ontvangen",
    "delivery preference": "voorkeur voor berichten",
    "delivery preferences": "voorkeuren voor berichten",
    "since": "sinds",
    "e-mail opt-out": "afmelding e-mail",
    "e-mail opt-outs": "afmeldingen e-mail",
    "email/turn-off/<str:token>/": "email/uitzetten/<str:token>/",
    "email/preferences/": "email/voorkeuren/",
    "This link is not valid.": "Deze link is niet geldig.",
    "You will receive these e-mails again.": "U krijgt deze e-mails weer.",
    "Done. You will only receive e-mails about your own submissions from now on.": "Gelukt. U krijgt vanaf nu alleen nog e-mails over uw eigen aanvragen.",
    "Your choices are saved.": "Uw keuzes zijn bewaard.",
    "E-mails from this website": "E-mails van deze website",
    "E-mails to <strong>%(email)s</strong> are turned off, except those about your own "
    "submissions: you always receive those.": "E-mails naar <strong>%(email)s</strong> staan uit, behalve die over uw eigen "
    "aanvragen: die krijgt u altijd.",
    "Turn these e-mails on again": "Zet deze e-mails weer aan",
    "Do you only want to receive e-mail at <strong>%(email)s</strong> about your own "
    "submissions? Then turn the other e-mails off. You will still receive every message about "
    "what you handed in yourself.": "Wilt u op <strong>%(email)s</strong> alleen nog e-mail krijgen over uw eigen "
    "aanvragen? Zet dan de andere e-mails uit. U krijgt nog wel elk bericht over wat u zelf "
    "hebt ingediend.",
    "Turn these e-mails off": "Zet deze e-mails uit",
    "How you receive e-mail": "Hoe u e-mail krijgt",
    "Choose for each kind of message: every message at once, or one e-mail a day with all of "
    "them.": "Kies per soort bericht: elk bericht meteen, of één e-mail per dag met alles erin.",
    "Please choose an option for each kind of message.": "Kies een optie voor elke soort bericht.",
    "Save": "Bewaren",
    "There are no kinds of message yet that can be bundled in a daily digest.": "Er zijn nog geen soorten berichten die in een dagoverzicht kunnen.",
}


# Every scripts/translations_nl_<subject>.py contributes its table (a dict named in capitals);
# the general table above has the last word.
_TABLES = {}
for _module in sorted(Path(__file__).resolve().parent.glob("translations_nl_*.py")):
    _namespace = {}
    exec(compile(_module.read_text(), str(_module), "exec"), _namespace)  # noqa: S102
    for _name, _table in _namespace.items():
        if _name.isupper() and isinstance(_table, dict):
            _TABLES.update(_table)
NL = {**_TABLES, **NL}


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

    # makemessages marks guesses from similar strings as fuzzy (ignored when compiling);
    # the table is the source of truth, so the guesses and their old msgids go.
    po = re.sub(r"^#\| .*\n", "", po, flags=re.M)
    po = re.sub(r"^#, fuzzy\n", "", po, flags=re.M)
    po = re.sub(r"^#, fuzzy, (.*)\n", r"#, \1\n", po, flags=re.M)
    po = re.sub(r"^(#,.*?), fuzzy(.*)\n", r"\1\2\n", po, flags=re.M)
    po = entry.sub(fill, po)
    Path(path).write_text(po)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "locale/nl/LC_MESSAGES/django.po"))
