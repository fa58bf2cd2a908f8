"""No private link in a log line (issue 16, item 4): gunicorn's access log and Django's own
log lines show a token's first four characters only."""

import logging
import os
import urllib.request

import pytest
from django.urls import reverse

from leusden_portal.core.logmask import MaskTokens, mask

from .conftest import wait_for
from .test_initiatives import make_initiative


@pytest.fixture
def demo_committed(transactional_db):
    from django.core.management import call_command

    call_command("seed_demo", "--without-examples", stdout=open(os.devnull, "w"))  # noqa: SIM115


TOKEN = "Zq3xY0a9bC8dE7fG6hI5jK4lM3nO2pQ1rS0tU9vW8xY"


def test_a_token_keeps_four_characters():
    assert mask(f"GET /loket/volgen/{TOKEN}/ HTTP/1.1") == "GET /loket/volgen/Zq3x…/ HTTP/1.1"
    assert mask(f"/admin/password/set/MTI/{TOKEN}/") == "/admin/password/set/MTI/Zq3x…/"
    assert mask(f"next=/loket/volgen/{TOKEN}/") == "next=/loket/volgen/Zq3x…/"
    assert mask("/initiatieven/SV-2026-00012/") == "/initiatieven/SV-2026-00012/"


def test_djangos_log_lines_are_masked(caplog):
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", (f"/x/{TOKEN}/",), None
    )
    MaskTokens().filter(record)
    assert record.getMessage() == "Not Found: /x/Zq3x…/"


def test_the_access_log_of_gunicorn_holds_no_token(
    own_redis, portal_server_factory, tmp_path, demo_committed
):
    initiative, token = make_initiative()
    log = tmp_path / "access.log"
    server = portal_server_factory(own_redis.url, access_log=log)
    url = server.url + reverse("initiatives:track", args=[token])
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        assert response.status == 200
    assert wait_for(lambda: log.exists() and "/loket/volgen/" in log.read_text(), 10)
    text = log.read_text()
    assert token not in text and f"/loket/volgen/{token[:4]}…/" in text
