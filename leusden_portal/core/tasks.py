from celery import shared_task

from .models import Municipality


@shared_task(name="core.worker_check")
def worker_check():
    """A task that proves a worker runs and reaches the database: returns the short name
    of the active municipality (or an empty string)."""
    municipality = Municipality.objects.filter(is_active=True).only("short_name").first()
    return municipality.short_name if municipality else ""
