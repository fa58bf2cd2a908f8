"""Settings shared by every environment. Everything that differs between machines is read
from the environment (django-environ); dev, test and production only set their defaults."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is convenient on a developer's machine; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
REDIS_URL = env.str("REDIS_URL", default="")

INSTALLED_APPS = [
    "leusden_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "leusden_portal.accounts",
    "leusden_portal.core",
    "leusden_portal.notifications",
    "initiatives",
    "agreements",
    "council",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves cached anonymous pages before sessions, CSRF and the rest run (core/pagecache.py).
    "leusden_portal.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff with a password but without the second factor are not logged in (accounts/).
    "leusden_portal.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the CSP and language middleware, so that its 404 page has both.
    "leusden_portal.core.middleware.RefuseControlCharactersMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leusden_portal.urls"
WSGI_APPLICATION = "leusden_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leusden_portal.core.context_processors.municipality",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Connections are kept open between requests instead of opened per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "council:mine"
LOGOUT_REDIRECT_URL = "home"
LOGIN_URL_PATH = "/admin/login/"

# Brute-force protection for staff logins (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Counted by the address as login reads it and the client's own network address behind the
# trusted proxies (leusden_portal/accounts/lockout.py).
AXES_USERNAME_CALLABLE = "leusden_portal.accounts.lockout.username"
AXES_CLIENT_IP_CALLABLE = "leusden_portal.accounts.lockout.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

# Second factor for staff (django-otp). Production requires it; dev may switch it off.
STAFF_OTP_REQUIRED = env.bool("STAFF_OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Samenleving Voorop")

# --- Internationalisation: Dutch first, English second -----------------------------------------
# Django 6 default now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # NL Design System CSS, installed by `make` from the npm registry (package-lock.json).
    ("nlds/components", BASE_DIR / "node_modules/@utrecht/component-library-css/dist"),
    ("nlds/tokens", BASE_DIR / "node_modules/@utrecht/design-tokens/dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files that only staff and their owner may see; never under MEDIA_ROOT or STATIC_ROOT.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-url/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Samenleving Voorop <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Cache ----------------------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "leusden_portal.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are cached whole and dropped on every change (core/pagecache.py);
# this bounds the age of what changes with time alone (e.g. "waiting beyond the norm").
PAGECACHE_TIMEOUT = env.int("PAGECACHE_TIMEOUT", default=600)
PAGECACHE_ENABLED = env.bool("PAGECACHE_ENABLED", default=True)

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# A task is acknowledged after it ran, and given back to the queue when its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_SEND_TASK_EVENTS = False
# A web request must never hang on a missing broker: short socket timeouts and no
# publish retries. Whatever could not be queued is picked up by a sweep later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 3600,
    "max_retries": 1,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Security headers common to all environments -----------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A refused form gets our Dutch 403 page (Django's own has an inline style sheet, which the
# Content-Security-Policy blocks, and is in English).
CSRF_FAILURE_VIEW = "leusden_portal.core.views.csrf_failure"
# Content Security Policy (django-csp): only our own origin, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No private link in a log line ("Not Found: /loket/volgen/<token>/"): core/logmask.py.
    "filters": {"mask_tokens": {"()": "leusden_portal.core.logmask.MaskTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery.app.trace": {"level": env.str("CELERY_TRACE_LOG_LEVEL", default="WARNING")},
        "kombu.connection": {"level": "ERROR"},
        # runserver's request lines, through the masking handler too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
HEALTH_CELERY_TIMEOUT = env.float("HEALTH_CELERY_TIMEOUT", default=1.0)
# With this token in the header X-Health-Token, /health/ names what fails (for monitoring).
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")
AXES_VERBOSE = False

# --- Notifications (leusden_portal.notifications) ---------------------------------------------
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
NOTIFICATIONS_RETRY_BASE = env.int("NOTIFICATIONS_RETRY_BASE", default=30)  # seconds
# A row claimed longer ago than this is taken to be abandoned by a dead worker. Longer than
# the send task's time limit (60 s), so that a slow send is never taken twice.
NOTIFICATIONS_CLAIM_TIMEOUT = env.int("NOTIFICATIONS_CLAIM_TIMEOUT", default=120)
# How long a worker keeps trying to record a delivered message as sent while the database is
# unreachable (within the send task's time limit of 60 s).
NOTIFICATIONS_RECORD_SENT_WAIT = env.int("NOTIFICATIONS_RECORD_SENT_WAIT", default=30)
NOTIFICATIONS_MESSAGE_DOMAIN = env.str(
    "NOTIFICATIONS_MESSAGE_DOMAIN", default=SITE_URL.split("//")[-1].split("/")[0].split(":")[0]
)
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-outbox": {"task": "notifications.sweep_outbox", "schedule": 60.0},
    "notifications-sweep-reminders": {"task": "notifications.sweep_reminders", "schedule": 60.0},
    "initiatives-anonymise-expired": {
        "task": "initiatives.anonymise_expired",
        "schedule": crontab(hour=3, minute=30),
    },
    "initiatives-held-uploads-cleanup": {
        "task": "initiatives.held_uploads_cleanup",
        "schedule": crontab(minute=15),
    },
    "notifications-send-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
}

# --- Samenlevingsloket (initiatives) ----------------------------------------------------------
INITIATIVES_FIRST_RESPONSE_DAYS = env.int("INITIATIVES_FIRST_RESPONSE_DAYS", default=5)
INITIATIVES_REFERRAL_DAYS = env.int("INITIATIVES_REFERRAL_DAYS", default=10)
INITIATIVES_QUESTION_WAIT_DAYS = env.int("INITIATIVES_QUESTION_WAIT_DAYS", default=10)
INITIATIVES_RETENTION_MONTHS = env.int("INITIATIVES_RETENTION_MONTHS", default=24)
# Who may vote on a neighbourhood budget (initiatives/residence.py; DigiD can replace it).
INITIATIVES_RESIDENCE_CHECK = env.str(
    "INITIATIVES_RESIDENCE_CHECK", default="initiatives.residence.DeclaredResidence"
)
# Right to challenge: a bid is assessed within this many working days.
INITIATIVES_CHALLENGE_ASSESSMENT_DAYS = env.int("INITIATIVES_CHALLENGE_ASSESSMENT_DAYS", default=40)
INITIATIVES_MAX_ATTACHMENTS = 5
INITIATIVES_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# New private links by e-mail for one initiative, at most this many a day (anyone may ask).
INITIATIVES_NEW_LINKS_PER_DAY = env.int("INITIATIVES_NEW_LINKS_PER_DAY", default=3)
# All files of one initiative together (the submission's and every reply's).
INITIATIVES_MAX_FILES_PER_INITIATIVE = env.int("INITIATIVES_MAX_FILES_PER_INITIATIVE", default=20)
INITIATIVES_MAX_BYTES_PER_INITIATIVE = env.int(
    "INITIATIVES_MAX_BYTES_PER_INITIATIVE", default=50 * 1024 * 1024
)
# Replies through a private link from one network address within THROTTLE_WINDOW_SECONDS.
THROTTLE_REPLIES = env.int("THROTTLE_REPLIES", default=10)
# A file sent with a form that came back is kept with the form this long (then removed).
INITIATIVES_HELD_UPLOAD_HOURS = env.int("INITIATIVES_HELD_UPLOAD_HOURS", default=24)
INITIATIVES_SUBMISSIONS_PER_HOUR = env.int("INITIATIVES_SUBMISSIONS_PER_HOUR", default=5)
# From one network address (a household, an office behind one router): more, but bounded.
INITIATIVES_SUBMISSIONS_PER_IP_PER_HOUR = env.int(
    "INITIATIVES_SUBMISSIONS_PER_IP_PER_HOUR", default=4 * INITIATIVES_SUBMISSIONS_PER_HOUR
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# One request never carries more files than the loket takes, plus a margin for the form's
# error message (more: the 400 page).
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# A DOCX or ODT is opened to check it: refused when it would unpack to more than this, has
# more members, or a member is compressed more than the ratio (a zip bomb).
INITIATIVES_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
INITIATIVES_MAX_ARCHIVE_MEMBERS = 1000
INITIATIVES_MAX_COMPRESSION_RATIO = 100
# Rate limits (leusden_portal/core/throttle.py), per network address within the window:
# wrong private links, and posts of a public form that sends an e-mail.
THROTTLE_WINDOW_SECONDS = env.int("THROTTLE_WINDOW_SECONDS", default=15 * 60)
THROTTLE_TOKEN_GUESSES = env.int("THROTTLE_TOKEN_GUESSES", default=20)
THROTTLE_FORM_POSTS = env.int("THROTTLE_FORM_POSTS", default=20)
# Behind this many proxies that append to X-Forwarded-For, the client's address is that
# many entries from the right (0: REMOTE_ADDR, when nothing sits in front of gunicorn).
THROTTLE_TRUSTED_PROXIES = env.int("THROTTLE_TRUSTED_PROXIES", default=0)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
CRISPY_TEMPLATE_PACK = "nlds"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["nlds"]
