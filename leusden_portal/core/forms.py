"""Error messages as GOV.UK and the NL Design System write them: each one says what to do,
for this field, so that the error summary can list them on their own ("Vul uw naam in"),
without gluing a label to Django's stock "Dit veld is verplicht."."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Django's stock messages, replaced where a form or field did not set its own.
GENERIC = {
    "required": _("Fill in “%(label)s”."),
    "max_length": _(
        "“%(label)s” may be at most %(limit_value)d characters (you typed %(show_value)d)."
    ),
    "min_length": _(
        "Write at least %(limit_value)d characters at “%(label)s” (you typed %(show_value)d)."
    ),
    "invalid_choice": _("Choose one of the options at “%(label)s”."),
}
REQUIRED_BY_WIDGET = {
    "choice": _("Choose an answer at “%(label)s”."),
    "checkbox": _("Tick the box “%(label)s” to go on."),
    "file": _("Choose a file at “%(label)s”."),
}
INVALID = {
    forms.EmailField: _("Enter an e-mail address in the right format, like name@example.nl."),
    forms.DecimalField: _("Enter an amount in figures at “%(label)s”."),
    forms.IntegerField: _("Enter a whole number at “%(label)s”."),
    forms.DateField: _("Enter a date at “%(label)s”, like 17-3-2027."),
}


def _stock(field, code):
    """Django's own message for `code` on this field's class, or None."""
    for klass in type(field).__mro__:
        message = getattr(klass, "default_error_messages", {}).get(code)
        if message is not None:
            return message
    return None


def _kind(field):
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, (forms.RadioSelect, forms.Select, forms.CheckboxSelectMultiple)):
        return "choice"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "text"


class ClearErrorsMixin:
    """Put before forms.Form / forms.ModelForm. `error_texts` names, per field, what to do
    when it is empty ("title": _("Fill in the title of your idea")), or a dict per error code.
    Every other stock message is replaced by one that names the field."""

    error_texts = {}

    def full_clean(self):
        # Here and not in __init__: many forms add fields after their super().__init__().
        self.use_clear_errors()
        super().full_clean()

    def use_clear_errors(self):
        for name, field in self.fields.items():
            label = str(field.label or name)
            wanted = dict(GENERIC)
            wanted["required"] = REQUIRED_BY_WIDGET.get(_kind(field), GENERIC["required"])
            for klass, message in INVALID.items():
                if isinstance(field, klass):
                    wanted["invalid"] = message
                    break
            own = self.error_texts.get(name, {})
            if not isinstance(own, dict):
                own = {"required": own}
            for code, message in field.error_messages.items():
                if code in own:
                    field.error_messages[code] = own[code]
                elif code in wanted and str(message) == str(_stock(field, code)):
                    field.error_messages[code] = str(wanted[code]).replace("%(label)s", label)
            # "invalid" of an e-mail address comes from its validator, not from the field's
            # messages; a message under the validator's code in the field replaces it.
            if "invalid" not in field.error_messages and any(
                isinstance(field, klass) for klass in INVALID
            ):
                message = own.get("invalid", wanted["invalid"])
                field.error_messages["invalid"] = str(message).replace("%(label)s", label)
            # So do a text's least and most characters (Django's stock "Zorg dat deze waarde
            # ten minste 20 tekens bevat" otherwise).
            for code in ("min_length", "max_length"):
                if getattr(field, code, None) is not None and code not in field.error_messages:
                    message = own.get(code, wanted[code])
                    field.error_messages[code] = str(message).replace("%(label)s", label)
