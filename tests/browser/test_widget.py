"""End-to-end: the demo site with the chat widget against the REAL Rasa server and action server.

Uses the session fixture `stack` from tests/conftest.py, which yields an object with `.rasa_url`
(Rasa, started with --cors for the demo page's origin) and `.web_url` (web/serve.py serving the demo
site with WSP_RASA_URL=rasa_url). Nothing is stubbed here, except where a test cuts the connection
on purpose (page.route(...).abort()) to see what an employer sees when the server is unreachable.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.screenshots import screenshot_path

pytestmark = [pytest.mark.stack, pytest.mark.browser]

# A fresh Rasa server answers its first messages slowly (model loading, action server warm-up).
REPLY_TIMEOUT_MS = 90_000
MAX_FORM_TURNS = 20


@pytest.fixture
def open_site(stack, make_page, chat):
    """open_site(path="/", **page options) -> (page, ChatDriver) on the real stack."""

    def opener(path: str = "/", **page_kwargs):
        page = make_page(**page_kwargs)
        page.goto(stack.web_url.rstrip("/") + path)
        driver = chat(page, timeout_ms=REPLY_TIMEOUT_MS)
        expect(driver.launcher).to_be_visible()
        return page, driver

    return opener


def no_problems(page: Page) -> None:
    assert page.problems.page_errors == []
    assert page.problems.dialogs == []


def test_question_gets_an_answer_with_a_source_line(open_site):
    page, chat = open_site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    reply = chat.last_reply_text()
    assert re.search(r"no[- ]?risk", reply, re.I), reply
    bron = page.locator(".wsp-chat-bron").last
    expect(bron).to_be_visible()
    expect(bron).to_have_text(re.compile(r"^Bron:.*gecontroleerd op", re.S))
    chat.assert_no_raw_html()
    expect(page.get_by_role("alert")).to_be_hidden()

    # Feedback goes to Rasa silently: no user message, no bot text, a thank-you under the answer.
    users, bots = chat.user_messages().count(), chat.bot_messages().count()
    answer = page.locator(".wsp-chat-msg--bot").filter(has=page.locator(".wsp-chat-bron")).last
    answer.get_by_role("button", name="Dit antwoord was nuttig").click()
    expect(answer).to_contain_text("Bedankt voor uw reactie.", timeout=REPLY_TIMEOUT_MS)
    assert (chat.user_messages().count(), chat.bot_messages().count()) == (users, bots)
    expect(answer.locator(".wsp-chat-feedback-error")).to_have_count(0)
    no_problems(page)


def test_button_sends_its_payload_and_history_survives_reload_and_navigation(open_site):
    page, chat = open_site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    buttons = chat.last_reply_buttons()
    assert buttons.count() > 0, f"het antwoord bood geen knoppen:\n{chat.last_reply_text()}"
    wanted = buttons.filter(has_text=re.compile(r"hoe vraag ik", re.I))
    button = wanted.first if wanted.count() else buttons.first
    title = button.inner_text().strip()
    msg_id = button.evaluate("b => b.closest('.wsp-chat-msg').dataset.msgId")
    before = chat.bot_messages().count()
    button.click()
    chat.wait_reply(before)
    # The title is shown as the employer's message, never the payload; the used set is disabled.
    expect(chat.user_messages().last.locator(".wsp-chat-bubble")).to_have_text(title)
    assert "/ask_" not in chat.transcript() and "/inform" not in chat.transcript()
    used = page.locator(f'[data-msg-id="{msg_id}"] .wsp-chat-choice')
    assert used.count() > 0
    for i in range(used.count()):
        expect(used.nth(i)).to_be_disabled()
    assert chat.bot_messages().count() > before
    expect(page.get_by_role("alert")).to_be_hidden()
    chat.assert_no_raw_html()

    transcript = chat.transcript()
    sender = page.evaluate("localStorage.getItem('wspchat.sender')")
    page.reload()
    chat.open()
    assert chat.transcript() == transcript
    assert page.evaluate("localStorage.getItem('wspchat.sender')") == sender

    page.get_by_role("navigation").get_by_role("link", name="Contact").click()
    chat.open()
    assert chat.transcript() == transcript
    # The conversation goes on with the same sender id on the next page.
    chat.send("Wat is jobcoaching?")
    assert chat.bot_messages().count() > 0
    chat.assert_no_raw_html()
    no_problems(page)


def test_mijn_vraag_staat_er_niet_bij_shows_more_questions_and_one_of_them_is_answered(open_site):
    from wsp.regels.antwoorden import KEUZE_TEKST, KNOP_MEER, MEER_TEKST

    page, chat = open_site()
    chat.open_and_start()
    chat.send("wat kost het")  # three entries fit about equally, and more (tests/unit/actions)
    assert KEUZE_TEKST in chat.last_reply_text()
    eerst = [t.strip() for t in chat.last_reply_buttons().all_inner_texts()]
    meer = chat.last_reply_buttons().filter(has_text=KNOP_MEER["title"])
    expect(meer).to_have_count(1)
    before = chat.bot_messages().count()
    meer.click()
    chat.wait_reply(before)
    expect(chat.user_messages().last.locator(".wsp-chat-bubble")).to_have_text(KNOP_MEER["title"])
    assert MEER_TEKST in chat.last_reply_text()
    vragen = chat.last_reply_buttons().filter(has_not_text="Spreek een medewerker")
    assert vragen.count() >= 1
    titel = vragen.first.inner_text().strip()
    assert titel not in eerst
    before = chat.bot_messages().count()
    vragen.first.click()
    chat.wait_reply(before)
    expect(chat.user_messages().last.locator(".wsp-chat-bubble")).to_have_text(titel)
    expect(page.locator(".wsp-chat-bron")).to_have_count(1)  # the entry's answer, with its source line
    expect(page.locator(".wsp-chat-bron").last).to_have_text(re.compile(r"^Bron: \S"))
    assert "/meer_vragen" not in chat.transcript() and "/kies_vraag" not in chat.transcript()
    chat.assert_no_raw_html()
    no_problems(page)


def test_keyboard_only(open_site):
    page, chat = open_site()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('wsp-chat-launcher')"):
            break
    else:
        pytest.fail("de chatknop is niet met Tab te bereiken")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Begrepen, start het gesprek")).to_be_focused()
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    before = chat.bot_messages().count()
    page.keyboard.type("Wat is loonkostensubsidie?")
    page.keyboard.press("Enter")
    chat.wait_reply(before)
    assert chat.bot_messages().count() > before
    expect(page.get_by_role("alert")).to_be_hidden()
    expect(chat.input).to_be_focused()
    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    no_problems(page)


# --------------------------------------------------------------------------- handover


def last_question(text: str) -> str:
    """The part of the bot's reply that asks something: the last sentence with a '?', else all."""
    sentences = re.split(r"(?<=[.?!])\s+|\n+", text)
    questions = [s for s in sentences if "?" in s]
    return (questions[-1] if questions else text).lower()


