"""The production settings as the benchmark runs them on loopback. What differs, and why:

- ROOT_URLCONF adds one URL, a bare view: the ceiling of this stack (bench/urls.py).
- SECURE_SSL_REDIRECT off: there is no TLS proxy in front on loopback, so every request
  would otherwise be a redirect to https. The cookies stay Secure and __Host- as in
  production; the benchmark sends them by hand.
- DEMO_DATA_ALLOWED: seed_demo fills the benchmark's own database (roles, users, themes).
- INITIATIVES_SUBMISSIONS_PER_IP_PER_HOUR raised: production allows 5 submissions per e-mail
  address and 20 per IP address an hour; every simulated resident comes from 127.0.0.1 (each
  with an address of their own), so the per-IP limit would refuse the submission benchmark
  after 20 requests. Both limits are still checked on every POST (the per-address query is
  counted and timed).

Everything else is production: DEBUG off, the Redis cache and page cache, Celery on Redis
with a real worker, e-mail over SMTP (to a sink in the benchmark process), staff logins with
a second factor (django-otp; the benchmark logs in with a static token)."""

from leusden_portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
DEMO_DATA_ALLOWED = True
INITIATIVES_SUBMISSIONS_PER_IP_PER_HOUR = 1_000_000_000
