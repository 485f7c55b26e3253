"""Fixtures for the browser tests of the chat widget (web/).

Browser: the system Chromium (Debian package `chromium`, /usr/bin/chromium, or $WSP_CHROMIUM), driven by
Playwright's sync API. Playwright never downloads a browser here.

- test_widget_static.py: the widget on its own, served by web/serve.py on a free port; the Rasa REST
  endpoint is answered by Playwright route interception with canned replies.
- test_widget.py: the real stack (Rasa server + action server) from the `stack` fixture in
  tests/conftest.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest

# Playwright is a dev dependency: missing, it is an error, never a silent skip of every browser test.
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from wsp.devstack import free_port

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "web"
AXE_JS = WEB / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The launcher's visible text (WSPChatConfig.launcherTekst default).
LAUNCHER_NAME = "Stel uw vraag"
PRIVACY_OK_NAME = "Begrepen, start het gesprek"
RAW_HTML_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?\s*>")


def chromium_path() -> str:
    path = os.environ.get("WSP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            f"Chromium niet gevonden ({path}). Installeer het Debian-pakket 'chromium' "
            "of zet WSP_CHROMIUM op het pad naar een Chromium-binary.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()


@dataclass
class PageProblems:
    """What went wrong in a page that a person would notice (or that signals a bug)."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def make_page(chromium: Browser) -> Iterator[Callable[..., Page]]:
    """Factory: make_page(viewport=(w, h), reduced_motion=False, bypass_csp=False) -> Page.

    Each page gets its own browser context (fresh localStorage). `page.problems` collects console
    errors, uncaught exceptions and JavaScript dialogs (any alert() is an injection).
    """
    contexts: list[BrowserContext] = []

    def factory(
        viewport: tuple[int, int] = (1280, 800),
        reduced_motion: bool = False,
        bypass_csp: bool = False,
        context: BrowserContext | None = None,
    ) -> Page:
        if context is None:
            context = chromium.new_context(
                viewport={"width": viewport[0], "height": viewport[1]},
                reduced_motion="reduce" if reduced_motion else "no-preference",
                bypass_csp=bypass_csp,
                locale="nl-NL",
                service_workers="block",
            )
            contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = PageProblems()
        page.on("console", lambda m: problems.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.page_errors.append(str(e)))

        def on_dialog(dialog) -> None:  # noqa: ANN001
            problems.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.problems = problems  # type: ignore[attr-defined]
        return page

    yield factory
    for ctx in contexts:
        ctx.close()


@dataclass
class StaticSite:
    web_url: str
    rasa_url: str


