"""The .po files are the source of truth of every text, edited directly (Poedit, Weblate or a
text editor): every message of the code is in them, translated, not fuzzy, none left over.

The check runs `makemessages` on a copy of the code, so a new or changed text without its
Dutch fails here with the text named, and the working tree stays as it is."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["nl", "en"]
SKIP = {
    ".git",
    ".venv",
    "node_modules",
    "staticfiles",
    "staticfiles-faults",
    "media",
    ".ruff_cache",
}


def catalogue(root, language):
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


def problems(po):
    found = []
    for entry in po:
        if entry.obsolete:
            found.append(f"left over (no longer in the code): {entry.msgid!r}")
        elif "fuzzy" in entry.flags:
            found.append(f"fuzzy (check and remove the flag): {entry.msgid!r}")
        elif not entry.translated():
            found.append(f"untranslated: {entry.msgid!r}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogues_are_complete(language):
    po = catalogue(ROOT, language)
    assert len(po) > 1000
    assert problems(po) == []


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """makemessages run on a copy of the code: the catalogues as the code asks for them."""
    copy = tmp_path_factory.mktemp("messages") / "portal"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in SKIP])
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
    command += [f"--locale={language}" for language in LANGUAGES]
    subprocess.run(
        command,
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "leusden_portal.settings.dev"},
    )
    return copy


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_the_code_is_in_the_catalogue(regenerated, language):
    """Fails on a text added or changed without its translation: run
    `make messages-update`, translate what it lists, and remove the fuzzy flags you checked."""
    po = catalogue(regenerated, language)
    assert problems(po) == []
    committed = {(e.msgctxt, e.msgid) for e in catalogue(ROOT, language)}
    assert {(e.msgctxt, e.msgid) for e in po} == committed


def test_counts_and_ambiguous_words_translate_by_their_own_entries():
    """ngettext gives "1 werkdag" and "3 werkdagen"; pgettext keeps a volunteer's "declined"
    (turned the invitation down) apart from a declined initiative (refused by the loket)."""
    from django.utils import translation

    from council.models import EventSignup, Volunteer
    from initiatives.models import Status

    with translation.override("nl"):
        assert (
            translation.ngettext("%(n)d working day late", "%(n)d working days late", 1) % {"n": 1}
            == "1 werkdag te laat"
        )
        assert (
            translation.ngettext("%(n)d working day late", "%(n)d working days late", 3) % {"n": 3}
            == "3 werkdagen te laat"
        )
        assert str(Volunteer.Status.DECLINED.label) == "uitnodiging afgeslagen"
        assert str(Status.DECLINED.label) == "afgewezen"
        assert str(EventSignup.Status.CANCELLED.label) == "afgemeld"
