from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.emails import mailbox
from leusden_portal.core.i18n import in_language

# --- Ho-stop -------------------------------------------------------------------------------------


class HoStop(models.Model):
    """A ho-stop card: someone involved in a society process (an initiative, an agreement, a
    sub-project) pauses it, with a reason and a proposed adjustment ("tussentijdse
    bijstelling"). The process resumes only when everyone involved consented, or when the
    raiser withdraws the card."""

    class Status(models.TextChoices):
        OPEN = "open", _("paused")
        RESUMED = "resumed", _("resumed after consent")
        WITHDRAWN = "withdrawn", _("withdrawn by the raiser")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of process"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("process number"), max_length=64)
    process = GenericForeignKey("content_type", "object_id")
    process_title = models.CharField(_("process"), max_length=300)
    reason = models.TextField(_("reason"), max_length=5_000)
    adjustment = models.TextField(_("proposed adjustment"), max_length=5_000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    closed_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ho-stop")
        verbose_name_plural = _("ho-stops")
        ordering = ["-raised_at", "-id"]
        constraints = [
            # One open card per process: a second one joins the first, it does not stack.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="open"),
                name="hostop_one_open_per_process",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self):
        return f"Ho-stop: {self.process_title}"

    def get_absolute_url(self):
        """The public page of the paused process, where the card and its course show."""
        from .processes import process_type_for

        return process_type_for(self.process).public_path(self.process)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class PartnerHoStopRequest(models.Model):
    """A partner's ho-stop, waiting for the partner to confirm it from the e-mail. The link
    carries only a random key (its hash is kept here), not the request: what the partner
    wrote stays in the database, not readable in a link, and a link confirms once."""

    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    process_label = models.CharField(_("kind of process"), max_length=100)
    process_pk = models.CharField(_("process number"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    reason = models.TextField(_("reason"))
    adjustment = models.TextField(_("proposed adjustment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    used_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner's ho-stop awaiting confirmation")
        verbose_name_plural = _("partners' ho-stops awaiting confirmation")

    def __str__(self):
        return f"{self.process_label} {self.process_pk} ({self.created_at:%Y-%m-%d})"


class HoStopParticipant(models.Model):
    """Someone involved in the paused process, asked to consent to the adjustment. Answers
    through a private link (residents and partners have no account) or, with an account,
    on their own page."""

    class Role(models.TextChoices):
        INITIATOR = "initiator", _("initiator")
        CIVIL_SERVANT = "civil_servant", _("civil servant")
        PARTNER = "partner", _("partner")
        COUNCIL_MEMBER = "council_member", _("council member")
        PROGRAM_TEAM = "program_team", _("program team")

    class Answer(models.TextChoices):
        PENDING = "pending", _("not answered yet")
        CONSENT = "consent", _("consents")
        OBJECTION = "objection", _("objects")

    hostop = models.ForeignKey(
        HoStop, verbose_name=_("ho-stop"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hostop_participations",
    )
    is_raiser = models.BooleanField(_("raised the card"), default=False)
    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answer_reason = models.TextField(_("explanation"), max_length=5_000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("involved person")
        verbose_name_plural = _("involved people")
        ordering = ["-is_raiser", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hostop", "email"], name="hostop_participant_once")
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


# --- Council, meetings and decisions (after VNG ODS Open Raadsinformatie) -------------------------


class CouncilMember(models.Model):
    """A member of the council (ORI: persoon with a lidmaatschap of the raad)."""

    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_member",
        verbose_name=_("account"),
    )
    term_start = models.DateField(_("member since"))
    term_end = models.DateField(_("member until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    external_id = models.CharField(
        _("id in the council information system"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.party})"

    def get_absolute_url(self):
        return reverse("council:member", args=[self.pk])

    def serves_on(self, day):
        return (
            self.is_active
            and self.term_start <= day
            and (self.term_end is None or self.term_end >= day)
        )


class Meeting(models.Model):
    """A council meeting (ORI: vergadering)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        """ORI: the vergadering's classification. Only a council meeting ends with the
        spiegelend raadslid."""

        COUNCIL = "council", _("council meeting")
        COMMITTEE = "committee", _("committee meeting")
        INFORMATION = "information", _("information evening")

    title = models.CharField(_("title"), max_length=200, default="Raadsvergadering")
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.COUNCIL,
        help_text=_("Only council meetings get a spiegelend raadslid."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, default="Raadzaal, Hessenweg 1a")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    external_id = models.CharField(
        _("id in the council information system"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.title} {timezone.localtime(self.starts_at):%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("council:meeting", args=[self.pk])

    @property
    def date(self):
        return timezone.localdate(self.starts_at)


class AgendaItem(models.Model):
    """An item on a meeting's agenda (ORI: agendapunt)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    is_hamerstuk = models.BooleanField(
        _("hamerstuk"), default=False, help_text=_("Adopted without debate.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    external_id = models.CharField(
        _("id in the council information system"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Decision(models.Model):
    """A council proposal and what the council decided on it (ORI: besluit on a voorstel)."""

    class Result(models.TextChoices):
        PENDING = "pending", _("not yet decided")
        ADOPTED = "adopted", _("adopted")
        AMENDED = "amended", _("adopted as amended")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    reference = models.CharField(_("reference number"), max_length=30, help_text=_("E.g. L198298."))
    title = models.CharField(_("title"), max_length=300)
    proposal = models.TextField(_("proposal"), blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    external_id = models.CharField(
        _("id in the council information system"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("council proposal and decision")
        verbose_name_plural = _("council proposals and decisions")
        ordering = ["-meeting__starts_at", "reference"]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("council:decision", args=[self.pk])


class CoreValue(models.Model):
    """One of the kernwaarden of Samenleving Voorop (raadsbesluit L198298, 31 January 2019)."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    explanation = models.TextField(_("explanation"))
    explanation_en = models.TextField(_("explanation in English"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("core value")
        verbose_name_plural = _("core values")
        ordering = ["position", "id"]

    def __str__(self):
        return self.display_name

    def label(self, language):
        return in_language(self, "name", language)

    @property
    def display_name(self):
        """The name in the language of the page (English if given, else the Dutch name)."""
        return self.label(get_language())

    @property
    def display_explanation(self):
        return in_language(self, "explanation")


# --- Spiegelend raadslid --------------------------------------------------------------------------


class MirrorTurn(models.Model):
    """Who is the spiegelend raadslid at a meeting (the rota); a swap is recorded."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="mirror_turn", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        CouncilMember,
        on_delete=models.PROTECT,
        related_name="turns",
        verbose_name=_("spiegelend raadslid"),
    )
    swapped_from = models.ForeignKey(
        CouncilMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("swapped with"),
    )
    swap_reason = models.CharField(_("reason for the swap"), max_length=300, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("turn as spiegelend raadslid")
        verbose_name_plural = _("rota of the spiegelend raadslid")
        ordering = ["-meeting__starts_at"]

    def __str__(self):
        return f"{self.meeting}: {self.member.name}"

    def get_absolute_url(self):
        return reverse("council:reflection_edit", args=[self.meeting_id])


class Reflection(models.Model):
    """The spiegelend raadslid's reflection on the evening, in relation to Samenleving Voorop."""

    turn = models.OneToOneField(
        MirrorTurn,
        verbose_name=_("turn as spiegelend raadslid"),
        on_delete=models.CASCADE,
        related_name="reflection",
    )
    text = models.TextField(_("reflection"), max_length=10_000)
    decisions = models.ManyToManyField(
        Decision, blank=True, related_name="reflections", verbose_name=_("decisions of the evening")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self):
        return str(self.turn)


class ReflectionValue(models.Model):
    reflection = models.ForeignKey(
        Reflection, verbose_name=_("reflection"), on_delete=models.CASCADE, related_name="values"
    )
    core_value = models.ForeignKey(
        CoreValue, verbose_name=_("core value"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("reflection on this core value"), max_length=5_000)

    class Meta:
        ordering = ["core_value__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "core_value"], name="reflection_value_once"
            )
        ]

    def __str__(self):
        return f"{self.core_value}: {self.text[:40]}"


# --- Core-value check -----------------------------------------------------------------------------


class ValueScore(models.Model):
    """A council member's score of a proposal or decision on one core value."""

    class Score(models.TextChoices):
        STRENGTHENS = "strengthens", _("strengthens")
        NEUTRAL = "neutral", _("neutral")
        PRESSURE = "pressure", _("under pressure")
        NOT_APPLICABLE = "na", _("not applicable")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        CouncilMember,
        verbose_name=_("council member"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    core_value = models.ForeignKey(
        CoreValue, verbose_name=_("core value"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.CharField(_("score"), max_length=12, choices=Score.choices)
    explanation = models.TextField(_("explanation"), max_length=2_000, blank=True)
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    class Meta:
        verbose_name = _("core-value score")
        verbose_name_plural = _("core-value scores")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member", "core_value"], name="value_score_once"
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.core_value} {self.score}"


# --- Sortition (loting) ---------------------------------------------------------------------------


class Sortition(models.Model):
    """Residents register as volunteers for a topic; a panel is drawn, stratified by
    neighbourhood and age band, verifiably (council/sortition.py)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open for registration")
        DRAWN = "drawn", _("drawn")

    title = models.CharField(_("topic"), max_length=200)
    slug = models.SlugField(_("address name"), unique=True)
    description = models.TextField(_("what the panel does"))
    panel_size = models.PositiveSmallIntegerField(_("panel size"))
    registration_closes = models.DateTimeField(_("registration closes"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    # The seed is secret until the draw; its hash is public from the start.
    seed = models.CharField(_("seed"), max_length=64, editable=False)
    seed_commitment = models.CharField(
        _("commitment (SHA-256 of the seed)"), max_length=64, editable=False
    )
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("sortition")
        verbose_name_plural = _("sortitions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council:sortition", args=[self.slug])

    @property
    def is_open(self):
        return self.status == self.Status.OPEN and timezone.now() < self.registration_closes


class Volunteer(models.Model):
    class AgeBand(models.TextChoices):
        YOUNG = "16-25", _("16 to 25")
        ADULT = "26-40", _("26 to 40")
        MIDDLE = "41-65", _("41 to 65")
        SENIOR = "66+", _("66 or older")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("woman")
        MAN = "man", _("man")
        OTHER = "other", _("otherwise")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        SELECTED = "selected", _("drawn, invited")
        RESERVE = "reserve", _("reserve")
        ACCEPTED = "accepted", _("takes part")
        DECLINED = "declined", pgettext_lazy("a volunteer's answer", "declined")

    sortition = models.ForeignKey(
        Sortition, verbose_name=_("sortition"), on_delete=models.CASCADE, related_name="volunteers"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    mailbox = models.CharField(_("mailbox"), max_length=254, editable=False, default="")
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    age_band = models.CharField(_("age"), max_length=6, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sortition", "mailbox"], name="volunteer_once")
        ]

    def __str__(self):
        return f"{self.pk} {self.name}"

    def save(self, *args, **kwargs):
        self.mailbox = mailbox(self.email)
        super().save(*args, **kwargs)

    @property
    def stratum(self):
        from .sortition import stratum_key

        return stratum_key(self.neighbourhood.slug, self.age_band)


# --- Manifest -------------------------------------------------------------------------------------


class Manifest(models.Model):
    """The manifest Samenleving Voorop: an inviting text residents and organisations sign."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), unique=True)
    text = models.TextField(_("text"))
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("manifest")
        verbose_name_plural = _("manifests")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council:manifest", args=[self.slug])


class Signature(models.Model):
    manifest = models.ForeignKey(
        Manifest, verbose_name=_("manifest"), on_delete=models.CASCADE, related_name="signatures"
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("on behalf of (organisation)"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"))
    mailbox = models.CharField(_("mailbox"), max_length=254, editable=False, default="")
    show_publicly = models.BooleanField(_("shown in the list of signatories"), default=False)
    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["confirmed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["manifest", "mailbox"], name="signature_once")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.mailbox = mailbox(self.email)
        super().save(*args, **kwargs)


# --- Guest of the council and council conferences -------------------------------------------------


class CouncilEvent(models.Model):
    """An occasion residents sign up for: a council meeting as guest of a council member, or a
    raadsconferentie with residents. Limited places with a waiting list; the harvest ("oogst")
    is published afterwards."""

    class Kind(models.TextChoices):
        GUEST = "guest", _("guest of the council")
        CONFERENCE = "conference", _("council conference")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), unique=True)
    description = models.TextField(_("description"))
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200)
    places = models.PositiveSmallIntegerField(_("places"))
    host = models.ForeignKey(
        CouncilMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host (council member)"),
    )
    harvest = models.TextField(_("harvest (published afterwards)"), blank=True)

    class Meta:
        verbose_name = _("event for residents")
        verbose_name_plural = _("events for residents")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council:event", args=[self.slug])


class EventSignup(models.Model):
    """A place is given only once the address is confirmed: made-up addresses take none."""

    class Status(models.TextChoices):
        PENDING = "pending", _("address not yet confirmed")
        CONFIRMED = "confirmed", _("has a place")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("sign-up status", "cancelled")

    event = models.ForeignKey(
        CouncilEvent,
        verbose_name=_("event for residents"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    mailbox = models.CharField(_("mailbox"), max_length=254, editable=False, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    token_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True)
    signed_up_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["signed_up_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "mailbox"], name="signup_once")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        self.mailbox = mailbox(self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.event.get_absolute_url()


# --- Cooperative neighbourhood council (wijkraad) -------------------------------------------------


class NeighbourhoodCouncil(models.Model):
    """A cooperative wijkraad: residents of a neighbourhood who meet, discuss topics and take up
    the initiatives of their neighbourhood."""

    neighbourhood = models.OneToOneField(
        "core.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), unique=True)
    description = models.TextField(_("what the wijkraad does"))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        verbose_name = _("wijkraad")
        verbose_name_plural = _("wijkraden")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("council:wijkraad", args=[self.slug])


class NeighbourhoodCouncilMember(models.Model):
    wijkraad = models.ForeignKey(
        NeighbourhoodCouncil,
        verbose_name=_("wijkraad"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=100, blank=True)
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("member of the wijkraad")
        verbose_name_plural = _("members of the wijkraad")
        ordering = ["name"]

    def __str__(self):
        return self.name


class NeighbourhoodCouncilMeeting(models.Model):
    wijkraad = models.ForeignKey(
        NeighbourhoodCouncil,
        verbose_name=_("wijkraad"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    date = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200)
    topics = models.TextField(_("topics"), help_text=_("One topic per line."))
    minutes = models.TextField(_("what was discussed and agreed"), blank=True)

    class Meta:
        verbose_name = _("meeting of the wijkraad")
        verbose_name_plural = _("meetings of the wijkraad")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.wijkraad} {self.date}"

    @property
    def topic_list(self):
        return [line.strip() for line in self.topics.splitlines() if line.strip()]
