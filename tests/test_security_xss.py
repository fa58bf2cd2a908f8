"""Stored and reflected XSS: every text a resident types (through the real forms) and every
text staff enter, and the names of uploaded files, filled with XSS payloads, come out escaped
on the public pages, the private pages, the e-mails (HTML part escaped, text part verbatim),
the Atom feed, the iCalendar feed, the open data and the admin (every changelist and change
page, the audit log and the outbox)."""

import datetime
import json
import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 (our own feed, parsed to read it)
from decimal import Decimal
from html import unescape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from agreements import services as agreement_services
from agreements.models import Agreement, Event, Goal, Kpi, Measurement, Partner, SubProject
from council import services as council_services
from council.models import (
    AgendaItem,
    CouncilEvent,
    CouncilMember,
    Decision,
    Manifest,
    Meeting,
    MirrorTurn,
    NeighbourhoodCouncil,
    NeighbourhoodCouncilMeeting,
    NeighbourhoodCouncilMember,
    Sortition,
    Volunteer,
)
from initiatives import services
from initiatives.models import Initiative, NeighbourhoodBudget
from leusden_portal.accounts.models import User
from leusden_portal.core.models import Neighbourhood
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

from .security_payloads import XSS_PAYLOADS, assert_escaped, injected_markup
from .secutil import path_of
from .test_initiatives import PDF, PNG, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch(settings):
    settings.PAGECACHE_ENABLED = False
    with translation.override("nl"):
        yield


def staff(email="loket@leusden.example"):
    return User.objects.get(email=email)


def last_link(kind):
    return path_of(Notification.objects.filter(kind=kind).latest("pk").context["link"])


