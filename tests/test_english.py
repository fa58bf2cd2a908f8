"""The English site in English: the data people read (themes, core values, agreement names)
from their English text in the admin, falling back to Dutch where none was entered, and the
Dutch terms of the English texts explained ("spiegelend raadslid")."""

from django.core.management import call_command

from agreements.models import Agreement
from leusden_portal.core.models import Theme


def test_themes_agreements_and_core_values_in_english_with_a_dutch_fallback(
    client, db, django_capture_on_commit_callbacks
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    form = client.get("/en/loket/submit/").content.decode()
    assert ">Care and wellbeing</option>" in form and ">Zorg en welzijn<" not in form
    listing = client.get("/en/initiatives/").content.decode()
    assert "Care and wellbeing" in listing  # the theme filter's choices

    agreement = Agreement.objects.get(slug="zorg-en-welzijn")
    english = client.get(f"/en/society-agreements/{agreement.slug}/").content.decode()
    assert "Ambition agenda care and wellbeing" in english and "Stronger together" in english
    assert "Care and wellbeing" in english  # its theme
    dutch = client.get(f"/samenlevingsakkoorden/{agreement.slug}/").content.decode()
    assert "Ambitieagenda zorg en welzijn" in dutch and "Samen Sterk" in dutch

    # Nothing entered in English: the Dutch text, not an empty heading.
    Agreement.objects.filter(pk=agreement.pk).update(title_en="", motto_en="")
    Theme.objects.filter(slug="zorg-en-welzijn").update(name_en="")
    from leusden_portal.core import pagecache

    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate("agreements", "initiatives")
    english = client.get(f"/en/society-agreements/{agreement.slug}/").content.decode()
    assert "Ambitieagenda zorg en welzijn" in english and "Samen Sterk" in english
    assert "Zorg en welzijn" in english

    values = client.get("/en/council/core-values/").content.decode()
    assert (
        "Trust and responsibility" in values and "Vertrouwen en verantwoordelijkheid" not in values
    )
    meetings = client.get("/en/council/meetings/").content.decode()
    assert "Mirroring council member" in meetings and "Spiegelend raadslid" not in meetings
    assert "Spiegelend raadslid" in client.get("/raad/vergaderingen/").content.decode()
