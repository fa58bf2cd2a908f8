"""Uploads to the loket (the submit form and the reply on the tracking page): forged types,
polyglots, oversized files, too many files, archive bombs and nasty names are refused with a
clear Dutch message and nothing stored, or stored under a random name inside the private
storage; files go only to the right person, as a download that is never sniffed."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from initiatives.models import Attachment, Initiative, Message
from leusden_portal.accounts.models import User

from .test_initiatives import PDF, PNG, docx_bytes, form_data, make_initiative, submitted_token

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
NOT_ACCEPTED = "is geen PDF-, JPEG-, PNG-, DOCX- of ODT-bestand"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with(*extra):
    return zip_bytes(
        [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<document/>"), *extra]
    )


def submit_with(client, *files):
    data = form_data()
    data["attachments"] = list(files)
    return client.post(reverse("initiatives:submit"), data)


def _files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {p.resolve() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(autouse=True)
def _files_before():
    """The private storage is one directory per test process: count only this test's files."""
    global _BEFORE
    _BEFORE = _files()


_BEFORE = set()


def stored_files():
    return sorted(_files() - _BEFORE)


def assert_refused(response, message=NOT_ACCEPTED):
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html[html.find("utrecht-form-field-error") - 200 :][:800]
    # Nothing lost: what was typed is still in the form.
    assert "Moestuin in Groenhouten" in html and "sanne@example.org" in html
    assert Initiative.objects.count() == 0 and Attachment.objects.count() == 0


FORGED = {
    "html as pdf": ("brief.pdf", HTML),
    "svg as png": ("foto.png", SVG),
    "svg": ("tekening.svg", SVG),
    "html": ("pagina.html", HTML),
    "exe as pdf": ("setup.pdf", EXE),
    "exe": ("setup.exe", EXE),
    "pdf header then html": ("brief.pdf", b"%PDF-1.4\n" + HTML),
    "png header then html": ("foto.png", b"\x89PNG\r\n\x1a\n" + HTML),
    "jpeg header then svg": ("foto.jpg", b"\xff\xd8\xff\xe0" + SVG),
    "png as pdf": ("brief.pdf", PNG),
    "zip as docx": ("brief.docx", zip_bytes([("a.txt", "hallo")])),
    "html in a zip as odt": ("brief.odt", zip_bytes([("mimetype", "text/html")])),
    "no extension": ("brief", PDF),
    "double extension": ("brief.pdf.html", PDF),
    "rtl override hides exe": ("foto\u202egnp.exe", EXE),
    "empty": ("leeg.pdf", b""),
}


@pytest.mark.parametrize("name", FORGED)
def test_forged_types_and_polyglots_are_refused(name, client, demo):
    filename, content = FORGED[name]
    assert_refused(submit_with(client, SimpleUploadedFile(filename, content)))
    assert stored_files() == []


