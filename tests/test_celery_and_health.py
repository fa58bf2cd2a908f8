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
    # Anyone else hears down, not what or why.
    assert server.get("/health/", details=False) == (503, {"status": "unavailable"})


def test_health_tells_anyone_up_or_down_only(client, db, settings):
    settings.HEALTH_TOKEN = "een-geheim-van-de-beheerders"
    # (no Celery worker runs for this test: down, which is fine for what it checks)
    assert set(client.get("/health/").json()) == {"status"}
    wrong = client.get("/health/", headers={"X-Health-Token": "raden"})
    assert set(wrong.json()) == {"status"}
    right = client.get("/health/", headers={"X-Health-Token": "een-geheim-van-de-beheerders"})
    assert set(right.json()) >= {"status", "failing", "database", "redis", "celery"}
    settings.HEALTH_TOKEN = ""
    assert set(client.get("/health/", headers={"X-Health-Token": ""}).json()) == {"status"}


def test_health_details_for_a_logged_in_administrator_only(client, demo, settings):
    from leusden_portal.accounts.models import User

    settings.STAFF_OTP_REQUIRED = False
    client.force_login(User.objects.get(email="loket@leusden.example"))
    assert set(client.get("/health/").json()) == {"status"}
    client.force_login(User.objects.get(email="beheer@leusden.example"))
    assert "database" in client.get("/health/").json()
    settings.STAFF_OTP_REQUIRED = True  # without the second factor: no details
    assert set(client.get("/health/").json()) == {"status"}


def test_a_lost_broker_connection_keeps_the_worker_alive_and_loses_no_message(own_redis):
    """What `make faults` saw kill the worker (kombu 5.7.0): on a lost connection the
    consumer's channel is closed after its transport's client was cleared, holding messages
    taken but not yet acknowledged, and a task that then finishes acknowledges its message on
    the closed channel. Neither may raise (Celery would stop the worker), and no message may be
    lost: the next connection puts both back after the visibility timeout."""
    from kombu import Connection

    import leusden_portal.celery  # noqa: F401  (installs the QoS)

    options = {"visibility_timeout": 1}
    queue = f"test-unacked-{uuid.uuid4().hex[:8]}"
    with Connection(own_redis.url, transport_options=options) as publisher:
        for number in (1, 2):
            publisher.SimpleQueue(queue).put({"notification": number})

    consumer = Connection(own_redis.url, transport_options=options)
    channel = consumer.channel()
    running = channel.basic_get(queue, no_ack=False)
    waiting = channel.basic_get(queue, no_ack=False)
    assert running and waiting and len(channel.qos._delivered) == 2
    consumer._do_close_transport()  # what the lost connection left: no transport client
    channel.close()  # raised AttributeError ('NoneType' ... 'hostname') before the fix
    running.ack()  # the task finished: raised AttributeError ('NoneType' ... 'client')

    with Connection(own_redis.url, transport_options=options) as again:
        returned = again.channel()
        payloads = []

        def both_back_on_the_queue():
            returned.qos.restore_visible(num=10, interval=1)
            message = returned.basic_get(queue, no_ack=True)
            if message is not None:
                payloads.append(message.payload["notification"])
            return sorted(payloads) == [1, 2]

        assert wait_for(both_back_on_the_queue, timeout=10), payloads
