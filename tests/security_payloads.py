"""Shared parts of the security suite (tests/test_security_*.py): the XSS payloads, how to
tell that one came out unescaped, and every URL pattern of the project read from the resolver
with a concrete address for it, so that a new view is covered (or must be classified) without
anyone adding it by hand."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{7*7}}{% now 'Y' %}",
]
# What must never reach a page as markup: the tags and attributes a browser would run.
DANGEROUS = re.compile(r"<script>alert\(1\)|<img src=x onerror|<svg onload|</textarea><script")


class _Collector(HTMLParser):
    """Collects the elements and attributes a browser would build from a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []  # (tag, attrs)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def injected_markup(html):
    """The elements or attributes of `html` that a payload made: a script with alert, an
    element with an event handler, a javascript: link. Empty when everything was escaped."""
    parser = _Collector()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("img", "svg") and any(k.startswith("on") for k in attrs):
            found.append((tag, attrs))
        for key, value in attrs.items():
            if key.startswith("on") and "alert(1)" in (value or ""):
                found.append((tag, attrs))
            if key in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                found.append((tag, attrs))
    # A script element whose body is the payload.
    if re.search(r"<script[^>]*>\s*alert\(1\)", html):
        found.append(("script", {}))
    if DANGEROUS.search(html):
        found.append(("raw", {"match": DANGEROUS.search(html).group(0)}))
    return found


def assert_escaped(html, payload, where):
    """No payload became markup on the page (that it is there as text, and template syntax
    in it is not evaluated, the XSS tests check where each field is shown)."""
    assert not injected_markup(html), f"unescaped payload in {where}: {injected_markup(html)}"


# --- URL patterns -----------------------------------------------------------------------------

# A sample for each kind of parameter a route carries. A new parameter name makes
# `every_url()` fail, so that whoever adds it decides what it is.
SAMPLES = {
    "pk": "999999",
    "meeting_pk": "999999",
    "object_id": "999999",
    "id": "999999",
    "content_type_id": "1",
    "reference": "SV-2026-99999",
    "slug": "geen-bestaande-naam",
    "token": "x" * 43,
    "attachment_token": "y" * 43,
    "payload": "niet-ondertekend",
    "label": "initiatives.initiative",
    "key": "2b0c2f6e-8a52-4d3c-9d57-5d4a3d1e8f00",
    "uidb64": "MQ",
    "action": "geen-actie",
    "app_label": "initiatives",
    "url": "geen-bestaande-pagina/",
}


@dataclass(frozen=True)
class Url:
    name: str  # namespace:name, or the route itself for an unnamed pattern
    route: str  # the pattern as written (Dutch), e.g. "loket/volgen/<str:token>/"
    path: str  # a concrete address with the samples filled in
    callback: object
    params: tuple

    @property
    def is_admin(self):
        return self.route.startswith("admin/")


def _fill_regex(regex):
    """A concrete string for a simple regex pattern: named groups become their sample."""
    out, i = [], 0
    regex = regex.lstrip("^").rstrip("$")
    while i < len(regex):
        if regex.startswith("(?P<", i):
            name = regex[i + 4 : regex.index(">", i)]
            depth, j = 0, i
            while True:
                if regex[j] == "(":
                    depth += 1
                elif regex[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            out.append(SAMPLES[name])
            i = j + 1
        else:
            out.append(regex[i])
            i += 1
    return "".join(out)


def _part(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix, ()
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        names = tuple(pattern.converters)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES[m.group(1)], route)
        return path, names
    if isinstance(pattern, RegexPattern):
        names = tuple(re.findall(r"\(\?P<(\w+)>", pattern._regex))
        return _fill_regex(pattern._regex), names
    raise AssertionError(f"unknown kind of URL pattern: {pattern!r}")


def every_url(urlconf=None):
    """Every URL pattern of the project (in the active language), with a concrete path."""
    found = []

    def walk(patterns, prefix_path, prefix_route, namespace, params):
        for entry in patterns:
            path, names = _part(entry.pattern)
            route = prefix_route + (
                str(entry.pattern) if not isinstance(entry.pattern, LocalePrefixPattern) else ""
            )
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}{entry.namespace}:"
                walk(entry.url_patterns, prefix_path + path, route, ns, params + names)
            else:
                assert isinstance(entry, URLPattern)
                name = f"{namespace}{entry.name}" if entry.name else route
                found.append(
                    Url(name, route, "/" + prefix_path + path, entry.callback, params + names)
                )

    walk(get_resolver(urlconf).url_patterns, "", "", "", ())
    return found
