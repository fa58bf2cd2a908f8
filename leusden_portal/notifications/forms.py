from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DeliveryPreference


class DeliveryPreferencesForm(forms.Form):
    """One choice per kind that may go into the digest."""

    def __init__(self, *args, kinds, current, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=DeliveryPreference.Mode.choices,
                initial=current.get(kind.code, DeliveryPreference.Mode.IMMEDIATE),
                widget=forms.RadioSelect,
                required=False,  # a kind left out keeps its current choice
            )


class OptOutForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("out", _("Turn off")), ("in", _("Turn on again"))], widget=forms.HiddenInput
    )
