from .selectors import active_municipality


def municipality(request):
    """The active municipality on every page (cached: no query per request)."""
    return {"municipality": active_municipality()}
