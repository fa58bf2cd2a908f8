"""The forms of the loket. Files are checked by their content, not only by their name."""

import re
import unicodedata
import zipfile

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.forms import ClearErrorsMixin
from leusden_portal.core.models import Neighbourhood, Theme

from .models import HelpAsked, Initiative, Kind, NeighbourhoodBudget

# Extension -> (content type, check on the first bytes / the file).
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


# Markup near the start of a file makes it a polyglot: a browser or viewer that sniffs could
# run it as HTML or SVG, whatever its first bytes say.
MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?xml-stylesheet)", re.I
)
SNIFF_BYTES = 4096


class ArchiveRefused(Exception):
    """A DOCX or ODT that would unpack too large, with too many members, or nested."""


def _check_archive(archive):
    members = archive.infolist()
    if len(members) > settings.INITIATIVES_MAX_ARCHIVE_MEMBERS:
        raise ArchiveRefused
    if sum(m.file_size for m in members) > settings.INITIATIVES_MAX_UNPACKED_BYTES:
        raise ArchiveRefused
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > settings.INITIATIVES_MAX_COMPRESSION_RATIO:
            raise ArchiveRefused
        if member.filename.lower().endswith((".zip", ".jar", ".7z", ".rar", ".gz")):
            raise ArchiveRefused


def detect_type(upload):
    """The content type that the bytes of `upload` show, or None. Raises ArchiveRefused for
    a zip bomb."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) and MARKUP.search(head):
        return None
    if head.startswith(b"%PDF-"):
        return ALLOWED_TYPES["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return ALLOWED_TYPES["jpg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ALLOWED_TYPES["png"]
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                _check_archive(archive)
                names = set(archive.namelist())
                if "mimetype" in names:
                    with archive.open("mimetype") as member:
                        mimetype = member.read(100).decode("ascii", "replace").strip()
                    if mimetype == ALLOWED_TYPES["odt"]:
                        return mimetype
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return ALLOWED_TYPES["docx"]
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,
            EOFError,
            ValueError,
        ):
            return None
        finally:
            upload.seek(0)
    return None


def safe_name(name):
    """The file name as data: no directories (/ or \\), no control or invisible formatting
    characters (a right-to-left override can hide the real extension), no quotes, at most
    100 characters with the extension kept."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = re.sub(r'["\'<>:;|?*]+', "", name).strip()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem.lstrip(". ").rstrip()  # no hidden files, no "..": the name is only shown
    if not stem:
        stem = "bestand"
    extension = extension[:10]
    stem = stem[: 100 - len(extension) - 1]
    return f"{stem}.{extension}" if extension else stem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else []
        if data and not isinstance(data, list | tuple):
            files = [data]
        if len(files) > settings.INITIATIVES_MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("You can add at most %(max)d files.")
                % {"max": settings.INITIATIVES_MAX_ATTACHMENTS}
            )
        for upload in files:
            name = safe_name(upload.name)
            upload.name = name
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if upload.size > settings.INITIATIVES_MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is too large (%(size)s); the maximum is %(max)s.")
                    % {
                        "name": name,
                        "size": filesizeformat(upload.size),
                        "max": filesizeformat(settings.INITIATIVES_MAX_ATTACHMENT_BYTES),
                    }
                )
            try:
                detected = detect_type(upload)
            except ArchiveRefused:
                raise forms.ValidationError(
                    _(
                        "%(name)s is packed in a way we do not accept (it would unpack too "
                        "large, has too many parts, or holds other archives). Save it again "
                        "as a plain DOCX, ODT or PDF."
                    )
                    % {"name": name}
                ) from None
            if extension not in ALLOWED_TYPES or detected != ALLOWED_TYPES[extension]:
                raise forms.ValidationError(
                    _(
                        "%(name)s is not a PDF, JPEG, PNG, DOCX or ODT file (or its content "
                        "does not match its name)."
                    )
                    % {"name": name}
                )
            upload.checked_content_type = detected
        return files


class TelInput(forms.TextInput):
    """A telephone number: phones show their number keys."""

    input_type = "tel"


