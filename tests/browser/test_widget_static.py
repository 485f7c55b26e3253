"""The chat widget on its own.

web/ is served by web/serve.py on a free port (fixture `static_site`); the Rasa REST endpoint is
answered by Playwright route interception with canned replies in Rasa's REST format. These tests
cover the widget itself (rendering, storage, keyboard, errors, accessibility, the server's headers);
the assistant's answers are tested end-to-end in test_widget.py against the real Rasa server.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser

WEBHOOK = "**/webhooks/rest/webhook"

BRON = "Bron: UWV, no-riskpolis (gecontroleerd op 3 maart 2025)"
NO_RISK = {
    "text": "De no-risk polis helpt u als een medewerker uit de doelgroep ziek wordt.\n"
    "Meer informatie: https://www.uwv.nl/werkgevers/no-riskpolis.\n" + BRON,
    "buttons": [
        {"title": "Hoe vraag ik het aan?", "payload": "/ask_how_to_apply"},
        {"title": "Wat geldt in mijn gemeente?", "payload": "/ask_gemeente_rules"},
    ],
}
HOW_TO = {"text": "U vraagt niets vooraf aan.\n- Meld de ziekte binnen 6 weken\n- Kruis no-riskpolis aan\n" + BRON}
EVIL = {
    "text": 'Kijk <img src=x onerror="alert(1)"> en <b>vet</b>\n'
    "[klik hier](javascript:alert(1)) of javascript:alert(2) of data:text/html,<script>alert(3)</script>\n"
    "Zie ook [UWV](https://www.uwv.nl/werkgevers) en (https://www.rijksoverheid.nl/onderwerpen)."
}


# what the channel answers with HTTP 429 (assistant/addons/channel.py, te_veel() without the contact line)
DRUK = "U stuurt veel berichten kort na elkaar. Wacht u even een minuut en stel dan uw vraag opnieuw?"


@dataclass
class RasaStub:
    """Answers POST /webhooks/rest/webhook like Rasa's REST channel does, from a table of replies."""

    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    mode: str = "ok"  # ok | abort | error | hold | druk
    held: list[Route] = field(default_factory=list)

    def reply_for(self, sender: str, message: str) -> list[dict[str, Any]]:
        if message.startswith("/feedback"):
            return [{"recipient_id": sender, "text": "Dank voor uw feedback (mag niet getoond worden)"}]
        items = self.replies.get(message, [{"text": "Dat begrijp ik niet. Kunt u het anders zeggen?"}])
        return [{"recipient_id": sender, **item} for item in items]

    def fulfill(self, route: Route) -> None:
        body = route.request.post_data_json
        route.fulfill(
            status=200,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": "*"},
            body=json.dumps(self.reply_for(body["sender"], body["message"])),
        )

    def handle(self, route: Route) -> None:
        if route.request.method == "OPTIONS":
            route.fulfill(
                status=204,
                headers={
                    "Access-Control-Allow-Origin": "*",
                    "Access-Control-Allow-Methods": "POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                },
            )
            return
        self.requests.append(route.request.post_data_json)
        if self.mode == "abort":
            route.abort("connectionrefused")
        elif self.mode == "error":
            route.fulfill(status=500, headers={"Access-Control-Allow-Origin": "*"}, body="Internal Server Error")
        elif self.mode == "druk":  # the channel's rate limit (assistant/addons/channel.py): 429, Retry-After
            route.fulfill(
                status=429,
                content_type="application/json",
                headers={"Access-Control-Allow-Origin": "*", "Retry-After": "42",
                         "Access-Control-Expose-Headers": "Retry-After"},
                body=json.dumps([{"recipient_id": route.request.post_data_json["sender"], "text": DRUK}]),
            )
        elif self.mode == "hold":
            self.held.append(route)
        else:
            self.fulfill(route)

    def release(self) -> None:
        while self.held:
            self.fulfill(self.held.pop(0))

    @property
    def messages(self) -> list[str]:
        return [r["message"] for r in self.requests]


@pytest.fixture
def rasa() -> RasaStub:
    return RasaStub(
        replies={
            "Wat is de no-risk polis?": [NO_RISK],
            "/ask_how_to_apply": [HOW_TO],
            "/request_human": [
                {
                    "text": "Wilt u dat uw accountmanager contact met u opneemt?",
                    "buttons": [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}],
                }
            ],
            "laat html zien": [EVIL],
            "zeg niets": [],
        }
    )


