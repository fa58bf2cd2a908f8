"""The one write path of the agreements: every change audited, the public pages dropped from
the cache after commit, measurement reminders planned from each KPI's frequency."""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leusden_portal.accounts.roles import GROUP_NAMES, PROGRAMMATEAM
from leusden_portal.core import pagecache
from leusden_portal.core.dates import add_months, is_working_day
from leusden_portal.core.exports import unsafe_cell
from leusden_portal.core.numbers import (
    AmbiguousNumber,
    NotANumber,
    format_decimal,
    parse_decimal,
)
from leusden_portal.core.selectors import active_municipality
from leusden_portal.core.services import audit_log, snapshot
from leusden_portal.notifications.services import reminder_schedule, reminders_cancel

from .models import Event, Kpi, Measurement

PAGES = "agreements"
INFORMATION_REMINDER_WORKING_DAYS = 5


def _fields(obj):
    return [
        f.name
        for f in obj._meta.concrete_fields
        if f.name not in ("id", "updated_at", "created_at") and not f.name.endswith("_ptr")
    ]


def _refuse_if_paused(obj):
    from council.selectors import refuse_if_paused

    refuse_if_paused(obj)


@transaction.atomic
def record_save(*, actor, obj):
    """Create or change an agreement, partner, goal, KPI, sub-project or timeline moment
    (validated, audited); what depends on it follows (reminders)."""
    model = type(obj)
    fields = _fields(obj)
    is_new = obj.pk is None
    before = {} if is_new else snapshot(model.objects.get(pk=obj.pk), fields)
    if not is_new and "status" in fields and before.get("status") != obj.status:
        _refuse_if_paused(obj)
    obj.full_clean()
    obj.save()
    audit_log(
        actor=actor,
        action=f"agreements.{model._meta.model_name}.{'created' if is_new else 'changed'}",
        obj=obj,
        before=before,
        after=snapshot(obj, fields),
    )
    if isinstance(obj, Kpi):
        schedule_measurement_reminder(obj)
    if isinstance(obj, Event):
        schedule_information_reminders(obj)
    pagecache.invalidate(PAGES)
    return obj


@transaction.atomic
def record_delete(*, actor, obj):
    fields = _fields(obj)
    audit_log(
        actor=actor,
        action=f"agreements.{obj._meta.model_name}.deleted",
        obj=obj,
        before=snapshot(obj, fields),
    )
    reminders_cancel(about=obj)
    obj.delete()
    pagecache.invalidate(PAGES)


# --- Measurements ---------------------------------------------------------------------------------


def implausible_date(date):
    """Why a measurement cannot have this date, or None: not before 1900, and at most the
    end of next year (a period may end after today; 9999-12-31 is a typing error)."""
    latest = datetime.date(timezone.localdate().year + 1, 12, 31)
    if date < datetime.date(1900, 1, 1) or date > latest:
        return _("the date must lie between 1900 and the end of next year")
    return None


def next_measurement_due(kpi, last_date):
    start = last_date or kpi.baseline_date
    if start is None:
        return None
    return add_months(start, Kpi.MONTHS[kpi.frequency])


def schedule_measurement_reminder(kpi, last_date=None):
    """Remind the KPI's owner on the day its next measurement is due (after the last one,
    by its frequency). A new measurement replaces the reminder."""
    reminders_cancel(about=kpi, kind="agreements.measurement_due")
    if kpi.owner_id is None:
        return
    if last_date is None:
        last_date = (
            Measurement.objects.filter(kpi=kpi).order_by("-date").values_list("date", flat=True)
        ).first()
    due = next_measurement_due(kpi, last_date)
    if due is None:
        return
    due_at = timezone.make_aware(datetime.datetime.combine(due, datetime.time(9, 0)))
    due_at = max(due_at, timezone.now())
    reminder_schedule(
        kind="agreements.measurement_due",
        recipient=kpi.owner,
        about=kpi,
        due_at=due_at,
        slot=f"due-{due.isoformat()}",
        context={"kpi": kpi.name, "due": due.isoformat()},
    )


def _working_days_before(day, days):
    while days:
        day -= datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day


