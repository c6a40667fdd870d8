/* The flashcards' Leitner scheduling (docs/assets/flashcards.js's `leitner`, loaded without a page): which cards a
   session takes, in which order, and when a card is due again after each answer. Run by `node --test tests/js/`
   (tests/test_js.py runs it in the suite). */
"use strict";

// READER_ASSETS: another folder holding the script (tests/test_js.py runs these tests on the minified one too)

const test = require("node:test");
const assert = require("node:assert/strict");
const leitner = require(`${process.env.READER_ASSETS || "../../docs/assets"}/flashcards.js`);

const TODAY = "2026-11-30";
const ids = (n, prefix = "card") => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

test("a card known moves up a box and is due 1, 2, 4 then 8 days later; box 5 stays box 5", () => {
  const state = {};
  const seen = [];
  for (let i = 0; i < 6; i++) {
    state.alliance = leitner.grade(state, "alliance", true, TODAY);
    seen.push([state.alliance.box, state.alliance.due]);
  }
  assert.deepEqual(seen, [
    [2, "2026-12-01"],
    [3, "2026-12-02"],
    [4, "2026-12-04"],
    [5, "2026-12-08"],
    [5, "2026-12-08"],
    [5, "2026-12-08"],
  ]);
});

test("a card not known goes back to box 1, due the same day, from any box", () => {
  for (const box of [1, 2, 3, 4, 5]) {
    const state = { deterrence: { box, due: "2026-11-01" } };
    assert.deepEqual(leitner.grade(state, "deterrence", false, TODAY), { box: 1, due: TODAY });
  }
  assert.deepEqual(leitner.grade({}, "new-card", false, TODAY), { box: 1, due: TODAY });
});

test("dates are added in UTC across months, years and leap days", () => {
  assert.equal(leitner.addDays("2026-12-28", 8), "2027-01-05");
  assert.equal(leitner.addDays("2028-02-27", 2), "2028-02-29");
  assert.equal(leitner.addDays("2027-02-27", 2), "2027-03-01");
  assert.equal(leitner.addDays("2026-11-30", 0), "2026-11-30");
});

test("a session takes the due cards, lowest box first, then at most ten new ones", () => {
  const deck = ["a", "b", "c", "d", ...ids(12, "new")];
  const state = {
    a: { box: 3, due: "2026-11-29" },
    b: { box: 1, due: TODAY },
    c: { box: 2, due: "2026-12-01" }, // not due yet
    d: { box: 2, due: "2026-11-01" },
  };
  const session = leitner.session(deck, state, TODAY);
  assert.deepEqual(session.slice(0, 3), ["b", "d", "a"]);
  assert.deepEqual(session.slice(3), ids(10, "new"));
  assert.ok(!session.includes("c"));
});

test("a session holds at most twenty cards, the due ones first", () => {
  const deck = ids(30);
  const state = Object.fromEntries(ids(25).map((id, i) => [id, { box: (i % 5) + 1, due: "2026-11-01" }]));
  const session = leitner.session(deck, state, TODAY);
  assert.equal(session.length, leitner.MAX_CARDS);
  assert.ok(session.every((id) => state[id]), "no new card while twenty are due");
  const boxes = session.map((id) => state[id].box);
  assert.deepEqual(boxes, [...boxes].sort((x, y) => x - y));
});

test("nothing due and nothing new: an empty session", () => {
  const state = { a: { box: 4, due: "2026-12-03" } };
  assert.deepEqual(leitner.session(["a"], state, TODAY), []);
});

test("a stored state that is not a box and a real date counts as a new card", () => {
  const bad = [
    { box: 9, due: "2026-11-01" },
    { box: "2", due: "2026-11-01" },
    { box: 2.5, due: "2026-11-01" },
    { box: 2, due: "2026-02-30" },
    { box: 2, due: "yesterday" },
    { box: 2, due: 20261101 },
    null,
    "box 2",
  ];
  for (const entry of bad) {
    const state = { x: entry };
    assert.equal(leitner.known(state, "x"), null, JSON.stringify(entry));
    assert.deepEqual(leitner.session(["x"], state, TODAY), ["x"], "a new card in the session");
    assert.deepEqual(leitner.grade(state, "x", true, TODAY), { box: 2, due: "2026-12-01" }, "graded as a new card");
  }
  assert.equal(leitner.known({}, "constructor"), null, "inherited names are no card's state");
  assert.equal(leitner.known({}, "__proto__"), null);
});
