"""The loket's public side beyond the list: the page cache and its invalidation, "ik steun
dit" with a confirmed address, and the loket's own figures."""

import datetime
import gzip
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import selectors, services
from initiatives.models import Initiative, Status, Support
from leusden_portal.accounts.models import User
from leusden_portal.core.models import Theme
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

from .test_initiatives import _published, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    """reverse() in Dutch, whatever language an earlier request left active."""
    from django.utils import translation

    with translation.override("nl"):
        yield


def loket_user():
    return User.objects.get(email="loket@leusden.example")


# --- Page cache ----------------------------------------------------------------------------------


def test_anonymous_public_page_is_served_from_cache_without_queries(client, demo):
    _published(3)
    url = reverse("initiatives:list")
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and len(queries) == 0
    assert second.content == first.content
    assert "Accept-Encoding" in second["Vary"]
    # Compressed once when stored, sent compressed to whoever accepts it.
    compressed = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == first.content
    assert second["Content-Language"] == "nl"
    english = client.get("/en/initiatives/")
    assert english["X-Page-Cache"] == "miss" and 'lang="en"' in english.content.decode()


def test_query_parameters_a_cached_page_does_not_read_are_sent_away_unbuilt(client, demo):
    """A cached page is built and stored once per query string: a parameter its view does
    not read (`?utm_source=`, or `?x=1`, `?x=2`, ... to make the server build the figures
    page again and again) gets a permanent redirect to the address without it, on this
    host, before anything is built. The parameters the view reads stay."""
    from django.urls import reverse

    figures = reverse("initiatives:figures")
    with CaptureQueriesContext(connection) as queries:
        for n in range(3):
            response = client.get(f"{figures}?x={n}")
            assert response.status_code == 301 and response["Location"] == figures
    assert len(queries) == 0
    assert client.get(figures + "?utm_source=krant")["Location"] == figures

    listed = reverse("initiatives:list")
    response = client.get(listed + "?theme=groen&utm_source=krant&page=2&theme=zorg")
    assert response.status_code == 301
    assert response["Location"] == listed + "?theme=groen&theme=zorg&page=2"
    assert client.get(listed + "?theme=groen&page=2").status_code == 200
    assert client.get(reverse("council:meetings") + "?page=2").status_code == 200
    assert client.get(reverse("council:meetings") + "?order=x")["Location"] == reverse(
        "council:meetings"
    )
    # Staff (with a session) are not served cached pages, nor sent away.
    client.force_login(loket_user())
    assert client.get(f"{figures}?x=1").status_code == 200


def test_a_change_through_the_services_drops_the_cached_pages(
    client, demo, django_capture_on_commit_callbacks
):
    initiative, _token = make_initiative(publish_consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_publication(actor=loket_user(), initiative=initiative, approved=True)
    url = reverse("initiatives:detail", args=[initiative.reference])
    status = re.compile(r"<dd><strong>(.*?)</strong></dd>")
    assert status.search(client.get(url).content.decode()).group(1) == "Ingediend"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_take_in_triage(actor=loket_user(), initiative=initiative)
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert status.search(fresh.content.decode()).group(1) != "Ingediend"
    assert client.get(url)["X-Page-Cache"] == "hit"
    # A change that is refused (and so rolled back) drops nothing.
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.TransitionNotAllowed),
    ):
        services.initiative_take_in_triage(actor=loket_user(), initiative=initiative)
    assert callbacks == []
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_municipality_change_drops_every_cached_page(
    client, demo, django_capture_on_commit_callbacks
):
    from leusden_portal.core import services as core_services
    from leusden_portal.core.models import Municipality

    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    municipality = Municipality.objects.get()
    municipality.name = "Gemeente Leusden (proef)"
    with django_capture_on_commit_callbacks(execute=True):
        core_services.municipality_save(actor=None, municipality=municipality)
    again = client.get("/")
    assert again["X-Page-Cache"] == "miss"
    assert "Gemeente Leusden (proef)" in again.content.decode()


