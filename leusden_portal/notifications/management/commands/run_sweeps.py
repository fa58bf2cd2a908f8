"""Run the periodic work of Celery beat once: due reminders, the outbox sweep and, with
--digests, the daily digests. For dev (no beat) and for operators after an outage."""

from django.core.management.base import BaseCommand

from leusden_portal.notifications import services


class Command(BaseCommand):
    help = "Send due reminders and whatever the outbox still holds (what beat does)."

    def add_arguments(self, parser):
        parser.add_argument("--digests", action="store_true", help="also send daily digests")

    def handle(self, *args, digests=False, **options):
        reminders = services.sweep_reminders()
        queued = services.sweep_outbox()
        self.stdout.write(f"reminders due: {reminders}, notifications queued: {queued}")
        if digests:
            self.stdout.write(f"digests: {services.send_digests()}")
