"""What the browser tests share besides the `browser` fixture: a context that records every request, console error
and Content-Security-Policy violation."""

from __future__ import annotations

CSP_WATCH = """document.addEventListener("securitypolicyviolation", (e) => window.__reportCsp(
  `${document.location.href}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} ${e.sample || ""}`));"""


def watch_csp(context, violations: list[str]) -> None:
    """Every Content-Security-Policy violation in the context's pages (frames included) is appended to
    `violations` (the reader's policy: hooks/course_reader/core/csp.py)."""
    context.expose_binding("__reportCsp", lambda source, text: violations.append(f"CSP: {text}"))
    context.add_init_script(CSP_WATCH)


class Recorder:
    """A browser context (of the `browser` fixture) whose every request, console error and Content-Security-Policy
    violation is kept for the assertions (the offline and study browser tests)."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.errors: list[str] = []
        watch_csp(self.context, self.errors)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))
        self.page.on(
            "console", lambda msg: self.errors.append(f"{self.page.url}: {msg.text}") if msg.type == "error" else None
        )

    def leaving(self, allowed: tuple[str, ...]) -> list[str]:
        return [url for url in self.requests if not url.startswith(allowed)]
