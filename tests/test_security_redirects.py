"""Open redirects: every parameter that says where to go next (the site login, the admin
login, logout, the language switch) and every view that redirects back stays on our own host,
whatever an attacker puts in it; a spoofed Host header is refused before any view runs."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PASSWORD = "samenleving-voorop"  # noqa: S105 (the demo password of seed_demo)

EVIL_TARGETS = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "\t//evil.example",
    " //evil.example",
    "/\t/evil.example",
    "https://testserver@evil.example/",
    "https://evil.example/?testserver",
]


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def assert_stays_here(location, base="http://testserver/inloggen/"):
    """A Location (or link) that a browser would follow to our own host only."""
    assert location is not None
    # Browsers drop tabs and newlines in URLs and treat a backslash as a slash.
    cleaned = location.strip().replace("\\", "/")
    for char in "\t\r\n":
        cleaned = cleaned.replace(char, "")
    followed = urlsplit(urljoin(base, cleaned))
    assert followed.scheme in ("http", "https"), location
    assert followed.netloc == "testserver", location
    assert followed.username is None, location


def member_client(client, email="raadslid@leusden.example"):
    from leusden_portal.accounts.models import User

    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_site_login_next_stays_on_our_host(client, demo, target):
    page = client.get(reverse("login"), {"next": target})
    assert page.status_code == 200
    # The hidden field carries no foreign address into the form either.
    hidden = re.search(r'name="next" value="([^"]*)"', page.content.decode()).group(1)
    if hidden:
        assert_stays_here(hidden.replace("&amp;", "&"))
    response = client.post(
        reverse("login"),
        {"username": "raadslid@leusden.example", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert_stays_here(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_site_login_of_someone_already_logged_in_stays_on_our_host(client, demo, target):
    member_client(client)
    response = client.get(reverse("login"), {"next": target})
    assert response.status_code == 302
    assert_stays_here(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_admin_login_next_stays_on_our_host(client, demo, target):
    page = client.get(reverse("admin:login"), {"next": target})
    assert page.status_code == 200
    response = client.post(
        reverse("admin:login") + "?next=" + target,
        {"username": "loket@leusden.example", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert_stays_here(response["Location"])


@pytest.mark.parametrize("target", EVIL_TARGETS)
@pytest.mark.parametrize("logout", ["logout", "admin:logout"])
def test_logout_next_stays_on_our_host(client, demo, target, logout):
    member_client(client, "loket@leusden.example")
    response = client.post(reverse(logout) + "?next=" + target, {"next": target})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert_stays_here(response["Location"])
    assert "evil.example" not in response.content.decode().replace("%2F", "/").split("hreflang")[0]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_language_switch_links_stay_on_our_host(client, demo, target):
    """The language switch links to the current page in the other language; a query string
    or an odd path never turns it into a link elsewhere."""
    for path in [reverse("initiatives:list") + "?q=" + target, "/", "/en/"]:
        html = client.get(path).content.decode()
        links = re.findall(r'href="([^"]*)" hreflang="\w+"', html)
        assert links, path
        for link in links:
            assert_stays_here(link.replace("&amp;", "&").split("?")[0])


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_the_language_switch_of_a_path_with_a_double_slash_is_no_link_elsewhere(
    client, demo, target
):
    # The test client would read "//evil.example" as a host: PATH_INFO is set as a server would.
    response = client.get("/", PATH_INFO="//evil.example/")
    for link in re.findall(r'href="([^"]*)"', response.content.decode()):
        assert not link.startswith("//"), link
        assert "evil.example" not in link, link


def test_django_set_language_is_not_reachable(client, demo):
    """There is no i18n set_language view (the address carries the language); if one is ever
    added, this test is the reminder to check its `next`."""
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("set_language")
    for path in ["/i18n/setlang/", "/en/i18n/setlang/"]:
        response = client.post(path, {"language": "en", "next": "https://evil.example/"})
        assert response.status_code in (403, 404)


@pytest.mark.parametrize(
    "host",
    ["evil.example", "testserver.evil.example", "evil.example:80", "testserver@evil.example"],
)
def test_a_spoofed_host_header_is_refused(client, demo, host):
    for path in [reverse("login") + "?next=/raad/mijn/", "/", reverse("initiatives:new_link")]:
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 400
        assert "evil.example" not in response.content.decode()
    response = client.get("/", HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()


def test_views_that_redirect_back_go_to_their_own_page(client, demo):
    """Views that send the visitor back after a POST use their own path or a fixed page,
    never a parameter: a withdraw from the tracking page with a `next` stays on it."""
    from .test_initiatives import submit, submitted_token

    submit(client)
    from initiatives.models import Initiative

    initiative = Initiative.objects.get()
    url = reverse("initiatives:track", args=[submitted_token(initiative)])
    for name, data in [
        ("reply", {"body": "Nog een vraag.", "next": EVIL_TARGETS[0]}),
        ("withdraw", {"withdraw": "1", "confirm": "on", "reason": "", "next": EVIL_TARGETS[0]}),
    ]:
        response = client.post(url + "?next=" + EVIL_TARGETS[1], data)
        assert response.status_code == 302, name
        assert response["Location"] == url


def test_the_staff_file_link_sends_its_own_path_as_next(client, demo):
    """A decoded "&next=" in the path stays part of the path: the admin login gets one `next`,
    our own."""
    from urllib.parse import parse_qs

    path = reverse("initiatives:attachment", args=["abc&next=https:evil.example"])
    response = client.get(path.replace("&", "%26"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/admin/login/"
    (target,) = parse_qs(location.query)["next"]
    assert target.startswith("/loket/bestand/abc&next")
    assert_stays_here(target)
