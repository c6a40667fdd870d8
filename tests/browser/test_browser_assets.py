"""What the project's own CSS and JS do for readers (docs/assets/reader.js, reader.css), checked in a real browser:
printing unfolds every self-check answer and folds them back; the footer's text keeps its contrast fix."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
CHAPTER = "history/alliances/"
MIN_CONTRAST = 4.5  # WCAG AA, normal text
MARGIN = 1.0  # the fixed footer reads at ~9:1; Material's default sits at 4.5:1, just on the threshold

# The colour a reader sees: the element's text colour over its effective background (every ancestor's background
# composited, the page's at the bottom), as [r, g, b] in 0–255.
SEEN_COLOURS = """(selector) => {
  const rgba = (css) => { const m = css.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3]));
  const element = document.querySelector(selector);
  const layers = [];
  for (let node = element; node; node = node.parentElement) layers.push(rgba(getComputedStyle(node).backgroundColor));
  let background = [255, 255, 255];
  for (const layer of layers.reverse()) background = over(layer, background);
  return {text: over(rgba(getComputedStyle(element).color), background), background: background};
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_printing_unfolds_every_answer_and_folds_them_back(browser, served):
    page = browser.new_page()
    page.goto(served + CHAPTER)
    answers = page.locator(".self-check details")
    count = answers.count()
    assert count >= 3
    page.locator(".self-check details").first.evaluate("d => d.setAttribute('open', '')")  # one the reader opened
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".self-check details[open]").count() == count, "every answer is open on paper"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".self-check details[open]").count() == 1, "after printing, only the reader's own stays open"
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_footer_text_keeps_a_contrast_margin(browser, served, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(served + CHAPTER)
    seen = page.evaluate(SEEN_COLOURS, ".md-copyright")
    context.close()
    ratio = contrast(seen["text"], seen["background"])
    assert ratio >= MIN_CONTRAST + MARGIN, f"footer text at {ratio:.2f}:1 ({scheme})"
