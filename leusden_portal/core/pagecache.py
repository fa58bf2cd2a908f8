"""Whole-page cache for the public pages that anonymous visitors see, kept exact by
invalidation: each page belongs to sections ("initiatives", "agreements", ...), every service
that changes what a section shows calls `invalidate(section)`, and that bumps the section's
generation after commit, so that no visitor sees a page older than the last change.

Views declare their sections with `@cache_public_page(...)`; `PageCacheMiddleware` does the
work, early in the middleware chain. A page is served from the cache only to a visitor
without a session or pending messages, for GET and HEAD, and only a plain 200 that set no
cookie (no CSRF token in it) is stored.
`PAGECACHE_TIMEOUT` bounds the age of a page as a safety net for what changes with time alone.
The cache being down never takes a page down: the view then simply runs."""

import functools
import gzip
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation:{}"
PAGE_KEY = "pagecache:page:{}"
# Every page shows the municipality, its themes and neighbourhoods.
BASE_SECTION = "core"
MIN_GZIP_BYTES = 500


def _cacheable(request):
    return (
        settings.PAGECACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_key(request, params=()):
    """One key per page as its view sees it: the host without case or port, the path, and
    the declared parameters that carry a value, in a fixed order. "?b=2&a=1", "?a=1&b=2&c="
    and "HOST:80" are one page, not three keys that anyone can multiply."""
    host = request.get_host().lower()
    if not host.startswith("["):  # not an IPv6 literal: drop a port
        host = host.split(":", 1)[0]
    query = sorted(
        (name, value) for name in params for value in request.GET.getlist(name) if value != ""
    )
    path = f"{host}{request.path}?{query!r}"
    return PAGE_KEY.format(hashlib.sha256(path.encode()).hexdigest())


def dont_store(request):
    """For a view: this response is not to be kept (a search, an invalid filter value or page
    number). It is built and sent as usual; only the cache does not grow by it."""
    request.pagecache_store = False


def paginate(request, paginator):
    """paginator.get_page for a cached list: a page number that is not the page shown
    ("abc", "0", "99999") is served but not stored."""
    page = paginator.get_page(request.GET.get("page"))
    asked = request.GET.get("page")
    if asked is not None and asked != str(page.number):
        dont_store(request)
    return page


# Headers that belong to one response only, never replayed from the cache.
NOT_REPLAYED = {"set-cookie", "x-page-cache", "content-length", "content-encoding"}


@functools.lru_cache(maxsize=4096)
def declared_for(path_info):
    """(sections, query parameters) a URL's view was declared with, or None if it is not
    cached. Resolved in the language the path carries (the locale middleware has not run
    yet)."""
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path_info)
        except Resolver404:
            return None
    func = match.func
    view = func if hasattr(func, "pagecache_sections") else getattr(func, "view_class", None)
    sections = getattr(view, "pagecache_sections", None)
    if not sections:
        return None
    return sections, getattr(view, "pagecache_params", frozenset())


def _canonical(request, params):
    """The same page without the query parameters its view does not read: a permanent
    redirect, so that `?utm_source=...` or `?x=1`, `?x=2`, ... neither build nor store the
    page once more each (and a page built for one visitor never carries another's junk)."""
    query = QueryDict(mutable=True)
    for name in request.GET:
        if name in params:
            query.setlist(name, request.GET.getlist(name))
    location = "/" + request.path.lstrip("/\\")  # always this host
    if query:
        location += "?" + query.urlencode()
    return HttpResponsePermanentRedirect(location)


def _accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _from_cache(request, stored):
    if stored["gzipped"] is not None and _accepts_gzip(request):
        response = HttpResponse(stored["gzipped"], status=stored["status"])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def cache_public_page(*sections, params=()):
    """Declare a view (function, class-based view or callable) whose anonymous response depends
    only on its path, the query parameters `params` and `sections`: `PageCacheMiddleware`
    stores its complete response and serves it again until one of the sections changes. A
    request with other query parameters is sent to the address without them."""

    def decorator(view):
        view.pagecache_sections = (BASE_SECTION, *sections)
        view.pagecache_params = frozenset(params)
        return view

    return decorator


