"""Study tools in a real browser (Debian Chromium via Playwright), on the online build served on 127.0.0.1 and on the
unzipped offline copy over file://, with every request recorded (none may leave the machine): paragraph links and
"report a problem with this paragraph", progress (reload, export, import, forget), flashcards by keyboard."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from support.browser import Recorder

pytestmark = pytest.mark.browser
LOCAL = ("file://", "data:", "blob:", "about:", "http://127.0.0.1:")


class Reader(Recorder):
    """A browser context on one edition of the site: `url(path)` of a page ('history/alliances/'), every request and
    console error kept for the assertions."""

    def __init__(self, browser, base: str, offline: bool, **options) -> None:
        super().__init__(browser, **options)
        self.base, self.offline = base, offline

    def url(self, path: str = "") -> str:
        if self.offline:
            path = path + "index.html" if path.endswith("/") or not path else path
        return self.base + path

    def close(self) -> None:
        self.context.close()
        leaving = [url for url in self.requests if not url.startswith(LOCAL)]
        assert self.requests and not leaving, f"requests that leave the machine: {leaving}"
        assert not self.errors, self.errors


@pytest.fixture(params=["online", "offline"])
def reader(request, browser):
    if request.param == "online":
        base = request.getfixturevalue("served")
    else:
        base = Path(request.getfixturevalue("offline_copy")).resolve().as_uri() + "/"
    opened = Reader(browser, base, request.param == "offline", color_scheme="light")
    yield opened
    opened.close()


def test_a_paragraph_link_shows_on_focus_and_reports_the_paragraph(reader):
    page = reader.page
    page.goto(reader.url("history/alliances/"))
    paragraph = page.locator("article p[id^='p-']").first
    ident = paragraph.get_attribute("id")
    link = paragraph.locator("a.reader-para-link")
    assert link.get_attribute("aria-label") == "Link to this paragraph"
    assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
    link.focus()
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash === '#{ident}'")
    report = page.locator(f"#{ident} + p.reader-para-report a")
    report.wait_for()
    query = parse_qs(urlsplit(report.get_attribute("href")).query)
    assert query["template"] == ["content-correction.yml"]
    assert query["page"][0].endswith(f"/history/alliances/#{ident}")
    body = query["problem"][0]
    assert body.startswith("Paragraph:\n> Military alliances have undergone significant evolution")
    assert "¶" not in body
    assert page.locator("a.reader-report").get_attribute("href") == report.get_attribute("href")


def chapter_end(page):
    """Scroll to the end of the chapter, where its controls are made when the reader nears them (chapter-end.js);
    the box of them, once there."""
    page.locator("#related-material").scroll_into_view_if_needed()
    box = page.locator(".reader-mark-read")
    box.wait_for(timeout=5000)
    return box


def storage(page) -> dict:
    """The reader's progress as stored (its one versioned key)."""
    keys = page.evaluate("Object.keys(localStorage)")
    ours = [k for k in keys if k.startswith("reader-progress:v1:")]
    assert len(ours) == 1, keys
    return json.loads(page.evaluate(f"localStorage.getItem({json.dumps(ours[0])})"))


