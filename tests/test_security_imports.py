"""Malformed imports get the import's own answer, never a server error (issue 16, item 9):
CBS JSON of another shape, numbers like 1e20 or NaN, far dates, a NUL byte, a field of
200,000 characters, deeply nested JSON. hypothesis tries what we did not think of."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements import services
from agreements.models import Measurement

from .test_agreements import make_agreement, program_user


@pytest.fixture
def kpi(demo):
    _agreement, (the_kpi,) = make_agreement()
    the_kpi.cbs_table, the_kpi.cbs_measure, the_kpi.cbs_region = "83220NED", "Eenzaam_1", "GM0327"
    the_kpi.save()
    return the_kpi


def cbs_post(client, kpi, content):
    url = reverse("admin:agreements_kpi_import_cbs", args=[kpi.pk])
    upload = SimpleUploadedFile("cbs.json", content, content_type="application/json")
    return client.post(url, {"response": upload})


MALFORMED_CBS = [
    b'{"value": 5}',
    b'{"value": [1, 2]}',
    b'{"d": 5}',
    b'{"d": [["x"]]}',
    b'{"value": [{"RegioS": "GM0327", "Perioden": 2022, "Eenzaam_1": 1}]}',
    b'{"value": [{"RegioS": "GM0327", "Perioden": "2022JJ00", "Eenzaam_1": 1e20}]}',
    b'{"value": [{"RegioS": "GM0327", "Perioden": "2022JJ00", "Eenzaam_1": "NaN"}]}',
    b'{"value": [{"RegioS": "GM0327", "Perioden": "2022JJ00", "Eenzaam_1": {"a": 1}}]}',
    b'{"value": [{"RegioS": "GM0327", "Perioden": "9999KW04", "Eenzaam_1": 1}]}',
    b'{"value": [{"RegioS": "GM0327", "Perioden": "2022MM13", "Eenzaam_1": 1}]}',
    b'{"value": [{"RegioS": "GM0327", "Perioden": "2022JJ00", "Eenzaam_1": true}]}',
    b"[" * 100_000 + b"]" * 100_000,
    b"\x00\xff not json",
]


@pytest.mark.parametrize("content", MALFORMED_CBS, ids=range(len(MALFORMED_CBS)))
def test_a_malformed_cbs_response_is_refused_with_a_reason(client, kpi, content):
    client.force_login(program_user())
    response = cbs_post(client, kpi, content)
    assert response.status_code in (200, 400), response.status_code
    assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
    assert not Measurement.objects.filter(kpi=kpi, source__startswith="CBS").exists()


MALFORMED_CSV = [
    b"kpi;datum;waarde\nEenzaamheid 0;31-12-2022;\x0037,5\n",
    b"kpi;datum;waarde\nEenzaamheid 0;31-12-2022;" + b"9" * 200_000 + b"\n",
    b"kpi;datum;waarde\nEenzaamheid 0;31-12-2022;1e20\n",
    b"kpi;datum;waarde\nEenzaamheid 0;31-12-2022;NaN\n",
    b"kpi;datum;waarde\nEenzaamheid 0;31-12-9999;37,5\n;;\n",
    b'kpi;datum;waarde;bron\nEenzaamheid 0;31-12-2022;37,5;"' + b"x" * 200_000 + b"\n",
]


@pytest.mark.parametrize("content", MALFORMED_CSV, ids=range(len(MALFORMED_CSV)))
def test_a_malformed_csv_file_gets_the_preview_not_an_error(client, kpi, content):
    client.force_login(program_user())
    url = reverse("admin:agreements_kpi_import_csv")
    upload = SimpleUploadedFile("metingen.csv", content, content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code in (200, 400)
    before = Measurement.objects.count()
    confirm = client.post(url, {"confirm": "1"})
    assert confirm.status_code in (200, 302)
    # Whatever was shown, nothing unreadable was stored.
    assert not Measurement.objects.filter(value__gte=10**10).exists()
    assert Measurement.objects.count() <= before + 1


def test_a_csv_file_above_the_limit_is_refused_in_words(client, kpi):
    client.force_login(program_user())
    upload = SimpleUploadedFile("groot.csv", b"kpi;datum;waarde\n" + b"x;1-1-2020;1\n" * 200_000)
    response = client.post(reverse("admin:agreements_kpi_import_csv"), {"file": upload})
    assert response.status_code == 400 and "groter dan 2 MB" in response.content.decode()


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["value", "d", "results", "RegioS", "Perioden", "Eenzaam_1"])
            | st.text(max_size=5),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=json_values)
def test_any_json_is_imported_or_refused(kpi, payload):
    try:
        count = services.measurements_import_cbs(actor=None, kpi=kpi, payload=payload)
    except services.ImportRefused:
        return
    assert isinstance(count, int)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.binary(max_size=300)
    | st.text(max_size=300).map(lambda t: ("kpi;datum;waarde\n" + t).encode())
)
def test_any_bytes_parse_into_rows_or_reasons(kpi, raw):
    rows, refused = services.measurements_parse_csv(raw)
    assert isinstance(rows, list) and isinstance(refused, list)
    for _kpi, _date, value, source, note, _replaces, _unusual in rows:
        assert value.is_finite() and "\x00" not in source + note


@pytest.mark.parametrize(
    ("raw", "deep"),
    [
        (b"[" * 33 + b"]" * 33, True),
        (b"[" * 32 + b"]" * 32, False),
        (b'{"a": "' + b"[" * 100 + b'"}', False),  # brackets in a string do not count
        (rb'{"a": "\\"}' + b"[" * 40, True),  # an escaped backslash ends before the quote
    ],
)
def test_nesting_is_measured_before_parsing(raw, deep):
    assert services.json_too_deep(raw) is deep
