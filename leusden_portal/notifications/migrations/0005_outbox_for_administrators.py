from django.db import migrations

from leusden_portal.accounts.roles import sync_roles


class Migration(migrations.Migration):
    """The mail outbox for the administrator only (issue 16): the roles again, as listed."""

    dependencies = [
        ("notifications", "0004_field_labels"),
        ("initiatives", "0014_field_labels"),
        ("agreements", "0005_field_labels"),
        ("council", "0014_field_labels"),
        ("core", "0004_field_labels"),
    ]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