# Questions about the employer's details are answered by typing, even when the bot offers
# buttons such as "Overslaan" or "Geen e-mail"; choice questions (municipality, consent,
# preference) are answered with a button when there are any.
DETAILS = [
    (("kvk", "kamer van koophandel"), "12345678"),
    (("e-mail", "email", "mailadres"), "jan.devries@example.nl"),
    (("telefoon", "nummer"), "0612345678"),
    (("organisatie", "bedrijf"), "Bakkerij De Korenaar"),
    (("naam",), "Jan de Vries"),
    (("uw vraag", "waar gaat", "waarover", "onderwerp"), "Ik wil iemand uit het doelgroepregister aannemen."),
]
CHOICES = [
    (("gemeente", "plaats", "gevestigd"), "Arnhem"),
    (("voorkeur", "wanneer", "hoe wilt u", "liever"), "Bel mij graag in de ochtend"),
]


def next_step(prompt: str, buttons: list[str]) -> tuple[str, str]:
    """("click", title) or ("type", text): what an employer does for the bot's last question."""
    q = last_question(prompt)
    for words, answer in CHOICES:
        if any(w in q for w in words):
            if buttons:
                wanted = [b for b in buttons if b.lower().startswith(answer.lower()[:5])]
                return "click", (wanted or buttons)[0]
            return "type", answer
    for words, answer in DETAILS:
        if any(w in q for w in words):
            return "type", answer
    if buttons:
        yes = [b for b in buttons if re.match(r"^\s*ja\b", b, re.I)]
        return "click", (yes or buttons)[0]
    return "type", "Ja"


def is_confirmation(reply: list[dict], answers_given: int) -> bool:
    """The handover is confirmed: after the employer gave some details, a message of the reply says
    that someone will get in touch ("contact"), without asking anything or offering buttons."""
    if answers_given < 2:
        return False
    return any("contact" in m["text"].lower() and "?" not in m["text"] and not m["buttons"] for m in reply)


