"""No private link in a log line. A private link is its token: in the access log of gunicorn
and in Django's "Not Found: /loket/volgen/<token>/" it would open the resident's page for
whoever reads the logs. Every path segment that looks like a token (20 or more URL-safe
characters) keeps its first four characters, enough to tell two apart; the rest is cut."""

import logging
import re

from gunicorn.glogging import Logger

TOKEN = re.compile(r"(?<=[/=])[A-Za-z0-9_\-]{20,}")


def mask(text):
    return TOKEN.sub(lambda m: m.group(0)[:4] + "…", text) if text else text


class MaskTokens(logging.Filter):
    """For Django's loggers (django.request, django.server): the message with masked paths."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with the request line, path, query and referrer masked
    (`--logger-class leusden_portal.core.logmask.GunicornLogger`)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask(atoms[key])
        return atoms
