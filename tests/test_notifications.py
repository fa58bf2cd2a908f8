"""The outbox: never lost, never twice, nothing on rollback; templates, digests, opt-out."""

import datetime
import re
import time
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from leusden_portal.accounts.models import User
from leusden_portal.core.models import Municipality
from leusden_portal.notifications import services
from leusden_portal.notifications.models import (
    DeliveryPreference,
    EmailOptOut,
    Notification,
    Reminder,
)
from leusden_portal.notifications.registry import KINDS, Kind, register

from .conftest import celery_broker, wait_for

# Kinds for the tests of the generic machinery (the apps register their own).
REMINDER_KIND = register(Kind("tests.reminder", "Test reminder", essential=False, digestible=True))


@pytest.fixture(autouse=True)
def _test_templates(settings, tmp_path):
    """Templates for the test kind, in both languages."""
    for lang in ("nl", "en"):
        base = tmp_path / "notifications" / "tests.reminder" / lang
        base.mkdir(parents=True)
        (base / "subject.txt").write_text(f"Herinnering {lang}")
        (base / "body.txt").write_text(
            f"Over {{{{ about }}}} {{{{ link }}}}{{% include 'notifications/_footer.{lang}.txt' %}}"
        )
        (base / "body.html").write_text(
            "<p>Over {{ about }}</p>{% if opt_out_url %}<a href='{{ opt_out_url }}'>uit</a>{% endif %}"
        )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    yield
    assert "tests.reminder" in KINDS


def new_staff_member_through_admin(client, email="nieuw@leusden.example"):
    """Create an account as an administrator does: the real admin form."""
    client.force_login(User.objects.get(email="beheer@leusden.example"))
    started = time.monotonic()
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": email, "full_name": "Nina Nieuw", "usable_password": "false"},
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=email), elapsed


# --- Writing and rendering ---------------------------------------------------------------------


@pytest.mark.django_db
def test_new_account_gets_one_welcome_mail_with_a_working_link(
    client, demo, django_capture_on_commit_callbacks, smtp_sink
):
    with django_capture_on_commit_callbacks() as callbacks:
        user, _elapsed = new_staff_member_through_admin(client)
    assert len(callbacks) == 1  # the send is queued after commit, not before
    notification = Notification.objects.get(recipient_user=user)
    assert notification.state == "pending" and notification.language == "nl"
    assert services.send(notification.pk) == "sent"
    assert smtp_sink.count() == 1
    message = smtp_sink.messages[0]
    assert message["To"] == "nieuw@leusden.example"
    assert message["Subject"] == "Uw account voor Samenleving Voorop Leusden"
    # No personal data in the subject.
    assert "Nina" not in message["Subject"] and "nieuw@" not in message["Subject"]
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }
    assert "Beste Nina" in parts["text/plain"] and "Gemeente Leusden" in parts["text/plain"]
    assert '<html lang="nl">' in parts["text/html"]
    link = re.search(r"http://[^\s]+/admin/password/set/[^\s]+/", parts["text/plain"]).group(0)
    path = link.replace(settings.SITE_URL, "")
    client.logout()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "Lange-zin-als-wachtwoord-2026",
            "new_password2": "Lange-zin-als-wachtwoord-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Lange-zin-als-wachtwoord-2026")


@pytest.mark.django_db
def test_english_recipient_gets_english_mail(demo):
    user = User.objects.create_user("en@leusden.example", full_name="Emma", language="en")
    notification = services.notify(kind="accounts.welcome", recipient=user, about=user)
    subject, text, html = services.render(notification)
    assert subject == "Your account for Samenleving Voorop Leusden"
    assert "Dear Emma" in text and '<html lang="en">' in html


@pytest.mark.django_db
def test_send_twice_sends_once(demo, smtp_sink):
    notification = services.notify(kind="tests.reminder", recipient="a@example.org")
    assert services.send(notification.pk) == "sent"
    assert services.send(notification.pk) == "skipped"
    assert smtp_sink.count() == 1