@pytest.fixture
def site(static_site, make_page, rasa: RasaStub, chat):
    """A page of the demo site with the REST endpoint answered by `rasa`, plus a ChatDriver."""

    def open_page(path: str = "/", **page_kwargs: Any) -> tuple[Page, Any]:
        page = make_page(**page_kwargs)
        page.route(WEBHOOK, rasa.handle)
        page.goto(static_site.web_url + path)
        expect(page.get_by_role("button", name="Stel uw vraag")).to_be_visible()
        return page, chat(page)

    return open_page


def widget_state(page: Page) -> dict[str, Any]:
    return page.evaluate(
        "() => ({sender: localStorage.getItem('wspchat.sender'),"
        " history: JSON.parse(localStorage.getItem('wspchat.history') || 'null')})"
    )


# ---------------------------------------------------------------- server


def test_serve_py_sends_security_headers_and_the_configured_rasa_url(static_site):
    with urllib.request.urlopen(static_site.web_url + "/") as resp:
        html = resp.read().decode("utf-8")
        headers = resp.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert re.search(r"connect-src 'self' " + re.escape(static_site.rasa_url) + r"(;|$)", csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    # One configuration object, one script tag; rasaUrl rewritten from WSP_RASA_URL.
    assert html.count("window.WSPChatConfig") == 1
    assert html.count('src="/widget/wsp-chat.js"') == 1
    assert f'rasaUrl: "{static_site.rasa_url}"' in html


@pytest.mark.parametrize("path", ["/node_modules/axe-core/axe.min.js", "/serve.py", "/package.json", "/widget/"])
def test_serve_py_does_not_serve_tooling_or_directory_listings(static_site, path):
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(static_site.web_url + path)
    assert exc.value.code == 404


@pytest.mark.parametrize("path", ["/", "/regelingen.html", "/contact.html", "/privacy.html"])
def test_every_page_loads_the_widget_without_errors_or_csp_violations(site, path):
    page, chat = site(path)
    chat.open()
    assert page.problems.console_errors == []
    assert page.problems.page_errors == []
    # The widget's stylesheet comes from the widget folder, not inline styles.
    assert page.locator('link[href$="/widget/wsp-chat.css"]').count() == 1


# ---------------------------------------------------------------- open / close / privacy


def test_launcher_opens_panel_escape_closes_and_focus_returns(site):
    page, chat = site()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
    chat.open()
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    # Before the privacy notice is acknowledged, focus is on its button and there is no input.
    expect(page.get_by_role("button", name="Begrepen, start het gesprek")).to_be_focused()
    expect(chat.panel).to_contain_text("BSN")
    expect(chat.panel).to_contain_text("30 dagen")
    expect(chat.input).to_be_hidden()
    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
    # The close button does the same.
    chat.open()
    page.get_by_role("button", name="Chat sluiten").click()
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()


def test_privacy_acknowledgement_is_required_once_and_remembered(site, rasa):
    page, chat = site()
    chat.open()
    expect(page.get_by_role("link", name="Lees de privacyverklaring")).to_have_attribute("href", "/privacy.html")
    chat.acknowledge_privacy()
    expect(page.locator(".wsp-chat-hint")).to_contain_text("Typ geen BSN")
    assert rasa.requests == []  # acknowledging sends nothing to the server
    page.reload()
    expect(chat.panel).to_be_visible()  # it was open: reopened after the reload
    expect(chat.input).to_be_visible()
    expect(page.get_by_role("button", name="Begrepen, start het gesprek")).to_be_hidden()
    page.get_by_role("button", name="Chat sluiten").click()
    chat.open()
    expect(chat.input).to_be_focused()


# ---------------------------------------------------------------- messages


def test_question_shows_typing_then_answer_with_bron_line_links_and_buttons(site, rasa):
    page, chat = site()
    chat.open_and_start()
    rasa.mode = "hold"
    chat.input.fill("Wat is de no-risk polis?")
    chat.input.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De assistent typt")
    expect(chat.input).to_have_value("")
    expect(chat.user_messages().last).to_contain_text("Wat is de no-risk polis?")
    rasa.mode = "ok"
    rasa.release()
    chat.wait_idle()
    expect(page.locator(".wsp-chat-typing-inner")).to_be_hidden()

    answer = chat.bot_messages().last
    bron = answer.locator(".wsp-chat-bron")
    expect(bron).to_have_text(BRON)
    expect(bron).to_have_css("font-size", "13px")
    link = answer.locator("a", has_text="www.uwv.nl/werkgevers/no-riskpolis")
    expect(link).to_have_attribute("href", "https://www.uwv.nl/werkgevers/no-riskpolis")  # trailing "." dropped
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(answer.get_by_role("button", name="Hoe vraag ik het aan?")).to_be_enabled()
    assert rasa.requests[0]["message"] == "Wat is de no-risk polis?"
    assert rasa.requests[0]["sender"] == widget_state(page)["sender"]
    assert set(rasa.requests[0]) == {"sender", "message"}


def test_button_sends_payload_shows_title_and_old_buttons_are_disabled(site, rasa):
    page, chat = site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    chat.click_choice("Hoe vraag ik het aan?")
    assert rasa.messages[-1] == "/ask_how_to_apply"
    expect(chat.user_messages().last).to_contain_text("Hoe vraag ik het aan?")
    expect(chat.log).not_to_contain_text("/ask_how_to_apply")
    first_answer = chat.bot_messages().nth(0)
    for name in ("Hoe vraag ik het aan?", "Wat geldt in mijn gemeente?"):
        expect(first_answer.get_by_role("button", name=name)).to_be_disabled()
    # Focus does not get lost on the now-disabled button.
    expect(chat.input).to_be_focused()
    # Bullet lines become a list.
    expect(chat.bot_messages().last.locator("li")).to_have_count(2)


def test_typing_a_new_message_disables_the_previous_buttons(site):
    page, chat = site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    chat.send("iets anders")
    expect(chat.bot_messages().nth(0).get_by_role("button", name="Hoe vraag ik het aan?")).to_be_disabled()


def test_bot_html_is_shown_as_text_and_only_http_links_become_anchors(site):
    page, chat = site()
    chat.open_and_start()
    chat.send("laat html zien")
    answer = chat.bot_messages().last
    expect(answer).to_contain_text('<img src=x onerror="alert(1)">')
    expect(answer).to_contain_text("<b>vet</b>")
    expect(answer).to_contain_text("[klik hier](javascript:alert(1))")
    assert answer.locator("img, b, script").count() == 0
    hrefs = answer.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://www.uwv.nl/werkgevers", "https://www.rijksoverheid.nl/onderwerpen"]
    expect(answer.locator("a", has_text=re.compile("^UWV"))).to_have_attribute("href", "https://www.uwv.nl/werkgevers")
    assert page.problems.dialogs == []


def test_typed_html_appears_as_text(site, rasa):
    page, chat = site()
    chat.open_and_start()
    chat.send("<script>alert(1)</script><img src=x onerror=alert(2)>")
    msg = chat.user_messages().last
    expect(msg.locator(".wsp-chat-bubble")).to_have_text("<script>alert(1)</script><img src=x onerror=alert(2)>")
    assert msg.locator("script, img").count() == 0
    assert rasa.messages[-1] == "<script>alert(1)</script><img src=x onerror=alert(2)>"
    page.wait_for_timeout(300)
    assert page.problems.dialogs == []


def test_empty_reply_shows_a_dutch_notice(site):
    page, chat = site()
    chat.open_and_start()
    chat.send("zeg niets")
    expect(page.locator(".wsp-chat-msg--notice")).to_contain_text("Spreek een medewerker")


def test_message_longer_than_2000_characters_is_not_sent(site, rasa):
    page, chat = site()
    chat.open_and_start()
    chat.input.fill("a" * 2001)
    expect(page.locator(".wsp-chat-counter")).to_have_text("2001 / 2000 tekens")
    expect(page.locator(".wsp-chat-lengthmsg")).to_contain_text("Uw bericht is te lang")
    expect(chat.input).to_have_attribute("aria-invalid", "true")
    chat.input.press("Enter")
    page.wait_for_timeout(200)
    assert rasa.requests == []
    expect(chat.input).to_have_value("a" * 2001)
    chat.input.fill("a" * 2000)
    expect(page.locator(".wsp-chat-lengthmsg")).to_be_hidden()
    chat.input.press("Enter")
    chat.wait_idle()
    assert rasa.messages == ["a" * 2000]


def test_shift_enter_makes_a_new_line_and_empty_input_sends_nothing(site, rasa):
    page, chat = site()
    chat.open_and_start()
    chat.input.press("Enter")
    chat.input.type("regel een")
    chat.input.press("Shift+Enter")
    chat.input.type("regel twee")
    expect(chat.input).to_have_value("regel een\nregel twee")
    assert rasa.requests == []
    chat.input.press("Enter")
    chat.wait_idle()
    assert rasa.messages == ["regel een\nregel twee"]


# ---------------------------------------------------------------- feedback / medewerker


def test_feedback_is_sent_silently_and_thanked(site, rasa):
    page, chat = site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    users_before = chat.user_messages().count()
    bots_before = chat.bot_messages().count()
    chat.bot_messages().last.get_by_role("button", name="Dit antwoord was nuttig").click()
    expect(chat.bot_messages().last).to_contain_text("Bedankt voor uw reactie.")
    assert rasa.messages[-1] == '/feedback{"waardering":"positief"}'
    assert chat.user_messages().count() == users_before
    assert chat.bot_messages().count() == bots_before
    expect(chat.log).not_to_contain_text("mag niet getoond worden")
    expect(chat.log).not_to_contain_text("/feedback")
    # Negative feedback on the next answer: sent silently too, then "Wat zocht u?" (see
    # test_widget_gedrag.py for what follows).
    chat.click_choice("Hoe vraag ik het aan?")
    chat.bot_messages().last.get_by_role("button", name="Dit antwoord was niet nuttig").click()
    expect(chat.bot_messages().last.get_by_label("Wat zocht u?")).to_be_visible()
    assert rasa.messages[-1] == '/feedback{"waardering":"negatief"}'
    assert chat.user_messages().count() == users_before + 1


def test_answers_without_a_source_get_no_feedback_buttons(site):
    page, chat = site()
    chat.open_and_start()
    chat.send("iets anders")
    expect(chat.bot_messages().last.get_by_role("button", name="Dit antwoord was nuttig")).to_have_count(0)


def test_spreek_een_medewerker_sends_request_human(site, rasa):
    page, chat = site()
    chat.open_and_start()
    before = chat.bot_messages().count()
    page.get_by_role("button", name="Spreek een medewerker").click()
    chat.wait_reply(before)
    assert rasa.messages == ["/request_human"]
    expect(chat.user_messages().last).to_have_text(re.compile("Spreek een medewerker"))
    expect(chat.bot_messages().last.get_by_role("button", name="Ja")).to_be_enabled()


# ---------------------------------------------------------------- storage


def test_history_survives_reload_and_navigation_and_nieuw_gesprek_clears_it(site, rasa):
    page, chat = site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    chat.click_choice("Hoe vraag ik het aan?")
    sender = widget_state(page)["sender"]
    assert re.fullmatch(r"[0-9a-f-]{36}", sender)
    transcript = chat.transcript()

    page.reload()
    # The panel was open: it stays open after a reload or navigation, without stealing focus.
    expect(chat.panel).to_be_visible()
    assert chat.transcript() == transcript
    assert widget_state(page)["sender"] == sender
    expect(chat.bot_messages().nth(0).get_by_role("button", name="Hoe vraag ik het aan?")).to_be_disabled()

    page.get_by_role("navigation").get_by_role("link", name="Regelingen").click()
    expect(page).to_have_url(re.compile(r"/regelingen\.html$"))
    expect(chat.panel).to_be_visible()
    expect(chat.log).to_contain_text("Hoe vraag ik het aan?")
    chat.send("nog een vraag")
    assert rasa.requests[-1]["sender"] == sender

    page.get_by_role("button", name="Nieuw gesprek").click()
    page.get_by_role("button", name="Ja, wis het gesprek").click()
    expect(chat.user_messages()).to_have_count(0)
    expect(chat.log).to_contain_text("Goedendag")
    new_sender = widget_state(page)["sender"]
    assert new_sender != sender
    chat.send("Wat is de no-risk polis?")
    assert rasa.requests[-1]["sender"] == new_sender
    page.reload()
    expect(chat.user_messages()).to_have_count(1)


def test_closed_panel_stays_closed_on_navigation(site):
    page, chat = site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    page.keyboard.press("Escape")
    page.goto(page.url.rsplit("/", 1)[0] + "/contact.html")
    expect(chat.launcher).to_be_visible()
    expect(chat.panel).to_be_hidden()
    chat.open()
    expect(chat.log).to_contain_text("Wat is de no-risk polis?")


def test_history_older_than_24_hours_is_forgotten(site):
    page, chat = site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    old_sender = widget_state(page)["sender"]
    page.evaluate(
        """() => {
            const h = JSON.parse(localStorage.getItem('wspchat.history'));
            h.updated = Date.now() - 25 * 3600 * 1000;
            localStorage.setItem('wspchat.history', JSON.stringify(h));
        }"""
    )
    page.reload()
    chat.open()
    expect(chat.user_messages()).to_have_count(0)
    assert widget_state(page)["sender"] != old_sender


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("abort", "Er is geen verbinding met de assistent"), ("error", "Er ging iets mis bij de assistent"),
     ("druk", DRUK)],
)
def test_server_error_shows_dutch_message_and_retry_sends_the_same_message_once(site, rasa, mode, expected):
    page, chat = site()
    chat.open_and_start()
    rasa.mode = mode
    chat.send("Wat is de no-risk polis?")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(expected)
    expect(alert).to_contain_text("026 000 00 00")
    failed = chat.user_messages().last
    expect(failed).to_contain_text("Wat is de no-risk polis?")
    expect(failed).to_contain_text("Niet verzonden")

    # Still failing: still one user message, still the error.
    before = len(rasa.requests)
    page.get_by_role("button", name="Opnieuw proberen").click()
    chat.wait_idle()
    assert len(rasa.requests) == before + 1
    expect(alert).to_contain_text(expected)

    # The failed message survives a reload and can be retried from there.
    page.reload()
    expect(page.get_by_role("button", name="Opnieuw proberen")).to_be_visible()

    rasa.mode = "ok"
    before_bots = chat.bot_messages().count()
    page.get_by_role("button", name="Opnieuw proberen").click()
    chat.wait_reply(before_bots)
    expect(page.locator(".wsp-chat-error-inner")).to_be_hidden()
    expect(chat.user_messages()).to_have_count(1)
    expect(chat.user_messages().last).not_to_contain_text("Niet verzonden")
    expect(chat.bot_messages().last.locator(".wsp-chat-bron")).to_be_visible()
    assert rasa.messages[-1] == "Wat is de no-risk polis?"
    assert len({r["sender"] for r in rasa.requests}) == 1


