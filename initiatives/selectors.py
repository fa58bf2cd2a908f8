"""Reads for the public pages: only initiatives the initiator agreed to publish and staff
approved, never personal data."""

from django.db.models import Q

from .models import Initiative, Message


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
            "theme__name",
            "theme__slug",
            "neighbourhood__name",
            "neighbourhood__slug",
        )
    )


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
    """What the municipality did, step by step; the initiator's own messages stay private."""
    return initiative.messages.exclude(author_kind=Message.Author.INITIATOR).only(
        "body", "status", "created_at", "author_kind"
    )
