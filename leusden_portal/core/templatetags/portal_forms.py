"""Form fields in NL Design System markup (the "nlds" crispy-forms template pack)."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

WIDGET_CLASSES = {
    "text": "utrecht-textbox utrecht-textbox--html-input",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "file": "utrecht-textbox utrecht-textbox--html-input portal-file",
}


# What a browser may fill in for a person (WCAG 1.3.5, "identify input purpose"), by the
# field names the portal's forms use for a person's own details.
AUTOCOMPLETE = {
    "name": "name",
    "email": "email",
    "phone": "tel",
    "organisation": "organization",
}


@register.filter
def widget_type(field):
    widget = field.field.widget
    # First: CheckboxSelectMultiple is a subclass of RadioSelect.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "text"


@register.simple_tag
def nlds_widget(field):
    """The widget with its NLDS class, and its description and error tied to it."""
    kind = widget_type(field)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {"class": WIDGET_CLASSES.get(kind, WIDGET_CLASSES["text"])}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["class"] += f" utrecht-{'textbox' if kind in ('text', 'file') else kind}--invalid"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.field.required and kind != "checkbox":
        attrs["aria-required"] = "true"
    if field.name in AUTOCOMPLETE and "autocomplete" not in field.field.widget.attrs:
        attrs["autocomplete"] = AUTOCOMPLETE[field.name]
    return field.as_widget(attrs=attrs)


@register.simple_tag
def translate_error():
    return _("Error:")


@register.simple_tag
def translate_optional():
    return _("optional")


@register.filter
def error_anchor(field):
    """The id of the element an error summary entry leads to: the input itself, or for a
    group of radio buttons or check boxes its first one (Django gives a group no id)."""
    if widget_type(field) in ("radio", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Fout: " before the page title when a form on the page has errors (GOV.UK), so that
    a screen reader hears it first. type() rather than isinstance(): isinstance would
    evaluate lazy values in the context (the user, the municipality) and cost queries."""
    for layer in context.dicts:
        for value in list(layer.values()):
            kind = type(value)
            if issubclass(kind, forms.BaseForm) and value.is_bound and value.errors:
                return _("Error: ")
            if issubclass(kind, forms.BaseFormSet) and value.is_bound and value.total_error_count():
                return _("Error: ")
    return ""