@pytest.mark.django_db
def test_transient_smtp_error_is_retried_with_backoff_then_failed_and_retried_by_staff(
    demo, client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    notification = services.notify(kind="tests.reminder", recipient="a@example.org")
    for attempt in range(1, settings.NOTIFICATIONS_MAX_ATTEMPTS + 1):
        Notification.objects.filter(pk=notification.pk).update(not_before=timezone.now())
        result = services.send(notification.pk)
        notification.refresh_from_db()
        assert notification.attempts == attempt
        if attempt < settings.NOTIFICATIONS_MAX_ATTEMPTS:
            assert result == "retry" and notification.state == "pending"
            delay = (notification.not_before - timezone.now()).total_seconds()
            assert delay == pytest.approx(services.retry_delay(attempt), abs=5)
    assert result == "failed" and notification.state == "failed"
    assert "ConnectionRefusedError" in notification.last_error

    # The administrator sees it in the admin and sends it again.
    client.force_login(User.objects.get(email="beheer@leusden.example"))
    changelist = reverse("admin:notifications_notification_changelist")
    assert "a@example.org" in client.get(changelist, {"state__exact": "failed"}).content.decode()
    assert "a@example.org" in client.get(changelist, {"q": "A@EXAMPLE"}).content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(changelist, {"action": "retry", "_selected_action": [notification.pk]})
    notification.refresh_from_db()
    assert notification.state == "pending" and notification.attempts == 0
    assert len(callbacks) == 1
    assert services.send(notification.pk) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_resident_opt_out_stops_non_essential_mail_only(client, demo):
    notification = services.notify(kind="tests.reminder", recipient="Inwoner@example.org")
    _subject, text, _html = services.render(notification)
    opt_out = re.search(r"http://\S+", text.split("Zet deze e-mails uit")[1]).group(0)
    path = opt_out.replace(settings.SITE_URL, "")
    assert client.get(path).status_code == 200
    assert not EmailOptOut.objects.exists()  # a GET (a mail scanner) changes nothing
    response = client.post(path, {"action": "out"}, follow=True)
    assert "alleen nog e-mails over uw eigen aanvragen" in response.content.decode()
    later = services.notify(kind="tests.reminder", recipient="inwoner@example.org")
    assert later.state == "suppressed"
    essential = services.notify(kind="accounts.welcome", recipient="inwoner@example.org")
    assert essential.state == "pending"
    assert client.get(path[:-5] + "xxxx/").status_code == 404
    client.post(path, {"action": "in"})
    assert (
        services.notify(kind="tests.reminder", recipient="inwoner@example.org").state == "pending"
    )


@pytest.mark.django_db
def test_staff_choose_digest_and_get_one_mail_a_day(
    client, demo, django_capture_on_commit_callbacks
):
    user = User.objects.get(email="loket@leusden.example")
    client.force_login(user)
    page = client.get(reverse("notifications:preferences"))
    assert "Test reminder" in page.content.decode()
    client.post(reverse("notifications:preferences"), {"tests.reminder": "digest"})
    assert DeliveryPreference.objects.get(user=user).mode == "digest"
    first = services.notify(kind="tests.reminder", recipient=user)
    second = services.notify(kind="tests.reminder", recipient=user)
    assert {first.state, second.state} == {"digest"}
    assert services.send_digests() == 1
    digest = Notification.objects.get(kind="notifications.digest")
    assert digest.recipient_user == user
    assert set(digest.items.values_list("pk", flat=True)) == {first.pk, second.pk}
    subject, text, _html = services.render(digest)
    assert subject == "Uw dagoverzicht van Samenleving Voorop: 2 berichten"
    assert services.send_digests() == 0


# --- Reminders ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminder_created_once_sent_when_due_and_cancelled_when_done(demo):
    about = Municipality.objects.get()
    due = timezone.now() + datetime.timedelta(hours=1)
    for _ in range(2):
        services.reminder_schedule(
            kind="tests.reminder", recipient="a@example.org", about=about, due_at=due
        )
    assert Reminder.objects.count() == 1
    assert services.sweep_reminders() == 0  # not due yet
    Reminder.objects.update(due_at=timezone.now())
    assert services.sweep_reminders() == 1
    reminder = Reminder.objects.get()
    assert reminder.state == "sent" and reminder.notification.recipient_email == "a@example.org"
    assert services.sweep_reminders() == 0

    services.reminder_schedule(
        kind="tests.reminder", recipient="b@example.org", about=about, due_at=due, slot="later"
    )
    assert services.reminders_cancel(about=about) == 1
    Reminder.objects.filter(slot="later").update(due_at=timezone.now())
    assert services.sweep_reminders() == 0


def test_working_days_skip_weekends_and_dutch_holidays():
    from leusden_portal.core.dates import add_working_days, is_working_day

    assert not is_working_day(datetime.date(2026, 4, 27))  # Koningsdag
    assert not is_working_day(datetime.date(2026, 12, 26))
    # Thursday 24 Dec 2026 + 2 working days: Fri 25 and Sat 26 are Christmas, Sun, Mon 28.
    assert add_working_days(datetime.date(2026, 12, 24), 2) == datetime.date(2026, 12, 29)
    assert add_working_days(datetime.date(2026, 11, 20), 1) == datetime.date(2026, 11, 23)


# --- With real workers on Redis ----------------------------------------------------------------


@pytest.fixture
def committed_demo(transactional_db):
    from django.core.management import call_command

    call_command("seed_demo", "--without-examples", stdout=open("/dev/null", "w"))  # noqa: SIM115


def welcome(email):
    """A real kind that the worker processes know (the tests' own kind lives only here)."""
    user = User.objects.create_user(email, full_name="Test")
    return services.notify(kind="accounts.welcome", recipient=user, about=user)


def test_rolled_back_transaction_sends_nothing(committed_demo, celery_worker_factory, smtp_sink):
    celery_worker_factory(
        settings.REDIS_URL, settings.CELERY_TASK_DEFAULT_QUEUE, {"EMAIL_URL": smtp_sink.email_url}
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        welcome("a@example.org")
        raise RuntimeError("the change failed")
    kept = welcome("b@example.org")  # commits at once
    assert wait_for(lambda: smtp_sink.count() == 1, timeout=60)
    services.sweep_outbox()
    time.sleep(2)
    assert [m["To"] for m in smtp_sink.messages] == ["b@example.org"]
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]


def test_two_workers_sending_the_same_row_send_one_mail(
    committed_demo, celery_worker_factory, smtp_sink
):
    queue = f"two-{uuid.uuid4().hex[:8]}"
    for _ in range(2):
        celery_worker_factory(settings.REDIS_URL, queue, {"EMAIL_URL": smtp_sink.email_url})
    with transaction.atomic():
        notification = welcome("a@example.org")
    from leusden_portal.notifications.tasks import send_notification

    for _ in range(10):
        send_notification.apply_async(args=[notification.pk], queue=queue)
    assert wait_for(
        lambda: Notification.objects.get(pk=notification.pk).state == "sent", timeout=60
    )
    time.sleep(3)  # let the other nine tasks run
    assert smtp_sink.count() == 1


def test_created_while_broker_down_is_delivered_once_it_is_back(
    client, committed_demo, own_redis, celery_worker_factory, smtp_sink
):
    with celery_broker(own_redis.url):
        own_redis.stop()
        user, elapsed = new_staff_member_through_admin(client)
        # The request did not wait for the missing broker.
        assert elapsed < 5
        notification = Notification.objects.get(recipient_user=user)
        assert notification.state == "pending"
        own_redis.start()
        celery_worker_factory(
            own_redis.url, settings.CELERY_TASK_DEFAULT_QUEUE, {"EMAIL_URL": smtp_sink.email_url}
        )
        assert services.sweep_outbox() == 1  # what beat does every minute
        assert wait_for(lambda: smtp_sink.count() == 1, timeout=60)
        services.sweep_outbox()
        time.sleep(2)
    assert smtp_sink.count() == 1
    assert smtp_sink.messages[0]["To"] == user.email
    notification.refresh_from_db()
    assert notification.state == "sent" and notification.attempts == 1


@override_settings(NOTIFICATIONS_CLAIM_TIMEOUT=3)
def test_worker_killed_during_send_gives_exactly_one_mail_after_restart(
    committed_demo, celery_worker_factory, smtp_sink
):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE  # where the sweep queues to
    env = {"EMAIL_URL": smtp_sink.email_url, "NOTIFICATIONS_CLAIM_TIMEOUT": "3"}
    smtp_sink.stall_first = 30
    worker = celery_worker_factory(settings.REDIS_URL, queue, env)
    welcome("a@example.org")  # commits, queues
    assert smtp_sink.stalled.wait(60), "the worker never started sending"
    worker.kill()
    notification = Notification.objects.get()
    assert notification.state == "sending" and smtp_sink.count() == 0

    celery_worker_factory(settings.REDIS_URL, queue, env)  # the restart
    assert services.sweep_outbox() == 0  # a fresh claim may still be sending: left alone
    time.sleep(3.5)  # the claim timeout passes
    assert services.sweep_outbox() == 1
    assert wait_for(lambda: smtp_sink.count() == 1, timeout=60)
    services.sweep_outbox()
    time.sleep(2)
    assert smtp_sink.count() == 1
    notification.refresh_from_db()
    assert notification.state == "sent" and notification.attempts == 2


@pytest.mark.django_db
def test_run_sweeps_command_does_what_beat_does(demo):
    from io import StringIO

    from django.core.management import call_command

    about = Municipality.objects.get()
    services.reminder_schedule(
        kind="tests.reminder", recipient="a@example.org", about=about, due_at=timezone.now()
    )
    out = StringIO()
    call_command("run_sweeps", stdout=out)
    assert "reminders due: 1" in out.getvalue()
    assert Notification.objects.filter(recipient_email="a@example.org").exists()


def test_mail_delivered_while_the_database_connection_dies_is_recorded_and_never_resent(
    committed_demo, smtp_sink, settings
):
    """A database restart between the SMTP server's 250 and the "sent" record: the worker
    reconnects and records it, instead of leaving the row "sending" to be mailed again."""
    import psycopg
    from django.db import connection

    notification = welcome("a@example.org")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    db = settings.DATABASES["default"]
    dsn = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    accept = smtp_sink.handle_DATA

    async def accept_then_cut_the_database(server, session, envelope):
        reply = await accept(server, session, envelope)
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [backend])
        return reply

    smtp_sink.handle_DATA = accept_then_cut_the_database
    assert services.send(notification.pk) == "sent"
    notification.refresh_from_db()
    assert notification.state == "sent" and notification.sent_at is not None
    settings.NOTIFICATIONS_CLAIM_TIMEOUT = 0  # even a sweep long after: nothing to resend
    services.sweep_outbox()
    assert services.send(notification.pk) == "skipped"
    assert smtp_sink.count() == 1


def test_the_outbox_is_the_administrators_and_hides_private_links(client, demo):
    from django.urls import reverse

    from leusden_portal.accounts.models import User

    from .test_initiatives import make_initiative

    make_initiative(email="sanne@example.org")
    pending = Notification.objects.get(kind="initiatives.submitted")
    link = pending.context["link"]
    change = reverse("admin:notifications_notification_change", args=[pending.pk])
    for email in ("loket@leusden.example", "griffie@leusden.example", "programma@leusden.example"):
        client.force_login(User.objects.get(email=email))
        assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403
        assert client.get(change).status_code in (302, 403, 404)
    client.force_login(User.objects.get(email="beheer@leusden.example"))
    html = client.get(change).content.decode()
    assert "(verborgen)" in html and link not in html and link.rsplit("/", 2)[-2] not in html