def schedule_information_reminders(event):
    """Before an informatiemoment, remind each member of the program team."""
    reminders_cancel(about=event)
    if event.kind != Event.Kind.INFORMATION:
        return
    remind_on = _working_days_before(event.date, INFORMATION_REMINDER_WORKING_DAYS)
    due_at = timezone.make_aware(datetime.datetime.combine(remind_on, datetime.time(9, 0)))
    if due_at < timezone.now():
        return
    group = Group.objects.filter(name=GROUP_NAMES[PROGRAMMATEAM]).first()
    if group is None:
        return
    for user in group.user_set.filter(is_active=True):
        reminder_schedule(
            kind="agreements.information_moment",
            recipient=user,
            about=event,
            due_at=due_at,
            slot=f"before-{event.date.isoformat()}",
            context={"title": event.title, "date": event.date.isoformat()},
        )


@transaction.atomic
def measurement_save(*, actor, measurement):
    """Add or correct one measurement (admin or import): audited, reminders moved on."""
    is_new = measurement.pk is None
    fields = ["kpi", "date", "value", "source", "note"]
    before = {} if is_new else snapshot(Measurement.objects.get(pk=measurement.pk), fields)
    if is_new and measurement.entered_by_id is None and actor is not None:
        measurement.entered_by = actor
    measurement.full_clean()
    measurement.save()
    audit_log(
        actor=actor,
        action=f"agreements.measurement.{'created' if is_new else 'changed'}",
        obj=measurement.kpi,
        before=before,
        after=snapshot(measurement, fields),
    )
    schedule_measurement_reminder(measurement.kpi)
    pagecache.invalidate(PAGES)
    return measurement


def measurement_unusual(kpi, value, *, exclude_pk=None):
    """Why `value` looks mistyped for `kpi` ("" when it does not): a percentage outside 0-100,
    or a value far outside the KPI's baseline, target and measurements so far (three times
    their spread beyond them). Such a value is published only once someone confirms it."""
    if kpi is None or value is None:
        return ""
    if kpi.unit.strip() == "%" and not (0 <= value <= 100):
        return _("A percentage lies between 0 and 100.")
    if kpi.pk is None:  # a KPI still being added: nothing to compare with
        return ""
    known = [v for v in (kpi.baseline_value, kpi.target_value) if v is not None]
    others = Measurement.objects.filter(kpi=kpi).exclude(pk=exclude_pk)
    known += list(others.order_by("-date").values_list("value", flat=True)[:200])
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    spread = max(high - low, abs(high) / 10, Decimal(1))
    if low - 3 * spread <= value <= high + 3 * spread:
        return ""
    return _("%(value)s is far from the values so far (%(low)s to %(high)s).") % {
        "value": format_decimal(value),
        "low": format_decimal(low),
        "high": format_decimal(high),
    }


class ImportRefused(ValidationError):
    """A file with errors: nothing of it is imported. `rows` holds (row number, reason)."""

    def __init__(self, rows):
        self.rows = rows
        super().__init__([_("Row %(row)s: %(reason)s") % {"row": n, "reason": r} for n, r in rows])


CSV_COLUMNS = ["kpi", "date", "value", "source", "note"]
# The column names people use, Dutch and English, to the column they mean.
CSV_HEADERS = {
    "kpi": "kpi",
    "indicator": "kpi",
    "naam": "kpi",
    "date": "date",
    "datum": "date",
    "peildatum": "date",
    "value": "value",
    "waarde": "value",
    "source": "source",
    "bron": "source",
    "note": "note",
    "opmerking": "note",
    "toelichting": "note",
}
CSV_DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


def _decimal(text):
    """A spreadsheet's number: Dutch first (37,7; 1.234,5), else English (1,234.5). "1.234"
    is refused as ambiguous (AmbiguousNumber), never read as 1.234 without a word."""
    try:
        value = parse_decimal(text, "nl")
    except NotANumber:
        value = parse_decimal(text, "en")
    if value is None:
        raise NotANumber(text)
    return value


