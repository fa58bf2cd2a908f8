"""A real Celery worker on the real Redis executes a task; /health/ reports each part."""

import uuid

import pytest
from django.conf import settings

from leusden_portal.core.tasks import worker_check

from .conftest import wait_for


def test_real_worker_on_shared_redis_runs_a_task(celery_worker_factory, demo_committed):
    queue = f"test-worker-{uuid.uuid4().hex[:8]}"
    celery_worker_factory(settings.REDIS_URL, queue)
    result = worker_check.apply_async(queue=queue)
    assert result.get(timeout=60) == "Leusden"


@pytest.fixture
def demo_committed(transactional_db):
    from django.core.management import call_command

    call_command("seed_demo", "--without-examples", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_health_is_200_when_all_parts_are_up(
    own_redis, celery_worker_factory, portal_server_factory
):
    celery_worker_factory(own_redis.url, "celery")
    server = portal_server_factory(own_redis.url)
    ok = wait_for(lambda: server.get("/health/")[0] == 200, timeout=60)
    status, body = server.get("/health/")
    assert ok, body
    assert body["status"] == "ok" and body["failing"] == []
    assert body["celery"]["workers"]


def test_health_names_redis_when_it_is_down_and_recovers(
    own_redis, celery_worker_factory, portal_server_factory
):
    celery_worker_factory(own_redis.url, "celery")
    server = portal_server_factory(own_redis.url)
    assert wait_for(
        lambda: server.get("/health/")[0] == 200, timeout=120
    )  # a worker starts slowly on a busy 2-core machine
    own_redis.stop()
    status, body = server.get("/health/")
    assert status == 503
    assert "redis" in body["failing"]
    assert body["database"]["ok"] is True
    own_redis.start()
    # The web process and the worker reconnect to Redis by themselves.
    ok = wait_for(lambda: server.get("/health/")[0] == 200, timeout=60)
    assert ok, server.get("/health/")


def test_health_names_celery_when_no_worker_answers(own_redis, portal_server_factory):
    server = portal_server_factory(own_redis.url)
    status, body = server.get("/health/")
    assert status == 503
    assert body["failing"] == ["celery"]
