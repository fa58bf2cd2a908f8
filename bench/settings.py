"""The production settings as the benchmark runs them on loopback: plain HTTP (no TLS proxy
in front), demo data allowed in its own database, and one extra URL: a bare view."""

from leusden_portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
DEMO_DATA_ALLOWED = True