def test_the_detail_page_costs_the_same_queries_with_a_long_history(
    client, demo, settings, django_assert_num_queries
):
    """The public history is one query, however many steps it has (it was one per step)."""
    from initiatives.models import Message

    settings.PAGECACHE_ENABLED = False
    short, _token = make_initiative(publish_consent=True)
    services.initiative_publication(actor=loket_user(), initiative=short, approved=True)
    long, _token = make_initiative(publish_consent=True, email="lang@example.org")
    services.initiative_publication(actor=loket_user(), initiative=long, approved=True)
    Message.objects.bulk_create(
        Message(
            initiative=long,
            author_kind="staff",
            body=f"Stap {n}",
            status="triage" if n % 2 else "question",
        )
        for n in range(8)
    )
    assert long.messages.count() >= short.messages.count() + 8
    short_url = reverse("initiatives:detail", args=[short.reference])
    long_url = reverse("initiatives:detail", args=[long.reference])
    client.get(short_url)  # the per-process caches (content types) filled
    with CaptureQueriesContext(connection) as queries:
        assert client.get(short_url).status_code == 200
    with django_assert_num_queries(len(queries)):
        html = client.get(long_url).content.decode()
    # Each step in the third person, the words to the initiator not published.
    assert html.count("De gemeente heeft de indiener een vraag gesteld.") == 4
    assert "Stap 7" not in html


def test_logged_in_users_and_pages_with_a_form_token_are_never_cached(client, demo):
    _published(1)
    client.force_login(loket_user())
    response = client.get(reverse("initiatives:list"))
    assert "X-Page-Cache" not in response
    client.logout()
    client.cookies.clear()
    support_page = reverse("initiatives:support", args=["SV-2026-70000"])
    assert "X-Page-Cache" not in client.get(support_page)
    assert "X-Page-Cache" not in client.get(reverse("initiatives:submit"))


def _form_token_and_key(html):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    return token, key


