"""Accessibility beyond axe, in Debian's Chromium (issue 15): the glossary and link popups (WCAG 1.4.13), focus never
hidden under the sticky header (2.4.11), the phone layout by keyboard (2.1.1, 2.4.3), reflow at 320 px and 200 %
text (1.4.4, 1.4.10), search (4.1.2, 4.1.3), the palette button, Tab order of the page actions. Each on
the online build and on the offline copy over file://, light and dark where the colours matter."""

from __future__ import annotations

import re

import pytest

from course_reader.content.glossary import load_glossary
from support.helpers import soup
from support.project import ROOT

pytestmark = pytest.mark.browser
GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
TEXT_200 = {"standard": 32, "fixed": 26}  # the browser's text size at 200 % (Chromium's default is 16 and 13 px)

# The focused element's box, and whether the element at the centre of its first line box is it (or inside it)
FOCUS_STATE = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const r = a.getClientRects()[0] || a.getBoundingClientRect();
  const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {name: (a.getAttribute("aria-label") || a.textContent || a.tagName).trim().slice(0, 40),
          inViewport: r.width > 0 && r.height > 0 && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight,
          visible: !!hit && (a.contains(hit) || (hit.contains(a) && getComputedStyle(a).pointerEvents === "none")), rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
          hit: hit ? hit.tagName + "." + hit.className : null};
}"""


@pytest.fixture(params=["online", "offline"])
def where(request, served, offline_copy):
    """The URL of a page (site-relative, e.g. 'glossary/') on the online build or on the file:// copy."""
    if request.param == "online":
        return lambda rel="": served + rel
    return lambda rel="": (offline_copy / rel / "index.html").resolve().as_uri()


