/* Course reader: the chapters' progress controls (loaded, with paragraphs.js, by the pages that hold the article:
   hooks/course_reader/site/paragraphs.py links assets/article.js). A chapter is marked read by the button at its end, or by itself once
   its end stayed in view for two seconds after the reader scrolled there; self-check answers get "Got it" and "Review
   later". What is stored, and how, is progress.js's (window.reader.progress). Set up for each page shown (Material's
   instant navigation brings pages in without a reload): the page left stops watching its end. */
(function () {
  var P = window.reader.progress, el = P.el, update = P.update, today = P.today;
  var stop = null, scrolled = null; /* the page shown's: stop watching its end; the reader scrolled */
  addEventListener("scroll", function () { if (scrolled) scrolled(); }, { passive: true });

  function chapterEnd(page, h1) {
    if (!document.querySelector("article h1 .chapter-number")) return;
    var box = el("div", { class: "reader-mark-read" });
    var button = el("button", { type: "button", class: "md-button", "data-mark-read": "" }, "Mark this chapter as read");
    var status = el("p", { class: "reader-mark-read__status", role: "status" });
    var note = el("p", { class: "reader-privacy" }, "Your progress is kept in this browser only; nothing leaves your device. ");
    note.appendChild(el("a", { href: new URL("progress/" + (P.root.protocol === "file:" ? "index.html" : ""), P.root).href }, "Your progress"));
    box.append(button, status, note);
    var anchor = document.getElementById("related-material") || document.querySelector("article .cite-this");
    if (anchor) anchor.parentNode.insertBefore(box, anchor); else h1.parentNode.appendChild(box);
    function mark(read, message) {
      update(function (s) { if (read) s.chapters[page] = { read: today() }; else delete s.chapters[page]; });
      status.textContent = message;
    }
    var moved = false, visible = false, timer = null, seen = null;
    stop = function () { clearTimeout(timer); if (seen) seen.disconnect(); seen = scrolled = null; };
    button.addEventListener("click", function () {
      stop();
      var read = button.getAttribute("aria-pressed") !== "true";
      mark(read, read ? "Chapter marked as read." : "Chapter marked as not read.");
    });
    function check() { /* the end stayed in view for two seconds after the reader scrolled */
      if (!seen) return;
      if (!visible) { clearTimeout(timer); timer = null; } else if (moved && !timer) {
        timer = setTimeout(function () { stop(); mark(true, "You reached the end: chapter marked as read."); }, 2000);
      }
    }
    if (window.IntersectionObserver && !P.load().chapters[page]) {
      seen = new IntersectionObserver(function (e) { visible = e[e.length - 1].isIntersecting; check(); });
      seen.observe(box);
      scrolled = function () { moved = true; check(); };
    }
  }

  function selfCheck(page, title) {
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

  window.reader.page(function () {
    if (stop) stop();
    var h1 = document.querySelector("article h1");
    var title = h1 ? h1.cloneNode(true) : el("p", {}, document.title); /* the chapter's title, without its number */
    title.querySelectorAll(".chapter-number, .headerlink").forEach(function (n) { n.remove(); });
    chapterEnd(P.page, h1);
    selfCheck(P.page, title.textContent.trim());
    P.refresh();
  });
})();
