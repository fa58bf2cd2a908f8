"""Numbers as Dutch people type them: "10,9" is 10.9, "1.234,5" is 1234.5, "1.234.567" is
1234567, and "1.234" is refused as ambiguous (a thousand and more, or one and a bit?) instead
of being read one way without a word. On the English pages the two signs swap roles. A
number input (type=number) is not used for them: Chromium drops the comma of "10,9" there
and sends 109."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class NotANumber(ValueError):
    pass


class AmbiguousNumber(ValueError):
    def __init__(self, text, whole, fraction):
        super().__init__(text)
        self.text, self.whole, self.fraction = text, whole, fraction


def _signs(language):
    """(decimal sign, grouping sign) of the language."""
    return (".", ",") if (language or translation.get_language() or "nl") == "en" else (",", ".")


def parse_decimal(text, language=None):
    """The number `text` stands for, or None for an empty text. Raises NotANumber, or
    AmbiguousNumber for a single group of three digits after the grouping sign ("1.234")."""
    decimal_sign, group_sign = _signs(language)
    cleaned = re.sub(r"[\s\u00a0\u202f€%]", "", str(text))
    if not cleaned:
        return None
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    groups = re.compile(rf"\d{{1,3}}(?:{re.escape(group_sign)}\d{{3}})+")
    if decimal_sign in cleaned and group_sign in cleaned:
        whole, _sep, fraction = cleaned.rpartition(decimal_sign)
        if not groups.fullmatch(whole) or not fraction.isdigit():
            raise NotANumber(text)
        digits = f"{whole.replace(group_sign, '')}.{fraction}"
    elif decimal_sign in cleaned:
        whole, _sep, fraction = cleaned.partition(decimal_sign)
        if not (whole or "0").isdigit() or not fraction.isdigit():
            raise NotANumber(text)
        digits = f"{whole or '0'}.{fraction}"
    elif group_sign in cleaned:
        if groups.fullmatch(cleaned):
            if cleaned.count(group_sign) == 1:  # "1.234": 1234 or 1,234?
                whole = cleaned.replace(group_sign, "")
                fraction = cleaned.replace(group_sign, decimal_sign)
                raise AmbiguousNumber(text, sign + whole, sign + fraction)
            digits = cleaned.replace(group_sign, "")
        elif cleaned.count(group_sign) == 1:  # "10.9": the other decimal sign, not a group
            whole, _sep, fraction = cleaned.partition(group_sign)
            if not (whole or "0").isdigit() or not fraction.isdigit():
                raise NotANumber(text)
            digits = f"{whole or '0'}.{fraction}"
        else:
            raise NotANumber(text)
    else:
        if not cleaned.isdigit():
            raise NotANumber(text)
        digits = cleaned
    try:
        value = Decimal(sign + digits)
    except InvalidOperation:
        raise NotANumber(text) from None
    if not value.is_finite():
        raise NotANumber(text)
    return value


def format_decimal(value, language=None):
    """`value` as a person types it again: the language's decimal sign, no grouping, no
    trailing zeros ("11,5", not "11,5000")."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            return str(value)
    text = f"{value.normalize():f}" if value != 0 else "0"
    decimal_sign, _group = _signs(language)
    return text.replace(".", decimal_sign)


class DecimalInput(forms.TextInput):
    """A text input that phones open with number keys (inputmode), showing the value as it
    is typed back."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_decimal(value)
        return super().format_value(value)


class DutchDecimalField(forms.DecimalField):
    """A DecimalField that reads numbers as people type them (parse_decimal)."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Enter a number, like 10,9 or 1.234,5."),
        "ambiguous": _(
            "“%(value)s” can be read in two ways: write %(whole)s for the whole number, or "
            "%(fraction)s for a number with decimals."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(value)
        except AmbiguousNumber as error:
            if self.decimal_places == 0:  # no decimals possible: the dot groups thousands
                return Decimal(error.whole)
            raise forms.ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"value": error.text, "whole": error.whole, "fraction": error.fraction},
            ) from None
        except NotANumber:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # Not the step/min/max of a number input: this one is text.
        return forms.Field.widget_attrs(self, widget)
