"""One person, one support and one ballot, as far as an e-mail address can tell (issue 16,
item 5): plus tags and Gmail's dots make no second person."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative, Support
from leusden_portal.core.emails import mailbox
from leusden_portal.notifications.models import Notification

from .test_loket_public import published_initiative


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("Sanne+steun@Example.org", "sanne@example.org"),
        (" s.de.vries+1@gmail.com ", "sdevries@gmail.com"),
        ("S.deVries@googlemail.com", "sdevries@gmail.com"),
        ("s.devries@example.org", "s.devries@example.org"),  # dots count elsewhere
        ("geen-adres", "geen-adres"),
    ],
)
def test_the_mailbox_behind_an_address(typed, same_as):
    assert mailbox(typed) == same_as


def test_plus_and_dot_variants_support_once(client, demo):
    initiative = published_initiative()
    url = reverse("initiatives:support", args=[initiative.reference])
    typed = ["fatima.b@gmail.com", "fatimab+1@gmail.com", "F.a.t.i.m.a.b@googlemail.com"]
    for address in typed:
        client.post(url, {"email": address, "website": ""})
    assert Support.objects.filter(initiative=initiative).count() == 1
    # The confirmation still goes to the address as it was typed.
    sent = Notification.objects.filter(kind="initiatives.support_confirm")
    assert {n.recipient_email for n in sent} <= {a.lower() for a in typed} | set(typed)
    assert Initiative.objects.get(pk=initiative.pk).support_count == 0  # not before confirming
