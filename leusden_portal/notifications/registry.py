"""The kinds of message the portal sends. Each app registers its own kinds in its
`notifications.py`-style module; a kind names its templates and whether a resident may
turn it off."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str  # "initiatives.submitted": templates in templates/notifications/<code>/
    label: str | Promise  # shown to staff when they choose immediate or digest
    # Essential messages are about the recipient's own submission or account and are always
    # sent; residents can turn off everything else.
    essential: bool = True
    # Staff can receive these in their daily digest instead of one by one.
    digestible: bool = False
    # Builds the link in the message at send time (e.g. a token that must not be stored);
    # by default the link is context["link"] or the object's get_absolute_url().
    link: Callable | None = None
    # Context keys that must not outlive the sending (e.g. a private link whose token the
    # database otherwise keeps only as a hash): removed from the row once it is sent.
    secret_context: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise LookupError(f"Unknown notification kind {code!r}; register it first.") from None
