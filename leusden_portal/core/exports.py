"""Files people open in a spreadsheet: no cell may become a formula.

Excel and LibreOffice run a cell that starts with =, +, -, @, a tab or a carriage return as
a formula (CSV injection). OWASP's rule: put a single quote before such a cell, so that it is
shown as text. Numbers ("-3.5") stay numbers; a number is not a formula."""

import csv
import re
from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?\Z")


def safe_cell(value):
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def unsafe_cell(text):
    """What safe_cell wrote, read back (an export imported again)."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


class SafeWriter:
    """csv.writer whose every cell went through safe_cell."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
