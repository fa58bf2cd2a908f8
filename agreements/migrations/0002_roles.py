from django.db import migrations

from leusden_portal.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial"), ("council", "0002_roles")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
