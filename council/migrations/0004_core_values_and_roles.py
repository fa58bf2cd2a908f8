"""The five kernwaarden of Samenleving Voorop, as adopted by the council of Leusden on
31 January 2019 (raadsbesluit L198298), and the roles' permissions on the council models.
They are data: another municipality edits them in the admin."""

from django.db import migrations

from leusden_portal.accounts.roles import sync_roles

def add_core_values(apps, schema_editor):
    from council.core_values import ensure

    ensure(apps.get_model("council", "CoreValue"))


class Migration(migrations.Migration):
    dependencies = [("council", "0003_council_meetings_rota_values")]
    operations = [
        migrations.RunPython(add_core_values, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
