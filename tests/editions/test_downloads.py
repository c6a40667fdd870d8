"""The list of downloads (hooks/course_reader/editions/downloads.py), without a build (the built Download page: tests/editions/test_offline.py)."""

from __future__ import annotations

from course_reader.editions.downloads import Download, kilobytes, render_downloads


def test_render_downloads_escapes_and_rounds():
    html = render_downloads([Download("Zip", "../d/r.zip", 425_000, "a <b> note"), Download("Print", None, None, "x")])
    assert '<a href="../d/r.zip">Zip</a> <span class="offline-size">(415 KB)</span>: a &lt;b&gt; note' in html
    assert "<strong>Print</strong>: x" in html
    assert kilobytes(10) == "1 KB" and kilobytes(2_000_000) == "1,953 KB"