def test_typing_while_waiting_keeps_the_text(site, rasa):
    page, chat = site()
    chat.open_and_start()
    rasa.mode = "hold"
    chat.input.fill("eerste vraag")
    chat.input.press("Enter")
    chat.input.fill("tweede vraag")
    chat.input.press("Enter")  # ignored until the answer is in
    expect(chat.input).to_have_value("tweede vraag")
    assert rasa.messages == ["eerste vraag"]
    rasa.mode = "ok"
    rasa.release()
    chat.wait_idle()
    chat.input.press("Enter")
    chat.wait_idle()
    assert rasa.messages == ["eerste vraag", "tweede vraag"]


# ---------------------------------------------------------------- keyboard / layout / a11y


def test_keyboard_only(site, rasa):
    page, chat = site()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.classList.contains('wsp-chat-launcher')"):
            break
    else:
        pytest.fail("de chatknop is niet met Tab te bereiken")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "geen zichtbare focusrand op de chatknop"
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Begrepen, start het gesprek")).to_be_focused()
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    page.keyboard.type("Wat is de no-risk polis?")
    page.keyboard.press("Enter")
    chat.wait_idle()
    expect(chat.bot_messages().last.locator(".wsp-chat-bron")).to_be_visible()
    # Tab from the input reaches the send button; Shift+Tab goes back through the log's buttons.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Versturen")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent.trim() === 'Hoe vraag ik het aan?'"):
            break
    else:
        pytest.fail("de keuzeknop is niet met het toetsenbord te bereiken")
    before = chat.bot_messages().count()
    page.keyboard.press("Enter")
    chat.wait_reply(before)
    assert rasa.messages[-1] == "/ask_how_to_apply"
    page.keyboard.press("Escape")
    expect(chat.launcher).to_be_focused()


