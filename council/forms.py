from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HoStopParticipant


def _helper(submit_name, submit_label):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page template has the token
    helper.add_input(Submit(submit_name, submit_label))
    return helper


class HoStopRaiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the process pause?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        min_length=10,
    )
    adjustment = forms.CharField(
        label=_("Which adjustment do you propose?"),
        help_text=_("Everyone involved is asked to consent to it; then the process resumes."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        min_length=10,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("hostop", _("Raise the ho-stop card"))


class HoStopAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (HoStopParticipant.Answer.CONSENT, _("I consent to the proposed adjustment")),
            (HoStopParticipant.Answer.OBJECTION, _("I object")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Explanation"),
        help_text=_("Required when you object: what would make it acceptable to you?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("answer", _("Send my answer"))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("answer") == HoStopParticipant.Answer.OBJECTION
            and len((cleaned.get("reason") or "").strip()) < 10
        ):
            self.add_error("reason", _("Explain your objection in at least 10 characters."))
        return cleaned