def test_progress_survives_a_reload_and_round_trips_through_export_and_import(reader, tmp_path):
    page = reader.page
    page.goto(reader.url("history/alliances/"))  # 2.1: a section
    chapter_end(page).get_by_role("button", name="Mark this section as read").click()
    assert "nothing leaves your device" in page.locator(".reader-privacy").inner_text()
    assert page.locator(".reader-mark-read__state").inner_text() == "✓ You have read this section."
    question = page.locator(".self-check details").first
    question.locator("summary").click()
    question.get_by_role("button", name="Review later").click()
    asked = " ".join(question.locator("summary").inner_text().split()).split(". ", 1)[1]

    page.reload()
    assert chapter_end(page).get_by_role("button", name="Mark this section as not read").is_visible()
    later = page.locator(".self-check details").first.locator("button[data-status='review']")
    assert later.get_attribute("aria-pressed") == "true"  # inside the folded answer, still recorded
    sidebar = page.locator(".md-nav--primary a.md-nav__link", has=page.locator(".reader-read-mark"))
    assert sidebar.count() >= 1 and "(read)" in sidebar.first.inner_text()

    page.goto(reader.url())
    assert (
        "You have read 0 of 10 chapters and 1 of 6 sections." in page.locator(".reader-progress-summary").inner_text()
    )
    assert page.locator("table.course-map .reader-read-mark").count() == 1

    page.goto(reader.url("progress/"))
    assert "You have read 0 of 10 chapters and 1 of 6 sections." in page.locator(".reader-progress-count").inner_text()
    review = page.locator("[data-review-list] li")
    assert review.count() == 1 and asked in review.inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export my progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data == storage(page)
    assert data["version"] == 1 and list(data["chapters"]) == ["history/alliances/"]
    assert [q["status"] for q in data["questions"].values()] == ["review"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Forget my progress").click()
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('reader-progress:'))")
    assert "You have read 0 of 10 chapters and 0 of 6 sections." in page.locator(".reader-progress-count").inner_text()
    assert page.locator("[data-review-list] li").count() == 0

    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 99}', encoding="utf-8")
    page.locator("[data-progress-import]").set_input_files(str(bad))
    page.locator("[data-progress-status]", has_text="not a progress file").wait_for()
    page.locator("[data-progress-import]").set_input_files(str(exported))
    page.locator(
        "[data-progress-status]",
        has_text="Progress imported: 1 chapter read, 1 self-check answer (1 to review), 0 flashcards.",
    ).wait_for()
    page.reload()
    assert storage(page) == data
    assert "You have read 0 of 10 chapters and 1 of 6 sections." in page.locator(".reader-progress-count").inner_text()
    assert asked in page.locator("[data-review-list] li").inner_text()


HOSTILE_PAGES = [
    "javascript:alert(document.domain)//",
    "data:text/html,<script>alert(1)</script>/",
    "//evil.example/",
    "https://evil.example/",
    "\\\\evil.example\\",
    "../../../evil/",
]


def hostile_progress() -> dict:
    """A crafted progress file: one sound question to review, and one per hostile page path."""
    questions = {
        "history/alliances/#q-1": {"status": "review", "text": "Sound", "page": "history/alliances/", "title": "T"}
    }
    for n, page in enumerate(HOSTILE_PAGES):
        questions[f"{page}#q-{n + 2}"] = {"status": "review", "text": f"Hostile {n}", "page": page, "title": "T"}
    return {"version": 1, "chapters": {}, "questions": questions, "cards": {}}


def review_links(page) -> list[str]:
    return page.locator("[data-review-list] a").evaluate_all("links => links.map(a => a.href)")


def test_a_crafted_progress_file_plants_no_link_and_the_messages_say_what_was_stored(reader, tmp_path):
    page = reader.page
    page.goto(reader.url("progress/"))
    status = page.locator("[data-progress-status]")
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(hostile_progress()), encoding="utf-8")
    page.locator("[data-progress-import]").set_input_files(str(crafted))
    status.filter(has_text="nothing was changed").wait_for()
    assert 'questions › "javascript:alert(document.domain)//#q-2"' in status.inner_text()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('reader-progress:'))") == []
    assert review_links(page) == []

    # Stored before the import checked page paths (or by hand): the list shows the sound entry only
    key = page.evaluate("window.reader.progress.key")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(hostile_progress())])
    page.reload()
    links = review_links(page)
    assert len(links) == 1 and links[0].startswith(reader.url("history/alliances/").removesuffix("index.html"))
    assert page.locator("[data-review-list] li").inner_text() == "Sound (T)"

    # Over the size limit: refused from its size, before it is read; what was stored stays
    before = page.evaluate("k => localStorage.getItem(k)", key)
    big = tmp_path / "big.json"
    with big.open("wb") as out:
        out.truncate(52_000_000)
    page.locator("[data-progress-import]").set_input_files(str(big))
    status.filter(has_text="52.0 MB").wait_for()
    assert "at most 1 MB: it was not read, and nothing was changed." in status.inner_text()
    assert page.evaluate("k => localStorage.getItem(k)", key) == before

    # The browser refuses to store (storage full): said so, and what was stored stays
    sound = tmp_path / "sound.json"
    sound.write_text(json.dumps({"version": 1, "chapters": {"functions/": {"read": "2026-11-28"}}}), encoding="utf-8")
    page.evaluate(
        "() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }"
    )
    page.locator("[data-progress-import]").set_input_files(str(sound))
    status.filter(has_text="did not let the reader store the file").wait_for()
    assert "nothing was changed" in status.inner_text() and "imported" not in status.inner_text()
    assert page.evaluate("k => localStorage.getItem(k)", key) == before

    # Stored: the message reports what was read back
    page.reload()
    page.locator("[data-progress-import]").set_input_files(str(sound))
    status.filter(has_text="Progress imported").wait_for()
    assert status.inner_text() == (
        "Progress imported: 1 chapter read, 0 self-check answers (0 to review), 0 flashcards."
    )
    assert storage(page) == {
        "version": 1,
        "chapters": {"functions/": {"read": "2026-11-28"}},
        "questions": {},
        "cards": {},
    }


