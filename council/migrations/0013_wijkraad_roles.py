from django.db import migrations

from leusden_portal.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("council", "0012_wijkraad")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
