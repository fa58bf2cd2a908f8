"""The migration that counts one mailbox once keeps every row, including a person who signed
twice before under two forms of one address."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("council", "0015_partner_hostop_request")]
AFTER = [("council", "0017_mailbox_constraints")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_rows_of_one_mailbox_are_kept_and_the_later_marked():
    old = migrate(BEFORE)
    try:
        manifest = old.get_model("council", "Manifest").objects.create(
            title="Manifest", slug="manifest", text=".", is_published=True
        )
        Signature = old.get_model("council", "Signature")
        for n, email in enumerate(["anna@gmail.com", "a.nna+x@gmail.com", "bram@example.org"]):
            Signature.objects.create(
                manifest=manifest, name=f"N{n}", email=email, token_hash=f"{n}" * 64
            )
        event = old.get_model("council", "CouncilEvent").objects.create(
            kind="guest",
            title="Gast",
            slug="gast",
            description=".",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            location="Raadzaal",
            places=2,
        )
        old.get_model("council", "EventSignup").objects.create(
            event=event,
            name="Cees",
            email="Cees@Example.org",
            status="confirmed",
            token_hash="c" * 64,
        )
        new = migrate(AFTER)
        boxes = dict(new.get_model("council", "Signature").objects.values_list("name", "mailbox"))
        first = Signature.objects.get(name="N0").pk
        second = Signature.objects.get(name="N1").pk
        assert first < second
        assert boxes == {
            "N0": "anna@gmail.com",
            "N1": f"anna@gmail.com#{second}",
            "N2": "bram@example.org",
        }
        signup = new.get_model("council", "EventSignup").objects.get()
        assert signup.mailbox == "cees@example.org"
        assert signup.confirmed_at == signup.signed_up_at  # a place from before keeps counting
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