def test_reaching_the_end_of_a_chapter_marks_it_read(reader):
    page = reader.page
    page.goto(reader.url("tools/exercises/"))
    button = chapter_end(page).get_by_role("button", name="Mark this section as read")
    button.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    page.get_by_role("button", name="Mark this section as not read").wait_for()
    assert "reached the end" in page.locator(".reader-mark-read__status").inner_text()
    assert page.locator(".reader-mark-read__state").inner_text() == "✓ You have read this section."
    assert list(storage(page)["chapters"]) == ["tools/exercises/"]


def focused(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_flashcards_step_through_a_session_by_keyboard(reader):
    page = reader.page
    page.goto(reader.url("flashcards/"))
    status = page.locator(".reader-session__status")
    assert status.inner_text().startswith("Card 1 of 10. Term: ")
    for _ in range(40):  # Tab from the top of the page to the session's first button
        page.keyboard.press("Tab")
        if focused(page) == "Show the answer":
            break
    assert focused(page) == "Show the answer"
    first_term = page.locator(".reader-session__front").inner_text()
    assert page.locator(".reader-session__back").is_hidden()
    assert page.locator(".reader-session__buttons button:visible").all_inner_texts() == ["Show the answer"]
    page.keyboard.press("Enter")
    assert focused(page) == "I knew it" and status.inner_text().startswith("Answer: ")
    assert page.locator(".reader-session__back").is_visible()
    assert page.locator(".reader-session__buttons button:visible").all_inner_texts() == ["I knew it", "Not yet"]
    page.keyboard.press("Tab")
    assert focused(page) == "Not yet"
    page.keyboard.press("Enter")  # the first card: not known, so it comes back at the end of the session
    assert status.inner_text().startswith("Card 2 of 11. Term: ")
    for _ in range(9):  # cards 2 to 10: known
        assert focused(page) == "Show the answer"
        page.keyboard.press("Space")
        assert focused(page) == "I knew it"
        page.keyboard.press("Enter")
    assert status.inner_text() == f"Card 11 of 11. Term: {first_term}"  # the card not known, once more
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # not known again: it stays in box 1, due in the next session
    assert "Session over: you knew 9 of 11 answers." in status.inner_text()
    cards = storage(page)["cards"]
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    assert len(cards) == 10 and sorted(c["box"] for c in cards.values()) == [1] + [2] * 9
    assert [c["due"] for c in cards.values() if c["box"] == 1] == [today]
    assert all(c["due"] > today for c in cards.values() if c["box"] == 2)

    page.reload()  # the card not known is due again, with ten new ones
    assert page.locator(".reader-session__status").inner_text() == f"Card 1 of 11. Term: {first_term}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_controls_in_use_have_no_serious_accessibility_violation(browser, served, scheme):
    """axe (tests/browser/test_a11y.py audits every page as loaded) on the new controls after use: pressed buttons, an
    answer shown, a paragraph link followed."""
    from test_a11y import axe

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    try:
        page.goto(served + "history/alliances/")
        chapter_end(page).get_by_role("button", name="Mark this section as read").click()
        question = page.locator(".self-check details").first
        question.locator("summary").click()
        question.get_by_role("button", name="Got it").click()
        page.locator("a.reader-para-link").first.focus()
        page.keyboard.press("Enter")
        page.locator(".reader-para-report").wait_for()
        problems += axe(page, f"chapter in use [{scheme}]")
        page.locator(".reader-mark-read button").focus()  # marked read and focused
        page.wait_for_timeout(400)  # Material's buttons change colour on focus over 250 ms: check where they end
        problems += axe(page, f"chapter, focused button [{scheme}]")
        page.goto(served + "flashcards/")
        page.get_by_role("button", name="Show the answer").click()
        problems += axe(page, f"flashcards, answer shown [{scheme}]")
        page.goto(served + "progress/")
        page.locator("[data-progress-chapters] .reader-read-mark").wait_for()
        problems += axe(page, f"progress page [{scheme}]")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
