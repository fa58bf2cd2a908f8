import hashlib
import hmac

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.emails import mailbox


class Team(models.Model):
    """An internal team of the municipality to which the loket assigns initiatives."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    email = models.EmailField(_("team e-mail address"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="teams", verbose_name=_("members")
    )
    is_loket = models.BooleanField(
        _("loket team"),
        default=False,
        help_text=_("Receives the reminders of initiatives that nobody is assigned to."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerOrganisation(models.Model):
    """An organisation outside the municipality to which an initiative can be referred."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("what they do"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    IDEA = "idea", _("idea")
    INITIATIVE = "initiative", _("initiative")
    QUESTION = "question", _("question")
    EXPERIMENT = "experiment", _("proposal for an experiment or pilot")
    RIGHT_TO_CHALLENGE = "right_to_challenge", _("right to challenge")


class HelpAsked(models.TextChoices):
    ADVICE = "advice", _("advice")
    CONTACTS = "contacts", _("contacts")
    PERMIT = "permit", _("a permit")
    SPACE = "space", _("space or a location")
    MONEY = "money", _("money")


class RoutingRule(models.Model):
    """At intake, theme and kind suggest a team. The most specific matching rule wins."""

    theme = models.ForeignKey(
        "core.Theme", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("theme")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, verbose_name=_("team"))

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["theme", "kind"], name="routing_rule_once"),
        ]

    def __str__(self):
        return f"{self.theme or '*'} / {self.get_kind_display() or '*'} → {self.team}"


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    TRIAGE = "triage", _("being assessed")
    QUESTION = "question", _("waiting for your answer")
    REFERRED = "referred", _("referred")
    IN_PROGRESS = "in_progress", _("in progress")
    EXPERIMENT = "experiment", _("running as an experiment")
    COMPLETED = "completed", _("completed")
    DECLINED = "declined", _("declined")
    DUPLICATE = "duplicate", _("merged with another initiative")
    WITHDRAWN = "withdrawn", _("withdrawn")


# How a public page names a status and the step to it: in the third person, for neighbours
# (the status labels above speak to the initiator, "waiting for your answer"). The staff's
# words to the initiator are not on the public page: they are written to them.
PUBLIC_STATUS = {
    Status.SUBMITTED: _("handed in"),
    Status.TRIAGE: _("being assessed"),
    Status.QUESTION: _("waiting for an answer from the initiator"),
    Status.REFERRED: _("referred"),
    Status.IN_PROGRESS: _("in progress"),
    Status.EXPERIMENT: _("running as an experiment"),
    Status.COMPLETED: _("completed"),
    Status.DECLINED: _("declined"),
    Status.DUPLICATE: _("merged with another initiative"),
    Status.WITHDRAWN: _("withdrawn"),
}
PUBLIC_STEP = {
    Status.SUBMITTED: _("The initiative was handed in at the samenlevingsloket."),
    Status.TRIAGE: _("The municipality is looking at the initiative."),
    Status.QUESTION: _("The municipality asked the initiator a question."),
    Status.REFERRED: _("The initiative was referred to whoever can help it further."),
    Status.IN_PROGRESS: _("The initiative is being carried out."),
    Status.EXPERIMENT: _("The initiative runs as an experiment."),
    Status.COMPLETED: _("The initiative is completed."),
    Status.DECLINED: _("The municipality declined the initiative, with its reasons."),
    Status.DUPLICATE: _("The initiative was merged with a similar one."),
    Status.WITHDRAWN: _("The initiator withdrew the initiative."),
}

CLOSED_STATUSES = {Status.COMPLETED, Status.DECLINED, Status.DUPLICATE, Status.WITHDRAWN}


class Monitoring(models.TextChoices):
    LET_GO = "let_go", _("let go")
    FOLLOW = "follow", _("follow")
    MONITOR = "monitor", _("monitor")