def test_the_empty_submission_form_is_built_once_and_gets_its_own_token_and_key(demo):
    """The form page is built once for all anonymous visitors: each still gets a CSRF token
    (and cookie) and a submission key of its own, and the form posts."""
    from django.test import Client

    url = reverse("initiatives:submit")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = first.get(url)
    with CaptureQueriesContext(connection) as queries:
        two = second.get(url)
    assert len(queries) == 0  # not built again (the first visitor's page built it)
    token_one, key_one = _form_token_and_key(one.content.decode())
    token_two, key_two = _form_token_and_key(two.content.decode())
    assert key_one != key_two and token_one != token_two
    assert "csrf-token-slot" not in two.content.decode() and "00000000-0000" not in key_two
    assert "csrftoken" in two.cookies and "X-Page-Cache" not in two
    # The page is the one the view renders, only with its own token and key filled in.
    assert one.content.decode().replace(token_one, "T").replace(key_one, "K") == (
        two.content.decode().replace(token_two, "T").replace(key_two, "K")
    )
    theme = Theme.objects.filter(is_active=True).first()
    response = second.post(
        url,
        {
            "csrfmiddlewaretoken": token_two,
            "submission_key": key_two,
            "kind": "idea",
            "theme": theme.pk,
            "title": "Bankje bij de speeltuin",
            "description": "Een bankje zodat ouders kunnen zitten.",
            "name": "Inwoner",
            "email": "inwoner@example.org",
            "privacy_consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert Initiative.objects.filter(submission_key=key_two, email="inwoner@example.org").exists()
    # Without the token the POST is refused, as before.
    assert Client(enforce_csrf_checks=True).post(url, {"title": "x"}).status_code == 403


def test_the_submission_form_shows_a_new_theme_at_once(
    client, demo, django_capture_on_commit_callbacks
):
    from leusden_portal.core import services as core_services
    from leusden_portal.core.models import Municipality

    url = reverse("initiatives:submit")
    assert "Kunst in de wijk" not in client.get(url).content.decode()
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        core_services.taxonomy_save(
            actor=None,
            item=Theme(
                municipality=Municipality.objects.get(), name="Kunst in de wijk", slug="kunst"
            ),
        )
    assert "Kunst in de wijk" in client.get(url).content.decode()


def test_a_query_string_neither_builds_the_form_again_nor_shows_in_it(demo):
    """The form reads no query string: /loket/indienen/?anything is the same page (a new
    query string is no way to make the server build and store it again), and one visitor's
    query string never reaches the page that every visitor gets (the language switch)."""
    from django.test import Client

    url = reverse("initiatives:submit")
    first = Client().get(url + "?utm_source=krant&x=%3Cscript%3E").content.decode()
    assert "utm_source" not in first and "krant" not in first
    with CaptureQueriesContext(connection) as queries:
        for n in range(3):
            html = Client().get(f"{url}?n={n}").content.decode()
            assert f"n={n}" not in html
    assert len(queries) == 0
    assert 'href="/en/loket/submit/"' in html


def test_a_logged_in_visitor_gets_the_form_built_for_them(client, demo):
    client.force_login(loket_user())
    html = client.get(reverse("initiatives:submit")).content.decode()
    token, key = _form_token_and_key(html)
    assert token != "csrf-token-slot" and not key.startswith("00000000")


def test_no_cache_server_means_the_page_is_built(client, demo, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "leusden_portal.core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # (changing CACHES makes Django drop its cache connections: the next use connects anew)
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200 and "X-Page-Cache" not in response


# --- Ik steun dit --------------------------------------------------------------------------------


def published_initiative():
    initiative, _token = make_initiative(publish_consent=True)
    services.initiative_publication(actor=loket_user(), initiative=initiative, approved=True)
    return Initiative.objects.get(pk=initiative.pk)


def confirmation_link():
    notification = Notification.objects.filter(kind="initiatives.support_confirm").latest("pk")
    notifications.send(notification.pk)
    return re.search(r"http://\S+/initiatieven/steun/\S+/", mail.outbox[-1].body).group(0)


def test_resident_supports_with_a_confirmed_address_once(client, demo):
    initiative = published_initiative()
    detail = reverse("initiatives:detail", args=[initiative.reference])
    html = client.get(detail).content.decode()
    assert "Ik steun dit" in html
    assert re.search(r'portal-support-count">0<', html)
    support_url = reverse("initiatives:support", args=[initiative.reference])
    assert support_url in html

    response = client.post(support_url, {"email": "Fatima@Example.org", "website": ""})
    assert response.status_code == 200 and "Kijk in uw mailbox" in response.content.decode()
    link = confirmation_link()
    assert initiative.reference in mail.outbox[-1].subject
    # The mail's button says what it does, in the HTML and the plain text alike.
    html_mail = mail.outbox[-1].alternatives[0][0]
    assert re.search(
        r"<a href=\"http://\S+/initiatieven/steun/\S+/\"[^>]*>Bevestig mijn steun</a>", html_mail
    )
    assert "Bekijk op de website" not in html_mail
    assert f"Bevestig mijn steun:\n{link}" in mail.outbox[-1].body
    # Not counted before the confirmation.
    assert Initiative.objects.get(pk=initiative.pk).support_count == 0
    path = link.split("testserver")[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200 and "Ja, ik steun dit" in page.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).support_count == 0  # a GET counts nothing
    done = client.post(path, follow=True)
    assert "uw steun is geteld" in done.content.decode()
    assert "U steunt dit initiatief." in done.content.decode()
    assert "Ik steun dit<" not in done.content.decode()  # not offered again
    assert "Ik steun dit<" in client.get(detail).content.decode()  # to everyone else
    assert re.search(r'portal-support-count">1<', done.content.decode())
    # The same address again (other spelling): no new mail to confirm, never counted twice.
    client.cookies.clear()
    outbox_before = Notification.objects.filter(kind="initiatives.support_confirm").count()
    client.post(support_url, {"email": "fatima@example.org ", "website": ""})
    assert Notification.objects.filter(kind="initiatives.support_confirm").count() == outbox_before
    client.post(path)
    assert Initiative.objects.get(pk=initiative.pk).support_count == 1
    # The address is not kept with the support.
    support = Support.objects.get()
    assert "fatima" not in support.email_hash and support.confirmed_at


def test_support_form_errors_and_closed_or_unpublished_initiatives(client, demo):
    initiative = published_initiative()
    url = reverse("initiatives:support", args=[initiative.reference])
    response = client.post(url, {"email": "geen-adres", "website": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "geldig e-mailadres" in html and 'href="#id_email"' in html
    robot = client.post(url, {"email": "bot@example.org", "website": "http://spam"})
    assert robot.status_code == 400 and not Support.objects.exists()

    hidden, _token = make_initiative(title="Niet openbaar")
    assert client.get(reverse("initiatives:support", args=[hidden.reference])).status_code == 404
    services.initiative_decline(
        actor=loket_user(),
        initiative=initiative,
        reason="Dit past niet bij de taken van de gemeente.",
    )
    assert client.get(url).status_code == 404
    with pytest.raises(services.SupportNotPossible):
        services.support_request(initiative=initiative, email="a@example.org")


def test_wrong_support_link_gives_a_clear_page(client, demo):
    response = client.get(reverse("initiatives:support_confirm", args=["niet-geldig"]))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_of_one_address_count_once(demo):
    initiative = published_initiative()
    support = services.support_request(initiative=initiative, email="snel@example.org")
    errors = []

    def confirm():
        try:
            services.support_confirm(support=support)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Initiative.objects.get(pk=initiative.pk).support_count == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_of_one_address_make_one_support(demo):
    initiative = published_initiative()
    errors = []

    def ask():
        try:
            services.support_request(initiative=initiative, email="zelfde@example.org")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []  # the losers of the race find the winner's row, no error
    assert Support.objects.filter(initiative=initiative).count() == 1


# --- Figures -------------------------------------------------------------------------------------


def test_figures_per_status_and_theme_medians_and_norms(client, demo, settings):
    settings.INITIATIVES_FIRST_RESPONSE_DAYS = 5
    settings.INITIATIVES_REFERRAL_DAYS = 10
    theme = Theme.objects.get(slug="groen")
    other = Theme.objects.exclude(pk=theme.pk).first()
    now = timezone.now()
    rows = [
        # (theme, status, working days to first response, to referral)
        (theme, Status.REFERRED, 2, 4),
        (theme, Status.REFERRED, 4, 12),
        (theme, Status.TRIAGE, 7, None),
        (other, Status.TRIAGE, 1, None),
    ]
    for i, (t, status, first, referral) in enumerate(rows):
        Initiative.objects.create(
            reference=f"SV-2026-{90000 + i}",
            kind="idea",
            title=f"Idee {i}",
            description=".",
            theme=t,
            name="N",
            email="n@example.org",
            status=status,
            first_response_at=now,
            first_response_days=first,
            referred_at=now if referral else None,
            referral_days=referral,
        )
    # One still waiting, handed in a month ago: late; one handed in today: not yet judged.
    for i, submitted in enumerate([now - datetime.timedelta(days=30), now]):
        Initiative.objects.create(
            reference=f"SV-2026-{91000 + i}",
            kind="idea",
            title="Wacht",
            description=".",
            theme=other,
            name="N",
            email="n@example.org",
            submitted_at=submitted,
        )
    figures = selectors.loket_figures()
    assert figures["total"] == 6
    by_status = {str(label): count for label, count in figures["by_status"]}
    assert by_status["doorverwezen"] == 2 and by_status["ingediend"] == 2
    assert by_status["afgerond"] == 0  # every status shows, also without initiatives
    assert figures["by_theme"][0] == (theme.name, 3)
    assert figures["median_first_response"] == 3  # of 1, 2, 4, 7
    assert figures["median_referral"] == 8  # of 4 and 12
    assert figures["responded_within"] == 3 and figures["waiting_late"] == 1
    assert figures["within_norm_share"] == pytest.approx(3 / 5)
    assert figures["referral_within_share"] == pytest.approx(1 / 2)

    html = client.get(reverse("initiatives:figures")).content.decode()
    assert "Het loket in cijfers" in html
    assert re.search(r"eerste reactie, in werkdagen</dt>\s*<dd>3<", html)
    assert re.search(r"doorverwijzing, in werkdagen</dt>\s*<dd>8<", html)
    assert "60%" in html and "50%" in html
    assert "Sanne" not in html and "n@example.org" not in html


def test_figures_of_an_empty_loket_and_the_transition_fixes_the_days(demo):
    figures = selectors.loket_figures()
    assert figures["total"] == 0 and figures["median_first_response"] is None
    assert figures["within_norm_share"] is None
    initiative, _token = make_initiative()
    Initiative.objects.filter(pk=initiative.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=14)
    )
    initiative.refresh_from_db()
    services.initiative_take_in_triage(actor=loket_user(), initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.first_response_days in (9, 10)  # two weeks, holidays aside
    assert initiative.referral_days is None


def test_figures_page_runs_the_same_queries_at_10_and_1000(client, demo, settings):
    settings.PAGECACHE_ENABLED = False
    _published(10)
    url = reverse("initiatives:figures")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _published(990)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small) <= 10


# --- A burst over real HTTP ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_parallel_supports_over_http_counts_once_with_one_email(live_server, demo):
    from .secutil import parallel_posts

    initiative = published_initiative()
    support_url = reverse("initiatives:support", args=[initiative.reference])
    statuses = parallel_posts(
        live_server.url, support_url, {"email": "Snel@Example.org", "website": ""}, 10
    )
    assert statuses == [200] * 10
    assert Support.objects.filter(initiative=initiative).count() == 1
    assert Notification.objects.filter(kind="initiatives.support_confirm").count() == 1
    link = confirmation_link()
    assert len(mail.outbox) == 1
    path = "/" + link.split("/", 3)[3]
    statuses = parallel_posts(live_server.url, path, {}, 10)
    assert sorted(set(statuses)) == [302]
    assert Initiative.objects.get(pk=initiative.pk).support_count == 1
    assert Support.objects.get().confirmed_at is not None


def test_the_public_page_speaks_of_the_initiative_not_to_the_initiator(
    client, demo, django_capture_on_commit_callbacks
):
    initiative, token = make_initiative(publish_consent=True)
    services.initiative_publication(actor=loket_user(), initiative=initiative, approved=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_take_in_triage(actor=loket_user(), initiative=initiative)
        services.initiative_ask_question(
            actor=loket_user(), initiative=initiative, question="Wat is uw huisnummer precies?"
        )
    html = client.get(reverse("initiatives:detail", args=[initiative.reference])).content.decode()
    # The question to the initiator stays between them; the step is told in the third person.
    assert "Wat is uw huisnummer precies?" not in html
    assert "Wacht op antwoord van de indiener" in html and "Wacht op uw antwoord" not in html
    assert "De gemeente heeft de indiener een vraag gesteld." in html
    assert "Het initiatief is ingediend bij het samenlevingsloket." in html
    assert "Wij hebben uw initiatief ontvangen" not in html
    listing = client.get(reverse("initiatives:list")).content.decode()
    assert "Wacht op antwoord van de indiener" in listing and "Wacht op uw antwoord" not in listing
    # The initiator's own page still speaks to them, with the question.
    track = client.get(services.track_path(token))
    assert "Wat is uw huisnummer precies?" in track.content.decode()


def test_staff_choose_per_message_whether_it_is_also_public(
    client, demo, django_capture_on_commit_callbacks
):
    initiative, token = make_initiative(publish_consent=True)
    services.initiative_publication(actor=loket_user(), initiative=initiative, approved=True)
    staff = Client()
    staff.force_login(loket_user())

    def step(action, data):
        url = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, action])
        form = staff.get(url).content.decode()
        assert 'name="public"' in form  # the choice is on the form, unticked
        assert not re.search(r'name="public"[^>]*checked', form)
        with django_capture_on_commit_callbacks(execute=True):
            assert staff.post(url, data).status_code == 302

    step("triage", {"message": "Uw telefoonnummer klopt niet, wilt u bellen?"})
    from initiatives.models import PartnerOrganisation

    partner = PartnerOrganisation.objects.create(name="Buurtvereniging", email="bv@example.org")
    step(
        "refer",
        {
            "message": "De buurtvereniging neemt dit op met de wijk.",
            "public": "on",
            "partner": partner.pk,
        },
    )
    html = client.get(reverse("initiatives:detail", args=[initiative.reference])).content.decode()
    assert "De buurtvereniging neemt dit op met de wijk." in html  # chosen to be public
    assert "Uw telefoonnummer klopt niet" not in html  # private by default
    track = client.get(services.track_path(token)).content.decode()
    assert re.search(r"alleen voor u</span></p>\s*<div[^>]*>Uw telefoonnummer klopt niet", track)
    assert re.search(r"ook op de openbare pagina</span></p>\s*<div[^>]*>De buurtvereniging", track)
