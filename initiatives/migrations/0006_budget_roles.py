from django.db import migrations

from leusden_portal.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_neighbourhood_budgets")]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