class PageCacheMiddleware:
    """Serves a stored page before the rest of the middleware runs (sessions, CSRF, locale,
    authentication), in one round trip to the cache: the page and every section's generation.
    Placed right after SecurityMiddleware and WhiteNoise, so that it stores the response with
    every header the inner middleware added (CSP, frame options, language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = _cacheable(request) and declared_for(request.path_info)
        if not declared:
            return self.get_response(request)
        sections, params = declared
        if any(name not in params for name in request.GET):
            return _canonical(request, params)
        try:
            page_key, generations, stored = self._lookup(request, sections, params)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            response = _from_cache(request, stored)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not self._storable(request, response):
            return response
        stored = self._store(page_key, sections, generations, response)
        if stored is None:
            return response
        response = _from_cache(request, stored)
        response["X-Page-Cache"] = "miss"
        return response

    def _lookup(self, request, sections, params=()):
        page_key = _page_key(request, params)
        keys = {section: GENERATION_KEY.format(section) for section in sections}
        found = cache.get_many([*keys.values(), page_key])
        generations = {}
        for section, key in keys.items():
            if key not in found:  # first use, or evicted: a new generation
                cache.add(key, uuid.uuid4().hex, timeout=None)
                found[key] = cache.get(key)
            generations[section] = found[key]
        stored = found.get(page_key)
        if stored is not None and all(
            generations.get(section) == generation
            for section, generation in stored["generations"].items()
        ):
            return page_key, generations, stored
        return page_key, generations, None

    @staticmethod
    def _storable(request, response):
        return (
            response.status_code == 200
            and getattr(request, "pagecache_store", True)
            and not response.streaming
            and not response.cookies
            and not response.has_header("Content-Encoding")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _store(page_key, sections, generations, response):
        content = response.content
        # Compressed once here instead of on every request. These pages hold no secret (no
        # form token, no session), so compression leaks nothing (BREACH).
        gzipped = (
            gzip.compress(content, compresslevel=6, mtime=0)
            if len(content) >= MIN_GZIP_BYTES
            else None
        )
        stored = {
            "generations": {section: generations[section] for section in sections},
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in NOT_REPLAYED
            ],
            "content": content,
            "gzipped": gzipped,
        }
        try:
            cache.set(page_key, stored, settings.PAGECACHE_TIMEOUT)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return None
        return stored


FRAGMENT_KEY = "pagecache:fragment:{}"


def reusable_for(request):
    """May this request get a page built for every anonymous visitor? (GET, no session, no
    pending messages: the same test as for a cached page.)"""
    return _cacheable(request)


def cached_text(name, sections, build):
    """Text kept like a cached page, for pages that cannot be cached whole (they carry a form
    token): `build()` makes it, and it is served again until one of `sections` (or the base
    section) changes or PAGECACHE_TIMEOUT passes. Without a cache, it is built every time."""
    sections = (BASE_SECTION, *sections)
    key = FRAGMENT_KEY.format(hashlib.sha256(name.encode()).hexdigest())
    if not settings.PAGECACHE_ENABLED:
        return build()
    try:
        keys = {section: GENERATION_KEY.format(section) for section in sections}
        found = cache.get_many([*keys.values(), key])
        generations = {}
        for section, generation_key in keys.items():
            if generation_key not in found:
                cache.add(generation_key, uuid.uuid4().hex, timeout=None)
                found[generation_key] = cache.get(generation_key)
            generations[section] = found[generation_key]
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return build()
    stored = found.get(key)
    if stored is not None and stored["generations"] == generations:
        return stored["text"]
    # Read before building: a change while building leaves this copy stale, never served.
    text = build()
    try:
        cache.set(key, {"generations": generations, "text": text}, settings.PAGECACHE_TIMEOUT)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
    return text


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
