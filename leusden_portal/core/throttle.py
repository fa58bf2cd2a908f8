"""Rate limits of the public side, kept in the cache: guessing private links, and the forms
that send an e-mail to an address anyone can type in. A limit is an extra on top of the
checks in the database: without a cache server the portal works, unthrottled."""

import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_ip(request):
    """The resident's network address: REMOTE_ADDR, or behind trusted proxies the entry
    of X-Forwarded-For the nearest of them added (entries further left can be forged)."""
    proxies = settings.THROTTLE_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _count(key, window):
    """Add one to the counter `key` (created with a lifetime of `window` seconds); its value,
    or None without a cache."""
    try:
        if cache.add(key, 1, window):
            return 1
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, window)
        return 1
    except Exception:
        logger.warning("rate limit counter %s not available", key.split(":")[0], exc_info=True)
        return None


def _value(key):
    try:
        return cache.get(key, 0)
    except Exception:
        return 0


def too_many(request):
    """The Dutch (or English) page for a refused request, with status 429."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(settings.THROTTLE_WINDOW_SECONDS)
    response["Cache-Control"] = "no-store, private"
    return response


def _wrong_token(response):
    if response.status_code == 404:
        return True
    # Django's own password-set view answers a bad link with 200 and validlink False.
    context = getattr(response, "context_data", None) or {}
    return context.get("validlink") is False


def guard_token(view):
    """For a view behind a private link: after THROTTLE_TOKEN_GUESSES wrong links from one
    network address within the window, that address gets 429 for every private link. A
    correct link from another address keeps working."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        key = f"throttle:token:{client_ip(request)}"
        if _value(key) >= settings.THROTTLE_TOKEN_GUESSES:
            return too_many(request)
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            _count(key, settings.THROTTLE_WINDOW_SECONDS)
            raise
        if _wrong_token(response):
            _count(key, settings.THROTTLE_WINDOW_SECONDS)
        return response

    return guarded


def _over_limit(request, scope, limit):
    """One more request of `scope` from this network address in the window: over `limit`?"""
    count = _count(f"throttle:{scope}:{client_ip(request)}", settings.THROTTLE_WINDOW_SECONDS)
    return count is not None and count > limit


def replies_exceeded(request):
    """One more reply through a private link from this network address: over the limit?"""
    return _over_limit(request, "reply", settings.THROTTLE_REPLIES)


def limit_posts(scope, per_window=None):
    """For a public form that sends an e-mail: at most `per_window` POSTs per network address
    within the window (THROTTLE_FORM_POSTS by default), then 429. The same for a known and
    an unknown e-mail address, so that the limit tells nothing about who is known."""

    def decorate(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST" and _over_limit(
                request, f"form:{scope}", per_window or settings.THROTTLE_FORM_POSTS
            ):
                return too_many(request)
            return view(request, *args, **kwargs)

        return limited

    return decorate
