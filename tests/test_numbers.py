"""Numbers as Dutch people type them, in every admin form and in the CSV import: "10,9" is
10.9 (Chromium's number input turned it into 109), "1.234,5" is 1234.5, and "1.234" is
refused as ambiguous where decimals are possible, never stored as 1.234 without a word."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Measurement
from leusden_portal.core.numbers import (
    AmbiguousNumber,
    NotANumber,
    format_decimal,
    parse_decimal,
)

from .test_agreements import make_agreement, program_user
from .test_browser import axe_violations, browser, page  # noqa: F401  (fixtures)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("10,9", "10.9"),
        ("1.234,5", "1234.5"),
        ("1.234.567", "1234567"),
        ("10.9", "10.9"),  # a dot that cannot group thousands: the other decimal sign
        ("-3,5", "-3.5"),
        (" 37,7 % ", "37.7"),
        ("€ 2.500,50", "2500.50"),
        (",5", "0.5"),
        ("", None),
    ],
)
def test_dutch_numbers_are_read_as_meant(typed, value):
    assert parse_decimal(typed, "nl") == (Decimal(value) if value else None)


@pytest.mark.parametrize("typed", ["veel", "1,2,3", "12.34.5", "1.2345,6", "1e5", "NaN"])
def test_what_is_no_number_is_refused(typed):
    with pytest.raises(NotANumber):
        parse_decimal(typed, "nl")


def test_a_single_group_of_three_is_ambiguous_and_english_swaps_the_signs():
    with pytest.raises(AmbiguousNumber) as caught:
        parse_decimal("1.234", "nl")
    assert (caught.value.whole, caught.value.fraction) == ("1234", "1,234")
    assert parse_decimal("1,234.5", "en") == Decimal("1234.5")
    assert parse_decimal("10.9", "en") == Decimal("10.9")
    assert format_decimal(Decimal("11.5000"), "nl") == "11,5"
    assert format_decimal(Decimal("100"), "nl") == "100"


def test_a_measurement_typed_with_a_decimal_comma_in_the_admin_is_stored_as_meant(client, demo):
    _agreement, (kpi,) = make_agreement()
    client.force_login(program_user())
    url = reverse("admin:agreements_measurement_add")
    form = client.get(url).content.decode()
    assert (
        'inputmode="decimal"' in form
        and 'type="number"' not in form.split('name="value"')[0][-200:]
    )
    data = {"kpi": kpi.pk, "date": "31-12-2021", "value": "36,9", "source": "GGD", "note": ""}
    assert client.post(url, data).status_code == 302
    assert Measurement.objects.get(date="2021-12-31").value == Decimal("36.9")

    refused = client.post(url, {**data, "date": "31-12-2022", "value": "1.234"})
    assert refused.status_code == 200  # the admin shows the form again
    html = refused.content.decode()
    assert "“1.234” kan op twee manieren gelezen worden" in html
    assert 'value="1.234"' in html  # what was typed is kept
    assert not Measurement.objects.filter(date="2022-12-31").exists()

    # Shown again as typed: "11,5", not "11,5000".
    measurement = Measurement.objects.get(date="2021-12-31")
    change = client.get(reverse("admin:agreements_measurement_change", args=[measurement.pk]))
    assert 'value="36,9"' in change.content.decode()


def test_the_csv_import_refuses_an_ambiguous_number_and_reads_decimal_commas(client, demo):
    _agreement, (kpi,) = make_agreement()
    client.force_login(program_user())
    url = reverse("admin:agreements_kpi_import_csv")
    ambiguous = f"kpi;date;value\n{kpi.pk};2021-12-31;1.234\n"
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", ambiguous.encode())})
    assert "Rij 2: “1.234” kan op twee manieren gelezen worden" in response.content.decode()
    good = f"kpi;date;value\n{kpi.pk};2021-12-31;1.234,5\n{kpi.pk};2022-12-31;1,234.5\n"
    assert client.post(url, {"file": SimpleUploadedFile("m.csv", good.encode())}).status_code == 200
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert set(kpi.measurements.filter(date__year__gte=2021).values_list("value", flat=True)) == {
        Decimal("1234.5")
    }


@pytest.mark.browser
def test_typing_a_decimal_comma_in_chromium_stores_what_was_meant(page):  # noqa: F811
    _agreement, (kpi,) = make_agreement()
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "programma@leusden.example")
    page.fill("#id_password", "samenleving-voorop")
    page.click("input[type=submit]")
    page.goto(page.base_url + reverse("admin:agreements_measurement_add"))
    page.select_option("#id_kpi", value=str(kpi.pk))
    page.fill("#id_date", "31-12-2021")
    page.locator("#id_value").press_sequentially("36,9")
    page.click("input[name=_save]")
    assert Measurement.objects.get(date="2021-12-31").value == Decimal("36.9")


def test_an_excel_export_is_previewed_then_imported(client, demo):
    _agreement, (kpi,) = make_agreement()
    client.force_login(program_user())
    url = reverse("admin:agreements_kpi_import_csv")
    # No file: said in Dutch.
    empty = client.post(url, {})
    assert "Kies het CSV-bestand met de metingen." in empty.content.decode()
    # The example file names the KPIs as they are in the portal, with Dutch columns.
    example = client.get(reverse("admin:agreements_kpi_import_csv_example"))
    text = example.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "kpi;datum;waarde;bron;opmerking"
    assert kpi.name in text and "31-12-2025;37,5" in text
    # As Excel saves it in Dutch: Windows-1252, semicolons, Dutch names, the KPI by its name,
    # dates as 31-12-2021, decimal commas, an ambiguous value, empty rows at the end.
    excel = (
        "Indicator;Datum;Waarde;Bron;Opmerking\r\n"
        f"{kpi.name};31-12-2021;35,8;GGD-monitor;één meting\r\n"
        f"{kpi.name.upper()};30-6-2022;1.234;GGD;\r\n"
        "Onbekend;31-12-2022;3;;\r\n"
        ";;;;\r\n;;;;\r\n"
    ).encode("cp1252")
    preview = client.post(url, {"file": SimpleUploadedFile("metingen.csv", excel)})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Metingen die dit bestand toevoegt: 1" in html and "één meting" in html
    assert "Rij 3: “1.234” kan op twee manieren gelezen worden" in html
    assert "Rij 4: onbekende KPI “Onbekend”" in html
    assert "Rij 5" not in html  # the empty rows are skipped, not refused
    assert "Controleer:" not in html  # 35,8 is like the values so far
    assert not kpi.measurements.filter(date__year=2021).exists()  # a preview stores nothing
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert kpi.measurements.get(date="2021-12-31").value == Decimal("35.8")
    assert kpi.measurements.get(date="2021-12-31").note == "één meting"
    # The preview is used once.
    again = client.post(url, {"confirm": "1"}, follow=True)
    assert "Kies het bestand opnieuw" in again.content.decode()


def test_a_value_far_from_the_ones_so_far_is_published_only_when_confirmed(client, demo):
    _agreement, (kpi,) = make_agreement()  # a percentage, measured 37,1 and 36,4
    client.force_login(program_user())
    url = reverse("admin:agreements_measurement_add")
    data = {"kpi": kpi.pk, "date": "31-12-2021", "value": "109", "source": "GGD", "note": ""}
    html = client.post(url, data).content.decode()
    assert "Een percentage ligt tussen 0 en 100." in html
    data["value"] = "3,6"  # a typo for 36: within 0-100, but far from the values so far
    html = client.post(url, data).content.decode()
    assert "3,6 ligt ver van de waarden tot nu toe (34 tot 37,7)" in html
    assert "Klopt de waarde toch? Vink “Deze waarde klopt” aan." in html
    assert not Measurement.objects.filter(date="2021-12-31").exists()
    assert client.post(url, {**data, "confirm_unusual": "on"}).status_code == 302
    assert Measurement.objects.get(date="2021-12-31").value == Decimal("3.6")


def test_the_import_preview_points_out_a_value_far_from_the_ones_so_far(client, demo):
    _agreement, (kpi,) = make_agreement()
    client.force_login(program_user())
    url = reverse("admin:agreements_kpi_import_csv")
    csv = f"kpi;datum;waarde\n{kpi.pk};31-12-2021;358\n".encode()
    html = client.post(url, {"file": SimpleUploadedFile("m.csv", csv)}).content.decode()
    assert "Controleer: Een percentage ligt tussen 0 en 100." in html