@pytest.fixture
def open_page(browser):
    """A page in a new context; large_text=True sets the browser's text size to 200 % (as a reader's setting does:
    rem sizes and Material's em media queries both follow it)."""
    contexts, errors = [], []

    def make(large_text: bool = False, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        if large_text:
            context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": TEXT_200})
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def popup_text(page) -> str:
    page.locator("#reader-popup").wait_for(state="visible", timeout=5000)
    return " ".join(page.locator("#reader-popup .reader-popup__text").inner_text().split())


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


# Popups (WCAG 1.4.13: dismissible, hoverable, persistent)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_term_popup_is_hoverable_dismissible_and_leaves_the_next_line_free(open_page, where, scheme):
    page = open_page(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page.goto(where("regions/us-china/"))
    link = page.locator("article a.glossary-term[data-term='mmca']").first
    link.scroll_into_view_if_needed()
    link.hover()
    assert popup_text(page) == GLOSSARY.terms["mmca"].short
    pop = page.locator("#reader-popup")
    box = pop.bounding_box()
    lines = link.evaluate(
        "a => Array.from(a.getClientRects(), r => ({x: r.x, y: r.y, width: r.width, height: r.height}))"
    )
    assert not any(overlaps(box, line) for line in lines), "the popup covers its own link"
    assert box["y"] + box["height"] <= lines[0]["y"], (
        "with room above, the popup must open above the line (the next lines stay free)"
    )
    # the pointer moves onto the popup: it stays
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 4, steps=8)
    page.wait_for_timeout(700)
    assert pop.is_visible(), "moving the pointer onto the popup closed it"
    # colours and size: distinct from the page in dark mode, text at least 14 px
    style = pop.evaluate("""p => ({bg: getComputedStyle(p).backgroundColor, page: getComputedStyle(document.body).backgroundColor,
                                   size: parseFloat(getComputedStyle(p.querySelector('.reader-popup__text')).fontSize),
                                   border: getComputedStyle(p).borderTopStyle})""")
    assert style["size"] >= 14 and style["border"] != "none"
    if scheme == "dark":  # light: a white card with a border and a shadow on the white page
        assert style["bg"] != style["page"], f"the popup's background equals the page's ({style['bg']})"
    # the pointer leaves: it closes
    page.mouse.move(5, 790, steps=4)
    pop.wait_for(state="hidden", timeout=2000)
    # Esc closes it without moving the pointer or focus, and it stays closed while the pointer rests on the link
    link.hover()
    pop.wait_for(state="visible", timeout=5000)
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden", timeout=1000)
    page.wait_for_timeout(500)
    assert not pop.is_visible()


def test_term_popup_on_focus_is_the_description_and_escape_keeps_focus(open_page, where):
    page = open_page()
    page.goto(where("regions/middle-east/"))
    link = page.locator("article a.glossary-term[data-term='gcc']").first
    link.focus()
    assert popup_text(page) == GLOSSARY.terms["gcc"].short
    described = link.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").text_content() == GLOSSARY.terms["gcc"].short
    page.keyboard.press("Escape")
    page.locator("#reader-popup").wait_for(state="hidden", timeout=1000)
    assert page.evaluate("document.activeElement.dataset.term") == "gcc"
    page.keyboard.press("Tab")  # focus moves on: the popup follows it or closes
    page.wait_for_timeout(200)
    shown = page.locator("#reader-popup").is_visible()
    assert not shown or page.evaluate("!!document.activeElement.closest('article')")


def test_link_preview_shows_the_target_title_and_first_paragraph(open_page, where, site):
    page = open_page()
    page.goto(where("regions/us-china/"))
    link = page.locator("article a[href*='tools/exercises/']").first
    link.focus()
    target = soup(site / "tools" / "exercises" / "index.html")
    heading = target.h1.get_text().replace("¶", "").strip()
    first = next(
        p for p in target.article.find_all("p") if set(p.attrs) <= {"id"} and not p.find_parent(class_="admonition")
    )
    page.locator("#reader-popup").wait_for(state="visible", timeout=5000)
    assert page.locator("#reader-popup .reader-popup__title").inner_text().strip() == " ".join(heading.split())
    shown = popup_text(page)
    assert shown.endswith(" …") and " ".join(first.get_text().split()).startswith(shown[:-2])
    page.evaluate("document.activeElement.blur()")
    page.locator("#reader-popup").wait_for(state="hidden", timeout=2000)


def test_glossary_terms_on_this_page_have_the_same_popups(open_page, where):
    page = open_page()
    page.goto(where("tools/exercises/"))
    links = page.locator("#related-material + p a[data-term], #related-material ~ p a[data-term]")
    assert links.count() >= 2
    for i in range(links.count()):
        link = links.nth(i)
        term = link.get_attribute("data-term")
        assert link.get_attribute("title") is None
        link.focus()
        page.wait_for_function(
            "t => (document.querySelector('#reader-popup .reader-popup__text') || {}).textContent === t",  # loading
            arg=GLOSSARY.terms[term].short,
            timeout=3000,
        )


def test_touch_first_tap_shows_the_definition_and_its_link_follows(open_page, where):
    page = open_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(where("tools/exercises/"))
    start = page.url
    link = page.locator("article a.glossary-term[data-term='rimpac']").first
    link.scroll_into_view_if_needed()
    link.tap()
    assert popup_text(page) == GLOSSARY.terms["rimpac"].short
    page.wait_for_timeout(300)
    assert page.url == start, "the first tap left the page"
    page.locator("#reader-popup a").tap()
    page.wait_for_url(re.compile(r".*/glossary/(index\.html)?#rimpac$"))


POPUP_LOADED = "!!document.querySelector('script[src$=\"assets/popup.js\"]')"


def test_popups_load_on_first_use_by_hover_or_focus(open_page, where):
    page = open_page()
    page.goto(where("tools/exercises/"))
    page.mouse.move(5, 300)  # over the page, not over a link
    page.wait_for_timeout(200)
    assert not page.evaluate(POPUP_LOADED), "a first visit downloads the popups' script only when a popup can open"
    page.locator("article a.glossary-term[data-term='rimpac']").first.hover()
    assert popup_text(page) == GLOSSARY.terms["rimpac"].short
    assert page.evaluate("getComputedStyle(document.getElementById('reader-popup')).position") == "absolute"
    page.goto(where("regions/middle-east/"))
    page.locator("article a.glossary-term[data-term='gcc']").first.focus()
    assert popup_text(page) == GLOSSARY.terms["gcc"].short


def test_a_tap_before_the_popups_arrive_is_held_then_answered(open_page, served):
    page = open_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    held = []
    page.route(
        "**/assets/popup.js", lambda route: held.append(route)
    )  # the script stays on its way until the test lets it through
    page.goto(served + "tools/exercises/")
    start = page.url
    link = page.locator("article a.glossary-term[data-term='rimpac']").first
    link.scroll_into_view_if_needed()
    link.tap()
    page.wait_for_timeout(300)
    assert len(held) == 1 and page.url == start, "the tap neither followed the link nor was lost"
    assert page.locator("#reader-popup").count() == 0
    held[0].continue_()
    assert popup_text(page) == GLOSSARY.terms["rimpac"].short
    page.wait_for_timeout(300)
    assert page.url == start


# Focus is never hidden (2.4.11), and nothing invisible takes focus on a phone (2.4.3, 2.4.7)


def tab_through(page, key: str, limit: int) -> list[dict]:
    """Press `key` up to `limit` times; the state of each focused element until focus leaves the page."""
    states = []
    for _ in range(limit):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        if not (state["inViewport"] and state["visible"]):  # let Material's transitions (search, drawer) finish
            page.wait_for_timeout(400)
            state = page.evaluate(FOCUS_STATE)
        states.append(state)
    return states


@pytest.mark.parametrize("path", ["regions/us-china/", "glossary/"])
def test_focus_is_never_under_the_header_tabbing_both_ways(open_page, where, path):
    page = open_page(viewport={"width": 1280, "height": 720})
    page.goto(where(path))
    forwards = tab_through(page, "Tab", 600)
    backwards = tab_through(page, "Shift+Tab", 600)
    assert len(forwards) > 30 and len(backwards) > 30
    hidden = [
        f"{s['name']!r} at {s['rect']} under {s['hit']}"
        for s in forwards + backwards
        if not (s["inViewport"] and s["visible"])
    ]
    assert not hidden, f"{len(hidden)} focused element(s) covered or off screen: {hidden[:8]}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_has_no_invisible_tab_stop_and_the_menu_opens_by_keyboard(open_page, where, scheme):
    page = open_page(viewport={"width": 375, "height": 740}, color_scheme=scheme)
    page.goto(where("regions/us-china/"))
    stops = tab_through(page, "Tab", 200)
    invisible = [f"{s['name']!r} ({s['hit']})" for s in stops if not (s["inViewport"] and s["visible"])]
    assert len(stops) > 10 and not invisible, f"invisible Tab stops at 375 px: {invisible[:8]}"
    page.keyboard.press("Shift+Tab")
    page.goto(where("regions/us-china/"))
    menu = page.get_by_role("button", name="Menu", exact=True)
    assert menu.get_attribute("aria-expanded") == "false"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu":
            break
    else:
        pytest.fail("Tab never reaches the menu button")
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null", timeout=2000)
    page.wait_for_timeout(400)  # the drawer slides in
    assert page.evaluate(FOCUS_STATE)["visible"], "focus went into the drawer but is not visible"
    link = page.locator("nav.md-nav--primary a", has_text="Joint Military Exercises").first
    link.focus()
    assert link.is_visible()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"


def test_phone_search_opens_by_keyboard(open_page, where):
    page = open_page(viewport={"width": 375, "height": 740})
    page.goto(where("regions/us-china/"))
    button = page.get_by_role("button", name="Search")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')", timeout=2000)
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-label') === 'Search'", timeout=2000)


# Reflow: at 320 px with text at 200 %, every table cell can be reached (1.4.4, 1.4.10)


@pytest.mark.parametrize("path", ["", "cases/", "instructors/timeline/"])
def test_tables_reachable_at_320px_and_200_percent_text(open_page, where, path):
    page = open_page(large_text=True, viewport={"width": 320, "height": 640})
    page.goto(where(path))
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "40px"  # Material's 125 % of 32 px
    tables = page.locator("article table")
    assert tables.count() >= 1
    problems = page.evaluate("""() => {
      const out = [];
      for (const table of document.querySelectorAll("article table")) {
        const region = table.closest(".reader-scroll, .md-typeset__scrollwrap");
        if (!region) { out.push("a table outside a scroll region"); continue; }
        const style = getComputedStyle(region);
        if (table.offsetWidth > region.clientWidth + 1) {
          if (!["auto", "scroll"].includes(style.overflowX)) out.push("a wide table whose region does not scroll");
          if (region.tabIndex !== 0 || !region.getAttribute("aria-label")) out.push("a scrolling region without a name or Tab stop");
        }
        for (const cell of table.querySelectorAll("th, td")) {
          if (cell.scrollWidth > cell.clientWidth + 1) out.push("clipped cell: " + cell.textContent.slice(0, 30));
          region.scrollLeft = cell.offsetLeft;
          const r = cell.getBoundingClientRect(), box = region.getBoundingClientRect();
          if (r.left < box.left - 1 || r.left >= box.right) out.push("unreachable cell: " + cell.textContent.slice(0, 30));
        }
        region.scrollLeft = 0;
      }
      if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push("the page scrolls sideways");
      return out;
    }""")
    assert not problems, problems[:8]
    # a region the table overflows scrolls with the arrow keys (on a phone the course map is cards: it fits)
    regions = page.locator(".reader-scroll[tabindex='0']").filter(has=page.locator("table"))
    wide = [r for r in regions.all() if r.evaluate("r => r.scrollWidth > r.clientWidth + 1")]
    if wide:
        region = wide[0]
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        assert region.evaluate("r => r.scrollLeft") > 0, "the focused table region does not scroll with the arrow keys"


def test_course_map_keeps_objectives_and_row_headers_on_a_phone(open_page, where):
    """On a phone the map is a card a chapter: the column headers are for screen readers, each cell carries its own."""
    page = open_page(viewport={"width": 375, "height": 740})
    page.goto(where(""))
    column = page.locator("table.course-map thead th").nth(3)
    assert "learn" in column.inner_text()
    assert (
        page.locator("table.course-map thead").evaluate("h => getComputedStyle(h).clip") == "rect(0px, 0px, 0px, 0px)"
    )
    objective = page.locator("table.course-map tbody tr").first.locator("td").nth(2)
    assert objective.is_visible() and objective.evaluate("td => getComputedStyle(td, '::before').content").startswith(
        '"You will learn to'
    )
    assert page.locator("table.course-map tbody th[scope=row]").count() >= 10


@pytest.mark.parametrize("width", [320, 375, 640, 1280])
def test_site_title_is_readable_at_200_percent_text(open_page, where, width):
    page = open_page(large_text=True, viewport={"width": width, "height": 800})
    page.goto(where(""))
    title = page.locator(".md-header__topic .md-ellipsis").first
    shown = title.evaluate(
        "t => ({client: t.clientWidth, scroll: t.scrollWidth, font: parseFloat(getComputedStyle(t).fontSize)})"
    )
    assert shown["client"] >= min(shown["scroll"], 8 * shown["font"]), (
        f"the site title shows {shown['client']} of {shown['scroll']} px"
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the screen (the header's buttons are cut off)"


# Search (4.1.2, 4.1.3), palette, page actions


def test_search_is_a_combobox_and_announces_its_count(open_page, where):
    page = open_page(viewport={"width": 1280, "height": 800})
    page.goto(where(""))
    box = page.locator("input.md-search__input")
    box.click()
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-controls")
    hint = page.locator("#" + box.get_attribute("aria-describedby"))
    assert "Down" in hint.text_content()  # how to reach the results
    box.press_sequentially("attaché", delay=30)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "() => /match/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=10000
    )
    assert meta.get_attribute("role") == "status" or meta.get_attribute("aria-live") == "polite"
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("key", ["Space", "Enter"])
def test_palette_is_one_button_that_space_and_enter_press(open_page, where, key):
    page = open_page(color_scheme="light")
    page.goto(where(""))
    button = page.locator("form[data-md-component=palette] button")
    assert button.count() == 1
    name = button.get_attribute("aria-label")
    assert name and name.startswith("Switch to")
    assert page.evaluate("[...document.querySelectorAll('[name=__palette]')].every(r => r.tabIndex === -1)")
    schemes = set()
    for _ in range(3):
        button.focus()
        page.keyboard.press(key)
        schemes.add(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
        assert button.get_attribute("aria-label") != name or len(schemes) > 1
    assert schemes == {"default", "slate"}


def test_page_actions_tab_in_the_order_they_are_drawn(open_page, where):
    page = open_page(viewport={"width": 1280, "height": 800})
    page.goto(where("regions/us-china/"))
    actions = page.locator("article .md-content__button")
    assert actions.count() == 2
    order = [actions.nth(i).bounding_box()["x"] for i in range(2)]
    assert order == sorted(order), "the page actions are drawn right to left but tabbed left to right"


def test_first_sidebar_item_is_not_hidden_at_load(open_page, where):
    page = open_page(viewport={"width": 1280, "height": 800})
    page.goto(where("regions/us-china/"))
    first = page.locator(".md-sidebar--primary .md-nav__list .md-nav__link").first
    state = first.evaluate("""a => { const r = a.getBoundingClientRect();
                                     const hit = document.elementFromPoint(r.left + 8, r.top + r.height / 2);
                                     return hit === a || a.contains(hit) }""")
    assert state, "the first item of the sidebar is under its sticky title"


# Resolves once the search results have not changed for 400 ms
QUIET = """() => new Promise(done => {
  let timer = setTimeout(done, 400);
  new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 400); })
    .observe(document.querySelector(".md-search-result__list"), {childList: true, subtree: true});
})"""


def search_for(page, query: str):
    """Type `query` in the search box (opened by a click) and wait for Material's result count."""
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    page.wait_for_function(
        "() => /match/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=10000
    )
    page.evaluate(QUIET)  # the results of the whole query, not of its first letters
    return page.locator(".md-search-result__item > a")


@pytest.mark.parametrize("query", ["attache", "attaché", "Attaches"])
def test_search_is_accent_insensitive_and_shows_the_text_as_written(open_page, where, query):
    page = open_page(viewport={"width": 1280, "height": 800})
    page.goto(where(""))
    results = search_for(page, query)
    results.first.wait_for()
    titles = [" ".join(t.split()) for t in page.locator(".md-search-result__item > a h1").all_inner_texts()]
    assert any("Military Attachés and Defense Cooperation" in t for t in titles[:3]), titles
    shown = page.locator(".md-search-result__list").inner_text()
    assert not re.search(r"\battaches\b", shown, re.I), "a folded word is shown in the results"
    results.first.click()  # the first result opens (on file:// too)
    page.wait_for_url(re.compile(r".*/(tools/attaches|glossary)/(index\.html)?(#.*)?(\?.*)?$"))


def test_search_results_are_reached_with_tab_and_search_stays_open(open_page, where):
    for width in (1280, 375):
        page = open_page(viewport={"width": width, "height": 740})
        page.goto(where("regions/us-china/"))
        if width < 600:
            page.get_by_role("button", name="Search", exact=True).click()
            page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')", timeout=2000)
        results = search_for(page, "alliance")
        assert "Tab" in page.locator("#reader-search-hint").text_content()
        links = page.locator(".md-search-result__list a.md-search-result__link")
        assert links.count() >= 3
        for i in range(3):
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement") == links.nth(i).evaluate("a => a"), f"Tab {i + 1} at {width}"
            assert page.evaluate("document.getElementById('__search').checked"), "Tab closed search"
            assert page.evaluate(FOCUS_STATE)["visible"]
        for _ in range(3):
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # a result reached by Tab opens
        page.wait_for_url(lambda url: "regions/us-china" not in url, timeout=5000)
        assert results.count() == 0 or not page.evaluate("document.getElementById('__search').checked")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_drawer_keeps_tab_inside_until_closed(open_page, where, scheme):
    page = open_page(viewport={"width": 375, "height": 740}, color_scheme=scheme)
    page.goto(where("regions/us-china/"))
    menu = page.get_by_role("button", name="Menu", exact=True)
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null", timeout=2000)
    page.wait_for_timeout(400)  # the drawer slides in
    names = set()
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_STATE)
        assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), f"{key} left the drawer"
        assert state["visible"], f"{key} focused {state['name']!r}, which is covered ({state['hit']})"
        names.add(state["name"])
    assert {"Close menu", "6.2 Middle East Security Cooperation"} <= names, names
    # the level's title goes back up a level; Tab then walks the level shown
    for _ in range(6):
        if page.evaluate("document.activeElement.matches('label.md-nav__title')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    shown = set()
    for _ in range(14):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state["visible"] and page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
        shown.add(state["name"][:12])
    assert "7 Tools" in shown and "1 Essential " in shown, shown
    # the close button closes it and focus returns to the menu button
    close = page.get_by_role("button", name="Close menu")
    close.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"
    assert page.evaluate("document.querySelector('.md-sidebar--primary').inert")


def test_a_drawer_opened_by_pointer_keeps_tab_inside_from_the_first_key(open_page, where):
    page = open_page(viewport={"width": 375, "height": 740})
    page.goto(where("regions/us-china/"))
    page.get_by_role("button", name="Menu", exact=True).click()
    page.wait_for_timeout(600)  # the drawer slides in
    for key in ["Tab"] * 8 + ["Shift+Tab"] * 10:
        page.keyboard.press(key)
        assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), f"{key} left the drawer"
        assert page.evaluate(FOCUS_STATE)["visible"]


def test_toc_follow_never_scrolls_the_focused_entry_away(open_page, where):
    page = open_page(viewport={"width": 1280, "height": 720})
    page.goto(where("glossary/"))
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-sidebar--secondary')"):
            break
    else:
        pytest.fail("Tab never reaches the table of contents")
    for i in range(12):
        state = page.evaluate(FOCUS_STATE)
        if not state["visible"]:  # the sidebar may still be scrolling the entry into view
            page.wait_for_timeout(400)
            state = page.evaluate(FOCUS_STATE)
        assert state["visible"], f"entry {i} out of view after Tab: {state}"
        page.mouse.move(640, 400)
        page.mouse.wheel(0, 2500)  # the page scrolls on under the focused entry; "follow" moves the contents
        page.wait_for_timeout(600)
        state = page.evaluate(FOCUS_STATE)
        assert state["visible"], f"entry {i} {state['name']!r} scrolled out of view ({state['rect']})"
        page.keyboard.press("Tab")


# Forced colours and reduced motion (1.4.11, 2.3.3)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forced_colours_keep_the_popup_border_and_the_selected_result(open_page, where, scheme):
    page = open_page(viewport={"width": 1280, "height": 800}, color_scheme=scheme, forced_colors="active")
    page.goto(where("regions/us-china/"))
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    link = page.locator("article a.glossary-term").first
    link.focus()
    popup_text(page)
    border = page.locator(
        "#reader-popup"
    ).evaluate("""p => { const s = getComputedStyle(p);
        return {style: s.borderTopStyle, width: parseFloat(s.borderTopWidth), color: s.borderTopColor, bg: s.backgroundColor} }""")
    assert border["style"] == "solid" and border["width"] >= 1 and border["color"] != border["bg"], border
    page.keyboard.press("Escape")
    search_for(page, "alliance").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.activeElement.matches('.md-search-result__link')", timeout=3000)
    selected = page.evaluate("""() => { const a = document.activeElement, s = getComputedStyle(a);
        return {result: a.classList.contains('md-search-result__link'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth)} }""")
    assert selected["result"] and selected["outline"] != "none" and selected["width"] >= 2, selected


DURATIONS = """el => { const s = getComputedStyle(el); const max = v => Math.max(...v.split(',').map(parseFloat));
  return Math.max(max(s.transitionDuration), s.animationName === 'none' ? 0 : max(s.animationDuration)) }"""


def test_reduced_motion_stops_transitions_animations_and_smooth_scrolling(open_page, where):
    page = open_page(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page.add_init_script("""window.__behaviors = [];
      const scrollTo = Element.prototype.scrollTo;
      Element.prototype.scrollTo = function (o) { window.__behaviors.push(o && o.behavior); return scrollTo.apply(this, arguments); };""")
    page.goto(where("regions/us-china/"))
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") != "smooth"
    page.locator("article a.glossary-term").first.hover()
    popup_text(page)
    assert page.locator("#reader-popup").evaluate(DURATIONS) <= 0.01
    page.goto(where("glossary/"))
    page.mouse.move(640, 400)
    for _ in range(4):  # the contents "follow" the page: not smoothly
        page.mouse.wheel(0, 2500)
        page.wait_for_timeout(500)
    behaviors = page.evaluate("window.__behaviors")
    assert behaviors and "smooth" not in behaviors, behaviors
    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="Menu", exact=True).click()
    slow = page.evaluate(
        "d => [...document.querySelectorAll('.md-sidebar--primary, .md-sidebar--primary *, .md-overlay, .md-header *')]"
        ".filter(el => (" + DURATIONS + ")(el) > 0.01).map(el => el.className)"
    )
    assert not slow, slow[:8]
