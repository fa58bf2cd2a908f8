from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0016: PostgreSQL does not alter a table in the transaction that just updated
    its rows (pending trigger events)."""

    dependencies = [
        ("council", "0016_mailbox_once_per_person"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='eventsignup',
            constraint=models.UniqueConstraint(fields=('event', 'mailbox'), name='signup_once'),
        ),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.UniqueConstraint(fields=('manifest', 'mailbox'), name='signature_once'),
        ),
        migrations.AddConstraint(
            model_name='volunteer',
            constraint=models.UniqueConstraint(fields=('sortition', 'mailbox'), name='volunteer_once'),
        ),
    ]
