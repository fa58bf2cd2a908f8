"""A real Celery worker on the real Redis executes a task; /health/ reports each part."""

import uuid

import pytest
from django.conf import settings
from django.test import override_settings

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

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_health_is_200_when_all_parts_are_up(client, own_redis, celery_worker_factory):
    queue = f"health-{uuid.uuid4().hex[:8]}"
    celery_worker_factory(own_redis.url, queue)
    with override_settings(REDIS_URL=own_redis.url, CELERY_BROKER_URL=own_redis.url):
        assert wait_for(lambda: client.get("/health/").status_code == 200, timeout=60)
        body = client.get("/health/").json()
        assert body["status"] == "ok" and body["failing"] == []
        assert body["celery"]["workers"]


def test_health_names_redis_when_it_is_down_and_recovers(client, own_redis, celery_worker_factory):
    queue = f"health-{uuid.uuid4().hex[:8]}"
    celery_worker_factory(own_redis.url, queue)
    with override_settings(REDIS_URL=own_redis.url, CELERY_BROKER_URL=own_redis.url):
        assert wait_for(lambda: client.get("/health/").status_code == 200, timeout=60)
        own_redis.stop()
        response = client.get("/health/")
        assert response.status_code == 503
        body = response.json()
        assert "redis" in body["failing"]
        assert body["database"]["ok"] is True
        own_redis.start()
        # The worker reconnects to the broker by itself.
        assert wait_for(lambda: client.get("/health/").status_code == 200, timeout=60)


def test_health_names_celery_when_no_worker_answers(client, db, own_redis):
    with override_settings(REDIS_URL=own_redis.url, CELERY_BROKER_URL=own_redis.url):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["celery"]
