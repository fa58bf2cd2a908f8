"""Write locale/en/LC_MESSAGES/django.po: the English site's own words for the Dutch terms
that the English texts (the msgids) keep, such as "spiegelend raadslid". Every other
message is English already and needs no entry.

Run after `manage.py makemessages -l nl` (it reads the msgids from the Dutch catalogue)."""

import re
import sys
from pathlib import Path

# Dutch term in an English msgid -> what an English reader is told instead.
TERMS = [
    ("Spiegelend raadslid", "Mirroring council member"),
    ("spiegelend raadslid", "mirroring council member"),
]

HEADER = """# The English site's words for Dutch terms in the English msgids (scripts/english_terms.py).
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"""


def _unquote(block):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def _quote(text):
    return '"' + text + '"'


def main(source="locale/nl/LC_MESSAGES/django.po", target="locale/en/LC_MESSAGES/django.po"):
    po = Path(source).read_text()
    msgids = {
        _unquote(m.group(1))
        for m in re.finditer(r'^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)msgstr', po, flags=re.M)
    }
    entries = []
    for msgid in sorted(msgids):
        if "/" in msgid:  # a URL pattern: the English addresses stay as they are
            continue
        english = msgid
        for dutch, own in TERMS:
            english = english.replace(dutch, own)
        if english != msgid:
            entries.append(f"msgid {_quote(msgid)}\nmsgstr {_quote(english)}\n")
    Path(target).write_text(HEADER + "\n" + "\n".join(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
