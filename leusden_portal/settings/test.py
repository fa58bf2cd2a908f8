"""Settings for the test suite: the real PostgreSQL and Redis on this machine."""

import os

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/leusden_portal")
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": None}

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Each pytest-xdist worker has its own cache namespace and its own Celery queue on the
# shared Redis, so that parallel workers never take each other's tasks.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
CACHES = {
    "default": {
        "BACKEND": "leusden_portal.core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{_WORKER}-{os.getpid()}",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = f"test-{_WORKER}-{os.getpid()}"

# In-memory mail, unless a test's own processes are pointed at its SMTP server.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NOTIFICATIONS_CLAIM_TIMEOUT = env.int("NOTIFICATIONS_CLAIM_TIMEOUT", default=120)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STAFF_OTP_REQUIRED = False
DEMO_DATA_ALLOWED = True

# Uploaded files of the tests go to a temporary folder, never into the work tree.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-private-")
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-media-")


_MEDIA_OWNER = os.getpid()


def _remove_media():
    """Removed when the process that made them ends (not a forked child of it)."""
    if os.getpid() == _MEDIA_OWNER:
        for folder in (PRIVATE_MEDIA_ROOT, MEDIA_ROOT):
            shutil.rmtree(folder, ignore_errors=True)


atexit.register(_remove_media)
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-url/"},
    },
}
