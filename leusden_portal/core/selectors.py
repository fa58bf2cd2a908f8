"""Reads of the municipality's data that every page needs, cached until it changes."""

import logging

from django.core.cache import cache

from .models import Municipality
from .services import MUNICIPALITY_CACHE_KEY

logger = logging.getLogger(__name__)


def active_municipality():
    """The active municipality as a plain dict, or None before any is configured.

    Cached (invalidated by the services on every change), so that a page costs no query
    for it."""
    try:
        data = cache.get(MUNICIPALITY_CACHE_KEY)
    except Exception:  # the cache being down must not take the pages down with it
        logger.warning("cache unavailable; reading the municipality from the database")
        data, use_cache = None, False
    else:
        use_cache = True
    if data is None:
        municipality = Municipality.objects.filter(is_active=True).first()
        if municipality is None:
            return None
        data = {
            "id": municipality.pk,
            "name": municipality.name,
            "short_name": municipality.short_name,
            "reference_prefix": municipality.reference_prefix,
            "tagline": municipality.tagline,
            "email": municipality.email,
            "phone": municipality.phone,
            "postal_address": municipality.postal_address,
            "visiting_address": municipality.visiting_address,
            "website": municipality.website,
            "privacy_officer_email": municipality.privacy_officer_email,
            "logo_url": municipality.logo.url if municipality.logo else "",
            "cbs_code": municipality.cbs_code,
        }
        if use_cache:
            cache.set(MUNICIPALITY_CACHE_KEY, data, timeout=None)
    return data
