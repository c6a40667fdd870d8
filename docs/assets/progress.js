/* Course reader: reading progress, kept in this browser only (localStorage, one versioned key per copy of the site;
   nothing is sent anywhere; works from file://). The sidebar, the course map and the counts show progress. The
   chapters' "Mark this chapter as read" and self-check buttons are progress-article.js's (loaded by the pages that
   hold the article), the "Your progress" page's tools progress-page.js's, the flashcards flashcards.js's: they use
   window.reader.progress (its `page`: the page shown); every change fires a "reader-progress" event. */
(function () {
  var root = new URL(window.reader.base);
  var KEY = "reader-progress:v1:" + root.pathname;

  function keyOf(url) { /* "history/alliances/" for a page of this site, else null */
    var u = new URL(url, location.href);
    if (u.origin !== root.origin || u.pathname.indexOf(root.pathname)) return null;
    return decodeURIComponent(u.pathname.slice(root.pathname.length)).replace(/index\.html$/, "");
  }
  function today() { return new Date().toISOString().slice(0, 10); }
  function load() {
    var s = null;
    try { s = JSON.parse(localStorage.getItem(KEY)); } catch (e) { /* unreadable: start afresh */ }
    if (!s || s.version !== 1) s = { version: 1 };
    ["chapters", "questions", "cards"].forEach(function (k) { if (!s[k] || typeof s[k] !== "object") s[k] = {}; });
    return s;
  }
  function save(s) { /* false when the browser keeps nothing (storage off, or full) */
    try { localStorage.setItem(KEY, JSON.stringify(s)); return true; } catch (e) { return false; }
  }
  function update(change) { var s = load(); change(s); save(s); refresh(); }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var a in attrs) n.setAttribute(a, attrs[a]);
    if (text) n.textContent = text;
    return n;
  }
  function each(selector, f) { Array.prototype.forEach.call(document.querySelectorAll(selector), f); }

  function refresh() {
    var s = load();
    each(".md-nav--primary a.md-nav__link[href], table.course-map a[href], [data-progress-chapters] a[href]", function (a) {
      var old = a.querySelector(".reader-read-mark");
      if (old) old.remove();
      if (!s.chapters[keyOf(a.href)]) return;
      var mark = el("span", { class: "reader-read-mark" });
      mark.append(el("span", { "aria-hidden": "true" }, "✓"), el("span", { class: "reader-sr" }, " (read)"));
      a.appendChild(mark);
    });
    /* "chapters|sections": a selector for each (the build knows which page is which: 1 to 10 are chapters, 2.1 and the
       like their sections), counted apart as the reader numbers them */
    each("[data-progress-count]", function (box) {
      var all = 0, done = 0, words = box.getAttribute("data-progress-count").split("|").map(function (selector, i) {
        var links = [].slice.call(document.querySelectorAll(selector));
        var read = links.filter(function (a) { return s.chapters[keyOf(a.href)]; }).length;
        all += links.length;
        done += read;
        return read + " of " + links.length + (i ? " sections" : " chapters");
      });
      box.replaceChildren(el("progress", { max: all, value: done, "aria-hidden": "true" }),
        " You have read " + words.join(" and ") + ".");
    });
    each("[data-self-check]", function (b) {
      var q = s.questions[b.getAttribute("data-self-check")];
      b.setAttribute("aria-pressed", !!q && q.status === b.getAttribute("data-status"));
    });
    window.dispatchEvent(new Event("reader-progress"));
  }

  var P = window.reader.progress = {
    key: KEY, root: root, load: load, save: save, update: update, today: today, refresh: refresh, el: el, keyOf: keyOf
  };
  window.reader.page(function () {
    P.page = keyOf(location.href);
    refresh();
  });
})();
