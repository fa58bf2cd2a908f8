"""Accounts: login by e-mail, roles as groups, brute-force protection, second factor."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
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
    assert "nog geen tweede factor" in response.content.decode()
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