def _date(text):
    for pattern in CSV_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def csv_text(raw):
    """The file's text: UTF-8 with or without BOM, else Windows-1252 (Excel's "CSV")."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return None
    # Binary garbage decodes as Windows-1252 too; a text file has no control characters
    # (and a NUL byte could not be stored).
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return None
    return text


def _kpi_index(kpis):
    """KPIs by their number and by their name (lower case); a name two KPIs share is None."""
    by_key = {}
    for kpi in kpis:
        by_key[str(kpi.pk)] = kpi
        name = kpi.name.strip().lower()
        by_key[name] = None if name in by_key and by_key[name] is not kpi else kpi
    return by_key


def measurements_parse_csv(raw, kpis=None):
    """Read a CSV file of measurements as people export it from Excel: Dutch or English column
    names (kpi/indicator, datum/date, waarde/value, bron/source, opmerking/note), the KPI by
    its name or number, ; or , or tab, decimal commas, dates as 31-12-2021 or 2021-12-31,
    empty rows skipped. Returns (rows, refused): rows of (kpi, date, value, source, note,
    replaces, unusual) and (row number, reason) for each row that cannot be imported."""
    text = csv_text(raw)
    if text is None:
        return [], [(0, _("the file is not text (save it as CSV from Excel)"))]
    lines = text.splitlines()
    try:
        dialect = csv.Sniffer().sniff(lines[0] if lines else "", delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _parse_rows(csv.reader(io.StringIO(text), dialect=dialect), kpis)
    except csv.Error as error:  # a field longer than the csv module allows, a stray quote
        line = getattr(error, "line_num", None)
        return [], [(line or 0, _("the file cannot be read as CSV (a field too long?)"))]


def _parse_rows(reader, kpis):
    header = next(reader, [])
    columns = [CSV_HEADERS.get(h.strip().lower().lstrip("\ufeff")) for h in header]
    missing = [c for c in ("kpi", "date", "value") if c not in columns]
    if missing:
        return [], [(1, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})]
    index = _kpi_index(kpis if kpis is not None else Kpi.objects.all())
    existing = set(
        Measurement.objects.filter(kpi__in=[k for k in index.values() if k]).values_list(
            "kpi_id", "date"
        )
    )
    rows, refused, seen = [], [], set()
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # an empty row (";;;;" at the end of an Excel export)
        row = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(columns) if c}
        key = unsafe_cell((row.get("kpi") or "").strip())  # as our example file wrote it
        kpi = index.get(key) or index.get(key.lower())
        if kpi is None:
            reason = (
                _("two KPIs are called “%(kpi)s”: use its number")
                if key.lower() in index
                else _("unknown KPI “%(kpi)s”")
            )
            refused.append((number, reason % {"kpi": key}))
            continue
        try:
            date = _date(row.get("date") or "")
        except ValueError:
            refused.append((number, _("the date must look like 31-12-2024 or 2024-12-31")))
            continue
        if reason := implausible_date(date):
            refused.append((number, reason))
            continue
        try:
            value = _decimal(row.get("value") or "")
        except AmbiguousNumber as error:
            refused.append(
                (
                    number,
                    _(
                        "“%(value)s” can be read in two ways: write %(whole)s for the whole "
                        "number, or %(fraction)s for a number with decimals"
                    )
                    % {"value": error.text, "whole": error.whole, "fraction": error.fraction},
                )
            )
            continue
        except NotANumber:
            refused.append((number, _("“%(value)s” is not a number") % {"value": row.get("value")}))
            continue
        if not value.is_finite() or abs(value) >= Decimal("1e10"):
            refused.append((number, _("the value is out of range")))
            continue
        if (kpi.pk, date) in seen:
            refused.append((number, _("this KPI and date occur twice in the file")))
            continue
        seen.add((kpi.pk, date))
        rows.append(
            (
                kpi,
                date,
                value,
                (row.get("source") or "").strip()[:300],
                (row.get("note") or "").strip()[:500],
                (kpi.pk, date) in existing,
                measurement_unusual(kpi, value),  # shown in the preview, which confirms it
            )
        )
    if not rows and not refused:
        refused.append((0, _("the file holds no measurements")))
    return rows, refused


def measurements_import(*, actor, rows):
    """Store parsed rows (measurements_parse_csv): a measurement of the same KPI and date is
    corrected. Returns the number stored."""
    with transaction.atomic():
        for kpi, date, value, source, note, _replaces, _unusual in rows:
            measurement = Measurement.objects.filter(kpi=kpi, date=date).first() or Measurement(
                kpi=kpi, date=date
            )
            measurement.value, measurement.source, measurement.note = value, source, note
            measurement_save(actor=actor, measurement=measurement)
    return len(rows)


def measurements_import_csv(*, actor, file, kpis=None):
    """Import a whole file: one bad row and nothing of it is imported (ImportRefused names
    each bad row and why). Returns the number of measurements added or corrected."""
    rows, refused = measurements_parse_csv(file.read(), kpis=kpis)
    if refused:
        raise ImportRefused(refused)
    return measurements_import(actor=actor, rows=rows)


CBS_MAX_RECORDS = 10_000
CBS_MAX_DEPTH = 32


def json_too_deep(raw, limit=CBS_MAX_DEPTH):
    """Whether JSON text nests deeper than `limit` (brackets outside strings). Checked before
    json.loads: a deeply nested file would exhaust the parser's recursion (RecursionError
    inside C code leaves the interpreter's recursion count off for the rest of the process)."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def _cbs_period(code):
    """CBS StatLine periods: 2022JJ00 (year), 2022KW03 (quarter), 2022MM07 (month). The
    measurement is dated at the end of its period."""
    code = code.strip()
    year = int(code[:4])
    kind, number = code[4:6], int(code[6:8] or 0)
    if kind == "JJ":
        return datetime.date(year, 12, 31)
    if kind == "KW":
        return add_months(datetime.date(year, 3 * number, 1), 1) - datetime.timedelta(days=1)
    if kind == "MM":
        return add_months(datetime.date(year, number, 1), 1) - datetime.timedelta(days=1)
    raise ValueError(code)


