from django.db import migrations

from leusden_portal.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial"), ("notifications", "0003_reminder_held")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