class Initiative(models.Model):
    """An idea, question or initiative handed in at the samenlevingsloket."""

    # NULL for the moment between insert and numbering (the number uses the primary key).
    reference = models.CharField(_("reference"), max_length=24, unique=True, null=True)  # noqa: DJ001
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=10_000)
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.PROTECT, related_name="+", verbose_name=_("theme")
    )
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    help_asked = models.JSONField(_("help asked"), default=list, blank=True)
    amount_requested = models.DecimalField(
        _("estimated amount (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    involved = models.TextField(_("who is already involved"), max_length=5_000, blank=True)

    # The initiator: personal data, never public, anonymised after the retention period.
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("telephone number"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    privacy_consent = models.BooleanField(_("agreed to the privacy statement"), default=False)
    publish_consent = models.BooleanField(_("agreed to publication"), default=False)
    approved_for_publication = models.BooleanField(_("approved for publication"), default=False)
    # From the form: a second POST of the same form (a double click) finds the first.
    submission_key = models.UUIDField(_("submission key"), unique=True, null=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("team")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_initiatives",
        verbose_name=_("assigned to"),
    )
    referred_to_partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("referred to partner"),
    )
    referred_agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_initiatives",
        verbose_name=_("referred to society agreement"),
    )
    monitoring = models.CharField(
        _("degree of monitoring"), max_length=10, choices=Monitoring.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    next_step = models.CharField(_("expected next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step expected by"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Working days from submission, fixed when it happened: the loket's figures and norms.
    first_response_days = models.PositiveIntegerField(
        _("working days to first response"), null=True, blank=True, editable=False
    )
    referral_days = models.PositiveIntegerField(
        _("working days to referral"), null=True, blank=True, editable=False
    )
    # Confirmed supports ("ik steun dit"), counted under a row lock when one is confirmed.
    support_count = models.PositiveIntegerField(_("supporters"), default=0, editable=False)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="initiative_status_idx"),
            models.Index(
                fields=["theme", "-submitted_at"],
                condition=Q(publish_consent=True, approved_for_publication=True),
                name="initiative_public_idx",
            ),
            # The submission limit per address (views._rate_limited: email__iexact, last hour):
            # without it, every submission scans the whole table.
            models.Index(Upper("email"), "submitted_at", name="initiative_email_idx"),
            # The admin's work queue: open initiatives, the oldest deadline first.
            models.Index(
                fields=["next_step_due", "submitted_at"],
                condition=~Q(status__in=["completed", "declined", "duplicate", "withdrawn"]),
                name="initiative_queue_idx",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}" if self.reference else self.title

    @property
    def public_status(self):
        # Not .get(status, default): the default (a lookup through every choice) ran on each call.
        return PUBLIC_STATUS.get(self.status) or self.get_status_display()

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def is_public(self):
        return self.publish_consent and self.approved_for_publication and not self.anonymised_at


class Message(models.Model):
    """The history the initiator sees: what staff told them, what they answered, and each
    step of the process in plain language."""

    class Author(models.TextChoices):
        INITIATOR = "initiator", _("initiator")
        STAFF = "staff", _("municipality")
        SYSTEM = "system", _("status change")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="messages"
    )
    author_kind = models.CharField(_("kind of sender"), max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("civil servant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=10_000)
    status = models.CharField(_("status after"), max_length=12, choices=Status.choices, blank=True)
    # Staff words are for the initiator unless the civil servant chose to publish them too.
    is_public = models.BooleanField(_("also on the public page"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["initiative", "created_at"])]

    def __str__(self):
        return f"{self.get_author_kind_display()}: {self.body[:50]}"

    @property
    def public_step(self):
        """The step as a public page tells it (None for a message without a status)."""
        return PUBLIC_STEP.get(self.status) if self.status else None


class InternalNote(models.Model):
    """A note among staff; never shown to the initiator."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="internal_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:50]


def private_storage():
    """Files only staff and their owner may fetch, through a view that checks who asks."""
    from django.core.files.storage import storages

    return storages["private"]


class PrivateLink(models.Model):
    """One of the initiator's private links to the tracking page. An initiative may have
    several at once (the one from the confirmation, one with each question, one asked for on
    the website): a new link revokes nothing, so nobody who knows the address can break the
    initiator's link by asking for another. The initiator revokes links on the tracking page.
    Only the SHA-256 of the token is kept."""

    class Purpose(models.TextChoices):
        SUBMITTED = "submitted", _("sent when you handed in")
        NEW_LINK = "new_link", _("asked for on the website")
        QUESTION = "question", _("sent with a question")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="links"
    )
    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    purpose = models.CharField(_("sent"), max_length=12, choices=Purpose.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("private link")
        verbose_name_plural = _("private links")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.initiative_id}: {self.get_purpose_display()} {self.created_at:%Y-%m-%d}"


def attachment_path(instance, filename):
    # A random name on disk: the original name is only data, never a path.
    return f"initiatives/{instance.initiative_id}/{instance.token}"


class Attachment(models.Model):
    """A file the initiator sent, stored outside the public media root."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    token = models.CharField(_("key"), max_length=43, unique=True)
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("initiatives:attachment", args=[self.token])


def held_upload_path(instance, filename):
    return f"held/{instance.form_key}/{instance.token}"


class HeldUpload(models.Model):
    """A file sent with a form that came back with an error (or from which another file was
    removed): kept with that form, so that nobody has to choose it again, until the form is
    sent (it becomes an attachment) or abandoned (removed after a day). `form_key` is the
    form's own key (the submission key of the loket form)."""

    form_key = models.UUIDField(_("form key"), db_index=True)
    token = models.CharField(_("key"), max_length=43, unique=True)
    file = models.FileField(
        _("file"), upload_to=held_upload_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("file kept with a form")
        verbose_name_plural = _("files kept with a form")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class Support(models.Model):
    """ "Ik steun dit": one per e-mail address per initiative, counted once confirmed. The
    address itself is not kept, only a keyed hash of it (enough to recognise it again)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="supports"
    )
    email_hash = models.CharField(_("e-mail address (hashed)"), max_length=64)
    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "email_hash"], name="support_once_per_address"
            )
        ]

    def __str__(self):
        return f"{self.initiative_id} {self.created_at:%Y-%m-%d}"

    @staticmethod
    def hash_email(email):
        """Keyed hash of the mailbox (plus tags and Gmail's dots removed: one person)."""
        key = settings.SECRET_KEY.encode()
        return hmac.new(key, mailbox(email).encode(), hashlib.sha256).hexdigest()


# --- Neighbourhood budgets ------------------------------------------------------------------------


class NeighbourhoodBudget(models.Model):
    """A budget a neighbourhood's residents decide on: they propose uses through the loket,
    the municipality checks feasibility, residents vote within the budget."""

    class Status(models.TextChoices):
        PROPOSALS = "proposals", _("open for proposals")
        CHECKING = "checking", _("proposals are checked")
        VOTING = "voting", _("voting")
        CLOSED = "closed", _("closed, results published")

    neighbourhood = models.ForeignKey(
        "core.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), unique=True)
    amount = models.DecimalField(
        _("budget (euro)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    period = models.CharField(_("period"), max_length=50, help_text=_("E.g. 2027."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSALS
    )

    class Meta:
        verbose_name = _("neighbourhood budget")
        verbose_name_plural = _("neighbourhood budgets")
        ordering = ["-period", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:budget", args=[self.slug])


class BudgetProposal(models.Model):
    """A proposed use of a neighbourhood budget: an initiative from the loket, with its cost
    and the municipality's feasibility check."""

    budget = models.ForeignKey(
        NeighbourhoodBudget,
        verbose_name=_("neighbourhood budget"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="budget_proposal",
    )
    cost = models.DecimalField(
        _("cost (euro)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    feasible = models.BooleanField(_("feasible"), null=True, blank=True)
    feasibility_note = models.TextField(_("about the feasibility"), blank=True)

    class Meta:
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")
        ordering = ["budget", "pk"]

    def __str__(self):
        return str(self.initiative)


class Ballot(models.Model):
    """One ballot per confirmed e-mail address per budget (the address kept as a keyed hash)."""

    budget = models.ForeignKey(
        NeighbourhoodBudget,
        verbose_name=_("neighbourhood budget"),
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    email_hash = models.CharField(_("e-mail address (hashed)"), max_length=64)
    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    declared_neighbourhood = models.ForeignKey(
        "core.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("declared neighbourhood"),
    )
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    cast_at = models.DateTimeField(_("cast at"), null=True, blank=True)
    choices = models.ManyToManyField(
        BudgetProposal, verbose_name=_("choices"), blank=True, related_name="votes"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["budget", "email_hash"], name="ballot_once_per_address")
        ]

    def __str__(self):
        return f"{self.budget} {self.pk}"


# --- Right to challenge (uitdaagrecht) ------------------------------------------------------------


class ChallengeCriterion(models.Model):
    """A published criterion against which a bid under the right to challenge is assessed."""

    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("right to challenge criterion")
        verbose_name_plural = _("right to challenge criteria")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ChallengeBid(models.Model):
    """The bid of residents who want to take over a municipal task and its budget, and the
    steps after it: assessment, decision with reasons, agreement, periodic evaluation."""

    class Step(models.TextChoices):
        ASSESSING = "assessing", _("bid received, being assessed")
        APPROVED = "approved", _("bid accepted")
        REJECTED = "rejected", _("bid declined")
        AGREEMENT = "agreement", _("agreement made, being carried out")
        ENDED = "ended", _("ended")

    initiative = models.OneToOneField(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="challenge"
    )
    task = models.TextField(_("which municipal task"), max_length=3_000)
    budget_part = models.TextField(_("which part of its budget"), max_length=3_000)
    executor = models.TextField(_("who will carry it out"), max_length=3_000)
    quality = models.TextField(_("how quality and continuity are guaranteed"), max_length=5_000)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.ASSESSING)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    assessment_due = models.DateField(_("assessed by"))
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    agreement = models.TextField(_("the agreement"), blank=True)
    agreement_starts = models.DateField(_("agreement starts"), null=True, blank=True)
    evaluation_months = models.PositiveSmallIntegerField(_("evaluated every (months)"), default=6)
    next_evaluation = models.DateField(_("next evaluation"), null=True, blank=True)

    class Meta:
        verbose_name = _("right to challenge bid")
        verbose_name_plural = _("right to challenge bids")

    def __str__(self):
        return str(self.initiative)


class ChallengeAssessment(models.Model):
    bid = models.ForeignKey(
        ChallengeBid,
        verbose_name=_("right to challenge bid"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    criterion = models.ForeignKey(
        ChallengeCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField(_("met"))
    note = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["criterion__position"]
        constraints = [models.UniqueConstraint(fields=["bid", "criterion"], name="assessment_once")]

    def __str__(self):
        return f"{self.criterion}: {self.met}"


class ChallengeEvaluation(models.Model):
    bid = models.ForeignKey(
        ChallengeBid,
        verbose_name=_("right to challenge bid"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    findings = models.TextField(_("findings"))

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.bid} {self.date}"
