"""Developer defaults: SQLite, tasks inline, e-mail to the console, unless the environment
names a real database (DATABASE_URL) and broker (REDIS_URL)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-not-secret-samenleving-voorop")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STAFF_OTP_REQUIRED = env.bool("STAFF_OTP_REQUIRED", default=False)
DEMO_DATA_ALLOWED = True
