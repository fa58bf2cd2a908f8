"""Private links: one way to make, store and check the token of every link the portal mails
(the initiator's tracking link, supports, ballots, ho-stop answers, volunteers, signatures,
sign-ups, partner requests) and of stored files.

A token is 256 random bits in URL-safe base64; only its SHA-256 is stored, so a copy of the
database opens nothing. `plausible` refuses what cannot be a token before any lookup; `private` marks the pages
behind such a link."""

import hashlib
import secrets

MAX_LENGTH = 100  # far above the 43 characters of a token; longer input is not looked up


def new():
    return secrets.token_urlsafe(32)


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_with_digest():
    token = new()
    return token, digest(token)


def plausible(token):
    return isinstance(token, str) and 0 < len(token) <= MAX_LENGTH


def private(response):
    """A page behind a private link: never cached, never indexed, and the link (it carries the
    token) never sent to another site as a referrer. ("no-referrer" would also make browsers
    send "Origin: null" with the page's own forms, failing CSRF.)"""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
