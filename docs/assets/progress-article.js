/* Course reader: the chapters' progress controls (loaded, with paragraphs.js, by the pages that hold the article:
   hooks/course_reader/site/paragraphs.py links assets/article.js): "Start reading" becomes "Continue with …", the
   self-check answers get "Got it" and "Review later", and the end of a chapter its controls (chapter-end.js, loaded
   when the reader nears it). What is stored, and how, is progress.js's (window.reader.progress). Set up for each page
   shown (Material's instant navigation brings pages in without a reload): the page left stops watching its end. */
(function () {
  var reader = window.reader, P = reader.progress, el = P.el, update = P.update;
  var near = null; /* the page shown's: the watch for its end */

  /* "Start reading" on the home page, "Continue with …" at a chapter's end (data-continue: the page it is on): to the
     first chapter or section not read yet in reading order — from a chapter, the first after it, else the first before
     it, so that it agrees with the chapter's "Next:" link. Once every one is read: the progress page. The chapters are
     the navigation's numbered links, in its order. */
  function continueLinks() {
    var s = P.load(), seen = {}, list = [];
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (a) {
      var key = P.keyOf(a.href), name = (a.querySelector(".md-ellipsis") || a).textContent.replace(/\s+/g, " ").trim();
      if (key !== null && !seen[key] && /^\d/.test(name)) list.push({ key: key, href: a.href, title: name });
      seen[key] = true;
    });
    document.querySelectorAll("[data-continue]").forEach(function (a) {
      var from = a.getAttribute("data-continue"), start = 0, next = null;
      if (!from && !Object.keys(s.chapters).length) return; /* nothing read yet: "Start reading", as built */
      list.forEach(function (c, i) { if (c.key === from) start = i + 1; });
      for (var i = 0; i < list.length && !next; i++) {
        var c = list[(start + i) % list.length];
        if (c.key !== from && !s.chapters[c.key]) next = c;
      }
      a.href = next ? next.href : new URL("progress/" + (P.root.protocol === "file:" ? "index.html" : ""), P.root).href;
      a.textContent = next ? "Continue with " + next.title : "You have read every chapter: see your progress";
    });
  }
  addEventListener("reader-progress", continueLinks);

  /* The end of a chapter: "Mark this chapter as read" (and its undo), "Continue with …", and marking it read by itself
     once its end stayed in view. chapter-end.js makes them when the self-check comes within a screen of the reader, so
     that a first visit does not download them; they go below what a link can jump to (the contents' "Related
     material"), so nothing the reader is at moves. */
  function ending() {
    if (reader.chapterEnd) reader.chapterEnd(); else reader.script("chapter-end.js");
  }
  function chapterEnd() {
    var end = document.getElementById("self-check") || document.getElementById("related-material");
    if (!document.querySelector("article h1 .chapter-number") || !end) return;
    if (!window.IntersectionObserver) return ending();
    near = new IntersectionObserver(function (e) {  /* any part of the end: a jump may land anywhere in it */
      if (e.some(function (x) { return x.isIntersecting; })) { near.disconnect(); ending(); }
    }, { rootMargin: "0px 0px 100% 0px" });
    for (var n = end.closest("section") || end; n; n = n.nextElementSibling) near.observe(n);
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

  reader.page(function () {
    if (near) near.disconnect();
    var h1 = document.querySelector("article h1");
    var title = h1 ? h1.cloneNode(true) : el("p", {}, document.title); /* the chapter's title, without its number */
    title.querySelectorAll(".chapter-number, .headerlink").forEach(function (n) { n.remove(); });
    chapterEnd();
    selfCheck(P.page, title.textContent.trim());
    P.refresh();
  });
})();