def test_spreek_een_medewerker_completes_the_contact_form_in_the_chat(open_site):
    page, chat = open_site()
    chat.open_and_start()
    before = chat.bot_messages().count()
    page.get_by_role("button", name="Spreek een medewerker").click()
    chat.wait_reply(before)
    expect(chat.user_messages().last).to_contain_text("Spreek een medewerker")

    for answers_given in range(MAX_FORM_TURNS):
        expect(page.get_by_role("alert")).to_be_hidden()
        chat.assert_no_raw_html()
        reply = chat.last_reply()
        if is_confirmation(reply, answers_given):
            break
        text = "\n".join(m["text"] for m in reply)
        action, value = next_step(text, [b for m in reply for b in m["buttons"]])
        if action == "click":
            chat.click_choice(value)
        else:
            chat.send(value)
    else:
        pytest.fail(f"geen bevestiging na {MAX_FORM_TURNS} beurten:\n{chat.transcript()}")

    confirmation = next(m["text"] for m in chat.last_reply() if "contact" in m["text"].lower())
    # A named person gets in touch: a capitalised word that does not start a sentence (a name).
    assert re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", confirmation), (
        f"de bevestiging noemt geen accountmanager bij naam: {confirmation!r}"
    )
    chat.assert_no_raw_html()
    no_problems(page)


# --------------------------------------------------------------------------- failures


def test_unreachable_server_shows_a_dutch_error_and_retry_sends_the_message_once(open_site):
    page, chat = open_site()
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")  # the conversation works first

    page.route("**/webhooks/rest/webhook", lambda route: route.abort("connectionrefused"))
    question = "Wat is jobcoaching?"
    chat.send(question)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("geen verbinding")
    expect(page.get_by_role("button", name="Opnieuw proberen")).to_be_visible()
    expect(chat.user_messages().last).to_contain_text(question)
    expect(chat.user_messages().last).to_contain_text("Niet verzonden")

    page.unroute("**/webhooks/rest/webhook")
    before = chat.bot_messages().count()
    page.get_by_role("button", name="Opnieuw proberen").click()
    chat.wait_reply(before)
    expect(page.locator(".wsp-chat-error-inner")).to_be_hidden()
    assert chat.bot_messages().count() > before
    expect(chat.user_messages().filter(has_text=question)).to_have_count(1)
    expect(chat.user_messages().last).not_to_contain_text("Niet verzonden")
    chat.assert_no_raw_html()


def test_typed_html_is_shown_as_text(open_site):
    page, chat = open_site()
    chat.open_and_start()
    chat.send("<script>alert(1)</script>")
    expect(chat.user_messages().last.locator(".wsp-chat-bubble")).to_have_text("<script>alert(1)</script>")
    assert chat.log.locator("script").count() == 0
    expect(page.get_by_role("alert")).to_be_hidden()
    page.wait_for_timeout(300)
    no_problems(page)


# --------------------------------------------------------------------------- accessibility / layout


def test_axe_finds_no_serious_violations_with_the_chat_open(open_site, axe_scan):
    page, chat = open_site(bypass_csp=True)
    chat.open()
    assert axe_scan(page) == []
    chat.acknowledge_privacy()
    chat.send("Wat is de no-risk polis?")
    assert axe_scan(page) == []


@pytest.mark.parametrize(
    ("viewport", "name"),
    [((1280, 800), "widget-desktop.png"), ((320, 640), "widget-320.png")],
    ids=["desktop", "320px"],
)
def test_layout_and_screenshots(open_site, tmp_path, viewport, name):
    width, height = viewport
    page, chat = open_site(viewport=viewport, reduced_motion=True)
    chat.open_and_start()
    chat.send("Wat is de no-risk polis?")
    expect(page.locator(".wsp-chat-bron").last).to_be_visible()
    box = chat.panel.bounding_box()
    if width <= 480:
        assert box == {"x": 0, "y": 0, "width": width, "height": height}  # full screen
    else:
        assert box and box["x"] + box["width"] <= width and box["y"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(
        "(() => { const l = document.querySelector('.wsp-chat-log'); return l.scrollWidth <= l.clientWidth; })()"
    )
    expect(chat.input).to_be_in_viewport()
    # Show the end of the answer: the source line, the buttons and the feedback.
    chat.log.evaluate("log => { log.scrollTop = log.scrollHeight; }")
    page.screenshot(path=str(screenshot_path(name, tmp_path)))
