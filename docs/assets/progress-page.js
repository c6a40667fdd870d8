/* Course reader: the "Your progress" page (loaded there only): the self-check questions marked "review later", and
   export (a JSON file), import and forget. The progress itself is progress.js's (window.reader.progress); this page
   only shows and moves it. An imported file can hold anything, so it is checked by shape before anything is stored
   (`check`, which node loads for the tests in tests/js/): its size before it is read, then every field's type, length
   and allowed values, page paths being paths inside this site (so no review link can point elsewhere or run code);
   one wrong field and nothing is changed, with a message that names it. After storing, the message reports what the
   browser kept, read back. */
(function () {
  var MAX_BYTES = 1000000; /* a progress file of every chapter, question and card is ~0.1 MB */
  var PATH = /^(?:[a-z0-9][a-z0-9._-]*\/)*$/; /* "" (the home page) or "history/alliances/": no scheme, "//", ".." or "\" */
  var CARD = /^[a-z0-9]+(?:-[a-z0-9]+)*$/; /* a glossary id (hooks/course_reader/core/entries.py) */
  var QUESTION = /^(.*)#q-[0-9a-z]{1,7}$/; /* the page's path and the hash of the question (progress-article.js) */

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isText(max) { return function (v) { return typeof v === "string" && v.length <= max; }; }
  function isPath(v) { return typeof v === "string" && v.length <= 200 && PATH.test(v); }
  function isDay(v) { /* a real date, as "2026-11-30" */
    var d = typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(v + "T00:00:00Z");
    return !!d && !isNaN(d) && d.toISOString().slice(0, 10) === v;
  }
  function quote(k) { return JSON.stringify(k.length > 60 ? k.slice(0, 60) + "…" : k); }

  /* What each kind of entry is: its key, and its fields (each one required, no other allowed) */
  var SECTIONS = {
    chapters: {
      key: isPath, keyIs: "the path of a page of this reader",
      fields: { read: [isDay, "a date (YYYY-MM-DD)"] }
    },
    questions: {
      key: function (k, v) { var m = k.length <= 220 && QUESTION.exec(k); return !!m && m[1] === v.page; },
      keyIs: "the question's page followed by #q- and its number",
      fields: {
        status: [function (v) { return v === "got" || v === "review"; }, "\"got\" or \"review\""],
        text: [isText(1000), "text of at most 1,000 characters"],
        page: [isPath, "the path of a page of this reader (like \"history/alliances/\")"],
        title: [isText(300), "text of at most 300 characters"]
      }
    },
    cards: {
      key: function (k) { return k.length <= 100 && CARD.test(k); }, keyIs: "a glossary term's id",
      fields: {
        box: [function (v) { return [1, 2, 3, 4, 5].indexOf(v) >= 0; }, "a box from 1 to 5"],
        due: [isDay, "a date (YYYY-MM-DD)"]
      }
    }
  };

  /* What is wrong with one entry of a section, or "" */
  function entryProblem(section, k, v) {
    var kind = SECTIONS[section], where = section + " › " + quote(k);
    if (!isObject(v)) return where + ": must be an object of " + Object.keys(kind.fields).join(", ");
    for (var f in v) if (!has(kind.fields, f)) return where + ": unknown field " + quote(f);
    for (f in kind.fields) {
      if (!has(v, f)) return where + ": " + f + " is missing";
      if (!kind.fields[f][0](v[f])) return where + " › " + f + ": must be " + kind.fields[f][1];
    }
    return k in Object.prototype || !kind.key(k, v) ? where + ": the name must be " + kind.keyIs : "";
  }

  /* A parsed progress file: { progress } (a copy holding only what was checked) or { problem } */
  function check(data) {
    if (!isObject(data)) return { problem: "the file must hold one JSON object" };
    if (data.version !== 1) return { problem: "version: must be 1 (the only version of the reader's progress files)" };
    var progress = { version: 1, chapters: {}, questions: {}, cards: {} };
    for (var field in data) {
      if (field !== "version" && !has(SECTIONS, field)) return { problem: "unknown field " + quote(field) };
    }
    for (var section in SECTIONS) {
      var entries = has(data, section) ? data[section] : {};
      if (!isObject(entries)) return { problem: section + ": must be an object" };
      for (var k in entries) {
        var problem = entryProblem(section, k, entries[k]);
        if (problem) return { problem: problem };
        var entry = {};
        for (var f in SECTIONS[section].fields) entry[f] = entries[k][f];
        progress[section][k] = entry;
      }
    }
    return { progress: progress };
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function summary(s) { /* "1 chapter read, 2 self-check answers (1 to review), 0 flashcards" */
    var questions = Object.keys(s.questions);
    var review = questions.filter(function (k) { return s.questions[k].status === "review"; }).length;
    return plural(Object.keys(s.chapters).length, "chapter", "chapters") + " read, " +
      plural(questions.length, "self-check answer", "self-check answers") + " (" + review + " to review), " +
      plural(Object.keys(s.cards).length, "flashcard", "flashcards");
  }

  var api = { MAX_BYTES: MAX_BYTES, check: check, entryProblem: entryProblem, summary: summary };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }

  var reader = window.reader, P = reader.progress, review = null; /* the page shown's review list, if it has one */
  addEventListener("reader-progress", function () { if (review) review(); });

  reader.page(function () {
    var tools = document.querySelector("[data-progress-tools]");
    review = null;
    if (!tools) return;
    var list = document.querySelector("[data-review-list]"), empty = document.querySelector("[data-review-empty]");
    var status = tools.querySelector("[data-progress-status]");
    var input = tools.querySelector("[data-progress-import]");
    function say(text) { status.textContent = text; }

    review = function () { /* the questions to review, as stored (an entry that is not one is left out) */
      var questions = P.load().questions;
      var ids = Object.keys(questions).filter(function (k) {
        return !entryProblem("questions", k, questions[k]) && questions[k].status === "review";
      });
      list.textContent = "";
      ids.forEach(function (id) {
        var q = questions[id], item = P.el("li");
        item.append(P.el("a", {
          href: new URL(q.page + (P.root.protocol === "file:" ? "index.html" : "") + "#self-check", P.root).href
        }, q.text), " (" + q.title + ")");
        list.appendChild(item);
      });
      empty.hidden = ids.length > 0;
    };

    function load(text) {
      var data, result;
      try { data = JSON.parse(text); } catch (e) {
        return say("That file is not a progress file of this reader (it is not JSON): nothing was changed.");
      }
      result = check(data);
      if (result.problem) {
        return say("That file is not a progress file of this reader (" + result.problem + "): nothing was changed.");
      }
      if (!P.save(result.progress)) {
        return say("This browser did not let the reader store the file (storage is off or full): nothing was changed.");
      }
      P.refresh();
      var kept = P.load();
      say(JSON.stringify(kept) === JSON.stringify(result.progress)
        ? "Progress imported: " + summary(kept) + "."
        : "The browser did not keep the file as it is: it now holds " + summary(kept) + ".");
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
      say("Your progress was saved as a file.");
    });
    tools.querySelector("[data-progress-choose]").addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var file = input.files[0];
      input.value = "";
      if (!file) return;
      if (file.size > MAX_BYTES) {
        return say("That file is " + (file.size / 1e6).toFixed(1) + " MB, and a progress file of this reader is at most " +
          MAX_BYTES / 1e6 + " MB: it was not read, and nothing was changed.");
      }
      file.text().then(load, function () { say("That file could not be read: nothing was changed."); });
    });
    tools.querySelector("[data-progress-forget]").addEventListener("click", function () {
      if (!window.confirm("Forget every chapter read, self-check answer and flashcard in this browser?")) return;
      try { localStorage.removeItem(P.key); } catch (e) { /* nothing stored */ }
      P.refresh();
      say("Your progress was forgotten.");
    });
    review();
  });
})();
