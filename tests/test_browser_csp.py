"""Chromium with the Content-Security-Policy in force (not bypassed): the main public pages
and the admin inbox load without a single CSP violation."""

import os

import pytest
from django.core.management import call_command

from initiatives.models import Initiative

from .conftest import clear_live_server_cache
from .test_browser import browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

RECORD = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber
));
"""


@pytest.fixture
def strict_page(browser, live_server, transactional_db):  # noqa: F811
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    clear_live_server_cache()
    context = browser.new_context()  # the policy is enforced
    context.add_init_script(RECORD)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    missing = []
    page.on(
        "response",
        lambda response: (
            missing.append(response.url)
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    page.missing = missing
    page.base_url = live_server.url
    page.console = console
    yield page
    context.close()


def violations(page):
    found = page.evaluate("window.__csp") + page.console + page.missing
    page.console.clear()
    page.missing.clear()
    return found


def test_main_pages_and_the_admin_inbox_have_no_csp_violation(strict_page):
    page = strict_page
    initiative = Initiative.objects.filter(
        approved_for_publication=True, publish_consent=True
    ).first()
    paths = [
        "/",
        "/en/",
        "/initiatieven/",
        f"/initiatieven/{initiative.reference}/",
        f"/initiatieven/{initiative.reference}/steunen/",
        "/loket/indienen/",
        "/loket/nieuwe-link/",
        "/loket/cijfers/",
        "/samenlevingsakkoorden/",
        "/raad/vergaderingen/",
        "/raad/kernwaarden/",
        "/toegankelijkheid/",
        "/bestaat-niet/",
    ]
    from agreements.models import Agreement

    paths.append(Agreement.objects.first().get_absolute_url())
    # The recorder works: an inline style attribute is blocked and reported.
    page.goto(page.base_url + "/")
    page.evaluate(
        "() => { const d = document.createElement('div');"
        " d.innerHTML = '<p style=\"color: red\">x</p>'; document.body.appendChild(d); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert "style-src" in violations(page)[0]
    seen = {}
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response.status < 500, path
        page.wait_for_load_state("load")
        seen[path] = violations(page)
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "loket@leusden.example")
    page.fill("#id_password", "samenleving-voorop")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    seen["/admin/"] = violations(page)
    for path in (
        "/admin/initiatives/initiative/",
        "/admin/initiatives/initiative/?overdue=overdue",
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
    ):
        page.goto(page.base_url + path)
        page.wait_for_load_state("load")
        seen[path] = violations(page)
    # The inbox's filters are real (the admin's own scripts ran under the policy).
    assert page.locator("#changelist-filter, #content-main").count() >= 1
    assert {path: found for path, found in seen.items() if found} == {}
