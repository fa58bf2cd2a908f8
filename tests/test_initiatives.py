"""The samenlevingsloket: submitting, following, triage in the admin, bad input, access."""

import io
import re
import uuid
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative, PartnerOrganisation, Status, Team
from leusden_portal.accounts.models import User
from leusden_portal.core import tokens
from leusden_portal.core.models import AuditEntry, Theme
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def form_data(**overrides):
    theme = Theme.objects.get(slug="groen")
    data = {
        "title": "Moestuin in Groenhouten",
        "description": "Samen met de buurt een moestuin beginnen op het veldje achter de school.",
        "kind": "initiative",
        "theme": theme.pk,
        "neighbourhood": "",
        "help_asked": ["advice", "space"],
        "amount_requested": "",
        "involved": "Tien buren en de school.",
        "name": "Sanne de Vries",
        "email": "sanne@example.org",
        "phone": "",
        "privacy_consent": "on",
        "publish_consent": "on",
        "website": "",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, files=(), **overrides):
    data = form_data(**overrides)
    if files:
        data["attachments"] = list(files)
    return client.post(reverse("initiatives:submit"), data)


def submitted_token(initiative):
    """The private link as the initiator receives it: from the e-mail in the outbox."""
    notification = Notification.objects.filter(
        kind="initiatives.submitted", object_id=str(initiative.pk)
    ).get()
    return notification.context["link"].rstrip("/").rsplit("/", 1)[-1]


def test_form_page_works_without_javascript(client, demo):
    html = client.get(reverse("initiatives:submit")).content.decode()
    assert re.search(r"<form method=\"post\"[^>]* enctype=\"multipart/form-data\"", html)
    assert "<script" not in html
    for field in ("title", "description", "name", "email", "privacy_consent"):
        assert f'for="id_{field}"' in html, field


