/* Course reader: the "Your progress" page (loaded there only): the self-check questions marked "review later", and
   export (a JSON file), import (checked field by field, then it replaces what is stored) and forget. The progress
   itself is progress.js's (window.readerProgress); this page only shows and moves it. */
(function () {
  var P = window.readerProgress;
  var tools = document.querySelector("[data-progress-tools]");
  if (!P || !tools) return;
  var list = document.querySelector("[data-review-list]");
  var status = tools.querySelector("[data-progress-status]");
  var input = tools.querySelector("[data-progress-import]");

  function review() {
    var questions = P.load().questions;
    var ids = Object.keys(questions).filter(function (k) { return questions[k].status === "review"; });
    list.textContent = "";
    ids.forEach(function (id) {
      var q = questions[id], item = P.el("li");
      item.appendChild(P.el("a", {
        href: new URL(q.page + (P.root.protocol === "file:" ? "index.html" : "") + "#self-check", P.root).href
      }, q.text));
      item.appendChild(document.createTextNode(" (" + q.title + ")"));
      list.appendChild(item);
    });
    document.querySelector("[data-review-empty]").hidden = ids.length > 0;
  }

  function str(v, max) { return typeof v === "string" ? v.slice(0, max) : ""; }
  function day(v) { return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : ""; }
  /* Only known fields of the right kind are kept: an imported file can hold anything */
  function clean(data) {
    if (!data || typeof data !== "object" || data.version !== 1) return null;
    var out = { version: 1, chapters: {}, questions: {}, cards: {} };
    Object.keys(data.chapters || {}).forEach(function (k) {
      var c = data.chapters[k];
      if (c && day(c.read)) out.chapters[str(k, 200)] = { read: c.read };
    });
    Object.keys(data.questions || {}).forEach(function (k) {
      var q = data.questions[k];
      if (q && (q.status === "got" || q.status === "review")) {
        out.questions[str(k, 300)] = { status: q.status, text: str(q.text, 500), page: str(q.page, 200), title: str(q.title, 200) };
      }
    });
    Object.keys(data.cards || {}).forEach(function (k) {
      var c = data.cards[k];
      if (c && [1, 2, 3, 4, 5].indexOf(c.box) >= 0 && day(c.due)) out.cards[str(k, 100)] = { box: c.box, due: c.due };
    });
    return out;
  }

  tools.hidden = false;
  document.querySelector("[data-progress-nojs]").remove();
  tools.querySelector("[data-progress-export]").addEventListener("click", function () {
    var a = P.el("a", {
      href: URL.createObjectURL(new Blob([JSON.stringify(P.load(), null, 2) + "\n"], { type: "application/json" })),
      download: "reader-progress-" + P.today() + ".json"
    });
    document.body.appendChild(a);
    a.click();
    a.remove();
    status.textContent = "Your progress was saved as a file.";
  });
  tools.querySelector("[data-progress-choose]").addEventListener("click", function () { input.click(); });
  input.addEventListener("change", function () {
    var file = input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var data = null;
      try { data = clean(JSON.parse(text)); } catch (e) { /* not JSON */ }
      if (!data) {
        status.textContent = "That file is not a progress file of this reader: nothing was changed.";
        return;
      }
      P.save(data);
      P.refresh();
      status.textContent = "Progress imported: " + Object.keys(data.chapters).length + " chapters read.";
    });
    input.value = "";
  });
  tools.querySelector("[data-progress-forget]").addEventListener("click", function () {
    if (!window.confirm("Forget every chapter read, self-check answer and flashcard in this browser?")) return;
    try { localStorage.removeItem(P.key); } catch (e) { /* nothing stored */ }
    P.refresh();
    status.textContent = "Your progress was forgotten.";
  });
  addEventListener("reader-progress", review);
  review();
})();
