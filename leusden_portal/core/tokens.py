"""Private links: one way to make, store and check the token of every link the portal mails
(the initiator's tracking link, supports, ballots, ho-stop answers, volunteers, signatures,
sign-ups, partner requests) and of stored files.

A token is 256 random bits in URL-safe base64; only its SHA-256 is stored, so a copy of the
database opens nothing. `plausible` refuses what cannot be a token before any lookup."""

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
