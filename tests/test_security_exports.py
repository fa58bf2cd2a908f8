"""Exports people open in a spreadsheet or a calendar (issue 16, item 7): no cell becomes a
formula (OWASP's rule for CSV injection), no text ends an iCalendar line."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from agreements.models import Measurement
from council.models import Meeting
from council.views import _ics_text
from leusden_portal.core.exports import safe_cell, unsafe_cell

from .test_agreements import make_agreement, program_user


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 33 123", "'+31 33 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3.5", "-3.5"),  # a number stays a number
        ("CBS", "CBS"),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
    ],
)
def test_a_cell_that_would_be_a_formula_is_written_as_text(cell, written):
    assert safe_cell(cell) == written


@given(st.text())
def test_what_was_written_reads_back(text):
    written = safe_cell(text)
    assert unsafe_cell(written) == text
    assert not written.startswith(("=", "+", "@", "\t", "\r"))


def test_the_open_data_csv_writes_no_formula(client, demo):
    _agreement, (kpi,) = make_agreement()
    Measurement.objects.create(
        kpi=kpi,
        date=datetime.date(2023, 1, 1),
        value=Decimal("-2"),
        source='=HYPERLINK("http://kwaad.example","Klik")',
        note="@SUM(1+1)",
    )
    text = client.get(reverse("agreements:kpi_csv", args=[kpi.pk])).content.decode()
    (row,) = [r for r in csv.reader(io.StringIO(text)) if r[3] == "2023-01-01"]
    assert row[4] == "-2.0" and row[5].startswith("'=") and row[6] == "'@SUM(1+1)"


def test_the_import_example_reads_back_a_kpi_whose_name_looks_like_a_formula(client, demo):
    _agreement, (kpi,) = make_agreement()
    kpi.name = "-Eenzaamheid (negatief)"
    kpi.save()
    client.force_login(program_user())
    example = client.get(reverse("admin:agreements_kpi_import_csv_example")).content
    assert "'-Eenzaamheid (negatief)" in example.decode("utf-8-sig")
    from agreements.services import measurements_parse_csv

    rows, refused = measurements_parse_csv(example)
    assert refused == [] and rows[0][0] == kpi


@pytest.mark.parametrize("breaker", ["\r", "\n", "\r\n", "\x0b", "\x1b", "\u2028", "\x85"])
def test_no_meeting_title_can_start_a_line_of_its_own_in_the_calendar(client, demo, breaker):
    Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=3),
        title=f"Raad{breaker}END:VEVENT{breaker}BEGIN:VEVENT{breaker}SUMMARY:Nep",
    )
    body = client.get(reverse("council:meetings_ical")).content.decode()
    # A calendar reads a lone CR, a vertical tab or a Unicode separator as a line break too.
    lines = re.split(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", body.replace("\r\n ", ""))
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 1
    assert not any(line.startswith("SUMMARY:Nep") for line in lines)
    assert "\x0b" not in body and "\x1b" not in body


@given(st.text())
def test_calendar_text_holds_no_control_character(text):
    escaped = _ics_text(text)
    assert not any(ord(c) < 32 and c != "\t" or ord(c) == 127 for c in escaped)
