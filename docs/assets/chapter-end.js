/* Course reader: the end of a chapter (loaded by progress-article.js when the reader nears it): "Mark this chapter as
   read", which then says the chapter is read and offers to undo it; "Continue with …" the first chapter not read yet
   (its link is progress-article.js's); and marking the chapter read by itself once its end stayed in view for two
   seconds after the reader scrolled there. A section (2.1) is called a section. Every part is for the screen only
   (web-only). What is stored, and how, is progress.js's (window.readerProgress). */
(function () {
  var P = window.readerProgress;
  if (!P || document.querySelector(".reader-mark-read")) return;
  var page = P.page, root = P.root, el = P.el, load = P.load, update = P.update, today = P.today;
  var h1 = document.querySelector("article h1");
  var number = document.querySelector("article h1 .chapter-number");
  if (!number) return;
  var kind = number.textContent.indexOf(".") > 0 ? "section" : "chapter";
  var box = el("div", { class: "reader-mark-read web-only" });
  var state = el("p", { class: "reader-mark-read__state" });
  var button = el("button", { type: "button", class: "md-button", "data-mark-read": "" }, "Mark this " + kind + " as read");
  var status = el("p", { class: "reader-mark-read__status", role: "status" });
  var next = el("p", { class: "reader-mark-read__next" });
  next.appendChild(el("a", { class: "md-button md-button--primary", "data-continue": page }));
  var note = el("p", { class: "reader-privacy" }, "Your progress is kept in this browser only; nothing leaves your device. ");
  note.appendChild(el("a", { href: new URL("progress/" + (root.protocol === "file:" ? "index.html" : ""), root).href }, "Your progress"));
  [state, button, status, next, note].forEach(function (n) { box.appendChild(n); });
  /* after "Related material" and its "Next:"; what the reader sees stays where it is (if the box goes in above it, the
     page scrolls by as much: a reader who jumped to the end, or is about to tap the footer, is not moved) */
  var anchor = document.querySelector("article .cite-this") || document.querySelector(".md-footer");
  var before = anchor ? anchor.getBoundingClientRect().top : 0;
  if (anchor && anchor.closest("article")) anchor.parentNode.insertBefore(box, anchor); else h1.parentNode.appendChild(box);
  if (anchor && before < innerHeight) scrollBy(0, anchor.getBoundingClientRect().top - before);
  /* What the reader sees: whether this page is read (with the way to undo it), from what is stored */
  function show() {
    var read = !!load().chapters[page];
    box.classList.toggle("reader-mark-read--done", read);
    state.textContent = read ? "✓ You have read this " + kind + "." : "";
    state.hidden = !read;
    button.textContent = read ? "Mark this " + kind + " as not read" : "Mark this " + kind + " as read";
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
  P.refresh();
})();
