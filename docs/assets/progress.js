/* Course reader: reading progress, kept in this browser only (localStorage, one versioned key per copy of the site;
   nothing is sent anywhere; works from file://). The sidebar, the course map and the counts show progress. The
   chapters' "Mark this chapter as read" and self-check buttons are progress-article.js's (loaded by the pages that
   hold the article), the "Your progress" page's tools progress-page.js's, the flashcards flashcards.js's: they use
   window.readerProgress; every change fires a "reader-progress" event. */
(function () {
  var config = document.getElementById("__config");
  var root = new URL((config ? JSON.parse(config.textContent).base : ".").replace(/\/?$/, "/"), location.href);
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
  function save(s) { try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* storage off: nothing kept */ } }
  function update(change) { var s = load(); change(s); save(s); refresh(); }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var a in attrs) n.setAttribute(a, attrs[a]);
    if (text) n.textContent = text;
    return n;
  }
  function each(selector, f) { Array.prototype.forEach.call(document.querySelectorAll(selector), f); }

  var page = keyOf(location.href);

  function refresh() {
    var s = load();
    each(".md-nav--primary a.md-nav__link[href], table.course-map a[href], [data-progress-chapters] a[href]", function (a) {
      var old = a.querySelector(".reader-read-mark");
      if (old) old.remove();
      if (!s.chapters[keyOf(a.href)]) return;
      var mark = el("span", { class: "reader-read-mark" });
      mark.appendChild(el("span", { "aria-hidden": "true" }, "✓"));
      mark.appendChild(el("span", { class: "reader-sr" }, " (read)"));
      a.appendChild(mark);
    });
    each("[data-progress-count]", function (box) {
      var links = document.querySelectorAll(box.getAttribute("data-progress-count"));
      box.textContent = "";
      box.appendChild(el("progress", { max: links.length, value: countRead(links, s).all, "aria-hidden": "true" }));
      box.appendChild(document.createTextNode(" " + readSentence(links, s)));
    });
    each("[data-continue]", function (a) { continueTo(a, s); });
    each("[data-self-check]", function (b) {
      var q = s.questions[b.getAttribute("data-self-check")];
      b.setAttribute("aria-pressed", !!q && q.status === b.getAttribute("data-status"));
    });
    window.dispatchEvent(new Event("reader-progress"));
  }

  /* The reader's own numbering: 1 to 10 are chapters, 2.1 and the like their sections; a count names both. */
  function numberOf(a) {
    var m = a.getAttribute("data-number") || (a.textContent.match(/^\s*(\d+(?:\.\d+)*)\s/) || [])[1];
    return m || "";
  }
  function countRead(links, s) {
    var c = { chapters: 0, sections: 0, readChapters: 0, readSections: 0, all: 0 };
    Array.prototype.forEach.call(links, function (a) {
      var section = numberOf(a).indexOf(".") > 0, read = !!s.chapters[keyOf(a.href)];
      c[section ? "sections" : "chapters"] += 1;
      if (read) { c[section ? "readSections" : "readChapters"] += 1; c.all += 1; }
    });
    return c;
  }
  function readSentence(links, s) {
    var c = countRead(links, s);
    return "You have read " + c.readChapters + " of " + c.chapters + " chapters" +
      (c.sections ? " and " + c.readSections + " of " + c.sections + " sections." : ".");
  }
  /* Every numbered page in reading order, from the navigation (its titles carry the numbers): {key, href, title} */
  function chapters() {
    var seen = {}, out = [];
    each(".md-nav--primary a.md-nav__link[href]", function (a) {
      var key = keyOf(a.href), title = (a.querySelector(".md-ellipsis") || a).textContent.replace(/\s+/g, " ").trim();
      if (key === null || seen[key] || !/^\d+(\.\d+)*\s/.test(title)) return;
      seen[key] = true;
      out.push({ key: key, href: a.href, title: title });
    });
    return out;
  }
  /* The first chapter or section not read yet in reading order, or null; from a page (`from`, its key), the first
     after it, else the first before it: the way on from the end of a chapter agrees with its "Next:" link */
  function nextUnread(s, from) {
    var list = chapters(), start = 0;
    for (var j = 0; j < list.length; j++) if (list[j].key === from) start = j + 1;
    for (var i = 0; i < list.length; i++) {
      var c = list[(start + i) % list.length];
      if (c.key !== from && !s.chapters[c.key]) return c;
    }
    return null;
  }
  /* A "Start reading" / "Continue with …" link (data-continue: the page it is on, left out): to the first chapter not
     read yet; once every one is read, to the progress page. Left as the build made it while nothing is read. */
  function continueTo(a, s) {
    var except = a.getAttribute("data-continue"), list = chapters();
    var anyRead = list.some(function (c) { return s.chapters[c.key]; });
    if (!a.hasAttribute("data-start")) a.setAttribute("data-start", a.getAttribute("href") + "\n" + a.textContent);
    var start = a.getAttribute("data-start").split("\n");
    var next = nextUnread(s, except);
    if (!list.length || (!anyRead && !except)) {
      a.setAttribute("href", start[0]);
      a.textContent = start[1];
    } else if (next) {
      a.setAttribute("href", next.href);
      a.textContent = "Continue with " + next.title;
    } else {
      a.setAttribute("href", new URL("progress/" + (root.protocol === "file:" ? "index.html" : ""), root).href);
      a.textContent = "You have read every chapter: see your progress";
    }
  }

  window.readerProgress = {
    key: KEY, root: root, page: page, load: load, save: save, update: update, today: today,
    refresh: refresh, el: el, chapters: chapters, nextUnread: nextUnread
  };
  refresh();
})();
