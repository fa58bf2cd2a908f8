"""Who sees what of a resident's initiative (issue 16, item 6): a council member pauses only
what they may see, and the program team, which only looks at initiatives, sees no
initiator's contact details or files."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import HoStop
from initiatives import services
from initiatives.models import Initiative
from leusden_portal.accounts.models import User

from .test_admin_queue import loket
from .test_initiatives import PDF, make_initiative, submit


def raise_url(initiative):
    return reverse("council:hostop_raise", args=["initiatives.initiative", initiative.pk])


def test_a_council_member_cannot_open_or_pause_an_unpublished_initiative(client, demo):
    hidden, _t = make_initiative(title="Geheim plan", publish_consent=False)
    shown, _t = make_initiative(title="Openbaar plan", publish_consent=True)
    services.initiative_publication(actor=loket(), initiative=shown, approved=True)
    client.force_login(User.objects.get(email="raadslid@leusden.example"))
    response = client.get(raise_url(hidden))
    assert response.status_code == 404 and "Geheim plan" not in response.content.decode()
    posted = client.post(raise_url(hidden), {"reason": "Even stoppen, graag.", "adjustment": ""})
    assert posted.status_code == 404 and not HoStop.objects.exists()
    assert "Openbaar plan" in client.get(raise_url(shown)).content.decode()
    # The loket handles every initiative, published or not.
    client.force_login(loket())
    assert client.get(raise_url(hidden)).status_code == 200


def test_the_program_team_sees_no_contact_details_or_files(client, demo):
    submit(
        client,
        files=[SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")],
        email="sanne@example.org",
        phone="0612345678",
    )
    initiative = Initiative.objects.get()
    attachment = initiative.attachments.get()
    change = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    client.force_login(User.objects.get(email="programma@leusden.example"))
    html = client.get(change).content.decode()
    assert initiative.title in html
    # The page reads as for the loket, only without contact details: status, facts, history.
    assert "portal-tag--submitted" in html and "Groen en openbare ruimte" in html
    assert "Wij hebben uw initiatief ontvangen." in html
    for private in ("sanne@example.org", "0612345678", "Sanne de Vries", "plan.pdf"):
        assert private not in html, private
    assert "Alleen wie initiatieven behandelt, ziet de bijlagen." in html
    assert client.get(attachment.get_absolute_url()).status_code == 404
    queue = reverse("admin:initiatives_initiative_changelist")
    found = client.get(queue, {"q": "sanne@example.org", "queue": "all"}).content.decode()
    assert initiative.reference not in found
    # The loket sees them.
    client.force_login(loket())
    html = client.get(change).content.decode()
    assert "sanne@example.org" in html and "plan.pdf" in html
    assert client.get(attachment.get_absolute_url()).status_code == 200