@pytest.fixture(scope="session")
def static_site() -> Iterator[StaticSite]:
    """web/ served by web/serve.py on a free port. rasa_url points at a port where nothing listens:
    tests answer the REST endpoint with page.route()."""
    rasa_url = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "WSP_RASA_URL": rasa_url, "WSP_WEB_QUIET": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(WEB / "serve.py"), "--host", "127.0.0.1", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = re.search(r"(http://[^/\s]+)/", line)
        if not m:
            err = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
            pytest.fail(f"web/serve.py startte niet: {line!r} {err}", pytrace=False)
        yield StaticSite(web_url=m.group(1), rasa_url=rasa_url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    """axe-core from web/package.json (devDependency), installed with `npm ci` when missing."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("npm niet gevonden: nodig om axe-core te installeren (cd web && npm ci)", pytrace=False)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB, check=True, timeout=300
        )
    assert AXE_JS.exists(), f"{AXE_JS} ontbreekt na npm ci"
    return AXE_JS


def run_axe(page: Page, axe_js: Path, context: str = "document") -> list[dict]:
    """Inject axe-core and return the WCAG 2.0/2.1 A+AA violations (the page needs bypass_csp=True)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        """async (ctx) => {
            const r = await axe.run(ctx === 'document' ? document : document.querySelector(ctx), {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        context,
    )
    return result


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.fixture
def axe_scan(axe_path: Path) -> Callable[..., list[dict]]:
    """axe_scan(page) -> serious/critical WCAG 2.1 A/AA violations (the page needs bypass_csp=True,
    since axe is injected as an inline script)."""

    def scan(page: Page, context: str = "document") -> list[dict]:
        return serious(run_axe(page, axe_path, context))

    return scan


class ChatDriver:
    """Drives the widget like a person does, through roles, labels and visible text."""

    def __init__(self, page: Page, timeout_ms: int = 15_000) -> None:
        self.page = page
        self.timeout_ms = timeout_ms

    # --- locators -------------------------------------------------------
    @property
    def launcher(self):
        return self.page.get_by_role("button", name=LAUNCHER_NAME)

    @property
    def panel(self):
        return self.page.get_by_role("dialog", name="Digitale assistent")

    @property
    def log(self):
        return self.page.get_by_role("log")

    @property
    def input(self):
        return self.page.get_by_label("Uw bericht")

    @property
    def error(self):
        return self.page.locator(".wsp-chat-error-inner")

    def bot_messages(self):
        return self.page.locator(".wsp-chat-msg--bot:not(.wsp-chat-msg--welcome), .wsp-chat-msg--notice")

    def user_messages(self):
        return self.page.locator(".wsp-chat-msg--user")

    # --- actions --------------------------------------------------------
    def open(self) -> None:
        """Open the panel (a panel that was open before a reload or navigation is open already)."""
        if self.launcher.get_attribute("aria-expanded") != "true":
            self.launcher.click()
        expect(self.panel).to_be_visible()

    def acknowledge_privacy(self) -> None:
        self.page.get_by_role("button", name=PRIVACY_OK_NAME).click()
        expect(self.input).to_be_focused()

    def open_and_start(self) -> None:
        self.open()
        self.acknowledge_privacy()

    def wait_idle(self, timeout_ms: int | None = None) -> None:
        self.page.wait_for_function(
            "() => window.WSPChat && window.WSPChat.widget && !window.WSPChat.widget.pending",
            timeout=timeout_ms or self.timeout_ms,
        )

    def send(self, text: str, timeout_ms: int | None = None) -> None:
        """Type text, press Enter, and wait until the answer (or an error) is there."""
        before = self.bot_messages().count()
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_reply(before, timeout_ms)

    def wait_reply(self, before: int, timeout_ms: int | None = None) -> None:
        self.page.wait_for_function(
            """(before) => {
                const w = window.WSPChat && window.WSPChat.widget;
                if (!w || w.pending) return false;
                const n = document.querySelectorAll(
                    '.wsp-chat-msg--bot:not(.wsp-chat-msg--welcome), .wsp-chat-msg--notice').length;
                const err = document.querySelector('.wsp-chat-error-inner');
                return n > before || (err && !err.hidden);
            }""",
            arg=before,
            timeout=timeout_ms or self.timeout_ms,
        )

    def click_choice(self, title: str | re.Pattern, timeout_ms: int | None = None) -> None:
        before = self.bot_messages().count()
        self.last_reply_buttons().filter(has_text=title).first.click()
        self.wait_reply(before, timeout_ms)

    # --- reading --------------------------------------------------------
    def last_reply(self) -> list[dict]:
        """The bot messages after the last user message: [{text, buttons: [enabled titles]}]."""
        return self.page.evaluate(
            """() => {
                const all = Array.from(document.querySelectorAll('.wsp-chat-log .wsp-chat-msg'));
                let i = all.length - 1;
                while (i >= 0 && !all[i].classList.contains('wsp-chat-msg--user')) i--;
                return all.slice(i + 1).map(n => ({
                    text: n.querySelector('.wsp-chat-bubble').innerText,
                    buttons: Array.from(n.querySelectorAll('.wsp-chat-choice:not(:disabled)'))
                        .map(b => b.innerText.trim()),
                }));
            }"""
        )

    def last_reply_text(self) -> str:
        return "\n".join(m["text"] for m in self.last_reply())

    def last_reply_buttons(self):
        return self.page.locator(".wsp-chat-msg--bot").last.locator(".wsp-chat-choice:not(:disabled)")

    def transcript(self) -> str:
        return self.log.inner_text()

    def assert_no_raw_html(self) -> None:
        text = self.transcript()
        m = RAW_HTML_RE.search(text)
        assert m is None, f"de chat toont ruwe HTML: {m.group(0)!r}\n--- gesprek ---\n{text}"


@pytest.fixture
def chat() -> type[ChatDriver]:
    return ChatDriver
