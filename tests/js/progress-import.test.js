/* The progress import's check (docs/assets/progress-page.js's `check`, loaded without a page): a progress file the
   reader exported is taken whole; any other shape is refused with a message naming the entry and field, hostile
   values included (links with a scheme, other sites, backslashes, huge strings, wrong types, prototype keys).
   Run by `node --test tests/js/` (tests/test_js.py runs it in the suite). */
"use strict";

// READER_ASSETS: another folder holding the script (tests/test_js.py runs these tests on the minified one too)

const test = require("node:test");
const assert = require("node:assert/strict");
const { check, entryProblem, summary } = require(`${process.env.READER_ASSETS || "../../docs/assets"}/progress-page.js`);

function good() {
  return {
    version: 1,
    chapters: { "history/alliances/": { read: "2026-11-28" }, "": { read: "2026-11-29" } },
    questions: {
      "history/alliances/#q-1x2y3z": {
        status: "review",
        text: "What distinguishes an alliance from a coalition?",
        page: "history/alliances/",
        title: "The evolution of military alliances",
      },
      "#q-abc": { status: "got", text: "Why study it?", page: "", title: "Home" },
    },
    cards: { alliance: { box: 2, due: "2026-12-01" }, "arms-transfer": { box: 5, due: "2026-12-08" } },
  };
}

function refused(data, ...words) {
  const result = check(data);
  assert.equal(result.progress, undefined, `taken: ${JSON.stringify(data).slice(0, 200)}`);
  for (const word of words) assert.ok(result.problem.includes(word), `${JSON.stringify(result.problem)} lacks ${word}`);
  return result.problem;
}

test("a file as the reader exports it is taken whole, as a copy", () => {
  const data = good();
  const result = check(data);
  assert.equal(result.problem, undefined);
  assert.deepEqual(result.progress, data);
  assert.notEqual(result.progress.questions, data.questions);
  assert.equal(summary(result.progress), "2 chapters read, 2 self-check answers (1 to review), 2 flashcards");
});

test("sections may be missing (an empty progress) but nothing else may be there", () => {
  assert.deepEqual(check({ version: 1 }).progress, { version: 1, chapters: {}, questions: {}, cards: {} });
  assert.equal(summary(check({ version: 1 }).progress), "0 chapters read, 0 self-check answers (0 to review), 0 flashcards");
  refused({ ...good(), extra: 1 }, 'unknown field "extra"');
});

test("the file must be one object of version 1", () => {
  for (const data of [null, [], "progress", 1, true]) refused(data, "one JSON object");
  refused({ version: 2 }, "version");
  refused({ version: "1" }, "version");
  refused({}, "version");
});

test("each section must be an object", () => {
  for (const section of ["chapters", "questions", "cards"]) {
    for (const value of [[], "x", 3, null]) refused({ ...good(), [section]: value }, `${section}: must be an object`);
  }
});

test("page paths are paths inside this site: no scheme, no other site, no backslash, no climbing out", () => {
  const hostile = [
    "javascript:alert(1)//",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)/",
    "data:text/html,<script>alert(1)</script>/",
    "//evil.example/",
    "https://evil.example/",
    "\\\\evil.example\\",
    "/\\evil.example/",
    "history\\alliances/",
    "../../evil/",
    "history/../../",
    "/history/alliances/",
    "history//alliances/",
    "history/alliances",
    " history/alliances/",
    "history/alliances/?x=1",
    "history/alliances/#top",
    "a".repeat(199) + "/" + "b".repeat(10) + "/",
  ];
  for (const page of hostile) {
    const data = good();
    const id = `${page}#q-1`;
    data.questions = { [id]: { status: "review", text: "Q", page, title: "T" } };
    refused(data, "questions", "page");
    refused({ version: 1, chapters: { [page]: { read: "2026-11-28" } } }, "chapters", "the name must be");
  }
});

