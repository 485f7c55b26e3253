"""Page objects for the accountmanagers' inbox (wsp/inbox), for browser tests.

Works against any running inbox: one started in-process with ``serve_inbox(app)``, or the one in the
``stack`` fixture (``stack.inbox_url``). Every function acts the way a person does: through labels,
button names and visible text, and waits for the page that follows.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urljoin

from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}


@contextmanager
def serve_inbox(app) -> Iterator[str]:  # noqa: ANN001 - a Flask app
    """Serve a Flask app with werkzeug's threaded server on a free port; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="inbox-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def sign_in(page: Page, base: str, email: str, wachtwoord: str) -> None:
    """Sign in and land on the list of handovers."""
    page.goto(urljoin(base, "/aanmelden"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overdrachten")


def assert_no_horizontal_scroll(page: Page, timeout_ms: int = 5_000) -> None:
    """The page fits the viewport's width. Measured once the page and its stylesheet have loaded (an
    unstyled table measured under load overflowed a phone's width on a busy CI machine), and polled
    briefly: a real overflow stays and fails after ``timeout_ms``."""
    page.wait_for_load_state("load")
    try:
        page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth", timeout=timeout_ms)
    except Exception:  # playwright's TimeoutError: say what was measured
        breedte = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        raise AssertionError(f"the page scrolls sideways: scrollWidth {breedte[0]} > innerWidth {breedte[1]}") from None


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()


def list_rows(page: Page) -> list[str]:
    """Organisation names in the list, in order."""
    return page.locator("table.overdrachten td.werkgever a").all_inner_texts()


def open_from_list(page: Page, organisatie: str) -> None:
    page.get_by_role("link", name=organisatie).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(organisatie)


def open_handover(page: Page, publieke_id: str, base: str | None = None) -> None:
    """Open a handover by its id (as the link in the notification mail does)."""
    page.goto(urljoin(base or page.url, f"/overdrachten/{publieke_id}"))
    expect(page.locator(".samenvatting")).to_be_visible()


def summary(page: Page) -> dict[str, str]:
    """The summary at the top of a handover: {veld: visible text} (naam, email, telefoon, vraag, ...)."""
    velden = page.locator(".samenvatting [data-veld]")
    return {
        velden.nth(i).get_attribute("data-veld"): velden.nth(i).inner_text().strip()
        for i in range(velden.count())
    }


def status(page: Page) -> str:
    return page.locator(".samenvatting .status").inner_text().strip()


def flash(page: Page) -> str:
    return " ".join(page.locator(".melding").all_inner_texts())


def add_note(page: Page, tekst: str) -> None:
    page.get_by_label("Nieuwe notitie").fill(tekst)
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.locator(".notities")).to_contain_text(tekst)


def set_in_behandeling(page: Page) -> None:
    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.locator(".samenvatting .status")).to_have_text("In behandeling")


def close(page: Page, reden: str) -> None:
    """Close the handover with a reason (required)."""
    open_action(page, "Afronden")
    page.get_by_label("Reden van afronden").fill(reden)
    page.get_by_role("button", name="Afronden").click()
    expect(page.locator(".samenvatting .status")).to_have_text("Afgerond")


def reassign(page: Page, naar_naam: str) -> None:
    """Team lead: give the handover to another accountmanager (by name as shown)."""
    keuze = page.get_by_label("Geef deze overdracht aan")
    keuze.select_option(keuze.locator("option", has_text=naar_naam).get_attribute("value"))
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.locator(".melding")).to_contain_text(naar_naam)


def copy_contact(page: Page) -> str:
    """Click 'Kopieer contactgegevens' and return what landed on the clipboard (the context needs the
    clipboard-read/clipboard-write permissions)."""
    page.get_by_role("button", name="Kopieer contactgegevens").click()
    expect(page.locator(".kopieer-melding")).to_have_text("Gekopieerd")
    return page.evaluate("navigator.clipboard.readText()")


def chat_bubbles(page: Page) -> list[dict[str, str]]:
    """The transcript as shown: [{afzender: werkgever|assistent, tekst, bron, knoppen}]."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.chat .bericht')).map(b => ({
            afzender: b.classList.contains('werkgever') ? 'werkgever' : 'assistent',
            tekst: (b.querySelector('.tekst') || {innerText: ''}).innerText,
            bron: (b.querySelector('.bron') || {innerText: ''}).innerText,
            knoppen: Array.from(b.querySelectorAll('.chips .chip')).map(c => c.innerText).join('|'),
        }))"""
    )


# --- the case view: facts, stuck questions, rules, actions ------------------------------------------

def facts(page: Page) -> dict[str, str]:
    """The facts block: {label: value as shown} ('niet genoemd' when the employer did not say)."""
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('#feiten dt')).map(dt => [
            dt.innerText.trim(), dt.nextElementSibling.querySelector('.feit-waarde').innerText.trim()]))"""
    )


def stuck_questions(page: Page) -> list[str]:
    """The employer's lines the assistant got stuck on, as listed above the conversation."""
    return page.locator("#vastgelopen li a").all_inner_texts()


def rules_headings(page: Page) -> list[str]:
    return page.locator("#regels h3").all_inner_texts()


def open_action(page: Page, titel: str) -> None:
    """Open a folded action ('Contact vastleggen', 'E-mail aan de werkgever')."""
    summary = page.locator("details.actie > summary", has_text=titel)
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


def record_contact(page: Page, resultaat: str, manier: str = "Gebeld", toelichting: str = "",
                   opnieuw_op: str | None = None) -> None:
    open_action(page, "Contact vastleggen")
    page.get_by_label("Hoe", exact=True).select_option(label=manier)
    page.get_by_label("Resultaat").select_option(label=resultaat)
    if toelichting:
        page.get_by_label("Toelichting (niet verplicht)").fill(toelichting)
    if opnieuw_op:
        page.get_by_label("Opnieuw proberen op (niet verplicht)").fill(opnieuw_op)
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.locator(".melding-ok")).to_contain_text("Contactpoging vastgelegd")


def send_reply(page: Page, tekst: str, onderwerp: str | None = None) -> None:
    """Write the reply under the prefilled greeting and send it."""
    open_action(page, "E-mail aan de werkgever")
    if onderwerp is not None:
        page.get_by_label("Onderwerp").fill(onderwerp)
    veld = page.get_by_label("Bericht", exact=True)
    begin = veld.input_value()
    regels = begin.split("\n")
    veld.fill("\n".join(regels[:2] + [tekst] + regels[2:]))
    page.get_by_role("button", name="Verstuur e-mail").click()
    expect(page.locator(".melding-ok")).to_contain_text("staat klaar om te versturen")


def wait_for_employer(page: Page, dag: str, toelichting: str = "") -> None:
    open_action(page, "Wacht op werkgever")
    page.get_by_label("Wacht op werkgever; herinner mij op").fill(dag)
    if toelichting:
        page.get_by_label("Waarop wacht u? (niet verplicht)").fill(toelichting)
    page.get_by_role("button", name="Wacht op werkgever").click()
    expect(page.locator(".samenvatting .status")).to_have_text("Wacht op werkgever")