def test_the_content_type_the_browser_claims_is_not_believed(client, demo):
    response = submit_with(client, SimpleUploadedFile("brief.pdf", PDF, content_type="text/html"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    token = submitted_token(attachment.initiative)
    download = client.get(reverse("initiatives:track_attachment", args=[token, attachment.token]))
    assert download["Content-Type"] == "application/pdf"


def test_a_file_over_the_limit_is_refused(client, demo):
    big = PDF + b"0" * (settings.INITIATIVES_MAX_ATTACHMENT_BYTES - len(PDF) + 1)
    assert_refused(submit_with(client, SimpleUploadedFile("groot.pdf", big)), "is te groot")
    assert stored_files() == []


def test_more_files_than_allowed_are_refused_on_the_form(client, demo):
    files = [SimpleUploadedFile(f"plan{i}.pdf", PDF) for i in range(6)]
    assert_refused(submit_with(client, *files), "hoogstens 5 bestanden")


def test_a_flood_of_files_gets_the_dutch_400_page(client, demo):
    files = [SimpleUploadedFile(f"plan{i}.pdf", PDF) for i in range(50)]
    response = submit_with(client, *files)
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()
    assert Initiative.objects.count() == 0 and stored_files() == []


BOMBS = {
    # 200 MB of zeros in one member: a few hundred kB packed.
    "huge member": lambda: docx_with(("word/media/nul.bin", b"\0" * (200 * 1024 * 1024))),
    "thousands of members": lambda: docx_with(*[(f"word/x{i}.xml", "<x/>") for i in range(3000)]),
    "nested zip": lambda: docx_with(
        ("word/embeddings/binnen.zip", zip_bytes([("nul.bin", b"\0" * (20 * 1024 * 1024))]))
    ),
    "huge mimetype of an odt": lambda: zip_bytes(
        [("mimetype", b"application/vnd.oasis.opendocument.text" + b" " * (100 * 1024 * 1024))]
    ),
}


@pytest.mark.parametrize("name", BOMBS)
def test_archive_bombs_are_refused(name, client, demo):
    content = BOMBS[name]()
    assert len(content) < settings.INITIATIVES_MAX_ATTACHMENT_BYTES
    extension = "odt" if "odt" in name else "docx"
    response = submit_with(client, SimpleUploadedFile(f"brief.{extension}", content))
    assert_refused(response, "niet aannemen")
    assert stored_files() == []


def test_a_normal_docx_with_an_image_is_accepted(client, demo):
    content = docx_with(("word/media/foto.png", PNG * 100))
    assert submit_with(client, SimpleUploadedFile("brief.docx", content)).status_code == 302


NASTY_NAMES = {
    "traversal": ("../../etc/passwd.pdf", "passwd.pdf"),
    "windows traversal": ("..\\..\\windows\\x.pdf", "x.pdf"),
    "absolute": ("/etc/cron.d/x.pdf", "x.pdf"),
    "nul byte": ("brief\x00.html.pdf", "brief.html.pdf"),
    "control characters": ("brief\x07\x1b[31m\x7f.pdf", "brief[31m.pdf"),
    "rtl override": ("rekening\u202efdp.pdf", "rekeningfdp.pdf"),
    "zero width": ("brief\u200b\u2066.pdf", "brief.pdf"),
    "very long": ("a" * 500 + ".pdf", "a" * 96 + ".pdf"),
    "only dots": ("....pdf", "bestand.pdf"),
    "quotes": ('"brief";.pdf', "brief.pdf"),
}


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_nasty_names_are_stored_under_a_random_name_inside_the_storage(name, client, demo):
    given, shown = NASTY_NAMES[name]
    response = submit_with(client, SimpleUploadedFile(given, PDF))
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert attachment.original_name == shown
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    on_disk = Path(attachment.file.path).resolve()
    assert on_disk.is_relative_to(root) and on_disk.name == attachment.token
    assert on_disk.read_bytes() == PDF
    assert stored_files() == [on_disk]
    token = submitted_token(attachment.initiative)
    download = client.get(reverse("initiatives:track_attachment", args=[token, attachment.token]))
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition
    page = client.get(reverse("initiatives:track", args=[token])).content.decode()
    assert "\u202e" not in page


def test_files_are_served_only_to_the_right_person_as_a_download(client, demo):
    response = submit_with(client, SimpleUploadedFile("plan.pdf", PDF))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    token = submitted_token(attachment.initiative)
    _other, other_token = make_initiative(email="ander@example.org")
    mine = reverse("initiatives:track_attachment", args=[token, attachment.token])
    download = client.get(mine)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Cache-Control"] == "no-store, private"
    assert b"".join(download.streaming_content) == PDF
    other = reverse("initiatives:track_attachment", args=[other_token, attachment.token])
    assert client.get(other).status_code == 404
    staff_url = reverse("initiatives:attachment", args=[attachment.token])
    assert client.get(staff_url).status_code == 302
    client.force_login(User.objects.get(email="loket@leusden.example"))
    staff = client.get(staff_url)
    assert staff.status_code == 200 and staff["X-Content-Type-Options"] == "nosniff"
    assert staff["Content-Disposition"].startswith("attachment;")
    # The private storage is not under the public media root, and has no public address.
    assert (
        not Path(attachment.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    )


@pytest.mark.parametrize("name", ["html as pdf", "pdf header then html", "svg as png"])
def test_a_reply_with_a_forged_file_is_refused_and_keeps_the_message(name, client, demo):
    initiative, token = make_initiative()
    filename, content = FORGED[name]
    url = reverse("initiatives:track", args=[token])
    before = Message.objects.count()
    response = client.post(
        url,
        {
            "body": "Hier is de tekening van het plan.",
            "attachments": [SimpleUploadedFile(filename, content)],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert NOT_ACCEPTED in html and "Hier is de tekening van het plan." in html
    assert Message.objects.count() == before and Attachment.objects.count() == 0
    assert stored_files() == []
    good = client.post(url, {"body": "Nu goed.", "attachments": [SimpleUploadedFile("b.pdf", PDF)]})
    assert good.status_code == 302 and Attachment.objects.get().initiative == initiative


def test_a_reply_with_a_nasty_name_is_stored_safely(client, demo):
    _initiative, token = make_initiative()
    response = client.post(
        reverse("initiatives:track", args=[token]),
        {"body": "", "attachments": [SimpleUploadedFile("..\\..\\kaart\u202e.png", PNG)]},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "kaart.png"
    assert (
        Path(attachment.file.path)
        .resolve()
        .is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    )


def test_accepted_types_still_pass(client, demo):
    files = [
        SimpleUploadedFile("a.pdf", PDF),
        SimpleUploadedFile("b.png", PNG),
        SimpleUploadedFile("c.jpg", JPEG),
        SimpleUploadedFile("d.docx", docx_bytes()),
        SimpleUploadedFile(
            "e.odt", zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text")])
        ),
    ]
    assert submit_with(client, *files).status_code == 302
    assert Attachment.objects.count() == 5


def test_the_files_of_one_initiative_stay_within_a_total(client, demo, settings):
    settings.INITIATIVES_MAX_FILES_PER_INITIATIVE = 3
    settings.THROTTLE_REPLIES = 100
    _initiative, token = make_initiative()
    url = reverse("initiatives:track", args=[token])
    two = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in "ab"]
    assert client.post(url, {"body": "Twee plannen.", "attachments": two}).status_code == 302
    more = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in "cd"]
    response = client.post(url, {"body": "Nog twee.", "attachments": more})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er passen geen bestanden meer bij dit initiatief" in html and "Nog twee." in html
    assert Attachment.objects.count() == 2
    settings.INITIATIVES_MAX_FILES_PER_INITIATIVE = 20
    settings.INITIATIVES_MAX_BYTES_PER_INITIATIVE = len(PDF) * 3
    response = client.post(url, {"body": "Nog twee.", "attachments": more})
    assert response.status_code == 400 and Attachment.objects.count() == 2


def test_replies_from_one_address_are_limited(client, demo, settings):
    settings.THROTTLE_REPLIES = 3
    _initiative, token = make_initiative()
    url = reverse("initiatives:track", args=[token])
    for n in range(3):
        assert client.post(url, {"body": f"Bericht {n}"}).status_code == 302
    refused = client.post(
        url, {"body": "Nog een", "attachments": [SimpleUploadedFile("x.pdf", PDF)]}
    )
    assert refused.status_code == 429 and Message.objects.filter(body="Nog een").count() == 0
    assert Attachment.objects.count() == 0