def test_resident_submits_and_gets_reference_mail_and_private_link(client, demo):
    response = submit(client, files=[SimpleUploadedFile("plan.pdf", PDF, "application/pdf")])
    assert response.status_code == 302, response.content.decode()[:3000]
    initiative = Initiative.objects.get()
    assert re.fullmatch(r"SV-\d{4}-\d{5}", initiative.reference)
    page = client.get(response["Location"]).content.decode()
    assert initiative.reference in page

    token = submitted_token(initiative)
    assert len(token) >= 32  # 256 bits, URL-safe
    assert initiative.links.get().token_hash == tokens.digest(token)
    assert token not in str(Initiative.objects.values().get())

    notification = Notification.objects.get(kind="initiatives.submitted")
    subject, text, html = notifications.render(notification)
    assert initiative.reference in subject and "Sanne" not in subject
    assert initiative.reference in text and f"/loket/volgen/{token}/" in text
    assert notifications.send(notification.pk) == "sent"
    notification.refresh_from_db()
    assert "link" not in notification.context  # the token does not stay in the outbox

    track = client.get(reverse("initiatives:track", args=[token]))
    assert track.status_code == 200
    body = track.content.decode()
    assert "Moestuin in Groenhouten" in body and "Ingediend" in body
    assert track["Referrer-Policy"] == "same-origin"
    attachment = initiative.attachments.get()
    assert attachment.original_name == "plan.pdf"
    download = client.get(reverse("initiatives:track_attachment", args=[token, attachment.token]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="initiatives.initiative.submitted").exists()


def test_double_click_submits_once(client, demo):
    key = str(uuid.uuid4())
    first = submit(client, submission_key=key)
    second = submit(client, submission_key=key)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Initiative.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "files", "message"),
    [
        ({"privacy_consent": None}, [], "Zonder uw toestemming"),
        ({"title": ""}, [], "Vul de titel van uw idee"),
        ({"email": "geen-adres"}, [], "geldig e-mailadres in, zoals naam@voorbeeld.nl"),
        (
            {},
            [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary", "application/pdf")],
            "is geen PDF",
        ),
        ({}, [SimpleUploadedFile("foto.png", PDF, "image/png")], "is geen PDF"),
        (
            {},
            [SimpleUploadedFile("groot.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")],
            "te groot",
        ),
        ({}, [SimpleUploadedFile(f"f{i}.png", PNG, "image/png") for i in range(6)], "hoogstens 5"),
        ({"website": "http://spam.example"}, [], "Laat dit veld leeg"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_lost(
    client, demo, overrides, files, message
):
    response = submit(client, files=files, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert Initiative.objects.count() == 0
    if overrides.get("title") != "":
        assert "Samen met de buurt een moestuin" in html  # what was typed is kept


def test_files_are_kept_with_a_form_that_comes_back_and_abandoned_ones_go_after_a_day(
    client, demo, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from initiatives.models import HeldUpload

    key = str(uuid.uuid4())
    response = submit(
        client, files=[SimpleUploadedFile("plan.pdf", PDF)], title="", submission_key=key
    )
    assert response.status_code == 400
    assert "plan.pdf (toegevoegd" in response.content.decode()
    (kept,) = HeldUpload.objects.filter(form_key=key)
    stored = kept.file.name
    assert kept.file.storage.exists(stored)
    # The kept files count towards the five: four more are too many.
    too_many = [SimpleUploadedFile(f"f{i}.png", PNG) for i in range(5)]
    response = submit(client, files=too_many, submission_key=key)
    assert "er zijn er al 1 toegevoegd" in response.content.decode()
    assert Initiative.objects.count() == 0
    # Another form's key does not reach them; an invalid key is an ordinary error.
    assert "plan.pdf" not in submit(client, title="").content.decode()
    assert submit(client, submission_key="geen-sleutel").status_code == 400

    # Abandoned: after a day the row and the file are gone (beat runs this every hour).
    assert services.held_uploads_cleanup() == 0
    HeldUpload.objects.update(created_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.held_uploads_cleanup() == 1
    assert not HeldUpload.objects.exists() and not kept.file.storage.exists(stored)


def test_accepted_file_types_by_content(client, demo):
    response = submit(
        client,
        files=[
            SimpleUploadedFile("brief.docx", docx_bytes()),
            SimpleUploadedFile("kaart.png", PNG),
        ],
    )
    assert response.status_code == 302
    assert Initiative.objects.get().attachments.count() == 2


def test_script_in_text_fields_is_rendered_escaped(client, demo):
    payload = '<script>alert("x")</script>'
    submit(client, title=f"Titel {payload}", description=f"Tekst {payload}")
    initiative = Initiative.objects.get()
    html = client.get(
        reverse("initiatives:track", args=[submitted_token(initiative)])
    ).content.decode()
    assert payload not in html and "&lt;script&gt;" in html


def test_rate_limit_per_address(client, demo, settings):
    settings.INITIATIVES_SUBMISSIONS_PER_HOUR = 2
    assert submit(client).status_code == 302
    assert submit(client).status_code == 302
    response = submit(client)
    assert response.status_code == 400
    assert "in korte tijd" in response.content.decode()


def test_rate_limit_per_network_address_is_a_setting(client, demo, settings):
    """Different residents behind one address (a household, a load generator) share a limit
    of their own."""
    settings.INITIATIVES_SUBMISSIONS_PER_IP_PER_HOUR = 2
    assert submit(client, email="a@example.org").status_code == 302
    assert submit(client, email="b@example.org").status_code == 302
    response = submit(client, email="c@example.org")
    assert response.status_code == 400
    assert "in korte tijd" in response.content.decode()
    assert not Initiative.objects.filter(email="c@example.org").exists()


def test_the_submission_limit_is_looked_up_through_an_index(demo):
    """Every submission counts the address's submissions of the last hour: through the index
    on UPPER(email), submitted_at, not by scanning every initiative (found by bench/)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from initiatives import selectors

    since = timezone.now() - timezone.timedelta(hours=1)
    sql, params = selectors.submissions_by_address(
        "Sanne@Example.org", since
    ).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table: show what it can use
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "initiative_email_idx" in plan, plan


def test_wrong_token_gives_a_clear_page_and_never_another_initiative(client, demo):
    submit(client)
    response = client.get(reverse("initiatives:track", args=["x" * 43]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze link werkt niet" in html and "Moestuin" not in html


def test_new_links_for_one_initiative_are_mailed_a_few_times_a_day(client, demo, settings):
    initiative, _token = make_initiative(email="sanne@example.org")
    # (the page also allows one request per address in five minutes; here the day's limit)
    for _ in range(settings.INITIATIVES_NEW_LINKS_PER_DAY + 3):
        services.initiative_send_new_links(email="SANNE@example.org")
    sent = Notification.objects.filter(kind="initiatives.new_link", object_id=str(initiative.pk))
    assert sent.count() == settings.INITIATIVES_NEW_LINKS_PER_DAY


def test_new_link_answer_does_not_reveal_the_address_and_keeps_the_old_link(client, demo):
    submit(client)
    initiative = Initiative.objects.get()
    old = submitted_token(initiative)
    known = client.post(reverse("initiatives:new_link"), {"email": "SANNE@example.org"})
    unknown = client.post(reverse("initiatives:new_link"), {"email": "niemand@example.org"})
    assert known.content == unknown.content
    new = (
        Notification.objects.get(kind="initiatives.new_link")
        .context["link"]
        .rstrip("/")
        .rsplit("/", 1)[-1]
    )
    # Anyone who knows the address may ask: that must not break the initiator's link.
    assert client.get(reverse("initiatives:track", args=[old])).status_code == 200
    assert client.get(reverse("initiatives:track", args=[new])).status_code == 200


# --- Transitions -----------------------------------------------------------------------------


def make_initiative(**overrides):
    data = {
        "title": "Bankje bij de vijver",
        "description": "Een bankje.",
        "kind": "idea",
        "theme": Theme.objects.get(slug="groen"),
        "name": "Piet",
        "email": "piet@example.org",
        "privacy_consent": True,
        **overrides,
    }
    return services.initiative_submit(data=data)


FORBIDDEN = [
    (start, target)
    for start in Status
    for target in Status
    if target not in services.TRANSITIONS[start]
]


@pytest.mark.parametrize(("start", "target"), FORBIDDEN)
def test_every_transition_outside_the_table_is_refused(demo, start, target):
    initiative, _token = make_initiative()
    Initiative.objects.filter(pk=initiative.pk).update(status=start)
    initiative.refresh_from_db()
    staff = User.objects.get(email="loket@leusden.example")
    with pytest.raises(services.TransitionNotAllowed):
        services._transition(initiative, target, actor=staff, message="x")
    initiative.refresh_from_db()
    assert initiative.status == start


def test_declining_needs_a_reason(demo):
    initiative, _token = make_initiative()
    staff = User.objects.get(email="loket@leusden.example")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.initiative_decline(actor=staff, initiative=initiative, reason="nee")
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED


def test_civil_servant_triages_asks_refers_and_the_resident_sees_each_step(client, demo):
    submit(client)
    initiative = Initiative.objects.get()
    token = submitted_token(initiative)
    staff = User.objects.get(email="loket@leusden.example")
    partner = PartnerOrganisation.objects.create(
        name="Stichting Groen Leusden", contact_name="Kees", email="kees@example.org"
    )
    team = Team.objects.create(name="Team Openbare Ruimte")
    admin_client = client.__class__()
    admin_client.force_login(staff)
    change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    assert admin_client.get(change).status_code == 200

    def step(action, data):
        url = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, action])
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]

    step("triage", {"message": ""})
    step("assign", {"team": team.pk, "assignee": staff.pk})
    step("question", {"question": "Hoe groot is het veldje ongeveer?"})
    page = client.get(reverse("initiatives:track", args=[token])).content.decode()
    assert "Hoe groot is het veldje ongeveer?" in page and "Wacht op uw antwoord" in page

    client.post(
        reverse("initiatives:track", args=[token]), {"body": "Ongeveer 200 m2.", "reply": "1"}
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.TRIAGE
    step(
        "refer",
        {"message": "Stichting Groen Leusden helpt u verder.", "partner": partner.pk, "team": ""},
    )
    page = client.get(reverse("initiatives:track", args=[token])).content.decode()
    assert "Stichting Groen Leusden helpt u verder." in page and "Doorverwezen" in page
    assert "kees@example.org" in page

    # A step that is not possible now is refused in the admin as well.
    url = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, "triage"])
    assert admin_client.post(url, {"message": ""}).status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.REFERRED
    kinds = list(Notification.objects.values_list("kind", flat=True))
    assert kinds.count("initiatives.status_changed") == 2
    # The question came with a link of its own to answer it, a second valid link.
    question = Notification.objects.get(kind="initiatives.question_asked")
    notifications.send(question.pk)
    answer_link = re.search(r"http://\S+/loket/volgen/\S+/", mail.outbox[-1].body).group(0)
    assert "Hoe groot is het veldje ongeveer?" in mail.outbox[-1].body
    assert "Beantwoord de vraag:" in mail.outbox[-1].body
    assert client.get(answer_link.split("testserver")[-1]).status_code == 200
    assert initiative.links.filter(revoked_at__isnull=True).count() == 2
    assert AuditEntry.objects.filter(action="initiatives.initiative.referred", actor=staff).exists()


def test_initiator_withdraws(client, demo):
    submit(client)
    token = submitted_token(Initiative.objects.get())
    url = reverse("initiatives:track", args=[token])
    response = client.post(url, {"withdraw": "1", "reason": ""})
    assert response.status_code == 400  # the confirmation box was not ticked
    client.post(url, {"withdraw": "1", "confirm": "on", "reason": "Niet meer nodig."})
    assert Initiative.objects.get().status == Status.WITHDRAWN
    assert "Reageer" not in client.get(url).content.decode()


# --- Access --------------------------------------------------------------------------------------


def test_attachment_access(client, demo):
    submit(client, files=[SimpleUploadedFile("plan.pdf", PDF)])
    first = Initiative.objects.get()
    attachment = first.attachments.get()
    submit(client, email="ander@example.org", title="Ander initiatief")
    other = Initiative.objects.exclude(pk=first.pk).get()
    staff_url = reverse("initiatives:attachment", args=[attachment.token])

    assert client.get(staff_url).status_code == 302  # anonymous: to the login
    other_token = submitted_token(other)
    url = reverse("initiatives:track_attachment", args=[other_token, attachment.token])
    assert client.get(url).status_code == 404  # another initiative's link

    client.force_login(User.objects.get(email="griffie@leusden.example"))
    assert client.get(staff_url).status_code == 404  # staff of another role
    client.force_login(User.objects.get(email="raadslid@leusden.example"))
    assert client.get(staff_url).status_code == 302  # not staff
    client.force_login(User.objects.get(email="loket@leusden.example"))
    assert client.get(staff_url).status_code == 200


def test_admin_inbox_runs_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    staff = User.objects.get(email="loket@leusden.example")
    client.force_login(staff)
    url = reverse("admin:initiatives_initiative_changelist")

    def fill(count):
        theme = Theme.objects.get(slug="groen")
        Initiative.objects.bulk_create(
            [
                Initiative(
                    reference=f"SV-2026-{90000 + i + Initiative.objects.count()}",
                    kind="idea",
                    title=f"Idee {i}",
                    description="x",
                    theme=theme,
                    name="X",
                    email=f"x{i}@example.org",
                )
                for i in range(count)
            ]
        )

    fill(10)
    client.get(url)
    import django.db

    with django.test.utils.CaptureQueriesContext(django.db.connection) as small:
        assert client.get(url, {"deadline": "overdue"}).status_code == 200
        client.get(url)
    fill(990)
    with django.test.utils.CaptureQueriesContext(django.db.connection) as large:
        client.get(url, {"deadline": "overdue"})
        client.get(url)
    assert len(large) == len(small)
    # Nothing that reads every initiative beyond the one count of the page: no months
    # grouped for a date hierarchy, no second count of the whole table when filtered.
    sql = [q["sql"] for q in large.captured_queries]
    assert not [s for s in sql if "DATE_TRUNC" in s.upper()]
    counts = [s for s in sql if "COUNT(*)" in s and '"initiatives_initiative"' in s]
    assert len(counts) == 2  # one per page view
    # ...and that one is capped: a COUNT over a LIMIT, an index range instead of the table.
    assert all("LIMIT 1001" in s for s in counts), counts
    assert "1000 initiatieven" in client.get(url).content.decode()  # exactly the cap: counted
    fill(1)
    html = client.get(url).content.decode()
    assert "Meer dan 1000 initiatieven: maak de lijst kleiner" in html
    assert "Alle 1000" not in html and "question hidden" not in html  # no step on them all
    assert client.get(url, {"q": "Idee 12"}).content.decode().count("Meer dan 1000") == 0


def test_seed_demo_adds_about_thirty_varied_initiatives_once(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    count = Initiative.objects.count()
    assert 25 <= count <= 35
    assert Initiative.objects.values("status").distinct().count() >= 7
    assert Initiative.objects.values("theme").distinct().count() >= 6
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Initiative.objects.count() == count


def test_norm_reminders_are_planned_at_intake_and_cancelled_when_met(demo):
    from leusden_portal.notifications.models import Reminder

    Team.objects.create(name="Loket", email="loket-team@example.org", is_loket=True)
    initiative, _token = make_initiative()
    reminders = {r.kind: r for r in Reminder.objects.filter(object_id=str(initiative.pk))}
    assert set(reminders) == {"initiatives.first_response_due", "initiatives.referral_due"}
    assert reminders["initiatives.first_response_due"].recipient_email == "loket-team@example.org"
    staff = User.objects.get(email="loket@leusden.example")
    services.initiative_take_in_triage(actor=staff, initiative=initiative)
    states = dict(Reminder.objects.values_list("kind", "state"))
    assert states == {
        "initiatives.first_response_due": "cancelled",
        "initiatives.referral_due": "scheduled",
    }
    services.initiative_refer(
        actor=staff, initiative=initiative, team=Team.objects.get(), message="Het loket helpt."
    )
    assert set(Reminder.objects.values_list("state", flat=True)) == {"cancelled"}


def test_tracking_page_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.INITIATIVES_MAX_FILES_PER_INITIATIVE = 100  # many files and links on the page
    settings.INITIATIVES_NEW_LINKS_PER_DAY = 100

    submit(client, files=[SimpleUploadedFile("plan.pdf", PDF)])
    initiative = Initiative.objects.get()
    url = reverse("initiatives:track", args=[submitted_token(initiative)])
    initiative.links.update(last_used_at=None)  # both visits record the use
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(20):
        upload = SimpleUploadedFile("p.pdf", PDF)
        upload.checked_content_type = "application/pdf"  # as the form's check leaves it
        services.initiative_reply(initiative=initiative, body=f"Aanvulling {i}", files=[upload])
        services.initiative_send_new_links(email=initiative.email)  # 20 more links listed
    initiative.links.update(last_used_at=None)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Aanvulling 19" in response.content.decode()
    assert len(many) == len(few) <= 10


def test_publication_needs_consent_and_is_approved_in_the_admin(client, demo):
    submit(client)  # with consent to publish
    submit(client, email="b@example.org", publish_consent=None)
    consenting, other = Initiative.objects.order_by("pk")
    client.force_login(User.objects.get(email="loket@leusden.example"))
    page = client.get(reverse("admin:initiatives_initiative_change", args=[consenting.pk]))
    publish = reverse("admin:initiatives_initiative_transition", args=[consenting.pk, "publish"])
    assert publish in page.content.decode()
    assert client.post(publish).status_code == 302
    consenting.refresh_from_db()
    assert consenting.approved_for_publication and consenting.is_public
    page = client.get(reverse("admin:initiatives_initiative_change", args=[other.pk]))
    assert "/transition/publish/" not in page.content.decode()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.initiative_publication(actor=None, initiative=other, approved=True)


def test_personal_data_is_anonymised_after_the_retention_period(client, demo, settings):
    import datetime

    from django.utils import timezone

    submit(client, files=[SimpleUploadedFile("plan.pdf", PDF)])
    initiative = Initiative.objects.get()
    token = submitted_token(initiative)
    staff = User.objects.get(email="loket@leusden.example")
    services.initiative_take_in_triage(actor=staff, initiative=initiative)
    services.initiative_complete(actor=staff, initiative=initiative, message="Klaar.")
    settings.INITIATIVES_RETENTION_MONTHS = 24
    now = timezone.now()
    assert services.initiatives_anonymise_expired(now=now) == 0  # just closed
    later = now + datetime.timedelta(days=2 * 366)
    assert services.initiatives_anonymise_expired(now=later) == 1
    initiative.refresh_from_db()
    assert initiative.anonymised_at and initiative.email == "" and initiative.name == "[verwijderd]"
    assert not initiative.attachments.exists()
    assert client.get(reverse("initiatives:track", args=[token])).status_code == 404
    assert AuditEntry.objects.filter(action="initiatives.initiative.anonymised").exists()
    assert services.initiatives_anonymise_expired(now=later) == 0


def test_staff_export_and_erase_one_initiators_data(client, demo):
    import json

    submit(client)
    initiative = Initiative.objects.get()
    client.force_login(User.objects.get(email="loket@leusden.example"))
    url = reverse("admin:initiatives_initiative_changelist")
    response = client.post(
        url, {"action": "export_initiator_data", "_selected_action": [initiative.pk]}
    )
    data = json.loads(response.content)
    assert data["sanne@example.org"][0]["name"] == "Sanne de Vries"
    client.post(url, {"action": "erase_initiator_data", "_selected_action": [initiative.pk]})
    initiative.refresh_from_db()
    assert initiative.email == "" and initiative.anonymised_at is not None


def _published(count, **fields):
    theme = Theme.objects.get(slug=fields.pop("theme_slug", "groen"))
    start = Initiative.objects.count()
    Initiative.objects.bulk_create(
        [
            Initiative(
                reference=f"SV-2026-{70000 + start + i}",
                kind="idea",
                title=f"Openbaar idee {start + i}",
                description="Een idee voor de buurt.",
                theme=theme,
                name="Verborgen Naam",
                email=f"verborgen{start + i}@example.org",
                publish_consent=True,
                approved_for_publication=True,
                **fields,
            )
            for i in range(count)
        ]
    )


def test_public_list_shows_only_consented_and_approved_and_no_personal_data(client, demo):
    _published(3)
    submit(client, title="Nog niet goedgekeurd")
    response = client.get(reverse("initiatives:list"))
    html = response.content.decode()
    assert html.count('class="portal-card"') == 3
    assert "Nog niet goedgekeurd" not in html and "Verborgen Naam" not in html
    assert "verborgen0@example.org" not in html
    detail = client.get(reverse("initiatives:detail", args=["SV-2026-70000"]))
    assert detail.status_code == 200 and "Verborgen" not in detail.content.decode()
    hidden = Initiative.objects.get(title="Nog niet goedgekeurd")
    assert client.get(reverse("initiatives:detail", args=[hidden.reference])).status_code == 404


def test_public_list_filters_search_and_pages(client, demo):
    _published(25)
    _published(2, theme_slug="duurzaamheid", status="in_progress")
    url = reverse("initiatives:list")
    html = client.get(url, {"theme": "duurzaamheid"}).content.decode()
    assert html.count('class="portal-card"') == 2
    html = client.get(url, {"status": "in_progress", "q": "openbaar idee 26"}).content.decode()
    assert html.count('class="portal-card"') == 1
    first = client.get(url).content.decode()
    assert first.count('class="portal-card"') == 20 and "page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="portal-card"') == 7
    assert client.get(url, {"theme": "bestaat-niet"}).status_code == 200


def test_public_pages_run_the_same_number_of_queries_at_10_and_1000(client, demo, settings):
    from django.db import connection

    settings.PAGECACHE_ENABLED = False  # the queries of a page built, not served from cache
    from django.test.utils import CaptureQueriesContext

    _published(10)
    list_url = reverse("initiatives:list")
    detail_url = reverse("initiatives:detail", args=["SV-2026-70005"])
    client.get(list_url)
    client.get(detail_url)  # warms the process-wide content-type cache
    with CaptureQueriesContext(connection) as small:
        client.get(list_url, {"theme": "groen", "q": "idee"})
        client.get(detail_url)
    _published(990)
    with CaptureQueriesContext(connection) as large:
        client.get(list_url, {"theme": "groen", "q": "idee"})
        client.get(detail_url)
    assert len(large) == len(small) <= 20  # two pages, each at most 10


def test_atom_feed_lists_published_initiatives_only(client, demo):
    _published(2)
    submit(client, title="Nog niet goedgekeurd")
    response = client.get(reverse("initiatives:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 2
    assert "Openbaar idee" in body and "Nog niet goedgekeurd" not in body
    assert "Initiatieven in Leusden" in body and "Verborgen" not in body


def test_help_asked_offers_checkboxes_so_that_several_can_be_chosen(client, demo):
    html = client.get(reverse("initiatives:submit")).content.decode()
    assert (
        'type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" name="help_asked"'
        in html
    )
    assert (
        'type="radio" class="utrecht-radio-button utrecht-radio-button--html-input" name="kind"'
        in html
    )
    assert (
        'name="help_asked" value="advice"' in html and 'type="radio" name="help_asked"' not in html
    )


def test_the_form_tells_the_browser_what_it_may_fill_in(client, demo):
    html = client.get(reverse("initiatives:submit")).content.decode()
    assert re.search(r'<input type="text" name="name"[^>]*autocomplete="name"', html)
    assert re.search(r'<input type="email" name="email"[^>]*autocomplete="email"', html)
    assert re.search(r'<input type="tel" name="phone"[^>]*autocomplete="tel"', html)
    assert 'name="title"' in html and not re.search(r'name="title"[^>]*autocomplete', html)


def test_assigning_needs_a_team_or_a_person_and_starts_from_the_routed_team(client, demo):
    from initiatives.models import RoutingRule

    groen = Team.objects.create(name="Team Openbare Ruimte")
    other = Team.objects.create(name="Team Sociaal Domein")
    member = User.objects.create_user(
        email="zoe@leusden.example", password="x", full_name="Zoë Zwart", is_staff=True
    )
    groen.members.add(member)
    RoutingRule.objects.create(theme=Theme.objects.get(slug="groen"), team=groen)
    submit(client)
    initiative = Initiative.objects.get()
    assert initiative.team == groen
    staff = User.objects.get(email="loket@leusden.example")
    client.force_login(staff)
    url = reverse("admin:initiatives_initiative_transition", args=[initiative.pk, "assign"])

    # The routed team is chosen already; its members come first among the persons.
    html = client.get(url).content.decode()
    assert re.search(rf'<option value="{groen.pk}" selected>Team Openbare Ruimte</option>', html)
    persons = re.findall(
        r'<option value="(\d+)"', html.split('name="assignee"')[1].split("</select>")[0]
    )
    assert persons[0] == str(member.pk)

    # Neither a team nor a person: refused in Dutch, and the routed team stays.
    refused = client.post(url, {"team": "", "assignee": ""})
    assert (
        refused.status_code == 200 and "Kies een team of een persoon." in refused.content.decode()
    )
    initiative.refresh_from_db()
    assert initiative.team == groen
    # A person alone keeps the team.
    assert client.post(url, {"team": "", "assignee": staff.pk}).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.team, initiative.assignee) == (groen, staff)
    assert client.post(url, {"team": other.pk, "assignee": ""}).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.team, initiative.assignee) == (other, None)
