"""Celery application, wired the common way: settings from Django (namespace CELERY),
tasks discovered in every installed app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leusden_portal.settings.dev")

app = Celery("leusden_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
