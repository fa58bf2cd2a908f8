"""Every field of our own models carries a label written for people, translatable.

The admin shows these labels as column headers, form labels and filter titles. A field
without one shows Django's guess from the attribute name ("AUTHOR KIND", "Token hash"),
in English on a Dutch page.
"""

from django.apps import apps
from django.utils.functional import Promise

OUR_APPS = {"initiatives", "agreements", "council", "accounts", "core", "notifications"}


def our_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.get_fields(include_hidden=False):
            if field.auto_created or not field.concrete:
                continue
            yield model, field


def test_the_apps_we_check_exist():
    labels = {config.label for config in apps.get_app_configs()}
    assert OUR_APPS - labels == set()


def test_every_field_has_a_translatable_label():
    unlabelled = [
        f"{model._meta.label}.{field.name}"
        for model, field in our_fields()
        if not isinstance(field._verbose_name, Promise)
    ]
    assert unlabelled == []


def test_labels_read_in_dutch(settings):
    from django.utils import translation

    from initiatives.models import Message

    with translation.override("nl"):
        assert str(Message._meta.get_field("author_kind").verbose_name) == "soort afzender"