class World:
    """Everything a payload can reach, put in the way a resident or staff member would."""

    def __init__(self, payload):
        self.payload = payload
        self.resident = Client()
        self.urls = {}  # name -> public path
        self.private = {}  # name -> private path (behind a link or a login)
        self.data = {}  # name -> path of open data (JSON, CSV)

    def build(self):
        p = self.payload
        loket = staff()
        resident = self.resident
        neighbourhood = Neighbourhood.objects.get(slug="groenhouten")

        # A neighbourhood budget (staff), then a resident's proposal for it through the loket.
        budget = NeighbourhoodBudget.objects.create(
            neighbourhood=neighbourhood,
            title=f"Buurtbudget {p}",
            slug="buurtbudget-xss",
            amount=Decimal(10000),
            period=p[:20],
            status=NeighbourhoodBudget.Status.PROPOSALS,
        )
        self.urls["budget"] = budget.get_absolute_url()

        # The initiative: every text field and the file name through the submit form.
        response = resident.post(
            reverse("initiatives:submit"),
            {
                **form_data(
                    title=f"Plan {p}"[:150],
                    description=f"Beschrijving {p}",
                    involved=f"Betrokken {p}",
                    name=f"Naam {p}"[:150],
                    neighbourhood=neighbourhood.pk,
                    budget=budget.pk,
                    amount_requested="2500",
                ),
                "attachments": [SimpleUploadedFile(f"{p}.pdf", PDF, "application/pdf")],
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        initiative = Initiative.objects.get()
        assert p in initiative.title and initiative.attachments.count() == 1
        self.initiative = initiative
        token = Notification.objects.get(kind="initiatives.submitted").context["link"]
        track = path_of(token)
        self.private["track"] = track
        services.initiative_publication(actor=loket, initiative=initiative, approved=True)
        services.initiative_take_in_triage(actor=loket, initiative=initiative, message=p)
        services.initiative_ask_question(actor=loket, initiative=initiative, question=f"Vraag {p}")
        services.initiative_note(actor=loket, initiative=initiative, body=f"Notitie {p}")
        # The initiator answers with a file, and pauses the initiative with a ho-stop.
        reply = resident.post(
            track,
            {
                "body": f"Antwoord {p}",
                "attachments": [SimpleUploadedFile(f"{p}.png", PNG, "image/png")],
            },
        )
        assert reply.status_code == 302, reply.content.decode()[:3000]
        raised = resident.post(
            track, {"hostop": "1", "reason": f"Reden {p}", "adjustment": f"Bijstelling {p}"}
        )
        assert raised.status_code == 302, raised.content.decode()[:3000]
        self.private["hostop"] = last_link("council.hostop_raised")
        # The civil servant objects, with a reason, from the link in the e-mail.
        objected = Client().post(
            self.private["hostop"], {"answer": "objection", "reason": f"Bezwaar {p}"}
        )
        assert objected.status_code == 302, objected.content.decode()[:3000]
        self.urls["initiative"] = reverse("initiatives:detail", args=[initiative.reference])
        self.urls["support"] = reverse("initiatives:support", args=[initiative.reference])
        self.urls["partner_hostop"] = reverse(
            "council:hostop_partner", args=["initiatives.initiative", initiative.pk]
        )

        # A right-to-challenge initiative: the bid through the private link.
        resident.post(
            reverse("initiatives:submit"),
            form_data(
                title=f"Uitdaging {p}"[:150], kind="right_to_challenge", email="u@example.org"
            ),
        )
        challenge = Initiative.objects.get(kind="right_to_challenge")
        services.initiative_take_in_triage(actor=loket, initiative=challenge)
        services.initiative_publication(actor=loket, initiative=challenge, approved=True)
        challenge_track = path_of(
            Notification.objects.filter(kind="initiatives.submitted").latest("pk").context["link"]
        )
        bid = resident.post(
            challenge_track,
            {
                "bid": "1",
                "task": f"Taak {p}",
                "budget_part": f"Budget {p}",
                "executor": f"Uitvoerder {p}",
                "quality": f"Kwaliteit {p}",
            },
        )
        assert bid.status_code == 302, bid.content.decode()[:3000]
        self.private["challenge_track"] = challenge_track
        self.urls["challenge"] = reverse("initiatives:detail", args=[challenge.reference])

        # The manifest (staff) and a signature with name and organisation (resident).
        manifest = Manifest.objects.create(
            title=f"Manifest {p}", slug="manifest-xss", text=f"Tekst {p}", is_published=True
        )
        signed = resident.post(
            reverse("council:manifest_sign", args=[manifest.slug]),
            {
                "name": f"Ondertekenaar {p}"[:150],
                "organisation": f"Organisatie {p}",
                "email": "teken@example.org",
                "show_publicly": "on",
            },
        )
        assert signed.status_code == 200, signed.content.decode()[:3000]
        self.private["signature"] = last_link("council.signature_confirm")
        assert resident.post(self.private["signature"]).status_code == 302
        self.urls["manifest"] = manifest.get_absolute_url()
        self.urls["manifest_sign"] = reverse("council:manifest_sign", args=[manifest.slug])

        # A sortition (staff) and a registration (resident).
        sortition = council_services.sortition_create(
            actor=None,
            sortition=Sortition(
                title=f"Loting {p}",
                slug="loting-xss",
                description=f"Uitleg {p}",
                panel_size=3,
                registration_closes=timezone.now() + datetime.timedelta(days=7),
            ),
        )
        registered = resident.post(
            reverse("council:sortition_register", args=[sortition.slug]),
            {
                "name": f"Deelnemer {p}"[:150],
                "email": "loot@example.org",
                "neighbourhood": neighbourhood.pk,
                "age_band": Volunteer.AgeBand.choices[0][0],
                "consent": "on",
            },
        )
        assert registered.status_code == 200, registered.content.decode()[:3000]
        self.private["volunteer"] = last_link("council.volunteer_confirm")
        self.urls["sortition"] = reverse("council:sortition", args=[sortition.slug])
        self.urls["sortition_register"] = reverse(
            "council:sortition_register", args=[sortition.slug]
        )

        # Guest of the council: the event with its harvest (staff), a sign-up (resident).
        event = CouncilEvent.objects.create(
            kind=CouncilEvent.Kind.CONFERENCE,
            title=f"Conferentie {p}",
            slug="conferentie-xss",
            description=f"Omschrijving {p}",
            starts_at=timezone.now() + datetime.timedelta(days=10),
            location=f"Locatie {p}",
            places=5,
            harvest=f"Oogst {p}",
        )
        signup = resident.post(
            reverse("council:event_signup", args=[event.slug]),
            {"name": f"Gast {p}"[:150], "email": "gast@example.org"},
        )
        assert signup.status_code == 200, signup.content.decode()[:3000]
        self.private["signup"] = last_link("council.event_confirm")
        self.urls["event"] = reverse("council:event", args=[event.slug])
        self.urls["event_signup"] = reverse("council:event_signup", args=[event.slug])

        # The wijkraad (kept by the griffie).
        wijkraad = NeighbourhoodCouncil.objects.create(
            neighbourhood=neighbourhood,
            name=f"Wijkraad {p}",
            slug="wijkraad-xss",
            description=f"Wat {p}",
        )
        NeighbourhoodCouncilMember.objects.create(
            wijkraad=wijkraad, name=f"Lid {p}", role=p[:100], since=datetime.date(2024, 1, 1)
        )
        NeighbourhoodCouncilMeeting.objects.create(
            wijkraad=wijkraad,
            date=datetime.date(2026, 1, 1),
            location=f"Plek {p}",
            topics=f"Onderwerp {p}\nNog een {p}",
            minutes=f"Afgesproken {p}",
        )
        self.urls["wijkraad"] = reverse("council:wijkraad", args=[wijkraad.slug])

        # A society agreement with partner, goal, KPI with a measurement, sub-project, event.
        save = agreement_services.record_save
        agreement = save(
            actor=staff("programma@leusden.example"),
            obj=Agreement(
                title=f"Akkoord {p}",
                slug="akkoord-xss",
                motto=f"Motto {p}",
                summary=f"Samenvatting {p}",
                approach=f"Aanpak {p}",
                portfolio_holder=p[:100],
            ),
        )
        save(
            actor=None,
            obj=Partner(
                agreement=agreement,
                name=f"Partner {p}",
                role=f"Rol {p}",
                website="https://partner.example/?q=%22%3E",
            ),
        )
        goal = save(actor=None, obj=Goal(agreement=agreement, title=f"Doel {p}"))
        save(
            actor=None,
            obj=Goal(
                agreement=agreement,
                title=f"Kwalitatief {p}",
                is_qualitative=True,
                explanation=f"Toelichting {p}",
            ),
        )
        kpi = save(
            actor=None,
            obj=Kpi(
                goal=goal,
                name=f"KPI {p}"[:200],
                unit=p[:30],
                direction="lower",
                baseline_value=Decimal(40),
                baseline_date=datetime.date(2018, 1, 1),
                target_value=Decimal(30),
                target_date=datetime.date(2030, 1, 1),
                source=f"Bron {p}",
                method=f"Methode {p}",
            ),
        )
        agreement_services.measurement_save(
            actor=staff("programma@leusden.example"),
            measurement=Measurement(
                kpi=kpi,
                date=datetime.date(2024, 1, 1),
                value=Decimal("35.5"),
                source=f"Meetbron {p}",
                note=f"Noot {p}",
            ),
        )
        save(
            actor=None,
            obj=SubProject(agreement=agreement, title=f"Deelproject {p}", description=p),
        )
        save(
            actor=None,
            obj=Event(
                agreement=agreement,
                kind=Event._meta.get_field("kind").choices[0][0],
                date=datetime.date(2025, 1, 1),
                title=f"Ronde {p}",
                participants=f"Deelnemers {p}",
                summary=f"Inbreng {p}",
                follow_up=f"Gedaan {p}",
                document_title=f"Stuk {p}",
                document_url="https://docs.example/stuk.pdf",
            ),
        )
        self.urls["agreement"] = reverse("agreements:detail", args=[agreement.slug])
        self.data["kpi_json"] = reverse("agreements:kpi_json", args=[kpi.pk])
        self.data["kpi_csv"] = reverse("agreements:kpi_csv", args=[kpi.pk])
        self.kpi = kpi

        # Council data (griffie) and a reflection written by the member on their own page.
        user = User.objects.create_user(email="noor@raad.example", password="geheim-wachtwoord-1")
        member = CouncilMember.objects.create(
            name=f"Raadslid {p}"[:200],
            party=p[:100],
            term_start=datetime.date(2020, 1, 1),
            user=user,
            email="noor@raad.example",
        )
        meeting = Meeting.objects.create(
            title=f"Vergadering {p}",
            location=f"Zaal {p}",
            starts_at=timezone.now() - datetime.timedelta(days=1),
            status=Meeting.Status.HELD,
        )
        item = AgendaItem.objects.create(meeting=meeting, number="1", title=f"Punt {p}")
        decision = Decision.objects.create(
            meeting=meeting,
            agenda_item=item,
            reference="L240001",
            title=f"Besluit {p}",
            proposal=f"Voorstel {p}",
            decision_text=f"Besluittekst {p}",
        )
        turn = MirrorTurn.objects.create(meeting=meeting, member=member)
        council = Client()
        council.force_login(user)
        edit = reverse("council:reflection_edit", args=[meeting.pk])
        from council.models import CoreValue

        values = {f"value_{v.pk}": f"Waarde {p}" for v in CoreValue.objects.all()[:2]}
        saved = council.post(
            edit,
            {
                "text": f"Mijn reflectie {p} " * 2,
                "decisions": [decision.pk],
                "publish": "on",
                **values,
            },
        )
        assert saved.status_code == 302, saved.content.decode()[:3000]
        assert turn.reflection.text.startswith("Mijn reflectie")
        self.council = council
        self.private["reflection_edit"] = edit
        self.private["mine"] = reverse("council:mine")
        self.urls["meeting"] = reverse("council:meeting", args=[meeting.pk])
        self.urls["decision"] = reverse("council:decision", args=[decision.pk])
        self.urls["member"] = reverse("council:member", args=[member.pk])
        for name in [
            "home",
            "initiatives:list",
            "initiatives:figures",
            "agreements:list",
            "agreements:open_data",
            "council:meetings",
            "council:reflections",
            "council:core_values",
        ]:
            self.urls[name] = reverse(name)
        self.urls["search"] = reverse("initiatives:list") + "?" + _query(q=p)
        return self


def _query(**params):
    from urllib.parse import urlencode

    return urlencode(params)


@pytest.fixture(params=XSS_PAYLOADS, ids=[f"payload{i}" for i in range(len(XSS_PAYLOADS))])
def world(request, demo):
    return World(request.param).build()


def test_public_pages_show_every_field_escaped(world):
    anonymous = Client()
    shown = 0
    for name, url in world.urls.items():
        response = anonymous.get(url)
        assert response.status_code == 200, (name, url)
        html = response.content.decode()
        assert_escaped(html, world.payload, name)
        shown += html.count("Plan ") + html.count("Akkoord ")
    assert shown  # the payload's fields are on the pages looked at


def test_the_payload_is_on_the_public_pages_as_text(world):
    """The escaped text is there, unchanged (no template evaluation, no stripping)."""
    anonymous = Client()
    for name, marker in [
        ("initiative", "Plan "),
        ("initiative", "Beschrijving "),
        ("initiative", "Bezwaar "),
        ("initiative", "Reden "),
        ("manifest", "Ondertekenaar "),
        ("manifest", "Organisatie "),
        ("event", "Oogst "),
        ("wijkraad", "Afgesproken "),
        ("agreement", "Partner "),
        ("agreement", "KPI "),
        ("meeting", "Mijn reflectie "),
        ("decision", "Besluit "),
        ("challenge", "Uitdaging "),
        ("budget", "Plan "),
    ]:
        text = unescape(anonymous.get(world.urls[name]).content.decode())
        assert marker + world.payload in text, (name, marker)


def test_private_pages_show_every_field_escaped(world):
    for name, url in world.private.items():
        client = world.council if name in ("reflection_edit", "mine") else Client()
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        assert_escaped(response.content.decode(), world.payload, name)
    # The reflection in its textarea: `</textarea>` in it does not close the field.
    edit = world.council.get(world.private["reflection_edit"]).content.decode()
    assert edit.count("</textarea>") == edit.count("<textarea")


def test_emails_escape_html_and_keep_the_text_verbatim(world):
    rows = list(Notification.objects.all())
    assert len(rows) > 5
    with_payload = 0
    for row in rows:
        subject, text, html = notifications.render(row)
        assert not injected_markup(html), (row.kind, injected_markup(html))
        for part in (subject, text):
            # Plain text is not HTML: no entities where the resident typed < > " '.
            assert not re.search(r"&(lt|gt|quot|amp|#x27|#39);", part), (row.kind, part)
        # The HTML is escaped exactly once: read as a browser does, it says what was typed.
        assert "&lt;p&gt;" not in html and "&amp;lt;" not in html, row.kind
        if world.payload in text:
            with_payload += 1
            assert world.payload in unescape(html), row.kind
    assert with_payload >= 3
    # And as they are really sent.
    mail.outbox.clear()
    for row in rows:
        notifications.send(row.pk)
    assert mail.outbox
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert not injected_markup(html), message.subject


def test_the_atom_feed_escapes_for_feed_readers(world):
    """A feed reader shows an Atom text of type html as HTML: what it unescapes once must
    still be text."""
    response = Client().get(reverse("initiatives:feed"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert entries
    seen = False
    for entry in entries:
        for element in entry.iter():
            text = element.text or ""
            if element.get("type") == "html":
                assert not injected_markup(text), (element.tag, text)
            if world.payload in text or world.payload in (element.get("title") or ""):
                seen = True
    assert seen or any(world.payload in (e.findtext("a:title", "", ns) or "") for e in entries)


def test_the_icalendar_feed_keeps_titles_on_their_own_line(world):
    Meeting.objects.create(
        title="Raad\r\nBEGIN:VEVENT\r\nSUMMARY:nep",
        location="Zaal;X-INJECT:1,\nATTACH:https://evil.example/",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    body = Client().get(reverse("council:meetings_ical")).content.decode()
    lines = body.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == Meeting.objects.count()
    assert not any(line.startswith(("ATTACH", "X-INJECT", "SUMMARY:nep")) for line in lines)
    assert f"SUMMARY:Vergadering {world.payload}".replace(",", "\\,").replace(";", "\\;")[
        :60
    ] in body.replace("\r\n ", "")


def test_open_data_is_served_as_data_never_as_a_page(world):
    client = Client()
    for name in ["kpi_json", "kpi_csv"]:
        response = client.get(world.data[name])
        assert response.status_code == 200
        assert "html" not in response["Content-Type"]
        assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(client.get(world.data["kpi_json"]).content)
    assert data["name"] == f"KPI {world.payload}"[:200]
    everything = client.get(reverse("agreements:kpis_json"))
    assert everything["Content-Type"].startswith("application/json")
    sortition_data = client.get(reverse("council:sortition_data", args=["loting-xss"]))
    assert sortition_data["Content-Type"].startswith("application/json")
    assert sortition_data["X-Content-Type-Options"] == "nosniff"


def test_admin_changelists_and_change_pages_escape_everything(world):
    """Every model in the admin: its list, a search for the payload, and the change and
    history page of each object (initiatives with their messages, attachments and their file
    names, signatures, volunteers, sign-ups, the audit log, the outbox)."""
    from django.contrib import admin

    client = Client()
    client.force_login(staff("beheer@leusden.example"))
    looked_at = 0
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        for url in [changelist, changelist + "?" + _query(q=world.payload)]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_escaped(response.content.decode(), world.payload, url)
        for obj in model._default_manager.all()[:8]:
            for view in ("change", "history"):
                url = reverse("admin:{}_{}_{}".format(*info, view), args=[obj.pk])
                response = client.get(url)
                assert response.status_code == 200, url
                html = response.content.decode()
                assert_escaped(html, world.payload, url)
                looked_at += world.payload in unescape(html)
    assert looked_at > 20


def test_admin_refuses_a_javascript_link_in_a_url_field(demo):
    """URL fields (partner websites, documents, the municipality's site) accept only http(s)
    addresses, so that a javascript: link never reaches a page."""
    from django.core.exceptions import ValidationError

    from initiatives.models import PartnerOrganisation

    client = Client()
    client.force_login(staff("beheer@leusden.example"))
    response = client.post(
        reverse("admin:initiatives_partnerorganisation_add"),
        {"name": "Stichting X", "website": "javascript:alert(1)", "email": "x@example.org"},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not PartnerOrganisation.objects.filter(name="Stichting X").exists()
    for bad in ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]:
        partner = Partner(agreement_id=1, name="P", website=bad)
        with pytest.raises(ValidationError):
            partner.clean_fields(exclude=["agreement"])


def test_reflected_input_in_forms_comes_back_escaped(client, demo):
    """A refused form shows what was typed, escaped: in inputs, textareas and errors."""
    for payload in XSS_PAYLOADS:
        response = client.post(
            reverse("initiatives:submit"),
            form_data(
                title=payload,
                description=payload,
                email=payload,
                name=payload,
                submission_key=str(uuid.uuid4()),
                privacy_consent=None,
            ),
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert_escaped(html, payload, "submit form")
        assert html.count("</textarea>") == html.count("<textarea")
        for name in ["initiatives:new_link"]:
            back = client.post(reverse(name), {"email": payload})
            assert_escaped(back.content.decode(), payload, name)


def test_an_email_subject_is_plain_text(client, demo):
    """A title with & or quotes arrives in the subject as typed, not as HTML entities."""
    event = CouncilEvent.objects.create(
        kind=CouncilEvent.Kind.CONFERENCE,
        title='Jong & oud "samen"',
        slug="jong-en-oud",
        description="Een avond.",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        location="Leusden",
        places=5,
    )
    client.post(
        reverse("council:event_signup", args=[event.slug]),
        {"name": "Anna", "email": "anna@example.org"},
    )
    notifications.send(Notification.objects.get(kind="council.event_confirm").pk)
    assert mail.outbox[-1].subject == 'Bevestig uw aanmelding: Jong & oud "samen"'
    assert "Jong &amp; oud &quot;samen&quot;" in mail.outbox[-1].alternatives[0][0]


# --- Where escaping could be switched off: each use listed with its reason --------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
CODE_DIRS = ["initiatives", "agreements", "council", "leusden_portal"]

# file -> why its mark_safe is safe
MARK_SAFE = {
    "agreements/charts.py": "joins parts that were each built with format_html",
    "leusden_portal/notifications/services.py": "linebreaks(autoescape=True) escaped the text",
    "initiatives/templatetags/queue.py": "joins cells each escaped (conditional_escape, format_html)",
}
# The expressions templates put in href/src/action, and where their value comes from.
URL_EXPRESSIONS = {
    "agreement.get_absolute_url": "reverse()",
    "body.get_absolute_url": "reverse()",
    "budget.get_absolute_url": "reverse()",
    "decision.get_absolute_url": "reverse()",
    "decision.meeting.get_absolute_url": "reverse()",
    "event.get_absolute_url": "reverse()",
    "file.get_absolute_url": "reverse()",
    "initiative.referred_agreement.get_absolute_url": "reverse()",
    "manifest.get_absolute_url": "reverse()",
    "meeting.get_absolute_url": "reverse()",
    "meeting.mirror_turn.member.get_absolute_url": "reverse()",
    "member.get_absolute_url": "reverse()",
    "next_turn.meeting.get_absolute_url": "reverse()",
    "reflection.turn.meeting.get_absolute_url": "reverse()",
    "sortition.get_absolute_url": "reverse()",
    "volunteer.sortition.get_absolute_url": "reverse()",
    "privacy_url": "{% url %}",
    "staff_login": "{% url %}",
    "app_path": "the admin login view: request.get_full_path(), autoescaped",
    "password_reset_url": "{% url %}",
    "show_all_url": "the admin ChangeList.get_query_string(), autoescaped",
    "new_link_url": "{% url %}",
    "opt_out_url": "reverse() of a signed token",
    "link": "the e-mail's link: reverse() made absolute with SITE_URL",
    "lang.url": "translate_url() of the request's own path",
    "process_path": "the process type's reverse()",
    "url": "the admin's transition URLs (reverse())",
    "form_action": "crispy form helpers in our own forms",
    "partner.website": "a URLField (http/https only, validated by the admin form)",
    "event.document_href": "a URLField (http/https only) or the uploaded file's URL",
    "municipality.logo_url": "the uploaded logo's storage URL",
    "example_url": "reverse() of the admin's example CSV file",
    "research.report_url": "a URLField of the accessibility statement (http/https/ftp only)",
    "statement.complaint_url": "a URLField of the accessibility statement (http/https/ftp only)",
}


def _templates():
    return sorted(p for p in (ROOT / "templates").rglob("*") if p.is_file())


def test_no_template_switches_escaping_off_for_html():
    for template in _templates():
        text = template.read_text()
        relative = template.relative_to(ROOT).as_posix()
        assert "|safe" not in text and "|safeseq" not in text, relative
        assert "json_script" not in text, relative
        if "autoescape off" in text:
            # Only plain-text e-mail parts, which no browser reads as HTML.
            assert relative.startswith("templates/notifications/") and relative.endswith(".txt"), (
                relative
            )


def test_every_url_a_template_writes_into_an_attribute_is_known():
    found = set()
    for template in _templates():
        for expression in re.findall(
            r'(?:href|src|action|formaction)="\{\{\s*([^}|\s]+)', template.read_text()
        ):
            found.add(expression)
    assert found <= set(URL_EXPRESSIONS), sorted(found - set(URL_EXPRESSIONS))


def test_mark_safe_only_where_listed():
    uses = set()
    for directory in CODE_DIRS:
        for source in (ROOT / directory).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            text = source.read_text()
            if re.search(r"\bmark_safe\(|SafeString\(|\{% autoescape off", text):
                uses.add(source.relative_to(ROOT).as_posix())
    assert uses == set(MARK_SAFE)
