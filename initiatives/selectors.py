"""Reads for the public pages: only initiatives the initiator agreed to publish and staff
approved, never personal data."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation

from .models import Initiative, Message, Status


def public_initiatives():
    return (
        Initiative.objects.filter(
            publish_consent=True, approved_for_publication=True, anonymised_at__isnull=True
        )
        .select_related("theme", "neighbourhood")
        .only(
            "reference",
            "title",
            "description",
            "kind",
            "status",
            "submitted_at",
            "support_count",
            "publish_consent",
            "approved_for_publication",
            "anonymised_at",
            "theme__name",
            "theme__slug",
            "neighbourhood__name",
            "neighbourhood__slug",
        )
    )


def submissions_by_address(email, since):
    """The initiatives handed in from `email` (any case) since `since`: the submission limit.
    Found through the index on UPPER(email), submitted_at, whatever the size of the table."""
    return Initiative.objects.filter(email__iexact=email, submitted_at__gte=since)


def filter_public(queryset, *, theme="", neighbourhood="", kind="", status="", q=""):
    if theme:
        queryset = queryset.filter(theme__slug=theme)
    if neighbourhood:
        queryset = queryset.filter(neighbourhood__slug=neighbourhood)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return queryset


def public_history(initiative):
    """The steps of the initiative, as the public page tells them (each status change in
    the third person); the words exchanged with the initiator stay between them."""
    # With its initiative's id: a related manager's queryset reads it on every row, and a
    # deferred one is a query per message (found by bench/).
    return (
        initiative.messages.exclude(author_kind=Message.Author.INITIATOR)
        .exclude(status="")
        .only("initiative_id", "body", "status", "created_at", "author_kind", "is_public")
    )


def _median(queryset, field, count):
    """The median of `field` over `count` non-null rows, in one query."""
    if not count:
        return None
    low, high = (count - 1) // 2, count // 2
    values = list(
        queryset.filter(**{f"{field}__isnull": False})
        .order_by(field)
        .values_list(field, flat=True)[low : high + 1]
    )
    return sum(values) / len(values)


def working_days_before(day, days):
    from leusden_portal.core.dates import is_working_day

    while days:
        day -= datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day


def loket_figures(today=None):
    """The loket's own figures, over all initiatives (published or not, never personal data):
    counts per status and per theme, the median working days to first response and to
    referral, and the share within the norms. An initiative still waiting beyond a norm
    counts as missed. A fixed number of queries, whatever the number of initiatives."""
    today = today or timezone.localdate()
    first_norm = settings.INITIATIVES_FIRST_RESPONSE_DAYS
    referral_norm = settings.INITIATIVES_REFERRAL_DAYS
    first_late = working_days_before(today, first_norm)
    initiatives = Initiative.objects.all()
    counts = dict(initiatives.values_list("status").annotate(n=Count("id")).order_by())
    by_status = [(status.label, counts.get(status.value, 0)) for status in Status]
    english = translation.get_language() == "en"
    by_theme = [
        ((name_en if english and name_en else name), n)
        for name, name_en, n in initiatives.values_list("theme__name", "theme__name_en")
        .annotate(n=Count("id"))
        .order_by("-n", "theme__name")
    ]
    totals = initiatives.aggregate(
        total=Count("id"),
        responded=Count("first_response_days"),
        responded_within=Count("id", filter=Q(first_response_days__lte=first_norm)),
        waiting_late=Count(
            "id", filter=Q(first_response_at__isnull=True, submitted_at__date__lt=first_late)
        ),
        referred=Count("referral_days"),
        referred_within=Count("id", filter=Q(referral_days__lte=referral_norm)),
    )
    judged = totals["responded"] + totals["waiting_late"]
    return {
        "total": totals["total"],
        "by_status": by_status,
        "by_theme": by_theme,
        "first_norm": first_norm,
        "referral_norm": referral_norm,
        "median_first_response": _median(initiatives, "first_response_days", totals["responded"]),
        "median_referral": _median(initiatives, "referral_days", totals["referred"]),
        "responded": totals["responded"],
        "responded_within": totals["responded_within"],
        "waiting_late": totals["waiting_late"],
        "within_norm_share": (totals["responded_within"] / judged) if judged else None,
        "referred": totals["referred"],
        "referred_within": totals["referred_within"],
        "referral_within_share": (
            totals["referred_within"] / totals["referred"] if totals["referred"] else None
        ),
    }


def referred_to_agreement(agreement):
    """The published initiatives referred to `agreement`, for its page (one query)."""
    return list(
        public_initiatives().filter(referred_agreement=agreement).order_by("-submitted_at")[:50]
    )


def budget_results(budget):
    """Votes per feasible proposal, and which are chosen: the most votes first, as long as
    they fit in the budget (one query)."""
    from django.db.models import Count

    from .models import BudgetProposal

    proposals = list(
        BudgetProposal.objects.filter(budget=budget, feasible=True)
        .select_related("initiative")
        .annotate(vote_count=Count("votes", filter=Q(votes__cast_at__isnull=False)))
        .order_by("-vote_count", "cost", "pk")
    )
    left = budget.amount
    for proposal in proposals:
        proposal.chosen = proposal.vote_count > 0 and proposal.cost <= left
        if proposal.chosen:
            left -= proposal.cost
    return proposals


def work_counts(user, today=None):
    """The loket's start page: how many initiatives are new, late, due this week, the user's
    own, and waiting for the initiator, in one query; each with the queue view it opens."""
    from .models import CLOSED_STATUSES, Initiative, Status

    today = today or timezone.localdate()
    week = today + datetime.timedelta(days=7)
    open_ = ~Q(status__in=CLOSED_STATUSES)
    counts = Initiative.objects.aggregate(
        new=Count("id", filter=Q(status=Status.SUBMITTED)),
        late=Count("id", filter=open_ & Q(next_step_due__lt=today)),
        week=Count("id", filter=open_ & Q(next_step_due__gte=today, next_step_due__lte=week)),
        mine=Count("id", filter=open_ & Q(assignee=user)),
        waiting=Count("id", filter=Q(status=Status.QUESTION)),
    )
    return counts
