"""A form's button must not share its name with one of the form's fields.

A browser sends the pressed button as name=value; when the name is also a field's (the
ho-stop answer once had a button "answer" beside the radio group "answer"), the button's
label arrives as the field's value and every honest answer is refused. Checked three ways:
every form class with its crispy buttons, every literal <form> in the templates, and every
form on the pages of the demo as they are served.
"""

import inspect
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.core.management import call_command

import council.forms
import initiatives.forms
import leusden_portal.notifications.forms
from council.models import HoStopParticipant
from initiatives import services as initiative_services

from .test_hostop import link_for, raise_as_initiator, referred_initiative
from .test_security_headers import crawl

ROOT = Path(__file__).resolve().parent.parent
MODULES = [initiatives.forms, council.forms, leusden_portal.notifications.forms]


class FormNames(HTMLParser):
    """Per <form>: the names of its fields and the names of its buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.current = None
        self.duplicates = []

    def handle_starttag(self, tag, attrs):
        names = [name for name, _value in attrs]
        if len(names) != len(set(names)):
            # A second action= or name= is ignored by browsers: the form goes elsewhere.
            self.duplicates.append((tag, names))
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"fields": set(), "buttons": set()}
            self.forms.append(self.current)
        elif self.current is not None and attrs.get("name"):
            name = attrs["name"]
            if tag == "button" or (tag == "input" and attrs.get("type") in ("submit", "image")):
                self.current["buttons"].add(name)
            elif tag in ("input", "select", "textarea"):
                self.current["fields"].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def clashes(html):
    parser = FormNames()
    parser.feed(html)
    return [
        form["fields"] & form["buttons"]
        for form in parser.forms
        if form["fields"] & form["buttons"]
    ]


def test_the_checker_finds_the_mistake_it_looks_for():
    bad = '<form><input type="radio" name="answer" value="yes"><button name="answer">Send</button></form>'
    good = '<form><input type="radio" name="answer" value="yes"><button name="send">Send</button></form>'
    assert clashes(bad) == [{"answer"}]
    assert clashes(good) == []


def form_classes():
    for module in MODULES:
        for _name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


@pytest.fixture
def full_demo(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def constructor_arguments():
    """What the forms that need context are built with, from the demo data."""
    from council.models import CoreValue, Decision
    from initiatives.models import NeighbourhoodBudget

    return {
        "budget": NeighbourhoodBudget.objects.select_related("neighbourhood").first(),
        "core_values": list(CoreValue.objects.all()),
        "decisions": Decision.objects.all(),
        "kinds": [],
        "current": {},
        "published": False,
        "held": [],
    }


def test_no_form_class_has_a_button_named_as_one_of_its_fields(full_demo):
    available = constructor_arguments()
    checked = []
    for form_class in form_classes():
        needed = [
            name
            for name, parameter in inspect.signature(form_class.__init__).parameters.items()
            if parameter.kind is parameter.KEYWORD_ONLY
        ]
        form = form_class(**{name: available[name] for name in needed})
        helper = getattr(form, "helper", None)
        buttons = {button.name for button in helper.inputs} if helper is not None else set()
        fields = {form.add_prefix(name) for name in form.fields}
        assert not buttons & fields, (form_class.__name__, buttons & fields)
        checked.append((form_class.__name__, buttons))
    assert {
        ("InitiativeForm", frozenset({"submit"})),
        ("HoStopAnswerForm", frozenset({"send"})),
    } <= {(name, frozenset(buttons)) for name, buttons in checked}
    assert len(checked) > 15


def test_no_form_in_a_template_has_a_button_named_as_one_of_its_fields():
    templates = list((ROOT / "templates").rglob("*.html"))
    assert len(templates) > 50
    for template in templates:
        source = template.read_text()
        # Template tags inside attributes would confuse the parser; their names are not
        # literal anyway and the rendered pages are checked below.
        source = re.sub(r"{%.*?%}|{{.*?}}", "", source)
        assert clashes(source) == [], template
        parser = FormNames()
        parser.feed(source)
        assert parser.duplicates == [], template


def test_no_form_on_the_served_pages_has_a_button_named_as_one_of_its_fields(client, full_demo):
    responses = crawl(client, ["/", "/en/", "/loket/indienen/", "/inloggen/"], limit=140)
    # The private pages with forms: a tracking page, and the ho-stop answer page of the
    # partner of a paused initiative.
    initiative, token = referred_initiative()
    responses.append(client.get(initiative_services.track_path(token)))
    hostop = raise_as_initiator(initiative)
    partner = hostop.participants.exclude(role=HoStopParticipant.Role.INITIATOR).first()
    responses.append(client.get(link_for(partner)))
    pages_with_forms = 0
    for response in responses:
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if "<form" in html:
            pages_with_forms += 1
        assert clashes(html) == [], response.request["PATH_INFO"]
    assert pages_with_forms > 10
    assert any('name="send"' in r.content.decode() for r in responses[-1:])