def test_log_is_a_polite_live_region_and_controls_are_labelled(site):
    page, chat = site()
    chat.open_and_start()
    expect(chat.log).to_have_attribute("aria-live", "polite")
    for name in ("Versturen", "Chat sluiten", "Nieuw gesprek", "Spreek een medewerker"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    expect(chat.panel).to_have_attribute("aria-labelledby", re.compile(".+"))


@pytest.mark.parametrize("viewport", [(320, 640), (640, 400)], ids=["320px", "1280x800-at-200pct-zoom"])
def test_small_screens_and_zoom_get_a_full_screen_panel_without_horizontal_scrolling(site, viewport):
    page, chat = site(viewport=viewport, reduced_motion=True)
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    box = chat.panel.bounding_box()
    assert box == {"x": 0, "y": 0, "width": viewport[0], "height": viewport[1]}
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    assert page.evaluate(
        "(() => { const l = document.querySelector('.wsp-chat-log'); return l.scrollWidth <= l.clientWidth; })()"
    )
    for name in ("Chat sluiten", "Nieuw gesprek", "Spreek een medewerker", "Versturen"):
        b = page.get_by_role("button", name=name).bounding_box()
        assert b and b["x"] >= 0 and b["x"] + b["width"] <= viewport[0], name
    expect(chat.input).to_be_in_viewport()


def test_reduced_motion_turns_animations_off(site, rasa):
    page, chat = site(reduced_motion=True)
    chat.open_and_start()
    rasa.mode = "hold"
    chat.input.fill("Wat is de no-risk polis?")
    chat.input.press("Enter")
    dots = page.locator(".wsp-chat-dots span").first
    expect(dots).to_be_visible()
    assert dots.evaluate("el => getComputedStyle(el).animationName") == "none"
    assert chat.panel.evaluate("el => getComputedStyle(el).animationName") == "none"
    rasa.mode = "ok"
    rasa.release()
    chat.wait_idle()


@pytest.mark.parametrize("path", ["/", "/regelingen.html", "/contact.html", "/privacy.html"])
def test_axe_finds_no_serious_violations_with_the_chat_open(site, axe_scan, path):
    page, chat = site(path, bypass_csp=True)
    chat.open()
    assert axe_scan(page) == []  # privacy notice showing
    chat.acknowledge_privacy()
    chat.send("Wat is de no-risk polis?")
    chat.send("zeg niets")
    assert axe_scan(page) == []


def test_axe_at_320px_with_an_error_showing(site, axe_scan, rasa):
    page, chat = site(viewport=(320, 640), bypass_csp=True)
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    rasa.mode = "abort"
    chat.send("nog een vraag")
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_scan(page) == []


# ---------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.uwv.nl/werkgevers", "https://www.uwv.nl/werkgevers"),
        ("http://example.nl", "http://example.nl/"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//evil.example/x", None),
        ("/relatief", None),
        ("ftp://example.nl", None),
        ("https://", None),
    ],
)
def test_safe_http_url(site, raw, expected):
    page, _ = site()
    assert page.evaluate("(u) => WSPChat._internal.safeHttpUrl(u)", raw) == expected


