"""GET /health/: the state of the database, Redis and the Celery workers, for a load
balancer or a monitoring system. 200 when all are up, 503 when one is not.

For anyone it says up or down, nothing more. Which part fails, the error and the names of
the workers are for the operators: with the header `X-Health-Token` carrying the setting
HEALTH_TOKEN (a monitoring system, the cluster's probes), or for a logged-in administrator."""

import hmac

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from leusden_portal.celery import app as celery_app


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _check_redis():
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not configured (tasks run inline)"}
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def _check_celery():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "detail": "tasks run inline"}
    with celery_app.connection_for_write(settings.REDIS_URL) as connection:
        replies = celery_app.control.ping(
            timeout=settings.HEALTH_CELERY_TIMEOUT, connection=connection
        )
    if not replies:
        return {"ok": False, "error": "no Celery worker answered"}
    return {"ok": True, "workers": sorted(name for reply in replies for name in reply)}


CHECKS = {"database": _check_database, "redis": _check_redis, "celery": _check_celery}


@never_cache
@require_GET
def health(request):
    report = {}
    for name, check in CHECKS.items():
        if name == "celery" and not report.get("redis", {}).get("ok", False):
            # Without the broker no worker can be asked; report it as down too.
            report[name] = {"ok": False, "error": "broker unreachable"}
            continue
        try:
            report[name] = check()
        except Exception as exc:  # any failure of a dependency is the answer, not a crash
            report[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    failing = [name for name, result in report.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "unavailable"}
    if _may_see_details(request):
        body.update(failing=failing, **report)
    return JsonResponse(body, status=503 if failing else 200)


def _may_see_details(request):
    token = settings.HEALTH_TOKEN
    given = request.headers.get("X-Health-Token", "")
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_active):
        return False
    if settings.STAFF_OTP_REQUIRED and not user.is_verified():
        return False
    from leusden_portal.accounts.roles import BEHEERDER, GROUP_NAMES

    return user.is_superuser or user.groups.filter(name=GROUP_NAMES[BEHEERDER]).exists()
