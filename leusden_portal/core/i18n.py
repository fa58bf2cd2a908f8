"""Data in two languages: a field `name` in Dutch with `name_en` beside it."""

from django.utils.translation import get_language


def in_language(obj, name, language=None):
    """`obj.<name>_en` when the page (or `language`) is English and an English text was
    entered, else the Dutch `obj.<name>`."""
    # The language first: on a Dutch page the English field is not read at all (a query
    # that defers it, such as a list with only(), would load it row by row).
    if (language or get_language()) == "en":
        english = getattr(obj, f"{name}_en")
        if english:
            return english
    return getattr(obj, name)
