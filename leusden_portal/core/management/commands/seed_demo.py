"""Load the demo data. Idempotent: a second run changes nothing and creates nothing twice.
Refuses to run with production settings."""

import os

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from leusden_portal.accounts import services as account_services
from leusden_portal.accounts.models import User
from leusden_portal.accounts.roles import GROUP_NAMES, sync_roles
from leusden_portal.core import demo, services
from leusden_portal.core.models import Municipality, Neighbourhood, Theme
from leusden_portal.notifications.models import Notification

DEFAULT_DEMO_PASSWORD = "samenleving-voorop"  # noqa: S105 (demo data only)


class Command(BaseCommand):
    help = "Load the demo municipality (Leusden), its themes and neighbourhoods, and users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-examples",
            action="store_true",
            help="only the municipality, roles and users (used by the test suite)",
        )

    def handle(self, *args, without_examples=False, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("seed_demo refuses to run with production settings.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        last_before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with transaction.atomic():
            sync_roles(apps)  # the groups, also after a database flush
            from council import core_values
            from council.models import CoreValue

            core_values.ensure(CoreValue)  # the kernwaarden, also after a flush
            from initiatives import challenge_criteria
            from initiatives.models import ChallengeCriterion

            challenge_criteria.ensure(ChallengeCriterion)
            municipality = self._municipality()
            self._accessibility_statement(municipality)
            self._themes(municipality)
            self._neighbourhoods(municipality)
            users = self._users(password)
            if not without_examples:
                from agreements import demo as agreements_demo
                from initiatives import demo as initiatives_demo

                program = User.objects.get(email="programma@leusden.example")
                if agreements_demo.load(program):
                    self.stdout.write("The four society agreements created.")
                loket = User.objects.get(email="loket@leusden.example")
                created = initiatives_demo.load(loket)
                if created:
                    self.stdout.write(f"{created} example initiatives created.")
                initiatives_demo.load_budgets(loket)
                initiatives_demo.load_challenge(loket)
                from council import demo as council_demo

                raadslid = User.objects.get(email="raadslid@leusden.example")
                if council_demo.load(raadslid):
                    self.stdout.write("The council, a year of meetings and the rota created.")
                council_demo.load_sortitions()
                council_demo.load_manifest()
                council_demo.load_events()
                council_demo.load_wijkraad()
            # Demo data e-mails nobody: its outbox rows are cancelled before they are sent.
            Notification.objects.filter(
                pk__gt=last_before, state=Notification.State.PENDING
            ).update(state=Notification.State.CANCELLED, last_error="demo data: not sent")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password: {password}):")
        for email, role in users:
            self.stdout.write(f"  {email:32} {role}")

    def _accessibility_statement(self, municipality):
        """The statement as the municipality would adopt it (Logius model): status B, the
        automatic research the suite does, and the problems that are known."""
        import datetime

        from leusden_portal.core.models import (
            AccessibilityProblem,
            AccessibilityResearch,
            AccessibilityStatement,
        )

        if AccessibilityStatement.objects.filter(municipality=municipality).exists():
            return
        statement = AccessibilityStatement.objects.create(
            municipality=municipality,
            status=AccessibilityStatement.Status.B,
            scope="Deze website: het samenlevingsloket, de samenlevingsakkoorden en de pagina's "
            "van de gemeenteraad. Niet de beheeromgeving voor medewerkers.",
            scope_en="This website: the samenlevingsloket, the society agreements and the pages "
            "of the council. Not the management pages for staff.",
            drawn_up_on=datetime.date(2026, 11, 23),
            measures="We gebruiken de onderdelen van het NL Design System. Die zijn gemaakt en "
            "getest voor overheidswebsites.\n"
            "U kunt alles bedienen met het toetsenbord. Met de link 'Direct naar de inhoud' "
            "slaat u het menu over.\n"
            "Formulieren werken ook zonder JavaScript. Elk veld heeft een label. Bij een fout "
            "staat bovenaan wat er mis is, en ook bij het veld.\n"
            "Bij elke wijziging testen we de pagina's in een browser met het programma axe. "
            "Een pagina met een fout komt niet online.\n"
            "De website laadt geen lettertypes, scripts of afbeeldingen van andere websites.",
            measures_en="We use the components of the NL Design System, made and tested for "
            "government websites.\n"
            "Everything works with the keyboard; the link 'Skip to content' skips the menu.\n"
            "Forms work without JavaScript. Every field has a label. An error is shown at the "
            "top of the form and at the field.\n"
            "With every change we test the pages in a browser with axe. A page with an error "
            "does not go online.\n"
            "The website loads no fonts, scripts or images from other websites.",
            response_days=5,
        )
        AccessibilityResearch.objects.create(
            statement=statement,
            date=datetime.date(2026, 12, 1),
            researcher="Het ontwikkelteam van het portaal",
            scope="Alle openbare pagina's en formulieren, 1280 en 390 pixels breed",
            method="Automatische test met axe bij elke wijziging",
        )
        for position, (text, text_en, fix, fix_en, fix_by) in enumerate(
            [
                (
                    "Een deskundige heeft de website nog niet volledig onderzocht. Automatische "
                    "tests vinden niet alle problemen.",
                    "An expert has not yet researched the whole website. Automatic tests do not "
                    "find every problem.",
                    "Een onafhankelijke deskundige onderzoekt de website volgens WCAG-EM.",
                    "An independent expert researches the website following WCAG-EM.",
                    datetime.date(2027, 6, 30),
                ),
                (
                    "De beheeromgeving voor medewerkers volgt het NL Design System niet.",
                    "The management pages for staff do not follow the NL Design System.",
                    "We passen de beheeromgeving stap voor stap aan.",
                    "We adapt the management pages step by step.",
                    None,
                ),
                (
                    "Documenten die inwoners zelf meesturen, zoals een PDF of een foto, kunnen wij "
                    "niet toegankelijk maken.",
                    "Documents that residents send themselves, such as a PDF or a photo, we cannot "
                    "make accessible.",
                    "Hebt u de inhoud op een andere manier nodig? Vraag het ons.",
                    "Do you need the content in another way? Ask us.",
                    None,
                ),
            ]
        ):
            AccessibilityProblem.objects.create(
                statement=statement,
                description=text,
                description_en=text_en,
                planned_fix=fix,
                planned_fix_en=fix_en,
                fix_by=fix_by,
                position=position,
            )

    def _municipality(self):
        municipality = Municipality.objects.filter(is_active=True).first()
        if municipality is not None:
            return municipality
        return services.municipality_save(
            actor=None,
            municipality=Municipality(
                name="Gemeente Leusden",
                short_name="Leusden",
                reference_prefix="SV",
                cbs_code="GM0327",
                tagline="Samenleving Voorop",
                email="samenlevingsloket@leusden.example",
                phone="033 496 96 96",
                postal_address="Postbus 150\n3830 AD Leusden",
                visiting_address="Hessenweg 1a\n3832 GE Leusden",
                website="https://www.leusden.nl",
                privacy_officer_email="privacy@leusden.example",
            ),
        )

    def _themes(self, municipality):
        existing = set(municipality.themes.values_list("slug", flat=True))
        for position, (slug, name, name_en) in enumerate(demo.THEMES):
            if slug not in existing:
                services.taxonomy_save(
                    actor=None,
                    item=Theme(
                        municipality=municipality,
                        slug=slug,
                        name=name,
                        name_en=name_en,
                        position=position,
                    ),
                )

    def _neighbourhoods(self, municipality):
        by_slug = {n.slug: n for n in municipality.neighbourhoods.all()}
        for position, (slug, name, kind, parent) in enumerate(demo.NEIGHBOURHOODS):
            if slug not in by_slug:
                by_slug[slug] = services.taxonomy_save(
                    actor=None,
                    item=Neighbourhood(
                        municipality=municipality,
                        slug=slug,
                        name=name,
                        kind=kind,
                        parent=by_slug.get(parent),
                        position=position,
                    ),
                )

    def _users(self, password):
        result = []
        for email, name, role, is_staff, is_superuser in demo.USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(
                    email=email, full_name=name, is_staff=is_staff, is_superuser=is_superuser
                )
                user.set_password(password)
                group = Group.objects.get(name=GROUP_NAMES[role])
                account_services.user_save(
                    actor=None,
                    user=user,
                    save_related=lambda u=user, g=group: u.groups.add(g),
                    send_welcome=False,
                )
            result.append((email, GROUP_NAMES[role]))
        return result
