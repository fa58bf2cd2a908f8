from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def alternate_languages(context):
    """The current page in each language: code, name in that language, address."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    if "request_path" in context:
        # Django's 404 handler: the page does not exist in any language, and its address
        # (whatever was typed) is not repeated in a link.
        path = "/"
    # A path such as "//evil.example/" (a 404 page shows the switch too) must not become a
    # protocol-relative link to another host: browsers read "//" and "/\\" as one.
    path = "/" + path.lstrip("/\\")
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    result = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        result.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return result


@register.simple_tag(takes_context=True)
def content_template(context, name):
    """The long-form text `name` in the page's language (written per language, not
    sentence by sentence, so that the Dutch reads as plain Dutch)."""
    code = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    return f"core/content/{name}.{code}.html"


@register.filter
def has_message_tagged(messages, tag):
    """Whether one of this request's messages carries `tag` among its extra tags (the page
    says "U steunt dit initiatief" instead of offering the button again). Reading the
    messages here does not take them from the list the layout shows."""
    return any(tag in (message.extra_tags or "").split() for message in messages or ())
