"""The public pages of the foundation: language, layout, landmarks, constant queries."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from leusden_portal.core.models import Municipality
from leusden_portal.core.services import municipality_save

pytestmark = pytest.mark.django_db

PAGES = ["home", "accessibility", "privacy"]


def url(name, lang):
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_renders_in_its_language(client, demo, name, lang):
    response = client.get(url(name, lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "Gemeente Leusden" in html
    # Footer links to both statements, in the page's language.
    assert url("accessibility", lang) in html and url("privacy", lang) in html


def test_dutch_is_default_and_urls_are_translated(client, demo):
    assert url("accessibility", "nl") == "/toegankelijkheid/"
    assert url("accessibility", "en") == "/en/accessibility/"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl"' in html  # the address, not the browser, decides
    assert "Direct naar de inhoud" in html


def test_language_switch_links_to_same_page_in_other_language(client, demo):
    html = client.get("/toegankelijkheid/").content.decode()
    assert 'href="/en/accessibility/" hreflang="en"' in html
    html = client.get("/en/accessibility/").content.decode()
    assert 'href="/toegankelijkheid/" hreflang="nl"' in html


def test_no_third_party_requests(client, demo):
    html = client.get("/").content.decode()
    for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not attr.startswith(("http://", "https://", "//")) or "leusden.nl" in attr, attr
    for tag in re.findall(r"<(?:link|script|img)[^>]*>", html):
        assert "http" not in tag, tag
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_run_a_constant_number_of_queries(
    client, demo, name, django_assert_max_num_queries
):
    client.get(url(name, "nl"))  # fills the cache
    with django_assert_max_num_queries(0):
        client.get(url(name, "nl"))


def test_municipality_change_shows_at_once(client, demo, django_capture_on_commit_callbacks):
    client.get("/")
    municipality = Municipality.objects.get(is_active=True)
    municipality.name = "Gemeente Voorbeeld"
    with django_capture_on_commit_callbacks(execute=True):
        municipality_save(actor=None, municipality=municipality)
    assert "Gemeente Voorbeeld" in client.get("/").content.decode()


def test_pages_work_without_a_municipality(client):
    assert client.get("/").status_code == 200


def test_static_css_is_from_our_own_server(client, demo):
    html = client.get("/").content.decode()
    assert "/static/nlds/components/index.css" in html
    assert "/static/css/leusden-theme.css" in html


@pytest.mark.django_db(transaction=True)
def test_database_away_gives_a_clear_503_page_and_recovers_by_itself(demo):
    """A restart of PostgreSQL: a page that needs the database says so clearly, in Dutch,
    with Retry-After, no traceback, and works again as soon as the database is back."""
    from django.db import connection
    from django.test import Client

    from .conftest import free_port

    client = Client(raise_request_exception=False)
    url = reverse("initiatives:submit")
    connection.close()
    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = str(free_port())  # nothing listens there
    try:
        response = client.get(url)
    finally:
        connection.settings_dict["PORT"] = port
        connection.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert 'lang="nl"' in html and "tijdelijk niet beschikbaar" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert client.get(url).status_code == 200


def test_server_error_page_is_clear_and_in_dutch(rf):
    from leusden_portal.core.views import server_error

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.parametrize(("url", "label"), [("/", "Idee indienen"), ("/en/", "Hand in an idea")])
def test_the_home_page_starts_with_the_main_action_and_no_placeholder(client, demo, url, label):
    html = client.get(url).content.decode()
    submit = reverse("initiatives:submit") if url == "/" else "/en/"
    start = re.search(
        r'<a class="utrecht-button-link utrecht-button-link--primary-action portal-start" href="([^"]+)">([^<]+)</a>',
        html,
    )
    assert start and start.group(2) == label and start.group(1).startswith(submit)
    assert html.index("portal-start") < html.index("<h2")  # before the first section
    assert "groeit" not in html and "growing" not in html