@pytest.mark.parametrize(
    ("line", "tokens"),
    [
        ("geen link", [{"type": "text", "text": "geen link"}]),
        (
            "Zie https://uwv.nl/a.",
            [{"type": "text", "text": "Zie "}, {"type": "link", "text": "https://uwv.nl/a", "href": "https://uwv.nl/a"}, {"type": "text", "text": "."}],
        ),
        (
            "(zie https://nl.wikipedia.org/wiki/Wet_(recht))",
            [
                {"type": "text", "text": "(zie "},
                {"type": "link", "text": "https://nl.wikipedia.org/wiki/Wet_(recht)", "href": "https://nl.wikipedia.org/wiki/Wet_(recht)"},
                {"type": "text", "text": ")"},
            ],
        ),
        ("[UWV](https://www.uwv.nl)", [{"type": "link", "text": "UWV", "href": "https://www.uwv.nl/"}]),
        ("[klik](javascript:alert(1))", [{"type": "text", "text": "[klik](javascript:alert(1))"}]),
        ('https://x.nl/"onmouseover="alert(1)', [{"type": "link", "text": "https://x.nl/", "href": "https://x.nl/"}, {"type": "text", "text": '"onmouseover="alert(1)'}]),
    ],
)
def test_tokenize_line(site, line, tokens):
    page, _ = site()
    assert page.evaluate("(l) => WSPChat._internal.tokenizeLine(l)", line) == tokens


def test_parse_bot_text_finds_bron_lines_and_lists(site):
    page, _ = site()
    blocks = page.evaluate(
        "(t) => WSPChat._internal.parseBotText(t).map(b => b.kind)",
        "Eerste regel\ntweede regel\n\n- punt een\n- punt twee\nbron: UWV (gecontroleerd op 1 mei 2025)",
    )
    assert blocks == ["p", "ul", "bron"]
