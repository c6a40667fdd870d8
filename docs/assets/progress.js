/* Course reader: reading progress, kept in this browser only (localStorage, one versioned key per copy of the site;
   nothing is sent anywhere; works from file://). A chapter is marked read by the button at its end, or by itself once
   its end stayed in view for two seconds after the reader scrolled there; self-check answers get "Got it" and "Review
   later"; the sidebar, the course map and the counts show progress. progress-page.js (the "Your progress" page) and
   flashcards.js use window.readerProgress; every change fires a "reader-progress" event. */
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
  var h1 = document.querySelector("article h1");
  var title = h1 ? h1.cloneNode(true) : el("p", {}, document.title);
  Array.prototype.forEach.call(title.querySelectorAll(".chapter-number, .headerlink"), function (n) { n.remove(); });
  title = title.textContent.trim();

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
      var read = Array.prototype.filter.call(links, function (a) { return s.chapters[keyOf(a.href)]; }).length;
      box.textContent = "";
      box.appendChild(el("progress", { max: links.length, value: read, "aria-hidden": "true" }));
      box.appendChild(document.createTextNode(" You have read " + read + " of " + links.length + " chapters."));
    });
    each("[data-mark-read]", function (b) { b.setAttribute("aria-pressed", !!s.chapters[page]); });
    each("[data-self-check]", function (b) {
      var q = s.questions[b.getAttribute("data-self-check")];
      b.setAttribute("aria-pressed", !!q && q.status === b.getAttribute("data-status"));
    });
    window.dispatchEvent(new Event("reader-progress"));
  }

  function chapterEnd() {
    if (!document.querySelector("article h1 .chapter-number")) return;
    var box = el("div", { class: "reader-mark-read" });
    var button = el("button", { type: "button", class: "md-button", "data-mark-read": "" }, "Mark this chapter as read");
    var status = el("p", { class: "reader-mark-read__status", role: "status" });
    var note = el("p", { class: "reader-privacy" }, "Your progress is kept in this browser only; nothing leaves your device. ");
    note.appendChild(el("a", { href: new URL("progress/" + (root.protocol === "file:" ? "index.html" : ""), root).href }, "Your progress"));
    [button, status, note].forEach(function (n) { box.appendChild(n); });
    var anchor = document.getElementById("related-material") || document.querySelector("article .cite-this");
    if (anchor) anchor.parentNode.insertBefore(box, anchor); else h1.parentNode.appendChild(box);
    function mark(read, message) {
      update(function (s) { if (read) s.chapters[page] = { read: today() }; else delete s.chapters[page]; });
      status.textContent = message;
    }
    var scrolled = false, visible = false, timer = null, seen = null;
    function stop() { clearTimeout(timer); if (seen) seen.disconnect(); seen = null; }
    button.addEventListener("click", function () {
      stop();
      var read = button.getAttribute("aria-pressed") !== "true";
      mark(read, read ? "Chapter marked as read." : "Chapter marked as not read.");
    });
    function check() { /* the end stayed in view for two seconds after the reader scrolled */
      if (!seen) return;
      if (!visible) { clearTimeout(timer); timer = null; } else if (scrolled && !timer) {
        timer = setTimeout(function () { stop(); mark(true, "You reached the end: chapter marked as read."); }, 2000);
      }
    }
    if (window.IntersectionObserver && !load().chapters[page]) {
      seen = new IntersectionObserver(function (e) { visible = e[e.length - 1].isIntersecting; check(); });
      seen.observe(box);
      addEventListener("scroll", function () { scrolled = true; check(); }, { passive: true });
    }
  }

  function selfCheck() {
    each(".self-check details", function (d) {
      var text = d.querySelector("summary").textContent.trim();
      var h = 0x811c9dc5; /* FNV-1a of the question: its id, stable while its text is */
      for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      var id = page + "#q-" + (h >>> 0).toString(36);
      var group = el("div", { class: "reader-self-check", role: "group", "aria-label": "How did you do?" });
      [["got", "Got it"], ["review", "Review later"]].forEach(function (c) {
        var b = el("button", { type: "button", class: "md-button", "data-self-check": id, "data-status": c[0] }, c[1]);
        b.addEventListener("click", function () {
          var on = b.getAttribute("aria-pressed") !== "true";
          update(function (s) {
            if (on) s.questions[id] = { status: c[0], text: text.replace(/^\d+\.\s*/, ""), page: page, title: title };
            else delete s.questions[id];
          });
        });
        group.appendChild(b);
      });
      d.appendChild(group);
    });
  }

  window.readerProgress = { key: KEY, root: root, load: load, save: save, update: update, today: today, refresh: refresh };
  chapterEnd();
  selfCheck();
  refresh();
})();
