/* Course reader: the end of a chapter (loaded by progress-article.js when the reader nears it): "Mark this chapter as
   read", which then says the chapter is read and offers to undo it; "Continue with …" the first chapter not read yet
   (its link is progress-article.js's); and marking the chapter read by itself once its end stayed in view for two
   seconds after the reader scrolled there. A section (2.1) is called a section. Every part is for the screen only
   (web-only). What is stored, and how, is progress.js's (window.reader.progress). reader.chapterEnd() makes them in
   the page shown (progress-article.js calls it again for each chapter instant navigation brings); the page left stops
   watching its end. */
(function () {
  var reader = window.reader, P = reader.progress, el = P.el;
  var stop = null, scrolled = null, show = null; /* the page shown's */
  addEventListener("scroll", function () { if (scrolled) scrolled(); }, { passive: true });
  addEventListener("reader-progress", function () { if (show) show(); });
  reader.page(function () { if (stop) stop(); });

  reader.chapterEnd = function () {
    var page = P.page, h1 = document.querySelector("article h1"), number = document.querySelector("article h1 .chapter-number");
    if (!number || document.querySelector(".reader-mark-read")) return;
    if (stop) stop();
    var kind = number.textContent.indexOf(".") > 0 ? "section" : "chapter";
    var box = el("div", { class: "reader-mark-read web-only" });
    var state = el("p", { class: "reader-mark-read__state" });
    var button = el("button", { type: "button", class: "md-button", "data-mark-read": "" });
    var status = el("p", { class: "reader-mark-read__status", role: "status" });
    var next = el("p", { class: "reader-mark-read__next" });
    next.appendChild(el("a", { class: "md-button md-button--primary", "data-continue": page }));
    var note = el("p", { class: "reader-privacy" }, "Your progress is kept in this browser only; nothing leaves your device. ");
    note.appendChild(el("a", { href: new URL("progress/" + (P.root.protocol === "file:" ? "index.html" : ""), P.root).href }, "Your progress"));
    box.append(state, button, status, next, note);
    /* after "Related material" and its "Next:"; what the reader sees stays where it is (if the box goes in above it,
       the page scrolls by as much: a reader who jumped to the end, or is about to tap the footer, is not moved) */
    var anchor = document.querySelector("article .cite-this") || document.querySelector(".md-footer");
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    if (anchor && anchor.closest("article")) anchor.parentNode.insertBefore(box, anchor); else h1.parentNode.appendChild(box);
    if (anchor && before < innerHeight) scrollBy(0, anchor.getBoundingClientRect().top - before);
    /* What the reader sees: whether this page is read (with the way to undo it), from what is stored */
    show = function () {
      var read = !!P.load().chapters[page];
      box.classList.toggle("reader-mark-read--done", read);
      state.textContent = read ? "✓ You have read this " + kind + "." : "";
      state.hidden = !read;
      button.textContent = read ? "Mark this " + kind + " as not read" : "Mark this " + kind + " as read";
    };
    function mark(read, message) {
      P.update(function (s) { if (read) s.chapters[page] = { read: P.today() }; else delete s.chapters[page]; });
      status.textContent = message;
    }
    var moved = false, visible = false, timer = null, seen = null;
    stop = function () { clearTimeout(timer); if (seen) seen.disconnect(); seen = scrolled = null; };
    button.addEventListener("click", function () {
      stop();
      var read = !P.load().chapters[page];
      mark(read, (kind === "chapter" ? "Chapter" : "Section") + (read ? " marked as read." : " marked as not read."));
    });
    function check() { /* the end stayed in view for two seconds after the reader scrolled */
      if (!seen) return;
      if (!visible) { clearTimeout(timer); timer = null; } else if (moved && !timer) {
        timer = setTimeout(function () { stop(); mark(true, "You reached the end: " + kind + " marked as read."); }, 2000);
      }
    }
    if (window.IntersectionObserver && !P.load().chapters[page]) {
      seen = new IntersectionObserver(function (e) { visible = e[e.length - 1].isIntersecting; check(); });
      seen.observe(box);
      scrolled = function () { moved = true; check(); };
    }
    P.refresh();
  };
  reader.chapterEnd();
})();
