"""Numbers of the agreements in the reader's language: 37,7% in Dutch, 37.7% in English."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_value(value, kpi):
    if value is None:
        return ""
    text = number_format(Decimal(value), decimal_pos=kpi.decimals, force_grouping=True)
    if "," in text or "." in text:  # drop trailing zeros of the decimals: 34,0 → 34
        separator = text[-kpi.decimals - 1] if kpi.decimals else ""
        if separator in ",." and kpi.decimals:
            head, tail = text[: -kpi.decimals - 1], text[-kpi.decimals :]
            tail = tail.rstrip("0")
            text = f"{head}{separator}{tail}" if tail else head
    unit = kpi.unit or ""
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


@register.simple_tag
def kpi_value(value, kpi):
    return format_value(value, kpi)


@register.filter
def percent(share):
    return "" if share is None else f"{int(round(share * 100))}%"


@register.simple_tag
def kpi_chart(kpi):
    from agreements.charts import kpi_chart as chart

    return chart(kpi, f"kpi-{kpi.pk}")
