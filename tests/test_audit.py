"""One audit log, written in the same transaction as the change."""

import pytest
from django.db import transaction
from django.urls import reverse

from leusden_portal.accounts.models import User
from leusden_portal.core.models import AuditEntry, Municipality, Theme
from leusden_portal.core.services import municipality_save

pytestmark = pytest.mark.django_db


def test_municipality_edited_in_admin_is_audited_with_old_and_new(client, demo):
    admin = User.objects.get(email="beheer@leusden.example")
    client.force_login(admin)
    municipality = Municipality.objects.get(is_active=True)
    data = {
        "name": municipality.name,
        "short_name": municipality.short_name,
        "tagline": municipality.tagline,
        "reference_prefix": "lsd",
        "cbs_code": municipality.cbs_code,
        "email": municipality.email,
        "phone": "033 123 45 67",
        "website": municipality.website,
        "postal_address": municipality.postal_address,
        "visiting_address": municipality.visiting_address,
        "privacy_officer_email": municipality.privacy_officer_email,
        "is_active": "on",
        "themes-TOTAL_FORMS": "0",
        "themes-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:core_municipality_change", args=[municipality.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(action="core.municipality.changed").get()
    assert entry.actor == admin and entry.actor_label == admin.full_name
    assert entry.changes == {
        "phone": ["033 496 96 96", "033 123 45 67"],
        "reference_prefix": ["SV", "LSD"],
    }
    assert client.get(reverse("admin:core_auditentry_change", args=[entry.pk])).status_code == 200


def test_no_audit_entry_when_the_change_rolls_back(demo):
    municipality = Municipality.objects.get(is_active=True)
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        municipality.phone = "000"
        municipality_save(actor=None, municipality=municipality)
        raise RuntimeError("something after the change failed")
    assert AuditEntry.objects.count() == before
    assert Municipality.objects.get(pk=municipality.pk).phone == "033 496 96 96"


def test_theme_deleted_in_admin_is_audited(client, demo):
    client.force_login(User.objects.get(email="beheer@leusden.example"))
    theme = Theme.objects.get(slug="veiligheid")
    response = client.post(reverse("admin:core_theme_delete", args=[theme.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="core.theme.deleted")
    assert entry.changes["name"] == ["Veiligheid", None]


def test_civil_servant_reads_but_cannot_edit_the_municipality(client, demo):
    client.force_login(User.objects.get(email="loket@leusden.example"))
    municipality = Municipality.objects.get(is_active=True)
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    response = client.post(
        reverse("admin:core_municipality_change", args=[municipality.pk]), {"name": "X"}
    )
    assert response.status_code == 403


def test_seed_demo_is_idempotent(demo):
    from django.core.management import call_command

    counts = (AuditEntry.objects.count(), Theme.objects.count(), User.objects.count())
    call_command("seed_demo", "--without-examples", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (AuditEntry.objects.count(), Theme.objects.count(), User.objects.count()) == counts
