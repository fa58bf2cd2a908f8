from celery import shared_task

from . import services


@shared_task(name="initiatives.anonymise_expired", ignore_result=True)
def anonymise_expired():
    return services.initiatives_anonymise_expired()


@shared_task(name="initiatives.held_uploads_cleanup", ignore_result=True)
def held_uploads_cleanup():
    return services.held_uploads_cleanup()