test("a question's name is its own page's path and number", () => {
  const data = good();
  const q = data.questions["history/alliances/#q-1x2y3z"];
  refused({ version: 1, questions: { "functions/#q-1x2y3z": q } }, "the name must be");
  refused({ version: 1, questions: { "history/alliances/": q } }, "the name must be");
  refused({ version: 1, questions: { "history/alliances/#q-UPPER": q } }, "the name must be");
});

test("every field has its type and length", () => {
  const cases = [
    [{ chapters: { "x/": { read: "28/11/2026" } } }, "read"],
    [{ chapters: { "x/": { read: "2026-02-30" } } }, "read"],
    [{ chapters: { "x/": { read: 20261128 } } }, "read"],
    [{ chapters: { "x/": true } }, "must be an object"],
    [{ chapters: { "x/": {} } }, "read is missing"],
    [{ chapters: { "x/": { read: "2026-11-28", note: "hi" } } }, 'unknown field "note"'],
    [{ questions: { "x/#q-1": { status: "done", text: "", page: "x/", title: "" } } }, "status"],
    [{ questions: { "x/#q-1": { status: "got", text: 5, page: "x/", title: "" } } }, "text"],
    [{ questions: { "x/#q-1": { status: "got", text: "t".repeat(1001), page: "x/", title: "" } } }, "text"],
    [{ questions: { "x/#q-1": { status: "got", text: "t", page: "x/", title: "t".repeat(301) } } }, "title"],
    [{ questions: { "x/#q-1": { status: "got", text: "t", page: "x/", title: ["t"] } } }, "title"],
    [{ questions: { "x/#q-1": { status: "got", text: "t", page: "x/" } } }, "title is missing"],
    [{ cards: { alliance: { box: 6, due: "2026-12-01" } } }, "box"],
    [{ cards: { alliance: { box: 0, due: "2026-12-01" } } }, "box"],
    [{ cards: { alliance: { box: "2", due: "2026-12-01" } } }, "box"],
    [{ cards: { alliance: { box: 2.5, due: "2026-12-01" } } }, "box"],
    [{ cards: { alliance: { box: 2, due: "soon" } } }, "due"],
    [{ cards: { "Alliance!": { box: 2, due: "2026-12-01" } } }, "glossary term"],
    [{ cards: { ["a".repeat(101)]: { box: 2, due: "2026-12-01" } } }, "glossary term"],
  ];
  for (const [sections, word] of cases) refused({ version: 1, ...sections }, word);
  assert.ok(check({ version: 1, questions: { "x/#q-1": { status: "got", text: "t".repeat(1000), page: "x/", title: "" } } }).progress);
});

test("prototype names are refused as entries and as fields, and pollute nothing", () => {
  for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
    refused(JSON.parse(`{"version": 1, "cards": {"${name}": {"box": 2, "due": "2026-12-01"}}}`), "cards");
    refused(JSON.parse(`{"version": 1, "chapters": {"x/": {"read": "2026-11-28", "${name}": {}}}}`), "unknown field");
    refused(JSON.parse(`{"version": 1, "${name}": {}}`), "unknown field");
  }
  refused(JSON.parse('{"version": 1, "cards": {"__proto__": {"polluted": true}}}'), "cards");
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
});

test("the message names the entry and field, with a long name cut short", () => {
  const problem = refused({ version: 1, chapters: { ["javascript:" + "x".repeat(500)]: { read: "2026-11-28" } } });
  assert.ok(problem.startsWith('chapters › "javascript:xxxx'), problem);
  assert.ok(problem.length < 200, problem);
});

test("what is stored is checked entry by entry too (the review list shows only sound entries)", () => {
  const planted = { status: "review", text: "Click", page: "javascript:alert(1)//", title: "x" };
  assert.notEqual(entryProblem("questions", "javascript:alert(1)//#q-1", planted), "");
  const sound = good().questions["history/alliances/#q-1x2y3z"];
  assert.equal(entryProblem("questions", "history/alliances/#q-1x2y3z", sound), "");
});
