#!/usr/bin/env python3
"""Serve the WSP demo site (this folder) with security headers. Python standard library only.

    python web/serve.py                       # http://127.0.0.1:8080
    WSP_WEB_PORT=8081 WSP_RASA_URL=http://127.0.0.1:5005 python web/serve.py
    python web/serve.py --port 0              # any free port; the first line printed is the URL

Environment (command-line options win):
    WSP_WEB_HOST   interface to listen on (default 127.0.0.1)
    WSP_WEB_PORT   port (default 8080; 0 picks a free one)
    WSP_RASA_URL   Rasa server the widget talks to. When set, `rasaUrl: "..."` in the
                   `window.WSPChatConfig` object of every served HTML page is replaced by it.

Every response carries a Content-Security-Policy: scripts and styles only from this origin (plus
the sha256 hash of each inline script the page holds, i.e. the configuration object), and
connections only to this origin and the Rasa origin named in the page's configuration.
Nothing else is injected or changed.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.server
import json
import os
import posixpath
import re
import sys
import urllib.parse
from functools import partial
from pathlib import Path

WEB_ROOT = Path(__file__).resolve().parent
DEFAULT_RASA_URL = "http://localhost:5005"

# Paths never served: tooling and dependencies that live next to the site.
BLOCKED_PREFIXES = ("/node_modules", "/package.json", "/package-lock.json", "/serve.py", "/__pycache__")

RASA_URL_RE = re.compile(r"""(rasaUrl\s*:\s*)(["'])(.*?)\2""")
INLINE_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)


def origin_of(url: str) -> str | None:
    """Scheme://host[:port] of an http(s) URL, or None."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def validate_rasa_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if origin_of(url) is None or any(c in url for c in "\"'<>\\ \n\r\t"):
        raise ValueError(f"WSP_RASA_URL is geen geldig http(s)-adres: {url!r}")
    return url


def rewrite_rasa_url(html: str, rasa_url: str | None) -> str:
    """Replace the rasaUrl value of the configuration object (only when rasa_url is given)."""
    if not rasa_url:
        return html
    return RASA_URL_RE.sub(lambda m: m.group(1) + json.dumps(rasa_url), html)


def configured_rasa_url(html: str) -> str | None:
    m = RASA_URL_RE.search(html)
    return m.group(3) if m else None


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for m in INLINE_SCRIPT_RE.finditer(html):
        digest = hashlib.sha256(m.group(1).encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


def content_security_policy(connect_origins: list[str], script_hashes: list[str]) -> str:
    connect = " ".join(["'self'", *sorted(set(o for o in connect_origins if o))])
    script = " ".join(["'self'", *script_hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script}",
            "style-src 'self'",
            "img-src 'self' https:",
            f"connect-src {connect}",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class Handler(http.server.SimpleHTTPRequestHandler):
    server_version = "WSPWeb"

    def version_string(self) -> str:
        return self.server_version
    rasa_url: str | None = None  # from the environment / command line

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".svg": "image/svg+xml",
        ".json": "application/json",
    }

    def _blocked(self) -> bool:
        path = posixpath.normpath(urllib.parse.unquote(urllib.parse.urlsplit(self.path).path))
        if any(path == p or path.startswith(p + "/") for p in BLOCKED_PREFIXES):
            return True
        return any(part.startswith(".") for part in path.split("/") if part)

    def security_headers(self, csp: str) -> None:
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "strict-origin-when-cross-origin")
        self.send_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cache-Control", "no-cache")

    def default_csp(self) -> str:
        return content_security_policy([origin_of(self.rasa_url or DEFAULT_RASA_URL) or ""], [])

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self.serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self.serve(head=True)

    def serve(self, head: bool) -> None:
        if self._blocked():
            self.send_error(404, "Niet gevonden")
            return
        fs_path = Path(self.translate_path(self.path))
        if fs_path.is_dir():
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                self.send_response(301)
                parts = urllib.parse.urlsplit(self.path)
                self.send_header("Location", urllib.parse.urlunsplit(parts._replace(path=parts.path + "/")))
                self.send_header("Content-Length", "0")
                self.security_headers(self.default_csp())
                self.end_headers()
                return
            fs_path = fs_path / "index.html"
        try:
            fs_path.resolve().relative_to(WEB_ROOT)
        except ValueError:
            self.send_error(404, "Niet gevonden")
            return
        if not fs_path.is_file():
            self.send_error(404, "Niet gevonden")
            return
        ctype = self.guess_type(str(fs_path))
        body = fs_path.read_bytes()
        csp = self.default_csp()
        if fs_path.suffix == ".html":
            html = rewrite_rasa_url(body.decode("utf-8"), self.rasa_url)
            page_rasa = configured_rasa_url(html)
            connect = [origin_of(page_rasa) if page_rasa else None, origin_of(self.rasa_url or "")]
            csp = content_security_policy([c for c in connect if c], inline_script_hashes(html))
            body = html.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.security_headers(csp)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        title = "Pagina niet gevonden" if code == 404 else f"Fout {int(code)}"
        body = (
            '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><h1>{title}</h1>"
            '<p><a href="/">Naar de startpagina</a></p></body></html>'
        ).encode()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.security_headers(self.default_csp())
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if os.environ.get("WSP_WEB_QUIET"):
            return
        super().log_message(format, *args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the WSP demo site with the chat widget.")
    parser.add_argument("--host", default=os.environ.get("WSP_WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WSP_WEB_PORT", "8080")))
    parser.add_argument("--rasa-url", default=os.environ.get("WSP_RASA_URL") or None)
    args = parser.parse_args(argv)

    rasa_url = None
    if args.rasa_url:
        try:
            rasa_url = validate_rasa_url(args.rasa_url)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2

    handler = partial(type("ConfiguredHandler", (Handler,), {"rasa_url": rasa_url}), directory=str(WEB_ROOT))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    httpd = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    host, port = httpd.server_address[:2]
    shown_host = f"[{host}]" if ":" in str(host) else host
    print(f"WSP web: serving http://{shown_host}:{port}/ (Rasa: {rasa_url or 'zoals in de pagina'})", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
