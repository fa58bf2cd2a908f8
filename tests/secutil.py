"""Helpers of the security suite: the private links the portal sent, how much randomness a
set of generated tokens shows, and requests from a given network address."""

import http.cookiejar
import math
import re
import string
import threading
import urllib.error
import urllib.parse
import urllib.request

from leusden_portal.notifications.models import Notification

URLSAFE = set(string.ascii_letters + string.digits + "-_")
HEX = set(string.hexdigits.lower())


def sent_links(kind):
    """The links (paths) of the outbox rows of `kind`, oldest first."""
    rows = Notification.objects.filter(kind=kind).order_by("pk")
    return [row.context["link"] for row in rows if row.context.get("link")]


def path_of(link):
    """The path of a link as e-mailed (absolute), to open with the test client."""
    return "/" + link.split("/", 3)[3] if link.startswith("http") else link


def last_segment(path):
    return path.rstrip("/").rsplit("/", 1)[-1]


def measured_bits(tokens):
    """Bits of randomness a set of tokens from one generator shows: the length of the part
    that differs between them, times log2 of the alphabet they are drawn from. Refuses a
    set with repeats, a shared prefix or a position that never changes (a counter, a
    timestamp, a user id would show as such)."""
    tokens = list(tokens)
    assert len(tokens) >= 8, "measure at least 8 tokens"
    assert len(set(tokens)) == len(tokens), "a token came out twice"
    lengths = {len(t) for t in tokens}
    assert len(lengths) == 1, f"tokens of different lengths: {lengths}"
    length = lengths.pop()
    for position in range(length):
        assert len({t[position] for t in tokens}) > 1, f"position {position} never changes"
    for a in tokens:
        for b in tokens:
            if a != b:
                assert not a.startswith(b[:4]), f"{a} and {b} share a prefix"
    alphabet = set("".join(tokens))
    if alphabet <= HEX:
        symbols = 16
    elif alphabet <= URLSAFE:
        symbols = 64
    else:
        raise AssertionError(f"unexpected characters: {alphabet - URLSAFE}")
    return length * math.log2(symbols)


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf(content):
    return CSRF_INPUT.sub(b'name="csrfmiddlewaretoken" value=""', content)


def from_address(ip):
    return {"REMOTE_ADDR": ip}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def parallel_posts(base_url, path, data, n, form_path=None):
    """`n` POSTs of `data` to `path` at the same moment, from `n` threads over real HTTP,
    with one CSRF cookie and token (from a GET of `form_path`, default `path`). Returns the
    status codes."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + (form_path or path), timeout=30).read()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
    barrier = threading.Barrier(n)
    statuses, errors = [], []

    def post():
        request = urllib.request.Request(  # noqa: S310 (the test's own live server)
            base_url + path,
            data=body,
            headers={"Cookie": cookie, "Referer": base_url + path},
        )
        no_redirect = urllib.request.build_opener(_NoRedirect)
        barrier.wait()
        try:
            with no_redirect.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
        except Exception as exc:  # pragma: no cover - reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=post) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors
    return statuses
