"""The forms behind the transition buttons in the admin."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement

from .models import Initiative, Monitoring, PartnerOrganisation, Team

MESSAGE_HELP = _(
    "The initiator reads this message (on their own page and by e-mail). The public page shows "
    "only the step, unless you tick the box below. Write in plain language (B1)."
)
QUESTION_HELP = _(
    "Only the initiator reads your question (on their own page and by e-mail, with a link to "
    "answer). Write in plain language (B1)."
)


def _public_field():
    return forms.BooleanField(
        label=_("Also show this message on the public page of the initiative"),
        help_text=_(
            "Off by default: only tick it for news meant for everyone, without personal details."
        ),
        required=False,
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the initiator"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=MESSAGE_HELP,
    )
    public = _public_field()


class RequiredMessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the initiator"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MESSAGE_HELP,
    )
    public = _public_field()


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question to the initiator"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=QUESTION_HELP,
    )


class AssignForm(forms.Form):
    """To a team and/or a person: the initiative's team (or the one the routing rules suggest)
    is chosen already, and the members of that team come first in the list of persons."""

    takes_initiative = True
    team = forms.ModelChoiceField(
        Team.objects.filter(is_active=True), required=False, label=_("Team")
    )
    assignee = forms.ModelChoiceField(
        get_user_model().objects.filter(is_staff=True, is_active=True),
        required=False,
        label=_("Person"),
        help_text=_(
            "The members of the chosen team come first. Without a person, the team picks one."
        ),
    )

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        team = None
        if initiative is not None:
            from .services import suggested_team

            team = initiative.team or suggested_team(theme=initiative.theme, kind=initiative.kind)
            self.fields["team"].initial = team
            self.fields["assignee"].initial = initiative.assignee_id
        if team is not None:
            members = Team.members.through.objects.filter(team=team, user=OuterRef("pk"))
            self.fields["assignee"].queryset = (
                self.fields["assignee"]
                .queryset.annotate(in_team=Exists(members))
                .order_by("-in_team", "full_name", "email")
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("team") and not cleaned.get("assignee"):
            raise forms.ValidationError(_("Choose a team or a person."))
        return cleaned


class ReferForm(RequiredMessageForm):
    team = forms.ModelChoiceField(
        Team.objects.filter(is_active=True), required=False, label=_("Internal team")
    )
    partner = forms.ModelChoiceField(
        PartnerOrganisation.objects.filter(is_active=True),
        required=False,
        label=_("Partner organisation"),
    )
    agreement = forms.ModelChoiceField(
        Agreement.objects.all(), required=False, label=_("Society agreement")
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("team") and not cleaned.get("partner") and not cleaned.get("agreement"):
            raise forms.ValidationError(
                _("Choose a team, a partner organisation or a society agreement.")
            )
        return cleaned


class StartForm(RequiredMessageForm):
    experiment = forms.BooleanField(label=_("As an experiment or pilot"), required=False)
    monitoring = forms.ChoiceField(
        label=_("Degree of monitoring (experiments)"),
        choices=[("", "---------"), *Monitoring.choices],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("experiment") and not cleaned.get("monitoring"):
            self.add_error("monitoring", _("Choose how far the experiment is let go."))
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (required: 'ja, tenzij')"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        help_text=_("The initiator reads this. Explain why, and what they could do instead."),
    )


class DuplicateForm(forms.Form):
    duplicate_of = forms.ModelChoiceField(
        Initiative.objects.all(),
        label=_("Duplicate of"),
        to_field_name="reference",
        widget=forms.TextInput,
        help_text=_("The reference number, e.g. SV-2026-00042."),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only staff see this note."),
    )


class ConfirmForm(forms.Form):
    """A step without input: the button on the page is the confirmation."""
