"""The production settings as bench/faults.py runs them on loopback. What differs, and why:

- plain HTTP on 127.0.0.1 (no TLS proxy in front), and demo data allowed in its own database;
- every submission comes from 127.0.0.1 (the load generator), so the per-address limit of
  submissions per hour is raised (FAULTS_SUBMISSIONS_PER_IP); the per-e-mail limit is the
  production one (each simulated resident has an address of their own);
- the outbox sweep runs every FAULTS_SWEEP_SECONDS instead of every minute, and
  NOTIFICATIONS_CLAIM_TIMEOUT is shortened by the environment, so that a run waits seconds
  instead of minutes for what those recover;
- uploaded files in the run's own temporary folder."""

from leusden_portal.settings.production import *  # noqa: F403
from leusden_portal.settings.production import CELERY_BEAT_SCHEDULE, env

SECURE_SSL_REDIRECT = False
DEMO_DATA_ALLOWED = True
INITIATIVES_SUBMISSIONS_PER_IP_PER_HOUR = env.int("FAULTS_SUBMISSIONS_PER_IP", default=1_000_000)
STATIC_ROOT = env.path("FAULTS_STATIC_ROOT")
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    "notifications-sweep-outbox": {
        "task": "notifications.sweep_outbox",
        "schedule": env.float("FAULTS_SWEEP_SECONDS", default=5.0),
    },
}
