"""Write path for the municipality's data and the audit log shared by every app."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction

from . import pagecache
from .models import AuditEntry, Municipality, Neighbourhood, Theme

MUNICIPALITY_CACHE_KEY = "core:municipality:v1"


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj, fields):
    """The values of `fields` on `obj`, as stored in the audit log."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def audit_log(*, actor, action, obj, before=None, after=None, data=None, public=False):
    """Record that `actor` did `action` (a dotted name, such as
    "initiatives.initiative.referred") to `obj`. `before` and `after` are snapshots; only
    the fields that differ are kept. Must be called inside the transaction of the change."""
    before = before or {}
    after = after or {}
    changes = {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=(actor.get_full_name() if actor else (data or {}).get("actor_label", "")),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes,
        data=data or {},
        is_public=public,
    )


def _invalidate_municipality_cache():
    transaction.on_commit(lambda: cache.delete(MUNICIPALITY_CACHE_KEY))
    # Every public page shows the municipality, its themes or neighbourhoods.
    pagecache.invalidate(pagecache.BASE_SECTION)


MUNICIPALITY_FIELDS = [
    "name",
    "short_name",
    "reference_prefix",
    "cbs_code",
    "tagline",
    "email",
    "phone",
    "postal_address",
    "visiting_address",
    "website",
    "privacy_officer_email",
    "logo",
    "is_active",
]


@transaction.atomic
def municipality_save(*, actor, municipality, changed_fields=None):
    """Create or update the municipality (from the admin or the demo data) with its audit
    entry; the cached copy that every page shows is dropped after commit."""
    is_new = municipality.pk is None
    before = {}
    if not is_new:
        old = Municipality.objects.select_for_update().get(pk=municipality.pk)
        before = snapshot(old, MUNICIPALITY_FIELDS)
    municipality.reference_prefix = municipality.reference_prefix.upper()
    municipality.full_clean()
    municipality.save()
    audit_log(
        actor=actor,
        action="core.municipality.created" if is_new else "core.municipality.changed",
        obj=municipality,
        before=before,
        after=snapshot(municipality, MUNICIPALITY_FIELDS),
    )
    _invalidate_municipality_cache()
    return municipality


TAXONOMY_FIELDS = {
    Theme: ["name", "name_en", "slug", "description", "position", "is_active"],
    Neighbourhood: ["name", "slug", "kind", "parent", "cbs_code", "position", "is_active"],
}


@transaction.atomic
def taxonomy_save(*, actor, item):
    """Create or update a theme or a neighbourhood, with its audit entry."""
    model = type(item)
    fields = TAXONOMY_FIELDS[model]
    is_new = item.pk is None
    before = {} if is_new else snapshot(model.objects.get(pk=item.pk), fields)
    item.full_clean()
    item.save()
    name = model._meta.model_name
    audit_log(
        actor=actor,
        action=f"core.{name}.{'created' if is_new else 'changed'}",
        obj=item,
        before=before,
        after=snapshot(item, fields),
    )
    _invalidate_municipality_cache()
    return item


@transaction.atomic
def object_delete(*, actor, obj):
    """Delete an object that has no lifecycle of its own, recording what it was."""
    label = f"{obj._meta.app_label}.{obj._meta.model_name}.deleted"
    fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
    audit_log(actor=actor, action=label, obj=obj, before=snapshot(obj, fields))
    obj.delete()
    _invalidate_municipality_cache()


# --- Accessibility statement ---------------------------------------------------------------------

ACCESSIBILITY_PAGES = "accessibility"
# Reviewed at least yearly: the administrators are reminded a month before the year is over.
ACCESSIBILITY_REVIEW_AFTER = datetime.timedelta(days=365 - 30)


def accessibility_review_schedule(statement, *, now=None):
    """(Re)plan the yearly review reminder of `statement` to every administrator: a month
    before a year has passed since it was drawn up or last reviewed. A new date cancels the
    reminder planned for the old one."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from leusden_portal.accounts.roles import BEHEERDER, GROUP_NAMES
    from leusden_portal.notifications.services import reminder_schedule, reminders_cancel

    kind = "core.accessibility_review_due"
    slot = f"review-{statement.last_date.isoformat()}"
    from leusden_portal.notifications.models import Reminder

    planned = Reminder.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(statement),
        object_id=str(statement.pk),
        state=Reminder.State.SCHEDULED,
    )
    if planned.exclude(slot=slot).exists():
        reminders_cancel(about=statement, kind=kind)
    day = statement.last_date + ACCESSIBILITY_REVIEW_AFTER
    due_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    administrators = get_user_model().objects.filter(
        is_active=True, groups__name=GROUP_NAMES[BEHEERDER]
    )
    for user in administrators:
        reminder_schedule(
            kind=kind,
            recipient=user,
            about=statement,
            due_at=max(due_at, now or timezone.now()),
            slot=slot,
            context={"date": statement.last_date.isoformat()},
        )
