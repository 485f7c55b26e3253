"""The widget's behaviour in a long conversation, at desktop size and on a phone (375x812):

- scrolling over the header or the text box never moves the panel's contents out of view;
- after a reload or a page change the conversation opens at the newest message;
- "Nieuw gesprek" asks before it wipes the conversation;
- a thumbs down asks "Wat zocht u?" (typed text goes to the assistant; or "Spreek een medewerker");
- "Spreek een medewerker" appears once, also when a reply offers it as a button.

Same set-up as test_widget_static.py: web/serve.py on a free port, the Rasa REST endpoint answered by
Playwright route interception (the `rasa` stub from that module).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_widget_static import BRON, NO_RISK, WEBHOOK, RasaStub, widget_state

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param((1280, 800), id="desktop"), pytest.param((375, 812), id="375x812")]

LANG = {
    "text": "Loonkostensubsidie is geld voor u als werkgever.\n"
    + "\n".join(f"- Punt {i}: meer uitleg over deze regeling, zie https://www.uwv.nl/werkgevers/{i}" for i in range(24))
    + "\n"
    + BRON,
    "buttons": [
        {"title": "Hoe vraag ik het aan?", "payload": "/ask_how_to_apply"},
        {"title": "Spreek een medewerker", "payload": "/request_human"},
    ],
}
HUMAN = [
    {
        "text": "Wilt u dat uw accountmanager contact met u opneemt?",
        "buttons": [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}],
    }
]
ZOCHT = "Wat kost een jobcoach mij per maand?"


@pytest.fixture
def rasa() -> RasaStub:
    return RasaStub(
        replies={
            "Wat is de no-risk polis?": [NO_RISK],
            "lang antwoord": [LANG],
            "/request_human": HUMAN,
            ZOCHT: [{"text": "Een jobcoach kost u meestal niets: de gemeente of UWV betaalt.\n" + BRON}],
        }
    )


@pytest.fixture
def site(static_site, make_page, rasa: RasaStub, chat):
    def open_page(path: str = "/", **page_kwargs: Any):
        page = make_page(**page_kwargs)
        page.route(WEBHOOK, rasa.handle)
        page.goto(static_site.web_url + path)
        expect(page.get_by_role("button", name="Stel uw vraag")).to_be_visible()
        return page, chat(page)

    return open_page


def geometry(page: Page) -> dict[str, float]:
    return page.evaluate(
        """() => {
            const p = document.querySelector('.wsp-chat-panel');
            const l = document.querySelector('.wsp-chat-log');
            const msgs = l.querySelectorAll('.wsp-chat-msg');
            const last = msgs[msgs.length - 1].getBoundingClientRect();
            const lb = l.getBoundingClientRect();
            const hb = document.querySelector('.wsp-chat-header').getBoundingClientRect();
            const pb = p.getBoundingClientRect();
            return {
                panelScrollTop: p.scrollTop, panelOverflow: p.scrollHeight - p.clientHeight,
                logScrollTop: l.scrollTop, logRest: l.scrollHeight - l.clientHeight - l.scrollTop,
                logTop: lb.top, logBottom: lb.bottom, lastTop: last.top, lastBottom: last.bottom,
                headerTop: hb.top, panelTop: pb.top,
            };
        }"""
    )


def fixed(page: Page, locator):
    """The same message, also when newer messages arrive (``.last`` would move on)."""
    return page.locator(f'[data-msg-id="{locator.get_attribute("data-msg-id")}"]')


def long_conversation(chat) -> None:
    chat.open_and_start()
    for _ in range(3):
        chat.send("lang antwoord")
    chat.wait_idle()


def at_the_end(page: Page) -> None:
    page.wait_for_function(
        "() => { const l = document.querySelector('.wsp-chat-log');"
        " return l.scrollHeight - l.clientHeight - l.scrollTop <= 2; }",
        timeout=5_000,
    )
    g = geometry(page)
    assert g["lastBottom"] <= g["logBottom"] + 2 and g["lastBottom"] > g["logTop"], g


# ---------------------------------------------------------------- scrolling


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_scrolling_over_header_or_text_box_keeps_the_panel_in_place(site, viewport):
    page, chat = site(viewport=viewport, reduced_motion=True)
    long_conversation(chat)
    g = geometry(page)
    # The panel itself has nothing to scroll: only the conversation inside it does.
    assert g["panelOverflow"] <= 1, g
    assert g["logRest"] + g["logScrollTop"] > 1000, "het gesprek is niet lang genoeg voor deze test"

    for target in (page.locator(".wsp-chat-header"), chat.input):
        box = target.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for delta in (1500, -800, 3000):
            page.mouse.wheel(0, delta)
            page.wait_for_timeout(150)
        g = geometry(page)
        assert g["panelScrollTop"] == 0, g
        assert abs(g["headerTop"] - g["panelTop"]) <= 1, g
        expect(chat.panel.get_by_role("heading", name="Digitale assistent", exact=True)).to_be_in_viewport()
        expect(chat.input).to_be_in_viewport()
        # The conversation is still drawn in the log, not scrolled away into a blank panel.
        assert g["logScrollTop"] + 2 >= 0 and g["logRest"] >= -2, g

    # Scrolling over the conversation scrolls the conversation.
    before = geometry(page)["logScrollTop"]
    box = chat.log.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -600)
    page.wait_for_function(f"() => document.querySelector('.wsp-chat-log').scrollTop < {before}")
    assert geometry(page)["panelScrollTop"] == 0
    assert page.problems.page_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_conversation_opens_at_the_newest_message_after_reload_and_page_change(site, viewport):
    page, chat = site(viewport=viewport)
    long_conversation(chat)
    chat.send("Wat is de no-risk polis?")
    newest = chat.bot_messages().last
    expect(newest).to_contain_text("no-risk polis helpt u")

    page.reload()
    expect(chat.panel).to_be_visible()
    at_the_end(page)
    expect(chat.bot_messages().last).to_be_in_viewport()

    # (on a phone the open panel covers the site's menu: go there as a link elsewhere would)
    page.goto(page.url.rsplit("/", 1)[0] + "/regelingen.html")
    expect(chat.panel).to_be_visible()
    at_the_end(page)

    # Closed on one page, opened on the next: also at the newest message.
    page.get_by_role("button", name="Chat sluiten").click()
    page.goto(page.url.rsplit("/", 1)[0] + "/contact.html")
    chat.open()
    at_the_end(page)
    expect(chat.input).to_be_focused()


# ---------------------------------------------------------------- Nieuw gesprek


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_nieuw_gesprek_asks_before_wiping_the_conversation(site, rasa, viewport):
    page, chat = site(viewport=viewport)
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    sender = widget_state(page)["sender"]
    question = page.get_by_role("group", name="Wilt u een nieuw gesprek beginnen?")
    reset = page.get_by_role("button", name="Nieuw gesprek")

    # No: nothing is lost, focus goes back to the button.
    reset.click()
    expect(question).to_be_visible()
    expect(question).to_contain_text("Dit gesprek wordt dan gewist.")
    expect(reset).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("button", name="Nee, ga terug")).to_be_focused()
    expect(question).to_be_in_viewport()
    page.get_by_role("button", name="Nee, ga terug").click()
    expect(question).to_be_hidden()
    expect(reset).to_be_focused()
    expect(chat.user_messages()).to_have_count(1)
    assert widget_state(page)["sender"] == sender

    # Escape cancels the question and leaves the panel open.
    reset.click()
    expect(question).to_be_visible()
    page.keyboard.press("Escape")
    expect(question).to_be_hidden()
    expect(chat.panel).to_be_visible()
    expect(chat.user_messages()).to_have_count(1)

    # Yes: the conversation is wiped and a new one starts with a new id.
    reset.click()
    page.get_by_role("button", name="Ja, wis het gesprek").click()
    expect(question).to_be_hidden()
    expect(chat.user_messages()).to_have_count(0)
    expect(chat.log).to_contain_text("Goedendag")
    assert widget_state(page)["sender"] != sender
    expect(chat.input).to_be_focused()

    # An empty conversation has nothing to lose: no question.
    reset.click()
    expect(question).to_be_hidden()
    assert page.problems.dialogs == []  # never a browser confirm()


# ---------------------------------------------------------------- 👎 → Wat zocht u?


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_thumbs_down_asks_what_she_was_looking_for_and_sends_it_as_a_question(site, rasa, viewport):
    page, chat = site(viewport=viewport)
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    answer = fixed(page, chat.bot_messages().last)
    users = chat.user_messages().count()
    answer.get_by_role("button", name="Dit antwoord was niet nuttig").click()

    zocht = answer.get_by_label("Wat zocht u?")
    expect(zocht).to_be_focused()
    expect(zocht).to_be_in_viewport()
    assert rasa.messages[-1] == '/feedback{"waardering":"negatief"}'
    assert chat.user_messages().count() == users  # the thumbs down itself is silent
    expect(answer.get_by_role("button", name="Spreek een medewerker")).to_be_visible()
    # the button above the input steps aside meanwhile: never two of them
    expect(page.get_by_role("button", name="Spreek een medewerker")).to_have_count(1)

    # Nothing typed: nothing sent.
    zocht.press("Enter")
    page.wait_for_timeout(200)
    assert rasa.messages[-1] == '/feedback{"waardering":"negatief"}'

    before = chat.bot_messages().count()
    zocht.fill(ZOCHT)
    zocht.press("Enter")
    chat.wait_reply(before)
    assert rasa.messages[-1] == ZOCHT
    assert rasa.requests[-1]["sender"] == widget_state(page)["sender"]
    expect(chat.user_messages().last.locator(".wsp-chat-bubble")).to_have_text(ZOCHT)
    expect(chat.bot_messages().last).to_contain_text("Een jobcoach kost u meestal niets")
    expect(answer.get_by_label("Wat zocht u?")).to_have_count(0)
    expect(answer).to_contain_text("Bedankt voor uw reactie.")
    expect(page.get_by_role("button", name="Spreek een medewerker")).to_have_count(1)
    expect(page.locator(".wsp-chat-composer").get_by_role("button", name="Spreek een medewerker")).to_be_visible()
    assert page.problems.page_errors == [] and page.problems.console_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_thumbs_down_offers_a_person(site, rasa, viewport):
    page, chat = site(viewport=viewport)
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    answer = fixed(page, chat.bot_messages().last)
    answer.get_by_role("button", name="Dit antwoord was niet nuttig").click()
    expect(answer.get_by_label("Wat zocht u?")).to_be_focused()
    before = chat.bot_messages().count()
    answer.get_by_role("button", name="Spreek een medewerker").click()
    chat.wait_reply(before)
    assert rasa.messages[-2:] == ['/feedback{"waardering":"negatief"}', "/request_human"]
    expect(chat.user_messages().last.locator(".wsp-chat-bubble")).to_have_text("Spreek een medewerker")
    expect(chat.bot_messages().last.get_by_role("button", name="Ja")).to_be_enabled()
    expect(answer.get_by_label("Wat zocht u?")).to_have_count(0)


def test_an_open_wat_zocht_u_box_closes_when_she_asks_something_else(site, rasa):
    page, chat = site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    answer = fixed(page, chat.bot_messages().last)
    answer.get_by_role("button", name="Dit antwoord was niet nuttig").click()
    expect(answer.get_by_label("Wat zocht u?")).to_be_visible()
    chat.input.click()
    chat.send("lang antwoord")
    expect(answer.get_by_label("Wat zocht u?")).to_have_count(0)
    expect(answer).to_contain_text("Bedankt voor uw reactie.")
    page.reload()
    expect(page.get_by_label("Wat zocht u?")).to_have_count(0)


# ---------------------------------------------------------------- one "Spreek een medewerker"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_spreek_een_medewerker_appears_once(site, rasa, viewport):
    page, chat = site(viewport=viewport)
    chat.open_and_start()
    chat.send("lang antwoord")  # the reply offers "Spreek een medewerker" as a button as well
    human = page.get_by_role("button", name="Spreek een medewerker")
    expect(human).to_have_count(1)
    expect(human).to_be_visible()
    expect(chat.bot_messages().last.get_by_role("button", name="Hoe vraag ik het aan?")).to_be_enabled()

    # A conversation stored by an older version of the widget (with the duplicate) shows it once too.
    page.evaluate(
        """(reply) => {
            const h = JSON.parse(localStorage.getItem('wspchat.history'));
            h.messages.push({id: 'oud-1', role: 'bot', text: reply.text, ts: Date.now(), buttons: reply.buttons});
            localStorage.setItem('wspchat.history', JSON.stringify(h));
        }""",
        LANG,
    )
    page.reload()
    expect(chat.panel).to_be_visible()
    expect(human).to_have_count(1)
    # The remaining choice still sends its own payload.
    chat.click_choice("Hoe vraag ik het aan?")
    assert rasa.messages[-1] == "/ask_how_to_apply"
    expect(page.locator('[data-msg-id="oud-1"] .wsp-chat-choice--chosen')).to_have_text("Hoe vraag ik het aan?")
    human.click()
    chat.wait_idle()
    assert rasa.messages[-1] == "/request_human"
    stored = json.loads(page.evaluate("localStorage.getItem('wspchat.history')"))
    assert all(
        b["payload"] != "/request_human"
        for m in stored["messages"]
        if m["id"] != "oud-1"
        for b in m.get("buttons", [])
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_with_the_new_controls_showing(site, axe_scan, viewport):
    page, chat = site(viewport=viewport, bypass_csp=True)
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    chat.bot_messages().last.get_by_role("button", name="Dit antwoord was niet nuttig").click()
    expect(page.get_by_label("Wat zocht u?")).to_be_visible()
    page.get_by_role("button", name="Nieuw gesprek").click()
    expect(page.get_by_role("button", name="Nee, ga terug")).to_be_visible()
    assert axe_scan(page) == []
