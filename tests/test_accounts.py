"""Accounts: login by e-mail, roles as groups, brute-force protection, second factor."""

import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from leusden_portal.accounts.models import User
from leusden_portal.accounts.roles import GROUP_NAMES
from leusden_portal.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "samenleving-voorop"


def test_roles_exist_with_their_permissions():
    # The data migrations call sync_roles; an earlier transactional test may have flushed
    # their rows, so the function is run here as the migration runs it.
    from django.apps import apps

    from leusden_portal.accounts.roles import sync_roles

    sync_roles(apps)
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(GROUP_NAMES.values()) <= set(groups)
    perms = lambda role: {p.codename for p in groups[GROUP_NAMES[role]].permissions.all()}  # noqa: E731
    assert "view_auditentry" in perms("loket")
    assert "change_municipality" not in perms("loket")
    assert {"change_municipality", "add_user", "change_user"} <= perms("beheerder")
    assert "view_auditentry" not in perms("raadslid")


def test_login_by_email_address_in_any_case(demo, rf):
    request = rf.post("/admin/login/")
    user = authenticate(request, username="LOKET@Leusden.example", password=PASSWORD)
    assert user is not None and user.email == "loket@leusden.example"


def test_email_is_unique_whatever_the_case(demo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Loket@leusden.example")


def admin_login(client, email, password, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": email, "password": password, "next": "/admin/", **extra},
    )


def test_staff_log_in_at_the_admin(client, demo):
    response = admin_login(client, "loket@leusden.example", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_council_member_is_not_staff(client, demo):
    response = admin_login(client, "raadslid@leusden.example", PASSWORD)
    assert response.status_code == 200  # the login form again, with an error
    assert client.get("/admin/").status_code == 302


def test_brute_force_is_locked_out(client, demo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "loket@leusden.example", "wrong-password")
    response = admin_login(client, "loket@leusden.example", PASSWORD)
    assert response.status_code == 429
    assert "Te vaak geprobeerd in te loggen" in response.content.decode()
    assert client.get("/admin/").status_code == 302


# No throttling delay between the wrong and the right code in this test.
@override_settings(STAFF_OTP_REQUIRED=True, OTP_STATIC_THROTTLE_FACTOR=0)
def test_second_factor_required_for_staff_when_switched_on(client, demo):
    user = User.objects.get(email="loket@leusden.example")
    # Without a code: no access, even with the right password.
    admin_login(client, user.email, PASSWORD)
    assert client.get("/admin/").status_code == 302
    device = StaticDevice.objects.create(user=user, name="backup")
    device.token_set.create(token="12345678")
    response = admin_login(
        client, user.email, PASSWORD, otp_device=device.persistent_id, otp_token="00000000"
    )
    assert client.get("/admin/").status_code == 302
    response = admin_login(
        client, user.email, PASSWORD, otp_device=device.persistent_id, otp_token="12345678"
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_role_change_in_admin_is_audited(client, demo):
    admin = User.objects.get(email="beheer@leusden.example")
    client.force_login(admin)
    target = User.objects.get(email="raadslid@leusden.example")
    griffie = Group.objects.get(name=GROUP_NAMES["griffie"])
    response = client.post(
        reverse("admin:accounts_user_change", args=[target.pk]),
        {
            "email": target.email,
            "full_name": target.full_name,
            "language": "nl",
            "is_active": "on",
            "is_staff": "on",
            "groups": [griffie.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.filter(action="accounts.user.changed").latest("id")
    assert entry.actor == admin
    assert entry.changes["is_staff"] == [False, True]
    assert entry.changes["groups"] == [[GROUP_NAMES["raadslid"]], [GROUP_NAMES["griffie"]]]


@override_settings(STAFF_OTP_REQUIRED=True)
def test_staff_without_a_second_factor_are_told_what_to_do(client, demo):
    response = admin_login(client, "loket@leusden.example", PASSWORD, otp_token="123456")
    assert "Nog geen authenticator-app? Vraag de beheerder" in response.content.decode()
    assert client.get("/admin/").status_code == 302


@override_settings(STAFF_OTP_REQUIRED=True, OTP_STATIC_THROTTLE_FACTOR=0)
def test_a_backup_code_works_beside_the_app_without_choosing_a_device(client, demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(email="loket@leusden.example")
    TOTPDevice.objects.create(user=user, name="telefoon")
    backup = StaticDevice.objects.create(user=user, name="reservecodes")
    backup.token_set.create(token="reserve12")
    admin_login(client, user.email, PASSWORD, otp_token="reserve12")
    assert client.get("/admin/").status_code == 200
    assert not backup.token_set.exists()  # a backup code works once


def test_case_and_space_variants_of_an_address_share_one_lockout(client, demo, settings):
    variants = ["LOKET@leusden.example", "Loket@Leusden.Example", " loket@leusden.example"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, variants[n % len(variants)], "wrong-password")
    for variant in ("loket@leusden.example", "LOKET@LEUSDEN.EXAMPLE"):
        assert admin_login(client, variant, PASSWORD).status_code == 429, variant
    assert client.get("/admin/").status_code == 302


def test_behind_the_proxy_one_person_cannot_lock_out_another(client, demo, settings):
    settings.THROTTLE_TRUSTED_PROXIES = 1  # production: one proxy in front
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    colleague = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "loket@leusden.example", "password": "x"}, **attacker)
    # A forged leftmost entry does not give the attacker fresh tries.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"}
    data = {"username": "loket@leusden.example", "password": PASSWORD, "next": "/admin/"}
    assert client.post(url, data, **forged).status_code == 429
    assert client.post(url, data, **colleague).status_code == 302


@override_settings(STAFF_OTP_REQUIRED=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_wrong_password_and_a_wrong_code_get_the_same_answer(client, demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(email="loket@leusden.example")
    TOTPDevice.objects.create(user=user, name="telefoon")
    TOTPDevice.objects.create(user=user, name="tweede telefoon")
    StaticDevice.objects.create(user=user, name="reserve").token_set.create(token="reserve12")

    def answer(password, code):
        html = admin_login(client, user.email, password, otp_token=code).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html

    for code in ("123456", "", "reserve00", "abc"):
        wrong_password = answer("wrong-password", code)
        assert "klopt niet" in wrong_password and "otp_device" not in wrong_password
        assert answer(PASSWORD, code) == wrong_password, code
    assert client.get("/admin/").status_code == 302


@override_settings(STAFF_OTP_REQUIRED=True)
def test_a_staff_password_alone_opens_no_staff_page(client, demo):
    from .test_initiatives import PDF, submit

    submit(client, files=[SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")])
    from initiatives.models import Attachment

    download = Attachment.objects.get().get_absolute_url()
    site_login = reverse("login")
    # At the site login a staff account gets the answer of a wrong password ...
    right = client.post(site_login, {"username": "loket@leusden.example", "password": PASSWORD})
    wrong = client.post(site_login, {"username": "loket@leusden.example", "password": "fout"})
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", right.content.decode()) == strip.sub("", wrong.content.decode())
    assert 'href="/admin/login/"' in right.content.decode()  # ... and is told where to go
    assert client.get(download).status_code == 302
    # A staff session without the second factor (however it came about) ends at once.
    client.force_login(User.objects.get(email="loket@leusden.example"))
    assert client.get(download).status_code == 302
    assert "_auth_user_id" not in client.session
    # Council members are not staff: they still log in at the site with their password.
    member = client.post(site_login, {"username": "raadslid@leusden.example", "password": PASSWORD})
    assert member.status_code == 302


def test_without_the_second_factor_required_staff_log_in_as_before(client, demo, settings):
    settings.STAFF_OTP_REQUIRED = False
    client.force_login(User.objects.get(email="loket@leusden.example"))
    assert client.get("/admin/").status_code == 200
