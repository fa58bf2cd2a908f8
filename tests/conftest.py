import os
import shutil
import signal
import subprocess
import sys
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.net import free_port, port_open, wait_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_cache():
    """Each test its own key space in the shared Redis cache (clear() would flush the
    whole database, also for the other xdist workers)."""
    from django.core.cache import caches

    cache = caches["default"]
    original = cache.key_prefix
    cache.key_prefix = f"{original}-{uuid.uuid4().hex}"
    yield
    cache.key_prefix = original


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language. A request through the test client to an
    English page leaves English active in the thread (LocaleMiddleware does not switch back),
    and with xdist the next test in that worker would render its mails and pages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def clear_live_server_cache():
    """Empty the key space of the live server's thread: its cache connection has the
    settings' prefix (isolated_cache only changes this thread's), which outlives one test
    while the database is flushed. Without this, pages cached for an earlier test's data and
    counters of earlier tests' requests (the per-address submission and link limits, all
    from 127.0.0.1) reach into the next test."""
    from django.core.cache import caches

    server_cache = caches.create_connection("default")  # the prefix the server thread uses
    client = server_cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=server_cache.make_key("*"), count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def fresh_live_server_cache(request):
    """Every test that talks to the live server starts on an empty server cache."""
    if "live_server" in request.fixturenames:
        clear_live_server_cache()


@pytest.fixture
def demo(db):
    """The demo municipality, themes, neighbourhoods and one user per role."""
    call_command("seed_demo", "--without-examples", stdout=open(os.devnull, "w"))  # noqa: SIM115


class RedisServer:
    """A Redis of the test's own on a free port, to stop and start without touching the
    shared one on 6379."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: port_open(self.port), 10), "own redis-server did not start"

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def _process_env(database_name, redis_url, role):
    """Environment for a portal process of the test's own: the test database, a broker."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leusden_portal.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{database_name}"
        ),
        "REDIS_URL": redis_url,
        "PYTEST_XDIST_WORKER": role,
        "HEALTH_TOKEN": HEALTH_TOKEN,
    }


HEALTH_TOKEN = "test-health-token"  # noqa: S105 (the test's own processes)


class CeleryWorker:
    """A real Celery worker in its own process, on the test database and a given broker."""

    def __init__(self, broker_url, queue, database_name, extra_env=None):
        self.broker_url = broker_url
        self.queue = queue
        self.database_name = database_name
        self.extra_env = extra_env or {}
        self.process = None

    def start(self):
        env = {**_process_env(self.database_name, self.broker_url, "celery"), **self.extra_env}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "leusden_portal",
                "worker",
                "--queues",
                self.queue,
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
                "--hostname",
                f"test-{self.queue}-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, to kill it with its children
        )

    def kill(self):
        """SIGKILL to the worker and its pool processes, as when a machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def celery_worker_factory(transactional_db):
    from django.db import connection

    workers = []

    def make(broker_url, queue, extra_env=None):
        worker = CeleryWorker(broker_url, queue, connection.settings_dict["NAME"], extra_env)
        worker.start()
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


class PortalServer:
    """The portal under gunicorn in its own process, as in production, on a free port."""

    def __init__(self, database_name, redis_url, access_log=None):
        self.port = free_port()
        self.env = _process_env(database_name, redis_url, "web")
        self.access_log = access_log
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "leusden_portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "30",
                "--logger-class",
                "leusden_portal.core.logmask.GunicornLogger",
                *(["--access-logfile", str(self.access_log)] if self.access_log else []),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: port_open(self.port), 30), "gunicorn did not start"

    def get(self, path, *, details=True):
        """(status, parsed JSON body) of a GET; with the operators' health token unless
        details=False (as anyone asks)."""
        import json
        import urllib.error
        import urllib.request

        headers = {"X-Health-Token": HEALTH_TOKEN} if details else {}
        request = urllib.request.Request(self.url + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())
        except (TimeoutError, urllib.error.URLError) as error:
            # A server still starting on a busy machine: no status yet (wait_for tries again).
            return None, {"error": str(error)}

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)


@pytest.fixture
def portal_server_factory(transactional_db):
    from django.db import connection

    servers = []

    def make(redis_url, access_log=None):
        server = PortalServer(connection.settings_dict["NAME"], redis_url, access_log)
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free port that keeps what it receives. With
    `stall_first`, it holds the first session at MAIL FROM for that many seconds, so that
    a test can kill the sender in the middle of a send."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.stall_first = 0
        self.stalled = threading.Event()
        self._lock = threading.Lock()
        self.controller = None

    @property
    def email_url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        import asyncio

        if self.stall_first and not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(self.stall_first)
            return "421 closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email

        message = email.message_from_bytes(envelope.content)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted"

    def count(self):
        with self._lock:
            return len(self.messages)


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpSink()
    sink.start()
    # This process sends through it too.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


@contextmanager
def celery_broker(url):
    """Point this process's Celery app at another broker (a test's own Redis)."""
    from leusden_portal.celery import app

    def reset():
        from kombu import pools

        app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        pools.reset()  # kombu's own registry of producer pools, keyed by connection

    saved = app.conf.broker_url
    app.conf.broker_url = url
    reset()
    try:
        yield app
    finally:
        app.conf.broker_url = saved
        reset()
