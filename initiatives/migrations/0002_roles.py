from django.db import migrations

from leusden_portal.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial"), ("notifications", "0002_roles")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
