from django.db import migrations

from leusden_portal.accounts.roles import sync_roles


def add_criteria(apps, schema_editor):
    from initiatives.challenge_criteria import ensure

    ensure(apps.get_model("initiatives", "ChallengeCriterion"))


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_right_to_challenge")]
    operations = [
        migrations.RunPython(add_criteria, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
