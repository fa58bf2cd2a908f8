"""Requests that no page of ours can answer, refused before a view runs."""

import re

from django.http import Http404

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RefuseControlCharactersMiddleware:
    """A path with a NUL byte or another control character names no page: 404 at once.
    (PostgreSQL refuses NUL in a query, which would otherwise become a server error in any
    view that looks up a text from the path.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL.search(request.path_info):
            raise Http404
        return self.get_response(request)
