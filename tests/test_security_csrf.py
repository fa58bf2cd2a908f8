"""CSRF: every URL of the project, read from the resolver (so a new view is covered without
being listed here), refuses a POST without a valid CSRF token with 403 and changes nothing,
for an anonymous visitor and for a logged-in administrator; a view marked csrf_exempt makes
the test fail unless it is in EXEMPT with its reason (there is none)."""

import re

import pytest
from django.apps import apps
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from leusden_portal.accounts.models import User

from .security_payloads import every_url
from .test_initiatives import form_data

pytestmark = pytest.mark.django_db

# URL name -> why it may take a POST without a token. Keep it empty: the feeds, the open
# data and /health/ only answer GET, so the CSRF check costs them nothing.
EXEMPT: dict[str, str] = {}

# A cookie as a browser of a visitor to our site would send along with a forged form: the
# attacker's page cannot read it, so the form carries no matching token.
FORGED_COOKIE = "a" * 32


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def csrf_holes(client, urls, with_cookie):
    """The URLs that accepted a POST without a token (anything but 403)."""
    holes = []
    for url in urls:
        if url.name in EXEMPT:
            continue
        if with_cookie:
            client.cookies["csrftoken"] = FORGED_COOKIE
        response = client.post(url.path, {"email": "a@example.org", "confirm": "on"})
        if response.status_code != 403:
            holes.append((url.name, url.path, response.status_code))
    return holes


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_walk_finds_every_view(language):
    """Also: no pattern hides another (each sample path reaches its own view)."""
    translation.activate(language)
    urls = every_url()
    names = {url.name for url in urls}
    # A few of each part of the site, so that the walk is known to reach them.
    for name in [
        "initiatives:submit",
        "initiatives:track",
        "initiatives:ballot",
        "council:reflection_edit",
        "council:hostop_partner_confirm",
        "notifications:opt_out",
        "login",
        "logout",
        "admin:initiatives_initiative_change",
        "admin:login",
        "password_reset_confirm",
    ]:
        assert name in names, name
    assert len(urls) > 300
    # Each sample path resolves to the view it was made for.
    from django.urls import resolve

    shadowed = [url.name for url in urls if resolve(url.path).func != url.callback]
    assert shadowed == []


@pytest.mark.parametrize("with_cookie", [False, True], ids=["no-cookie", "cookie-no-token"])
def test_every_post_without_a_token_is_refused_anonymously(demo, with_cookie):
    client = Client(enforce_csrf_checks=True)
    before = row_counts()
    assert csrf_holes(client, every_url(), with_cookie) == []
    assert row_counts() == before


@pytest.mark.parametrize("with_cookie", [False, True], ids=["no-cookie", "cookie-no-token"])
def test_every_post_without_a_token_is_refused_for_an_administrator(demo, with_cookie):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email="beheer@leusden.example"))
    before = row_counts()
    assert csrf_holes(client, every_url(), with_cookie) == []
    after = row_counts()
    assert after == before
    assert "_auth_user_id" in client.session  # not even a logout without a token


def test_no_view_is_marked_csrf_exempt():
    exempt = [url.name for url in every_url() if getattr(url.callback, "csrf_exempt", False)]
    assert sorted(exempt) == sorted(EXEMPT)


def test_a_real_form_is_refused_without_its_token_and_accepted_with_it(demo):
    """The same submission: refused when forged (no token, or a token of another visitor, or
    from another origin), stored when sent from our own page."""
    from initiatives.models import Initiative

    client = Client(enforce_csrf_checks=True)
    url = reverse("initiatives:submit")
    page = client.get(url)
    # The token in the page, as a browser posts it.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert client.post(url, form_data()).status_code == 403
    other = Client(enforce_csrf_checks=True)
    other.get(url)
    assert client.post(url, {**form_data(), "csrfmiddlewaretoken": "b" * 64}).status_code == 403
    forged_origin = client.post(
        url,
        {**form_data(), "csrfmiddlewaretoken": token},
        headers={"origin": "https://evil.example", "referer": "https://evil.example/"},
        secure=True,
    )
    assert forged_origin.status_code == 403
    assert not Initiative.objects.exists()
    assert client.post(url, {**form_data(), "csrfmiddlewaretoken": token}).status_code == 302
    assert Initiative.objects.count() == 1


# --- The check itself can fail ----------------------------------------------------------------


@csrf_exempt
def _exempt_view(request):
    return HttpResponse("ok")


urlpatterns = [path("open-zonder-token/", _exempt_view, name="hole")]


@pytest.mark.urls("tests.test_security_csrf")
def test_a_new_exempt_view_would_be_caught():
    client = Client(enforce_csrf_checks=True)
    urls = every_url()
    assert [url.name for url in urls] == ["hole"]
    assert csrf_holes(client, urls, with_cookie=False) == [("hole", "/open-zonder-token/", 200)]
    assert [url.name for url in urls if getattr(url.callback, "csrf_exempt", False)] == ["hole"]
