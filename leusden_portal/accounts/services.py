"""Write path for accounts: every change to who may do what is in the audit log."""

from django.db import transaction

from leusden_portal.core.services import audit_log, snapshot

from .models import User

USER_FIELDS = ["email", "full_name", "language", "is_staff", "is_active", "is_superuser"]


def _groups(user):
    return sorted(user.groups.values_list("name", flat=True)) if user.pk else []


@transaction.atomic
def user_save(*, actor, user, save_related=None, send_welcome=True):
    """Create or update an account. `save_related`, if given, saves its groups and
    permissions (as the admin's form does) before the new state is recorded. A new account
    gets a welcome e-mail with a link to choose a password."""
    from leusden_portal.notifications.services import notify

    is_new = user.pk is None
    before = {}
    if not is_new:
        old = User.objects.select_for_update().get(pk=user.pk)
        before = {**snapshot(old, USER_FIELDS), "groups": _groups(old)}
    user.email = User.objects.normalize_email(user.email).lower()
    user.save()
    if save_related:
        save_related()
    audit_log(
        actor=actor,
        action="accounts.user.created" if is_new else "accounts.user.changed",
        obj=user,
        before=before,
        after={**snapshot(user, USER_FIELDS), "groups": _groups(user)},
    )
    if is_new and send_welcome:
        notify(kind="accounts.welcome", recipient=user, about=user)
    return user