def measurements_import_cbs(*, actor, kpi, payload):
    """Import a KPI's measurements from a CBS StatLine OData response (v3 or v4 JSON:
    {"value": [...]} or {"d": {"results": [...]}}) for the KPI's table, measure column and
    region (the municipality's code unless the KPI names another). Rows of other regions and
    empty values are skipped. Returns the number of measurements added or corrected."""
    if not kpi.cbs_measure:
        raise ImportRefused([(0, _("the KPI has no CBS measure (column) set"))])
    region = (kpi.cbs_region or (active_municipality() or {}).get("cbs_code") or "").strip()
    records = None
    if isinstance(payload, dict) and "value" in payload:
        records = payload["value"]
    elif isinstance(payload, dict) and "d" in payload:
        inner = payload["d"]
        records = inner.get("results", inner) if isinstance(inner, dict) else inner
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportRefused([(0, _("this is not a CBS OData response"))])
    if len(records) > CBS_MAX_RECORDS:
        raise ImportRefused([(0, _("the response holds more rows than a KPI can have"))])
    found, errors = [], []
    for number, record in enumerate(records, start=1):
        codes = {
            (record.get(key) or "").strip()
            for key in ("RegioS", "WijkenEnBuurten", "Gemeenten", "Regio")
            if isinstance(record.get(key), str)
        }
        if region and codes and region not in codes:
            continue
        value = record.get(kpi.cbs_measure)
        if value is None:
            continue
        period = record.get("Perioden", "")
        try:
            if not isinstance(period, str) or isinstance(value, bool):
                raise TypeError
            if not isinstance(value, (int, float, str)):
                raise TypeError
            date = _cbs_period(period)
            value = Decimal(str(value).strip())
        except (ValueError, InvalidOperation, TypeError, OverflowError):
            errors.append((number, _("unreadable period or value")))
            continue
        if not value.is_finite() or abs(value) >= Decimal("1e10"):
            errors.append((number, _("the value is out of range")))
            continue
        if reason := implausible_date(date):
            errors.append((number, reason))
            continue
        found.append((date, value))
    if errors:
        raise ImportRefused(errors)
    if not found:
        raise ImportRefused(
            [(0, _("no values for region %(region)s in this response") % {"region": region})]
        )
    source = f"CBS StatLine {kpi.cbs_table}".strip()
    with transaction.atomic():
        for date, value in found:
            measurement = Measurement.objects.filter(kpi=kpi, date=date).first() or Measurement(
                kpi=kpi, date=date
            )
            measurement.value, measurement.source = value, source
            measurement_save(actor=actor, measurement=measurement)
    return len(found)
