"""Security headers on every kind of page: a strict Content-Security-Policy (no
'unsafe-inline', no 'unsafe-eval') on public, private, admin and error pages, walked from the
demo data; a browser that records every CSP violation on the main pages and the admin inbox;
and the production settings (check --deploy, HSTS, cookies)."""

import json
import os
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from initiatives.models import Initiative
from leusden_portal.accounts.models import User
from leusden_portal.urls import urlpatterns as portal_urls

from .test_initiatives import make_initiative
from .test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def boom(request):
    raise RuntimeError("a server error, on purpose")


# A URLconf for the 500 page: the portal's own, plus a view that fails.
urlpatterns = [path("kapot/", boom), *portal_urls]


def policy(response):
    header = response.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict(response):
    where = response.request["PATH_INFO"]
    directives = policy(response)
    for name, sources in directives.items():
        for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"):
            assert bad not in sources, f"{name} allows {bad} on {where}"
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives.get("default-src"))
        assert sources and set(sources) <= {"'self'", "'none'"}, f"{name} on {where}: {sources}"
    if "sandbox" not in directives:  # a download has its own policy: default-src 'none'
        assert directives.get("frame-ancestors") == ["'none'"], where
        assert directives.get("object-src") == ["'none'"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("Referrer-Policy") in ("same-origin", "no-referrer"), where


INLINE_STYLE = re.compile(r"<[^>]+\sstyle=", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)
HREF = re.compile(r'href="([^"#]+)"')


def assert_no_inline_code(response):
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    where = response.request["PATH_INFO"]
    for pattern in (INLINE_STYLE, INLINE_SCRIPT, HANDLER):
        match = pattern.search(html)
        assert match is None, f"{where}: {match.group(0)[:120]}"


SKIP = ("/static/", "/media/", "logout", "uitloggen", "/delete/", "/history/", "mailto:", "tel:")


def crawl(client, start, limit):
    """The pages reachable from `start` by links on our own site (GET only)."""
    seen, queue, responses = set(), deque(start), []
    while queue and len(responses) < limit:
        url = queue.popleft()
        if url in seen or any(s in url for s in SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        responses.append(response)
        if "text/html" in response.get("Content-Type", "") and response.status_code == 200:
            for href in HREF.findall(response.content.decode()):
                href = href.replace("&amp;", "&")
                target = urljoin(url, href)
                parts = urlsplit(target)
                if parts.scheme not in ("", "http", "https"):
                    continue  # mailto:, tel:
                if parts.netloc in ("", "testserver") and parts.path not in seen:
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return responses


@pytest.fixture
def full_demo(db, settings):
    settings.PAGECACHE_ENABLED = True
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_every_public_page_of_the_demo_has_a_strict_policy(client, full_demo):
    responses = crawl(client, ["/", "/en/"], limit=140)
    assert len(responses) > 60
    statuses = {r.status_code for r in responses}
    assert statuses <= {200, 301, 302}, [
        (r.request["PATH_INFO"], r.status_code) for r in responses if r.status_code >= 400
    ]
    kinds = {r.request["PATH_INFO"].strip("/").split("/")[0] for r in responses}
    assert {"initiatieven", "samenlevingsakkoorden", "raad", "loket"} <= kinds
    for response in responses:
        assert_strict(response)
        assert_no_inline_code(response)
    # A page from the page cache carries the same headers as the one it was made from.
    cached = client.get("/initiatieven/")
    assert cached["X-Page-Cache"] == "hit"
    assert_strict(cached)


def test_private_pages_and_downloads_have_a_strict_policy(client, full_demo):
    initiative, token = make_initiative()
    for url in (
        reverse("initiatives:track", args=[token]),
        reverse("initiatives:new_link"),
        reverse("initiatives:submit"),
        reverse("login"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_strict(response)
        assert_no_inline_code(response)
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_the_admin_has_a_strict_policy_and_no_inline_code(full_demo):
    client = Client()
    client.force_login(User.objects.get(email="loket@leusden.example"))
    start = [
        "/admin/",
        "/admin/initiatives/initiative/",
        "/admin/initiatives/initiative/?overdue=overdue",
        f"/admin/initiatives/initiative/{Initiative.objects.first().pk}/change/",
    ]
    responses = crawl(client, start, limit=60)
    assert len(responses) > 20
    for response in responses:
        assert response.status_code < 500, response.request["PATH_INFO"]
        assert_strict(response)
        assert_no_inline_code(response)
    admin_client = Client()
    admin_client.force_login(User.objects.get(email="beheer@leusden.example"))
    for response in crawl(admin_client, ["/admin/"], limit=60):
        assert response.status_code < 500, response.request["PATH_INFO"]
        assert_strict(response)
        assert_no_inline_code(response)


def test_error_pages_are_dutch_and_have_a_strict_policy(demo, settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    settings.THROTTLE_TOKEN_GUESSES = 1
    client = Client(raise_request_exception=False)
    not_found = client.get("/bestaat-niet/")
    assert not_found.status_code == 404 and "Pagina niet gevonden" in not_found.content.decode()
    strict = Client(enforce_csrf_checks=True)
    forbidden = strict.post(reverse("initiatives:new_link"), {"email": "a@example.org"})
    assert forbidden.status_code == 403 and "Geen toegang" in forbidden.content.decode()
    client.get("/loket/volgen/fout/")
    too_many = client.get("/loket/volgen/fout/")
    assert too_many.status_code == 429 and "Te veel pogingen" in too_many.content.decode()
    error = client.get("/kapot/")
    assert error.status_code == 500 and "Er ging iets mis" in error.content.decode()
    for response in (not_found, forbidden, too_many, error):
        assert_strict(response)
        assert_no_inline_code(response)


# --- Production settings -------------------------------------------------------------------


def test_production_settings_secure_transport_and_cookies():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k)"
        " for k in ['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT',"
        " 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        " 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE',"
        " 'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'X_FRAME_OPTIONS',"
        " 'SECURE_REFERRER_POLICY', 'SECURE_CONTENT_TYPE_NOSNIFF', 'DEBUG',"
        " 'SECURE_CROSS_ORIGIN_OPENER_POLICY', 'LANGUAGE_COOKIE_SECURE',"
        " 'LANGUAGE_COOKIE_HTTPONLY', 'LANGUAGE_COOKIE_SAMESITE', 'THROTTLE_TRUSTED_PROXIES']}))"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_SSL_REDIRECT"] and values["DEBUG"] is False
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{cookie}_COOKIE_SECURE"], cookie
        assert values[f"{cookie}_COOKIE_HTTPONLY"], cookie
        assert values[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict"), cookie
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    # Behind the TLS proxy, rate limits count the resident's address, not the proxy's.
    assert values["THROTTLE_TRUSTED_PROXIES"] == 1


def test_hsts_and_secure_cookies_on_a_real_response(client, demo, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("initiatives:submit"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
