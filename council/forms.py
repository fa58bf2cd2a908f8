from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.forms import ClearErrorsMixin

from .models import HoStopParticipant


def _helper(submit_name, submit_label):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page template has the token
    helper.add_input(Submit(submit_name, submit_label))
    return helper


class HoStopRaiseForm(ClearErrorsMixin, forms.Form):
    error_texts = {
        "reason": _("Say why the process must pause."),
        "adjustment": _("Say which adjustment you propose."),
        "email": _("Fill in the e-mail address the municipality knows you by as a partner."),
    }
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


class HoStopAnswerForm(ClearErrorsMixin, forms.Form):
    error_texts = {"answer": _("Choose whether you consent or object.")}
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
        self.helper = _helper("send", _("Send my answer"))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("answer") == HoStopParticipant.Answer.OBJECTION
            and len((cleaned.get("reason") or "").strip()) < 10
        ):
            self.add_error("reason", _("Explain your objection in at least 10 characters."))
        return cleaned


class ReflectionForm(ClearErrorsMixin, forms.Form):
    """Free text, a reflection per relevant core value, the decisions of the evening."""

    error_texts = {
        "text": {
            "required": _("Write your reflection on the evening."),
            "min_length": _(
                "Write a little more about the evening: at least %(limit_value)d characters "
                "(you typed %(show_value)d)."
            ),
        }
    }

    text = forms.CharField(
        label=_("Your reflection on the evening, in relation to Samenleving Voorop"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        min_length=20,
    )

    def __init__(self, *args, core_values=(), decisions=(), published=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.core_values = list(core_values)
        for value in self.core_values:
            self.fields[f"value_{value.pk}"] = forms.CharField(
                label=value.label(get_language()),
                help_text=_("Only if this core value was at stake tonight."),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5_000,
                required=False,
            )
        self.fields["decisions"] = forms.ModelMultipleChoiceField(
            queryset=decisions,
            label=_("Decisions of the evening you refer to"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        # Published only when the member presses "Publiceren" (a draft until then); once
        # public, saving publishes the correction at once.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        if published:
            self.helper.add_input(Submit("publish", _("Save and publish my changes")))
        else:
            self.helper.add_input(Submit("publish", _("Publish")))
            self.helper.add_input(Submit("save", _("Save as draft"), css_class="secondary"))

    def values(self):
        return {v: self.cleaned_data.get(f"value_{v.pk}", "") for v in self.core_values}


class ScoreForm(ClearErrorsMixin, forms.Form):
    """A council member's core-value check of one decision."""

    def __init__(self, *args, core_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ValueScore

        self.core_values = list(core_values)
        for value in self.core_values:
            self.fields[f"score_{value.pk}"] = forms.ChoiceField(
                label=value.label(get_language()),
                choices=ValueScore.Score.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"why_{value.pk}"] = forms.CharField(
                label=_("Explanation"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2_000,
                required=False,
            )
        self.helper = _helper("score", _("Save my check"))

    def scores(self):
        return {
            v: (self.cleaned_data[f"score_{v.pk}"], self.cleaned_data.get(f"why_{v.pk}", ""))
            for v in self.core_values
        }


class VolunteerForm(ClearErrorsMixin, forms.Form):
    error_texts = {
        "name": _("Fill in your name."),
        "email": _("Fill in your e-mail address: we tell you there whether you were drawn."),
        "neighbourhood": _("Choose your neighbourhood or village."),
        "age_band": _("Choose your age."),
        "consent": _("Tick the box to agree: without it we cannot take you into the draw."),
    }
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address"))
    neighbourhood = forms.ModelChoiceField(
        queryset=None, label=_("Your neighbourhood or village"), empty_label=_("Choose")
    )
    age_band = forms.ChoiceField(label=_("Your age"), widget=forms.RadioSelect)
    gender = forms.ChoiceField(label=_("Gender"), required=False, widget=forms.RadioSelect)
    consent = forms.BooleanField(
        label=_(
            "I agree that my details are used for this draw and the panel, and deleted afterwards."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from leusden_portal.core.models import Neighbourhood

        from .models import Volunteer

        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(is_active=True)
        self.fields["age_band"].choices = Volunteer.AgeBand.choices
        self.fields["gender"].choices = [("", _("I'd rather not say")), *Volunteer.Gender.choices]
        self.helper = _helper("register", _("Register for the draw"))


class SignatureForm(ClearErrorsMixin, forms.Form):
    error_texts = {
        "name": _("Fill in your name."),
        "email": _("Fill in your e-mail address: we send you a link to confirm."),
    }
    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation = forms.CharField(
        label=_("On behalf of an organisation"), max_length=150, required=False
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("Never shown; we send you a link to confirm.")
    )
    show_publicly = forms.BooleanField(
        label=_("Show my name (and organisation) in the list of signatories"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("sign", _("Sign the manifest"))


class EventSignupForm(ClearErrorsMixin, forms.Form):
    error_texts = {
        "name": _("Fill in your name."),
        "email": _("Fill in your e-mail address: we send your confirmation there."),
    }
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("signup", _("Sign up"))


class PartnerHoStopForm(HoStopRaiseForm):
    email = forms.EmailField(
        label=_("The e-mail address the municipality knows you by as a partner"),
        help_text=_("We send a link to confirm to that address."),
    )
    field_order = ["email", "reason", "adjustment"]
