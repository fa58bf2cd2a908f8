"""Benchmark: the reminder sweep at 1k and 100k reminders with the same number due.

The sweep reads due reminders through a partial index, so its cost should follow the
number of due reminders, not the size of the table (goal: ratio below 1.5).

Runs on PostgreSQL in a database of its own (created and dropped here):
    .venv/bin/python bench/reminder_sweep.py
Each measurement sweeps inside a transaction that is rolled back, so every repetition
sees the same due rows and nothing is queued or sent."""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leusden_portal.settings.test")
BENCH_DB = os.environ.get("BENCH_DATABASE_NAME", "leusden_bench_sweep")
SIZES = [1_000, 100_000]
DUE = 200
REPEAT = 7


def setup_database():
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + BENCH_DB


def drop_database():
    import psycopg
    from django.db import connections

    connections.close_all()
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


def fill(total):
    """`total` reminders, of which DUE are due now; the rest sent, cancelled or later."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from leusden_portal.core.models import Municipality
    from leusden_portal.notifications.models import Notification, Reminder

    Reminder.objects.all().delete()
    Notification.objects.all().delete()
    about = Municipality.objects.get()
    content_type = ContentType.objects.get_for_model(about)
    now = timezone.now()
    rows = []
    for i in range(total):
        if i < DUE:
            state, due_at = Reminder.State.SCHEDULED, now - timedelta(minutes=i % 50)
        elif i % 10 < 4:
            state, due_at = Reminder.State.SCHEDULED, now + timedelta(hours=1 + i % 5000)
        elif i % 10 < 8:
            state, due_at = Reminder.State.SENT, now - timedelta(hours=1 + i % 5000)
        else:
            state, due_at = Reminder.State.CANCELLED, now - timedelta(hours=1 + i % 5000)
        rows.append(
            Reminder(
                kind="accounts.welcome",
                recipient_email=f"person{i}@example.org",
                content_type=content_type,
                object_id=str(about.pk),
                slot=str(i),
                due_at=due_at,
                state=state,
            )
        )
    Reminder.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_reminder")


class Rollback(Exception):
    pass


def measure():
    from django.db import transaction

    from leusden_portal.notifications.services import sweep_reminders

    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                assert sweep_reminders(limit=DUE) == DUE
                raise Rollback
        except Rollback:
            pass
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main():
    setup_database()
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        results = {}
        for size in SIZES:
            fill(size)
            results[size] = measure()
        base = results[SIZES[0]]
        print(f"\nReminder sweep, {DUE} due reminders, median of {REPEAT} runs")
        print(f"{'reminders':>10} | {'sweep (ms)':>10} | {'ratio':>6}")
        print(f"{'-' * 10}-+-{'-' * 10}-+-{'-' * 6}")
        for size in SIZES:
            print(f"{size:>10,} | {results[size] * 1000:>10.1f} | {results[size] / base:>6.2f}")
        ratio = results[SIZES[-1]] / base
        print(f"\nratio 100k/1k = {ratio:.2f} (goal: below 1.5)")
    finally:
        drop_database()


if __name__ == "__main__":
    main()