class InitiativeForm(ClearErrorsMixin, forms.ModelForm):
    error_texts = {
        "title": _("Fill in the title of your idea or initiative."),
        "description": _(
            "Describe your idea or initiative: what do you want to do, for whom, and why?"
        ),
        "kind": _("Choose what you are handing in."),
        "theme": _("Choose the theme that fits your idea best."),
        "name": _("Fill in your name."),
        "email": {
            "required": _(
                "Fill in your e-mail address: we send your reference number and private link there."
            ),
        },
    }
    help_asked = forms.MultipleChoiceField(
        label=_("What help do you ask for?"),
        choices=HelpAsked.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attachments = AttachmentsField(
        label=_("Add files"),
        help_text=_("At most 5 files: PDF, JPEG, PNG, DOCX or ODT, each at most 10 MB."),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy statement and agree that my details are used to handle my initiative."
        ),
        error_messages={"required": _("Without your consent we cannot handle your initiative.")},
    )
    # Left empty by people; filled in by robots that fill in every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "kind",
            "theme",
            "neighbourhood",
            "amount_requested",
            "involved",
            "name",
            "email",
            "phone",
            "publish_consent",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "involved": forms.Textarea(attrs={"rows": 4}),
            "phone": TelInput,
        }
        labels = {
            "title": _("Title of your idea or initiative"),
            "description": _("Describe your idea or initiative"),
            "kind": _("What are you handing in?"),
            "theme": _("Theme"),
            "neighbourhood": _("Neighbourhood or village"),
            "amount_requested": _("If you ask for money: estimated amount in euros"),
            "involved": _("Who is already involved?"),
            "name": _("Your name"),
            "email": _("Your e-mail address"),
            "phone": _("Your telephone number"),
            "publish_consent": _(
                "My initiative (without my name and contact details) may be shown on this website."
            ),
        }
        help_texts = {
            "title": _("In a few words, for example: Vegetable garden in Groenhouten."),
            "description": _("What do you want to do, for whom, and why?"),
            "involved": _("Neighbours, a club, an organisation: support helps your initiative."),
            "email": _("We send the reference number and your private link here."),
        }

    def __init__(self, *args, held=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Files sent with this form earlier, kept while it came back (HeldUpload).
        self.held_uploads = list(held)
        self.fields["theme"].queryset = Theme.objects.filter(is_active=True)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(is_active=True)
        self.fields["neighbourhood"].required = False
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["neighbourhood"].empty_label = _("Not tied to one place")
        self.fields["kind"].choices = Kind.choices
        amount = self.fields["amount_requested"]
        self.fields["amount_requested"] = AmountField(
            label=amount.label,
            required=False,
            min_value=0,
            max_digits=10,
            decimal_places=2,
            localize=True,
            help_text=_("For example 2.500 or 2.500,50"),
        )
        budgets = NeighbourhoodBudget.objects.filter(status=NeighbourhoodBudget.Status.PROPOSALS)
        help_fields = ["help_asked", "amount_requested", "involved"]
        if budgets.exists():
            self.fields["budget"] = forms.ModelChoiceField(
                budgets,
                required=False,
                label=_("A proposal for a neighbourhood budget"),
                help_text=_(
                    "Residents of the neighbourhood vote on it; give its cost as the amount."
                ),
                empty_label=_("No"),
            )
            help_fields.insert(0, "budget")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page template has the token
        self.helper.layout = Layout(
            Fieldset(_("Your idea"), "title", "description", "kind", "theme", "neighbourhood"),
            Fieldset(_("Help and support"), *help_fields),
            Fieldset(
                _("Files"), HTML('{% include "initiatives/_held_uploads.html" %}'), "attachments"
            ),
            Fieldset(_("Your details"), "name", "email", "phone"),
            Fieldset(_("Consent"), "privacy_consent", "publish_consent"),
            "submission_key",
        )
        self.helper.add_input(Submit("submit", _("Send")))

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        limit = settings.INITIATIVES_MAX_ATTACHMENTS
        if files and len(files) + len(self.held_uploads) > limit:
            raise forms.ValidationError(
                _("You can add at most %(max)d files; %(kept)d are already added.")
                % {"max": limit, "kept": len(self.held_uploads)}
            )
        return files

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        budget = cleaned.get("budget")
        if budget is not None:
            if not cleaned.get("amount_requested"):
                self.add_error(
                    "amount_requested", _("Give the cost of your proposal for the budget.")
                )
            elif cleaned["amount_requested"] > budget.amount:
                self.add_error("amount_requested", _("The cost is more than the whole budget."))
            cleaned["neighbourhood"] = budget.neighbourhood
            cleaned["help_asked"] = sorted({*(cleaned.get("help_asked") or []), HelpAsked.MONEY})
        elif HelpAsked.MONEY not in (cleaned.get("help_asked") or []):
            cleaned["amount_requested"] = None
        return cleaned

    def initiative_data(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["email"] = data["email"].lower()
        data["help_asked"] = self.cleaned_data.get("help_asked") or []
        data["privacy_consent"] = True
        data["submission_key"] = self.cleaned_data["submission_key"]
        data["budget"] = self.cleaned_data.get("budget")
        return data


class ReplyForm(ClearErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10_000,
    )
    attachments = AttachmentsField(
        label=_("Files"),
        help_text=_("At most 5 files: PDF, JPEG, PNG, DOCX or ODT, each at most 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page template has the token
        self.helper.add_input(Submit("reply", _("Send message")))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("body") or "").strip() and not cleaned.get("attachments"):
            # On the message field: the summary's entry leads there.
            self.add_error("body", _("Write a message or add a file."))
        return cleaned


class WithdrawForm(ClearErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
    )
    confirm = forms.BooleanField(
        label=_("Yes, I withdraw my initiative. This cannot be undone."),
        error_messages={
            "required": _("Tick the box to confirm that you withdraw your initiative.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page template has the token
        self.helper.add_input(Submit("withdraw", _("Withdraw initiative"), css_class="secondary"))


class AmountField(forms.DecimalField):
    """An amount in euros as people type it: in Dutch 2.500 or 2.500,50 (a dot groups the
    thousands), in English 2,500.50."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace("€", "").replace(" ", "")
            if translation.get_language() == "en":
                text = text.replace(",", "")
            else:
                text = text.replace(".", "").replace(",", ".")
            value = text
        return super().to_python(value)


class NewLinkForm(ClearErrorsMixin, forms.Form):
    error_texts = {
        "email": _("Fill in the e-mail address with which you handed in your initiative.")
    }
    email = forms.EmailField(label=_("Your e-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page template has the token
        self.helper.add_input(Submit("send", _("Send me a new link")))


class SupportForm(ClearErrorsMixin, forms.Form):
    error_texts = {"email": _("Fill in your e-mail address: we send the confirmation link there.")}
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm. Your support counts once per address."),
    )
    # Left empty by people; filled in by robots that fill in every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page template has the token
        self.helper.layout = Layout("email")
        self.helper.add_input(Submit("support", _("Send me the confirmation link")))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class BallotRequestForm(ClearErrorsMixin, forms.Form):
    error_texts = {
        "email": _("Fill in your e-mail address: we send your ballot there."),
        "lives_here": _("Tick the box if you live in this neighbourhood: only residents vote."),
    }
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send your ballot here. One ballot per address."),
    )
    lives_here = forms.BooleanField(label="")

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lives_here"].label = _("I live in %(neighbourhood)s") % {
            "neighbourhood": budget.neighbourhood.name
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("request", _("Send me my ballot")))


class BallotForm(ClearErrorsMixin, forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Your choice"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one proposal.")},
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.formats import number_format

        from .models import BudgetProposal

        field = self.fields["proposals"]
        field.queryset = BudgetProposal.objects.filter(budget=budget, feasible=True).select_related(
            "initiative"
        )
        field.label_from_instance = lambda p: (
            f"{p.initiative.title} (€ {number_format(p.cost, 0, force_grouping=True)})"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("vote", _("Cast my vote")))


class ChallengeBidForm(ClearErrorsMixin, forms.Form):
    error_texts = {
        "task": _("Describe the municipal task you want to take over."),
        "budget_part": _("Say which part of the budget you ask for, and why that amount."),
        "executor": _("Say who will carry it out."),
        "quality": _("Say how you ensure quality and continuity."),
    }
    task = forms.CharField(
        label=_("Which municipal task do you want to take over?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3_000,
    )
    budget_part = forms.CharField(
        label=_("Which part of its budget do you ask for, and why that amount?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3_000,
    )
    executor = forms.CharField(
        label=_("Who will carry it out?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3_000,
    )
    quality = forms.CharField(
        label=_("How do you guarantee quality and continuity?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("bid", _("Hand in my bid")))
