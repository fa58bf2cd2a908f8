"""Whole-page cache for the public pages that anonymous visitors see, kept exact by
invalidation: each page belongs to sections ("initiatives", "agreements", ...), every service
that changes what a section shows calls `invalidate(section)`, and that bumps the section's
generation after commit, so that no visitor sees a page older than the last change.

A page is served from the cache only to a visitor without a session or pending messages, for
GET and HEAD, and only a plain 200 that set no cookie (no CSRF token in it) is stored.
`PAGECACHE_TIMEOUT` bounds the age of a page as a safety net for what changes with time alone.
The cache being down never takes a page down: the view then simply runs."""

import functools
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation:{}"
PAGE_KEY = "pagecache:page:{}:{}"
# Every page shows the municipality, its themes and neighbourhoods.
BASE_SECTION = "core"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Last-Modified")


def _generations(sections):
    keys = [GENERATION_KEY.format(section) for section in sections]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return ".".join(str(found[key]) for key in keys)


def _cacheable(request):
    return (
        settings.PAGECACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request, sections):
    path = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(path.encode()).hexdigest()
    return PAGE_KEY.format(digest, _generations(sections))


def cache_public_page(*sections):
    """Decorate a view whose anonymous response depends only on its URL and on `sections`."""
    all_sections = (BASE_SECTION, *sections)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            try:
                key = _key(request, all_sections)
                stored = cache.get(key)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
                return view(request, *args, **kwargs)
            if stored is not None:
                status, headers, content = stored
                response = HttpResponse(content, status=status)
                for name, value in headers.items():
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and not request.META.get("CSRF_COOKIE_USED")
                and "no-store" not in response.get("Cache-Control", "")
            ):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                try:
                    cache.set(
                        key,
                        (response.status_code, headers, response.content),
                        settings.PAGECACHE_TIMEOUT,
                    )
                except Exception:
                    logger.warning("page cache unavailable", exc_info=True)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapped

    return decorator


def invalidate(*sections):
    """After the current transaction commits, drop every cached page of these sections."""

    def bump():
        try:
            cache.set_many(
                {GENERATION_KEY.format(section): uuid.uuid4().hex for section in sections},
                timeout=None,
            )
        except Exception:
            # A stale page could remain for at most PAGECACHE_TIMEOUT: say so loudly.
            logger.error("page cache could not be invalidated for %s", sections, exc_info=True)

    transaction.on_commit(bump)
