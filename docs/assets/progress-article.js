/* Course reader: the chapters' progress controls (loaded, with paragraphs.js, by the pages that hold the article:
   hooks/course_reader/site/paragraphs.py links assets/article.js). A chapter is marked read by the button at its end, or by itself once
   its end stayed in view for two seconds after the reader scrolled there; self-check answers get "Got it" and "Review
   later". What is stored, and how, is progress.js's (window.readerProgress). */
(function () {
  var P = window.readerProgress;
  if (!P) return;
  var page = P.page, root = P.root, el = P.el, load = P.load, update = P.update, today = P.today;
  var h1 = document.querySelector("article h1");
  var title = h1 ? h1.cloneNode(true) : el("p", {}, document.title); /* the chapter's title, without its number */
  title.querySelectorAll(".chapter-number, .headerlink").forEach(function (n) { n.remove(); });
  title = title.textContent.trim();

  function chapterEnd() {
    var number = document.querySelector("article h1 .chapter-number");
    if (!number) return;
    var kind = number.textContent.indexOf(".") > 0 ? "section" : "chapter";
    var box = el("div", { class: "reader-mark-read web-only" });
    var state = el("p", { class: "reader-mark-read__state" });
    var button = el("button", { type: "button", class: "md-button", "data-mark-read": "" }, "Mark this " + kind + " as read");
    var status = el("p", { class: "reader-mark-read__status", role: "status" });
    var next = el("p", { class: "reader-mark-read__next" });
    next.appendChild(el("a", { class: "md-button md-button--primary", href: "#", "data-continue": page }));
    var note = el("p", { class: "reader-privacy" }, "Your progress is kept in this browser only; nothing leaves your device. ");
    note.appendChild(el("a", { href: new URL("progress/" + (root.protocol === "file:" ? "index.html" : ""), root).href }, "Your progress"));
    [state, button, status, next, note].forEach(function (n) { box.appendChild(n); });
    var anchor = document.getElementById("related-material") || document.querySelector("article .cite-this");
    if (anchor) anchor.parentNode.insertBefore(box, anchor); else h1.parentNode.appendChild(box);
    /* What the reader sees: whether this page is read (with the way to undo it), from what is stored */
    function show() {
      var read = !!load().chapters[page];
      box.classList.toggle("reader-mark-read--done", read);
      state.textContent = read ? "✓ You have read this " + kind + "." : "";
      state.hidden = !read;
      button.textContent = read ? "Mark this " + kind + " as not read" : "Mark this " + kind + " as read";
      next.hidden = !next.firstChild.getAttribute("href") || next.firstChild.getAttribute("href") === "#";
    }
    addEventListener("reader-progress", show);
    function mark(read, message) {
      update(function (s) { if (read) s.chapters[page] = { read: today() }; else delete s.chapters[page]; });
      status.textContent = message;
    }
    var scrolled = false, visible = false, timer = null, seen = null;
    function stop() { clearTimeout(timer); if (seen) seen.disconnect(); seen = null; }
    button.addEventListener("click", function () {
      stop();
      var read = !load().chapters[page];
      mark(read, (kind === "chapter" ? "Chapter" : "Section") + (read ? " marked as read." : " marked as not read."));
    });
    function check() { /* the end stayed in view for two seconds after the reader scrolled */
      if (!seen) return;
      if (!visible) { clearTimeout(timer); timer = null; } else if (scrolled && !timer) {
        timer = setTimeout(function () { stop(); mark(true, "You reached the end: " + kind + " marked as read."); }, 2000);
      }
    }
    if (window.IntersectionObserver && !load().chapters[page]) {
      seen = new IntersectionObserver(function (e) { visible = e[e.length - 1].isIntersecting; check(); });
      seen.observe(box);
      addEventListener("scroll", function () { scrolled = true; check(); }, { passive: true });
    }
  }
  
  function selfCheck() {
    document.querySelectorAll(".self-check details").forEach(function (d) {
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

  chapterEnd();
  selfCheck();
  P.refresh();
})();
