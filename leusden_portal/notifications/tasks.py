"""Thin Celery tasks: ids in, the services do the work."""

from celery import shared_task

from . import services


@shared_task(name="notifications.send", ignore_result=True, time_limit=60, soft_time_limit=50)
def send_notification(notification_id):
    return services.send(notification_id)


@shared_task(name="notifications.sweep_outbox", ignore_result=True)
def sweep_outbox():
    return services.sweep_outbox()


@shared_task(name="notifications.sweep_reminders", ignore_result=True)
def sweep_reminders():
    return services.sweep_reminders()


@shared_task(name="notifications.send_digests", ignore_result=True)
def send_digests():
    return services.send_digests()
